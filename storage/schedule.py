"""Repository: the schedule index (next due instant per member and kind)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import NamedTuple

from sqlalchemy import bindparam, delete, insert, update
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

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
        await session.exec(insert(NudgeSchedule).values([r._asdict() for r in rows]))


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


async def due(
    *, session: AsyncSession, now: datetime, limit: int
) -> Sequence[tuple[NudgeSchedule, Profile]]:
    """Up to `limit` index rows due by `now` with their member's profile, oldest first.

    On PostgreSQL the rows are locked with SKIP LOCKED, so two ticking workers split them.
    """
    query = (
        select(NudgeSchedule, Profile)
        .join(Profile, col(Profile.member_id) == col(NudgeSchedule.member_id))
        .where(col(NudgeSchedule.next_due) <= now)
        .order_by(col(NudgeSchedule.next_due))
        .limit(limit)
    )
    if session.bind is not None and session.bind.dialect.name == "postgresql":
        query = query.with_for_update(of=NudgeSchedule, skip_locked=True)
    return (await session.exec(query)).all()


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
