"""Repository: the outbox of nudges, and the member stream the planner walks."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import func, or_
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from storage.tables import Checkin, Member, Outbox, Profile, Workspace


async def members_after(
    *, session: AsyncSession, after_id: int, limit: int, today: date | None = None
) -> Sequence[tuple[Member, Profile, str]]:
    """The next `limit` members with a profile and nudges on (by id), with their workspace."""
    query = (
        select(Member, Profile, Workspace.external_id)
        .join(Profile, col(Profile.member_id) == col(Member.id))
        .join(Workspace, col(Workspace.id) == col(Member.workspace_id))
        .where(col(Member.id) > after_id, col(Profile.opted_out).is_(False))
        .order_by(col(Member.id))
        .limit(limit)
    )
    if today is not None:
        query = query.where(
            or_(col(Profile.paused_until).is_(None), col(Profile.paused_until) < today)
        )
    return (await session.exec(query)).all()


async def add_ignoring_duplicates(*, session: AsyncSession, rows: list[dict[str, Any]]) -> int:
    """Insert outbox rows; a row whose (member, kind, period) exists is left alone."""
    if not rows:
        return 0
    dialect = session.bind.dialect.name if session.bind is not None else "sqlite"
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    statement = (
        insert(Outbox)
        .values(rows)
        .on_conflict_do_nothing(index_elements=["member_id", "kind", "period"])
    )
    result = await session.exec(statement)
    return int(result.rowcount or 0)


async def claim(
    *, session: AsyncSession, worker: str, now: datetime, lease: timedelta, limit: int
) -> list[Outbox]:
    """Take up to `limit` deliverable rows for `worker` until the lease ends.

    On PostgreSQL rows are locked with SKIP LOCKED so workers never take the same row;
    on SQLite the transaction already holds the write lock (BEGIN IMMEDIATE).
    """
    query = (
        select(Outbox)
        .where(
            Outbox.status == "pending",
            or_(col(Outbox.next_attempt_at).is_(None), col(Outbox.next_attempt_at) <= now),
            or_(col(Outbox.lease_until).is_(None), col(Outbox.lease_until) < now),
            col(Outbox.due_at) <= now,
        )
        .order_by(col(Outbox.due_at), col(Outbox.id))
        .limit(limit)
    )
    dialect = session.bind.dialect.name if session.bind is not None else "sqlite"
    if dialect == "postgresql":
        query = query.with_for_update(skip_locked=True)
    rows = list((await session.exec(query)).all())
    for row in rows:
        row.claimed_by, row.lease_until = worker, now + lease
        session.add(row)
    await session.flush()
    return rows


async def get(*, session: AsyncSession, row_id: int) -> Outbox | None:
    """One outbox row."""
    return await session.get(Outbox, row_id)


async def checked_in_pairs(
    *, session: AsyncSession, member_ids: set[int], periods: set[str]
) -> set[tuple[int, str]]:
    """Which (member, period) pairs among these have a check-in."""
    rows = (
        await session.exec(
            select(Checkin.member_id, Checkin.period).where(
                col(Checkin.member_id).in_(member_ids), col(Checkin.period).in_(periods)
            )
        )
    ).all()
    return {(m, p) for m, p in rows}


async def waiting_in_inbox(*, session: AsyncSession, member_id: int, now: datetime) -> list[str]:
    """Kinds of the nudges waiting in a member's inbox (oldest first); marks them sent."""
    rows = (
        await session.exec(
            select(Outbox)
            .where(Outbox.member_id == member_id, Outbox.status == "inbox")
            .order_by(col(Outbox.due_at))
        )
    ).all()
    for row in rows:
        row.status, row.sent_at = "sent", now
        session.add(row)
    return [row.kind for row in rows]


async def release(*, session: AsyncSession, worker: str) -> int:
    """Give back the leases `worker` holds on rows it has not delivered; return how many."""
    rows = (
        await session.exec(
            select(Outbox).where(
                Outbox.status == "pending",
                Outbox.claimed_by == worker,
                col(Outbox.lease_until).is_not(None),
            )
        )
    ).all()
    for row in rows:
        row.lease_until = None
        session.add(row)
    return len(rows)


async def backlog(*, session: AsyncSession) -> tuple[int, datetime | None]:
    """How many rows wait to be delivered, and the due time of the oldest."""
    count, oldest = (
        await session.exec(
            select(func.count(), func.min(Outbox.due_at)).where(Outbox.status == "pending")
        )
    ).one()
    return int(count), oldest
