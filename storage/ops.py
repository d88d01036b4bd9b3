"""Repository: the rows operations keep: the readiness probe's write (one heartbeat row per
process), the signed Slack requests already run (a replay within the window never runs)
and the dashboard's one-time sign-in links."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import delete, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncConnection
from sqlmodel import col
from sqlmodel.ext.asyncio.session import AsyncSession

from storage.conflicts import dialect_insert
from storage.tables import Heartbeat, SlackRequest, WebLogin

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


async def add_login(
    *, session: AsyncSession, token_hash: str, member_id: int, expires_at: datetime
) -> None:
    """Keep a sign-in link's token hash until it is used or expires."""
    session.add(WebLogin(token_hash=token_hash, member_id=member_id, expires_at=expires_at))
    await session.flush()


async def redeem_login(*, session: AsyncSession, token_hash: str, now: datetime) -> int | None:
    """Use a sign-in link: its member's id, or None when it is unknown, used or expired.

    One UPDATE marks it used, so two requests racing with one link let in at most one."""
    result = await session.exec(
        update(WebLogin)
        .where(
            col(WebLogin.token_hash) == token_hash,
            col(WebLogin.used_at).is_(None),
            col(WebLogin.expires_at) > now,
        )
        .values(used_at=now)
    )
    if result.rowcount != 1:
        return None
    row = await session.get(WebLogin, token_hash)
    return row.member_id if row is not None else None
