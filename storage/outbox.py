"""Repository: the outbox of nudges: planning, leases, delivery marks and status."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Executable, Result, exists, func, literal, or_, update
from sqlalchemy import select as sa_select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncConnection
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from storage.kinds import OutboxStatus
from storage.tables import Checkin, Member, Outbox
from storage.types import UtcDateTime

# The lease and delivery marks are single statements: they run on a session, or on a
# connection that commits each statement on its own (Database.statements).
Executor = AsyncSession | AsyncConnection


async def _connection(executor: Executor) -> AsyncConnection:
    """The connection under a session, or the connection itself."""
    return await executor.connection() if isinstance(executor, AsyncSession) else executor


async def _execute(executor: Executor, statement: Executable) -> Result[Any]:
    """Run a Core statement (no ORM bookkeeping) on a session's connection or a connection."""
    return await (await _connection(executor)).execute(statement)


async def add_ignoring_duplicates(*, session: AsyncSession, rows: list[dict[str, Any]]) -> int:
    """Insert outbox rows; a row whose (member, kind, period) exists is left alone. Returns
    how many were new. One statement compiled once and run for every row (a multi-VALUES
    statement of thousands of rows costs more to compile than to run)."""
    if not rows:
        return 0
    dialect = session.bind.dialect.name if session.bind is not None else "sqlite"
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    table = Outbox.__table__  # type: ignore[attr-defined]
    statement = (
        insert(table)
        .on_conflict_do_nothing(index_elements=["member_id", "kind", "period"])
        .returning(table.c.id)
    )
    conn = await session.connection()
    result = await conn.execute(statement, rows)
    return len(result.all())


async def queue_now(
    *, session: AsyncSession, member_ids: Sequence[int], kind: str, period: str, now: datetime
) -> int:
    """Queue one message of `kind` per member, due at once; a member who already has one
    for `period` keeps it (so each hears once). Returns how many were new."""
    row = {"kind": kind, "period": period[:10], "due_at": now, "status": OutboxStatus.PENDING}
    return await add_ignoring_duplicates(
        session=session,
        rows=[{**row, "member_id": m, "attempts": 0, "created_at": now} for m in member_ids],
    )


async def add_for_members(
    session: AsyncSession,
    members: Sequence[int],
    kind: str,
    nudge: tuple[str, datetime, str],
    *,
    now: datetime,
    unless_checked_in: bool = False,
) -> int:
    """Insert the same nudge (its period, due instant and status) for these members, in one
    statement (existing rows are left alone); with `unless_checked_in`, only those without
    a check-in that week."""
    period, due_at, status = nudge
    dialect = session.bind.dialect.name if session.bind is not None else "sqlite"
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    table = Outbox.__table__  # type: ignore[attr-defined]
    member = Member.__table__  # type: ignore[attr-defined]
    chosen = sa_select(
        member.c.id,
        literal(kind),
        literal(period),
        literal(due_at, UtcDateTime()),
        literal(status),
        literal(0),
        literal(0),
        literal(now, UtcDateTime()),
    ).where(member.c.id.in_(members))
    if unless_checked_in:
        checkin = Checkin.__table__  # type: ignore[attr-defined]
        chosen = chosen.where(
            ~exists().where(checkin.c.member_id == member.c.id, checkin.c.period == period)
        )
    statement = (
        insert(table)
        .from_select(
            ["member_id", "kind", "period", "due_at", "status", "attempts", "claims", "created_at"],
            chosen,
        )
        .on_conflict_do_nothing(index_elements=["member_id", "kind", "period"])
        .returning(table.c.id)
    )
    conn = await session.connection()
    return len((await conn.execute(statement)).all())


async def claim(
    *, session: Executor, worker: str, now: datetime, lease: timedelta, limit: int
) -> list[Outbox]:
    """Take up to `limit` deliverable rows, oldest due first, for `worker` until the lease
    ends, in one statement (on SQLite it holds the write lock only while it runs).

    On PostgreSQL the rows are chosen with SKIP LOCKED, so workers never take the same row;
    SQLite runs one writing statement at a time.
    """
    table = Outbox.__table__  # type: ignore[attr-defined]
    due = (
        sa_select(table.c.id)
        .where(
            table.c.status == OutboxStatus.PENDING,
            or_(table.c.next_attempt_at.is_(None), table.c.next_attempt_at <= now),
            or_(table.c.lease_until.is_(None), table.c.lease_until < now),
            table.c.due_at <= now,
        )
        .order_by(table.c.due_at, table.c.id)
        .limit(limit)
    )
    conn = await _connection(session)
    if conn.dialect.name == "postgresql":
        due = due.with_for_update(skip_locked=True)
    result = await conn.execute(
        update(table)
        .where(table.c.id.in_(due.scalar_subquery()))
        .values(claimed_by=worker, lease_until=now + lease, claims=table.c.claims + 1)
        .returning(*table.c)
    )
    rows = [Outbox.model_validate(dict(row._mapping)) for row in result]
    return sorted(rows, key=lambda row: (row.due_at, row.id or 0))


async def renew(
    *, session: Executor, row_ids: Sequence[int], worker: str, now: datetime, lease: timedelta
) -> set[int]:
    """Extend `worker`'s lease on those of these pending rows it still holds (fencing), in
    one statement; returns their ids. A row left out ran out of lease or was taken by
    another worker, and this one must not send it."""
    if not row_ids:
        return set()
    table = Outbox.__table__  # type: ignore[attr-defined]
    result = await _execute(
        session,
        update(table)
        .where(
            table.c.id.in_(row_ids),
            table.c.status == OutboxStatus.PENDING,
            table.c.claimed_by == worker,
            table.c.lease_until > now,
        )
        .values(lease_until=now + lease)
        .returning(table.c.id),
    )
    return set(result.scalars())


async def mark_sent(
    *, session: Executor, row_id: int, now: datetime, status: str = OutboxStatus.SENT
) -> None:
    """Record that a row went out (or went to the terminal inbox)."""
    await mark_many_sent(session=session, row_ids=[row_id], now=now, status=status)


async def mark_many_sent(
    *, session: Executor, row_ids: list[int], now: datetime, status: str = OutboxStatus.SENT
) -> int:
    """Record that these rows went out, in one statement; returns how many it marked."""
    if not row_ids:
        return 0
    table = Outbox.__table__  # type: ignore[attr-defined]
    result = await _execute(
        session,
        update(table)
        .where(table.c.id.in_(row_ids), table.c.status == OutboxStatus.PENDING)
        .values(status=status, sent_at=now, lease_until=None, attempts=table.c.attempts + 1),
    )
    return int(result.rowcount or 0)  # type: ignore[attr-defined]


async def release(*, session: AsyncSession, worker: str, row_ids: list[int] | None = None) -> int:
    """Give back a worker's leases on rows it has not sent (on shutdown, or when it stops)."""
    query = update(Outbox).where(
        col(Outbox.status) == OutboxStatus.PENDING, col(Outbox.claimed_by) == worker
    )
    if row_ids is not None:
        query = query.where(col(Outbox.id).in_(row_ids))
    result = await session.exec(query.values(lease_until=None))
    return int(result.rowcount or 0)


async def status_counts(*, session: AsyncSession) -> dict[str, int]:
    """How many outbox rows are in each status."""
    rows = (await session.exec(select(Outbox.status, func.count()).group_by(Outbox.status))).all()
    return {status: int(n) for status, n in rows}


async def oldest_pending(*, session: AsyncSession) -> datetime | None:
    """When the oldest row still waiting to go out fell due."""
    return (
        await session.exec(
            select(func.min(Outbox.due_at)).where(Outbox.status == OutboxStatus.PENDING)
        )
    ).first()


async def dead_rows(*, session: AsyncSession, limit: int = 20) -> list[Outbox]:
    """The newest rows that gave up, with their reasons."""
    return list(
        (
            await session.exec(
                select(Outbox)
                .where(Outbox.status == OutboxStatus.DEAD)
                .order_by(col(Outbox.due_at).desc())
                .limit(limit)
            )
        ).all()
    )


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


async def waiting_in_inbox(
    *, session: AsyncSession, member_id: int, now: datetime
) -> list[tuple[str, str]]:
    """(kind, period) of the nudges waiting in a member's inbox (oldest first); marks them
    sent."""
    rows = (
        await session.exec(
            select(Outbox)
            .where(Outbox.member_id == member_id, Outbox.status == OutboxStatus.INBOX)
            .order_by(col(Outbox.due_at))
        )
    ).all()
    for row in rows:
        row.status, row.sent_at = OutboxStatus.SENT, now
        session.add(row)
    return [(row.kind, row.period) for row in rows]


async def backlog(*, session: AsyncSession) -> tuple[int, datetime | None]:
    """How many rows wait to be delivered, and the due time of the oldest."""
    count, oldest = (
        await session.exec(
            select(func.count(), func.min(Outbox.due_at)).where(
                Outbox.status == OutboxStatus.PENDING
            )
        )
    ).one()
    return int(count), oldest
