"""The nudge vocabulary the core speaks: kinds, outbox statuses and the outbox key.

Defined in `storage.kinds` (storage writes them and may not import the core) and named
here so the core's modules import them from the room that is about nudges."""

from storage.kinds import WEEKLY, NudgeKind, OutboxKey, OutboxStatus

__all__ = ["WEEKLY", "NudgeKind", "OutboxKey", "OutboxStatus"]
