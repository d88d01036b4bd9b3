"""Repository: signed Slack requests already run, so a replay within the window never runs."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import delete
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import col
from sqlmodel.ext.asyncio.session import AsyncSession

from storage.tables import SlackRequest

WINDOW = timedelta(minutes=5)


async def first_sight(*, session: AsyncSession, signature: str, now: datetime) -> bool:
    """Record `signature`; False if it was seen within the window (by any worker)."""
    await session.exec(delete(SlackRequest).where(col(SlackRequest.seen_at) < now - WINDOW))
    dialect = session.bind.dialect.name if session.bind is not None else "sqlite"
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    statement = (
        insert(SlackRequest)
        .values(signature=signature, seen_at=now)
        .on_conflict_do_nothing(index_elements=["signature"])
    )
    result = await session.exec(statement)
    return bool(result.rowcount)
