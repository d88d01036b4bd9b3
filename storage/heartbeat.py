"""Repository: the readiness probe's write, one row per process."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncConnection

from storage.conflicts import dialect_insert
from storage.tables import Heartbeat


async def beat(*, conn: AsyncConnection, process: str, now: datetime) -> None:
    """Write this process's row: one committed statement, so a database that can't take
    a write (full, read-only) refuses it."""
    insert = dialect_insert(conn.dialect.name)(Heartbeat).values(process=process, beat_at=now)
    await conn.execute(
        insert.on_conflict_do_update(index_elements=["process"], set_={"beat_at": now})
    )
