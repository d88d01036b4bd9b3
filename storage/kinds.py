"""The names the outbox, the schedule index and the challenge rows store: nudge kinds,
outbox and challenge statuses, and the key that makes a nudge go once (a member's week,
a team, or a check-in).

They live beside the tables because storage writes them; the core reads them through
`bot.nudging.kinds`. StrEnum members compare equal to the strings already in the database.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class NudgeKind(StrEnum):
    """What a queued message is."""

    CHALLENGE = "challenge"
    TIP = "tip"
    CHECKIN = "checkin"
    CHECKIN_REMINDER = "checkin-reminder"
    DIGEST = "digest"
    BLOCKER = "blocker"
    TEAM_ADDED = "team-added"


#: The kinds each member gets every week, in the order of their week.
WEEKLY: tuple[NudgeKind, ...] = (
    NudgeKind.CHALLENGE,
    NudgeKind.TIP,
    NudgeKind.CHECKIN,
    NudgeKind.CHECKIN_REMINDER,
)


class OutboxStatus(StrEnum):
    """Where a queued message is: waiting, delivered, passed over (late, paused), or given up."""

    PENDING = "pending"
    SENT = "sent"
    SKIPPED = "skipped"
    DEAD = "dead"
    INBOX = "inbox"  # a terminal member's: waits until the chat is next opened


class TeamRole(StrEnum):
    """What a person is in a team: one of its members, or one of its managers."""

    MEMBER = "member"
    MANAGER = "manager"


class ChallengeStatus(StrEnum):
    """Where a member's weekly challenge is: set, shown done, passed on, or swapped for another."""

    ASSIGNED = "assigned"
    DONE = "done"
    SKIPPED = "skipped"
    REPLACED = "replaced"


@dataclass(frozen=True, slots=True)
class OutboxKey:
    """What one outbox row is about, so it is queued once: exactly one of an ISO week label,
    a team id or a check-in id. `column` is what the row stores; `of` reads it back, and the
    two sit together here so no other module spells the format."""

    week: str | None = None
    team_id: int | None = None
    checkin_id: int | None = None

    def __post_init__(self) -> None:
        if sum(x is not None for x in (self.week, self.team_id, self.checkin_id)) != 1:
            raise ValueError("an outbox key is exactly one of week, team_id or checkin_id")

    @property
    def column(self) -> str:
        """The stored form: `2026-W49`, `T12` or `C345`."""
        if self.team_id is not None:
            return f"T{self.team_id}"
        if self.checkin_id is not None:
            return f"C{self.checkin_id}"
        assert self.week is not None
        return self.week[:10]

    @classmethod
    def of(cls, stored: str) -> OutboxKey:
        """The key a row stored; a bare string that is neither `T<n>` nor `C<n>` is a week."""
        head, rest = stored[:1], stored[1:]
        if head == "T" and rest.isdigit():
            return cls(team_id=int(rest))
        if head == "C" and rest.isdigit():
            return cls(checkin_id=int(rest))
        return cls(week=stored)
