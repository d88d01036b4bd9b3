"""Repository: the schedule index (next due instant per member and kind)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, fields
from datetime import date, datetime
from typing import Any, NamedTuple

from sqlalchemy import bindparam, delete, false, func, or_, update
from sqlalchemy import select as sa_select
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from storage.conflicts import dialect_insert
from storage.kinds import NudgeKind
from storage.outbox import add_for_members
from storage.tables import NudgeSchedule, Outbox, Profile


class Row(NamedTuple):
    """One index entry to write."""

    member_id: int
    kind: str
    next_due: datetime
    period: str | None


async def replace(*, session: AsyncSession, member_id: int, rows: Sequence[Row]) -> None:
    """Make `rows` a member's whole index (no rows: nothing is scheduled for them)."""
    await session.exec(delete(NudgeSchedule).where(col(NudgeSchedule.member_id) == member_id))
    if rows:
        # Upsert: two saves of one member's preferences at once both see the old rows
        # gone, and on PostgreSQL the second plain insert would hit the first's keys.
        connection = await session.connection()
        statement = dialect_insert(connection.dialect.name)(NudgeSchedule.__table__)  # type: ignore[attr-defined]
        statement = statement.values([r._asdict() for r in rows])
        await connection.execute(
            statement.on_conflict_do_update(
                index_elements=["member_id", "kind"],
                set_={"next_due": statement.excluded.next_due, "period": statement.excluded.period},
            )
        )


async def planned_periods(
    *, session: AsyncSession, member_id: int, since: date
) -> dict[str, set[str]]:
    """The weeks (by kind) from `since` on that already have an outbox row for a member."""
    year, week, _ = since.isocalendar()
    rows = (
        await session.exec(
            select(Outbox.kind, Outbox.period).where(
                Outbox.member_id == member_id, col(Outbox.period) >= f"{year}-W{week:02d}"
            )
        )
    ).all()
    out: dict[str, set[str]] = {}
    for kind, period in rows:
        out.setdefault(kind, set()).add(period)
    return out


@dataclass(frozen=True, slots=True)
class _Due:
    """What the calendar looks at in a due index row: its kind and when it was due, and
    its member's preferences."""

    kind: str
    next_due: datetime
    timezone: str
    nudge_weekday: int
    nudge_time: str
    country: str | None
    quiet_start: str | None
    quiet_end: str | None
    paused_until: date | None


@dataclass(frozen=True, slots=True)
class DueRow(_Due):
    """A due index row that needs a look of its own, with its member's profile."""

    period: str | None
    member_id: int
    opted_out: bool
    created_at: datetime


def _columns(names: Sequence[str]) -> list[Any]:
    """The index's column for each name it has, else the profile's, in `names`' order."""
    schedule = NudgeSchedule.__table__  # type: ignore[attr-defined]
    profile = Profile.__table__  # type: ignore[attr-defined]
    return [schedule.c[n] if n in schedule.c else profile.c[n] for n in names]


_DUE_COLUMNS = _columns([f.name for f in fields(DueRow)])


def _due_query(*columns: Any) -> Any:
    schedule = NudgeSchedule.__table__  # type: ignore[attr-defined]
    profile = Profile.__table__  # type: ignore[attr-defined]
    return (
        sa_select(*columns)
        .join_from(schedule, profile, profile.c.member_id == schedule.c.member_id)
        .where(profile.c.opted_out == false())
    )


async def due(
    *, session: AsyncSession, now: datetime, before: datetime, limit: int
) -> list[DueRow]:
    """Up to `limit` due index rows that need a look of their own, with their member's
    preferences: rows without a period (backfilled) or due before `before` (long overdue).

    On PostgreSQL they are locked with SKIP LOCKED, so two ticking workers split them.
    """
    schedule = NudgeSchedule.__table__  # type: ignore[attr-defined]
    query = (
        _due_query(*_DUE_COLUMNS)
        .where(
            schedule.c.next_due <= now,
            or_(schedule.c.period.is_(None), schedule.c.next_due < before),
        )
        .order_by(schedule.c.next_due)
        .limit(limit)
    )
    if session.bind is not None and session.bind.dialect.name == "postgresql":
        query = query.with_for_update(of=schedule, skip_locked=True)
    conn = await session.connection()
    return [DueRow(*row) for row in await conn.execute(query)]


@dataclass(frozen=True, slots=True)
class DueGroup(_Due):
    """Due index rows that share everything the calendar looks at: one computation serves
    them all (most members keep the same few preferences)."""

    period: str
    size: int


def _group_columns() -> list[Any]:
    return _columns([f.name for f in fields(DueGroup) if f.name != "size"])


async def due_groups(
    *, session: AsyncSession, now: datetime, since: datetime
) -> tuple[list[DueGroup], int]:
    """The due rows with a period and due since `since`, grouped by what the calendar needs,
    and how many other rows are due (without a period, or due before `since`): those need
    a look of their own (`due`), and the one scan of what is due tells whether there are
    any."""
    columns = _group_columns()
    conn = await session.connection()
    rows = await conn.execute(
        _due_query(*columns, func.count())
        .where(
            NudgeSchedule.__table__.c.next_due <= now  # type: ignore[attr-defined]
        )
        .group_by(*columns)
    )
    groups, others = [], 0
    for row in rows:
        if row.period is None or row.next_due < since:
            others += row[-1]
        else:
            groups.append(DueGroup(*row))
    return groups, others


def _group_members(group: DueGroup, limit: int) -> Any:
    """A chunk of a due group's members, in a stable order."""
    schedule = NudgeSchedule.__table__  # type: ignore[attr-defined]
    query = _due_query(schedule.c.member_id).order_by(schedule.c.member_id).limit(limit)
    for column in _group_columns():
        value = getattr(group, column.name)
        # `=` where a value is never NULL, so the next_due index narrows the search.
        query = query.where(column == value if value is not None else column.is_(None))
    return query


async def advance_group(
    *,
    session: AsyncSession,
    group: DueGroup,
    limit: int,
    nudges: Sequence[tuple[str, datetime, str]],
    to: datetime | None,
    period: str | None,
    now: datetime,
) -> tuple[int, dict[str, int]]:
    """For a chunk of a due group: move its index rows to `to` (None: drop them) and add
    their outbox rows (period, due_at, status). Returns the chunk's size and rows added by
    status; 0 when the group is done.

    The chunk is chosen once, by the UPDATE (or DELETE) itself, which hands back the ids it
    moved; the outbox rows are then inserted for exactly those members. Choosing it again
    for every statement (a join with the profile per row) cost as much as the writes.
    """
    schedule = NudgeSchedule.__table__  # type: ignore[attr-defined]
    where = (
        schedule.c.kind == group.kind,
        schedule.c.member_id.in_(_group_members(group, limit).scalar_subquery()),
    )
    statement = (
        delete(schedule).where(*where)
        if to is None
        else update(schedule).where(*where).values(next_due=to, period=period)
    )
    conn = await session.connection()
    members = (await conn.execute(statement.returning(schedule.c.member_id))).scalars().all()
    added: dict[str, int] = {}
    if not members:
        return 0, added
    reminder = group.kind == NudgeKind.CHECKIN_REMINDER
    for nudge in nudges:  # (period, due_at, status)
        status = nudge[2]
        new = await add_for_members(
            session, members, group.kind, nudge, now=now, unless_checked_in=reminder
        )
        added[status] = added.get(status, 0) + new
    return len(members), added


async def move(*, session: AsyncSession, rows: Sequence[Row]) -> None:
    """Set the next due instant of existing index rows."""
    if not rows:
        return
    statement = (
        update(NudgeSchedule)
        .where(
            col(NudgeSchedule.member_id) == bindparam("m"),
            col(NudgeSchedule.kind) == bindparam("k"),
        )
        .values(next_due=bindparam("d"), period=bindparam("p"))
    )
    conn = await session.connection()
    await conn.execute(
        statement, [{"m": r.member_id, "k": r.kind, "d": r.next_due, "p": r.period} for r in rows]
    )


async def drop(*, session: AsyncSession, keys: Sequence[tuple[int, str]]) -> None:
    """Remove index rows that have nothing left to schedule."""
    for member_id, kind in keys:
        await session.exec(
            delete(NudgeSchedule).where(
                col(NudgeSchedule.member_id) == member_id, col(NudgeSchedule.kind) == kind
            )
        )


async def next_for(*, session: AsyncSession, member_id: int) -> dict[str, datetime]:
    """A member's index: kind -> next due instant."""
    rows = (
        await session.exec(select(NudgeSchedule).where(NudgeSchedule.member_id == member_id))
    ).all()
    return {r.kind: r.next_due for r in rows}
