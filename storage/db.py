"""The async engine and sessions: SQLite (WAL, busy timeout, immediate writes) or PostgreSQL."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine, async_sessionmaker, create_async_engine
from sqlmodel.ext.asyncio.session import AsyncSession

_log = logging.getLogger(__name__)

SQLITE_BUSY_TIMEOUT_MS = 30_000


def is_sqlite(url: str) -> bool:
    """Whether a database URL points at SQLite."""
    return make_url(url).get_backend_name() == "sqlite"


def _drop_debug(record: logging.LogRecord) -> bool:
    return record.levelno >= logging.INFO


def create_engine(url: str, *, echo: bool = False) -> AsyncEngine:
    """An async engine for `url`, tuned for several processes sharing one SQLite file."""
    # hide_parameters: statements may be logged (echo, DEBUG, errors), their values never:
    # they hold members' private notes.
    if not is_sqlite(url):
        return create_async_engine(url, echo=echo, pool_pre_ping=True, hide_parameters=True)
    # aiosqlite logs every statement *with its parameters* at DEBUG, whatever SQLAlchemy
    # hides: with LOG_LEVEL=DEBUG that would print private notes.
    driver_log = logging.getLogger("aiosqlite")
    if _drop_debug not in driver_log.filters:
        driver_log.addFilter(_drop_debug)
    engine = create_async_engine(
        url,
        echo=echo,
        hide_parameters=True,
        connect_args={"timeout": SQLITE_BUSY_TIMEOUT_MS / 1000},
    )

    @event.listens_for(engine.sync_engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Let us issue BEGIN ourselves (below) instead of the driver's deferred BEGIN.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {SQLITE_BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA foreign_keys = ON")
        # Statement journals and sort trees in memory, not in temp files: a tick's UPDATE of
        # thousands of index rows otherwise wrote every page it touched to a temp file first
        # (two thirds of what planning wrote at 100k members).
        cursor.execute("PRAGMA temp_store = MEMORY")
        if make_url(url).database not in (None, "", ":memory:"):
            cursor.execute("PRAGMA journal_mode = WAL")
            cursor.execute("PRAGMA synchronous = NORMAL")
            # 64 MiB of page cache (the default is 2 MiB): a tick over many members and
            # the indexes it touches stay in memory instead of thrashing.
            cursor.execute("PRAGMA cache_size = -65536")
        cursor.close()

    @event.listens_for(engine.sync_engine, "begin")
    def _on_begin(conn: Any) -> None:
        # A deferred transaction that reads and then writes fails at once with "database
        # is locked" when another process wrote meanwhile; taking the write lock up front
        # makes a second writer wait (up to the busy timeout) instead.
        conn.exec_driver_sql("BEGIN IMMEDIATE")

    return engine


@dataclass(frozen=True)
class Database:
    """An engine and its session factory: the one handle the core gets to storage."""

    engine: AsyncEngine
    sessions: async_sessionmaker[AsyncSession]

    @classmethod
    def open(cls, url: str) -> Database:
        """Create the engine and session factory (does not connect yet)."""
        engine = create_engine(url)
        return cls(
            engine=engine,
            sessions=async_sessionmaker(engine, class_=AsyncSession, expire_on_commit=False),
        )

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[AsyncSession]:
        """A session whose work commits on success and rolls back on any error."""
        async with self.sessions() as session, session.begin():
            yield session

    async def close(self) -> None:
        """Dispose of the engine's connections."""
        await self.engine.dispose()
