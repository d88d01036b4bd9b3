"""The outbound port: what the core needs from a chat platform to reach a member."""

from __future__ import annotations

from contextlib import AbstractAsyncContextManager, nullcontext
from contextvars import ContextVar
from datetime import datetime
from typing import Protocol

from bot.core.reply import Reply

Pace = AbstractAsyncContextManager[None]

# The dispatcher's pacer for the delivery running in this task (each delivery is a task of
# its own). A messenger enters `paced()` right before each message goes out, after any
# set-up round trip such as opening the DM, so the platform sees its messages evenly
# spaced; outside the dispatcher nothing is paced.
PACE: ContextVar[Pace | None] = ContextVar("mentorbot_pace", default=None)


def paced() -> Pace:
    """The pace of the current delivery (a no-op outside the dispatcher)."""
    return PACE.get() or nullcontext()


class Messenger(Protocol):
    """Delivers to one platform. Every method raises DeliveryError when the platform fails:
    `retry=False` for a failure that will not pass (the member or the DM is gone), else
    `retry=True` with `retry_after` when the platform said how long to wait (a rate limit).

    tests/adapters/test_messenger_contract.py holds every implementation to this."""

    async def send(
        self, *, user_id: str, reply: Reply, key: str | None = None, workspace_id: str = ""
    ) -> None:
        """Send `reply` to the member's direct messages, tagged with the delivery `key`,
        entering `paced()` right before each message (page) is posted.

        The tag does not de-duplicate: Slack posts a second copy whatever the key (it goes
        into the message metadata), and Discord's nonce only holds for a few minutes. What
        finds a delivery again is `already_sent`, which the dispatcher asks before it
        resends a row that may have gone out just before a crash.

        `workspace_id` is the platform's team/guild id, for platforms installed per
        workspace (each Slack workspace has its own bot token); every method takes it."""
        ...

    async def already_sent(
        self, *, user_id: str, key: str, since: datetime, workspace_id: str = ""
    ) -> bool:
        """Whether a message tagged `key` reached the member's DM after `since` (asked
        before retrying a delivery that may have gone out just before a crash)."""
        ...

    async def upload(
        self, *, user_id: str, data: bytes, filename: str, title: str, workspace_id: str = ""
    ) -> None:
        """Send a file (a chart, an export) held in memory to the member's direct messages."""
        ...


class Directory(Protocol):
    """Who belongs to a workspace, asked of the platform (a member id typed into an
    invitation may belong to another workspace)."""

    async def in_workspace(self, *, workspace_id: str, user_id: str) -> bool | None:
        """Whether `user_id` is a member of `workspace_id`; None when the platform could
        not be asked just now."""
        ...
