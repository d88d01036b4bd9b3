"""Repository: the rows operations keep: the readiness probe's write (one heartbeat row per
process) and the signed Slack requests already run, so a replay within the window never
runs."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import delete
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncConnection
from sqlmodel import col

from storage.conflicts import dialect_insert
from storage.tables import Heartbeat, SlackRequest

WINDOW = timedelta(minutes=5)


async def first_sight(*, conn: AsyncConnection, signature: str, now: datetime) -> bool:
    """Record `signature`; False if it is recorded already (by any worker).

    One indexed statement, committing on its own, decides: the insert adds the row, or the
    signature's primary key refuses it. Rows older than the window go in `prune`, not here:
    the HTTP front refuses a request stamped before the window before it gets this far.
    """
    insert = postgresql.insert if conn.dialect.name == "postgresql" else sqlite.insert
    statement = (
        insert(SlackRequest)
        .values(signature=signature, seen_at=now)
        .on_conflict_do_nothing(index_elements=["signature"])
    )
    result = await conn.execute(statement)
    return bool(result.rowcount)


async def prune(*, conn: AsyncConnection, now: datetime) -> int:
    """Remove the signatures recorded before the window; how many went."""
    old = col(SlackRequest.seen_at) < now - WINDOW
    result = await conn.execute(delete(SlackRequest).where(old))
    return int(result.rowcount or 0)


async def beat(*, conn: AsyncConnection, process: str, now: datetime) -> None:
    """Write this process's row: one committed statement, so a database that can't take
    a write (full, read-only) refuses it."""
    insert = dialect_insert(conn.dialect.name)(Heartbeat).values(process=process, beat_at=now)
    await conn.execute(
        insert.on_conflict_do_update(index_elements=["process"], set_={"beat_at": now})
    )
