"""The SQLModel tables. Every row that holds a member's data carries `member_id`."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import Boolean, Column, ForeignKey, Integer, UniqueConstraint, false
from sqlmodel import Field, SQLModel

from storage.kinds import ChallengeStatus, OutboxStatus, TeamRole
from storage.mentor.tables import AiOptOut, AskCount
from storage.types import UtcDateTime


def _when(*, nullable: bool = False, index: bool = False) -> Column[datetime]:
    return Column(UtcDateTime(), nullable=nullable, index=index)


def _fk(table: str, *, ondelete: str = "CASCADE", **column: Any) -> Column[int]:
    """An integer column referring to `table`.id; `column` says nullable, index, primary_key."""
    return Column(Integer, ForeignKey(f"{table}.id", ondelete=ondelete), **column)


def _member_fk() -> Column[int]:
    return _fk("member", nullable=False, index=True)


class Workspace(SQLModel, table=True):
    """A Slack team, a Discord guild or the terminal chat's `local`."""

    __table_args__ = (UniqueConstraint("platform", "external_id"),)

    id: int | None = Field(default=None, primary_key=True)
    platform: str = Field(max_length=20)
    external_id: str = Field(max_length=64)
    name: str = Field(default="", max_length=200)
    created_at: datetime = Field(sa_column=_when())


class Member(SQLModel, table=True):
    """A person in a workspace, as their platform identifies them."""

    __table_args__ = (UniqueConstraint("platform", "workspace_id", "user_id"),)

    id: int | None = Field(default=None, primary_key=True)
    platform: str = Field(max_length=20)
    workspace_id: int = Field(foreign_key="workspace.id", index=True)
    user_id: str = Field(max_length=64)
    display_name: str = Field(default="", max_length=200)
    created_at: datetime = Field(sa_column=_when())


class Profile(SQLModel, table=True):
    """Where a member is and how they want to be nudged."""

    member_id: int | None = Field(
        default=None,
        sa_column=_fk("member", primary_key=True),
    )
    stage: str = Field(max_length=40)
    specialization: str = Field(max_length=40)
    target_stage: str | None = Field(default=None, max_length=40)
    years: int | None = None
    timezone: str = Field(default="UTC", max_length=64)
    timezone_note: str | None = Field(default=None, max_length=120)  # why it is a fallback
    country: str | None = Field(default=None, max_length=2)
    nudge_weekday: int = 0  # Monday = 0
    nudge_time: str = Field(default="09:00", max_length=5)
    quiet_start: str | None = Field(default=None, max_length=5)  # HH:MM, local
    quiet_end: str | None = Field(default=None, max_length=5)
    paused_until: date | None = None
    pause_reason: str | None = Field(default=None, max_length=300)
    opted_out: bool = False
    digest_off: bool = False  # managers: no weekly team digest
    # Managers: no message when a member shares being blocked. A server default only, so a
    # Core insert written against an older schema (before 0008) still works.
    alerts_off: bool = Field(
        default=False,
        sa_column=Column(Boolean, nullable=False, server_default=false()),
    )
    created_at: datetime = Field(sa_column=_when())
    updated_at: datetime = Field(sa_column=_when())


class SkillRating(SQLModel, table=True):
    """One rating of one skill; the newest per skill is the member's level (history kept)."""

    id: int | None = Field(default=None, primary_key=True)
    member_id: int = Field(sa_column=_member_fk())
    skill: str = Field(max_length=40, index=True)
    level: int
    source: str = Field(default="self", max_length=10)  # self | manager
    rated_by: int | None = None
    rated_at: datetime = Field(sa_column=_when(index=True))


class Plan(SQLModel, table=True):
    """A learning plan: the gap to a target stage, in weekly focus items."""

    id: int | None = Field(default=None, primary_key=True)
    member_id: int = Field(sa_column=_member_fk())
    specialization: str = Field(max_length=40)
    target_stage: str = Field(max_length=40)
    created_at: datetime = Field(sa_column=_when())
    active: bool = True


class PlanItem(SQLModel, table=True):
    """One focus item of a plan: a skill to raise from one level to another, and why."""

    id: int | None = Field(default=None, primary_key=True)
    plan_id: int = Field(sa_column=_fk("plan", index=True))
    member_id: int = Field(sa_column=_member_fk())
    position: int
    week: int
    skill: str = Field(max_length=40)
    from_level: int
    to_level: int
    reason: str = Field(max_length=500)
    done_at: datetime | None = Field(default=None, sa_column=_when(nullable=True))


class ChallengeAssignment(SQLModel, table=True):
    """A challenge given to a member for one of their local weeks."""

    id: int | None = Field(default=None, primary_key=True)
    member_id: int = Field(sa_column=_member_fk())
    challenge_id: str = Field(max_length=80)
    skill: str = Field(max_length=40)
    level: int
    period: str = Field(max_length=10, index=True)  # ISO week in the member's zone, 2026-W48
    status: str = Field(default=ChallengeStatus.ASSIGNED, max_length=10)
    evidence: str | None = Field(default=None, max_length=1000)
    assigned_at: datetime = Field(sa_column=_when())
    completed_at: datetime | None = Field(default=None, sa_column=_when(nullable=True))


class TipDelivery(SQLModel, table=True):
    """A reading tip given to a member, so the next one differs."""

    id: int | None = Field(default=None, primary_key=True)
    member_id: int = Field(sa_column=_member_fk())
    tip_id: str = Field(max_length=80)
    skill: str = Field(max_length=40)
    given_at: datetime = Field(sa_column=_when())


class Checkin(SQLModel, table=True):
    """How a member said their week is going."""

    id: int | None = Field(default=None, primary_key=True)
    member_id: int = Field(sa_column=_member_fk())
    period: str = Field(max_length=10, index=True)
    status: str = Field(max_length=10)  # on-track | slow | blocked
    confidence: int | None = None
    note: str | None = Field(default=None, max_length=1000)
    shared: bool = False
    created_at: datetime = Field(sa_column=_when())


class Outbox(SQLModel, table=True):
    """A nudge to deliver; unique per member, kind and local ISO week, so it goes once."""

    __table_args__ = (UniqueConstraint("member_id", "kind", "period"),)

    id: int | None = Field(default=None, primary_key=True)
    # Not indexed alone: the unique (member_id, kind, period) index serves look-ups by member.
    member_id: int = Field(sa_column=_fk("member", nullable=False))
    # challenge | tip | checkin | checkin-reminder (the weekly nudges, period = ISO week)
    # | digest (a manager's Monday summary, period = ISO week) | team-added (period =
    # T<team id>) | blocker (a manager's alert, period = C<check-in id>)
    kind: str = Field(max_length=20)
    period: str = Field(max_length=10)
    due_at: datetime = Field(sa_column=_when(index=True))
    # pending (to deliver) | sent | dead (out of attempts) | skipped (planned too late,
    # or its workspace went away) | inbox (a terminal member's: waits for the chat)
    status: str = Field(default=OutboxStatus.PENDING, max_length=10)
    attempts: int = 0
    next_attempt_at: datetime | None = Field(default=None, sa_column=_when(nullable=True))
    claimed_by: str | None = Field(default=None, max_length=64)
    claims: int = 0  # how often a worker took it: past the first, it may already have gone out
    lease_until: datetime | None = Field(default=None, sa_column=_when(nullable=True))
    last_error: str | None = Field(default=None, max_length=500)
    created_at: datetime = Field(sa_column=_when())
    sent_at: datetime | None = Field(default=None, sa_column=_when(nullable=True))


class NudgeSchedule(SQLModel, table=True):
    """The schedule index: when a member's next nudge of one kind falls due (UTC).

    A tick reads only the rows with `next_due <= now`. `period` is the member's local ISO
    week that instant belongs to; NULL means "work it out again" (after a backfill).
    """

    member_id: int | None = Field(
        default=None,
        sa_column=_fk("member", primary_key=True),
    )
    kind: str = Field(max_length=20, primary_key=True)
    next_due: datetime = Field(sa_column=_when(index=True))
    period: str | None = Field(default=None, max_length=10)


class Team(SQLModel, table=True):
    """A team inside a workspace; its managers see its summary."""

    __table_args__ = (UniqueConstraint("workspace_id", "name"),)

    id: int | None = Field(default=None, primary_key=True)
    workspace_id: int = Field(foreign_key="workspace.id", index=True)
    name: str = Field(max_length=80)
    created_at: datetime = Field(sa_column=_when())


class TeamMembership(SQLModel, table=True):
    """A member's place in a team: as a member, or as a manager."""

    __table_args__ = (UniqueConstraint("team_id", "member_id", "role"),)

    id: int | None = Field(default=None, primary_key=True)
    team_id: int = Field(sa_column=_fk("team", index=True))
    member_id: int = Field(sa_column=_member_fk())
    role: str = Field(default=TeamRole.MEMBER, max_length=10)
    added_by: int | None = None
    added_at: datetime = Field(sa_column=_when())


class ManagerView(SQLModel, table=True):
    """A manager (or admin) looked at a team's summary or export: who, what, when."""

    id: int | None = Field(default=None, primary_key=True)
    # The viewer; None once they asked to be forgotten: the entry stays, as the log
    # belongs to the members who were viewed ("a former manager" looked).
    member_id: int | None = Field(
        default=None,
        sa_column=_fk("member", ondelete="SET NULL", nullable=True, index=True),
    )
    team_id: int = Field(sa_column=_fk("team", index=True))
    what: str = Field(max_length=20)  # summary | export
    viewed_at: datetime = Field(sa_column=_when())


class SlackRequest(SQLModel, table=True):
    """A signed Slack request already run, kept for the 5-minute replay window."""

    signature: str = Field(primary_key=True, max_length=100)
    seen_at: datetime = Field(sa_column=_when(index=True))


class Heartbeat(SQLModel, table=True):
    """The last write each process made to prove the database takes writes (/readyz)."""

    process: str = Field(primary_key=True, max_length=100)
    beat_at: datetime = Field(sa_column=_when())


class WebLogin(SQLModel, table=True):
    """A one-time sign-in link for the web dashboard (`mentorbot web login`): only its
    token's SHA-256 is kept; it works once, before `expires_at`."""

    token_hash: str = Field(primary_key=True, max_length=64)
    member_id: int = Field(sa_column=_member_fk())
    expires_at: datetime = Field(sa_column=_when())
    used_at: datetime | None = Field(default=None, sa_column=_when(nullable=True))


# Tables whose rows belong to one member, in the order to delete them.
MEMBER_TABLES: tuple[type[SQLModel], ...] = (
    AiOptOut,
    AskCount,
    WebLogin,
    ManagerView,
    TeamMembership,
    NudgeSchedule,
    Outbox,
    Checkin,
    TipDelivery,
    ChallengeAssignment,
    PlanItem,
    Plan,
    SkillRating,
    Profile,
)
