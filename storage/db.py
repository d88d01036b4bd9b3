"""The async engine and sessions: SQLite (WAL, busy timeout, immediate writes) or PostgreSQL."""

from __future__ import annotations

import asyncio
import logging
import weakref
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack, asynccontextmanager
from dataclasses import dataclass, field
from functools import partial
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError
from sqlalchemy.ext.asyncio import (
    AsyncConnection,
    AsyncEngine,
    async_sessionmaker,
    create_async_engine,
)
from sqlmodel.ext.asyncio.session import AsyncSession

_log = logging.getLogger(__name__)

SQLITE_BUSY_TIMEOUT_MS = 30_000
# Connections kept open: a dispatcher runs a handful of deliveries at once, and a pool
# smaller than that opens and closes a connection (a thread, on SQLite) per delivery.
POOL_SIZE = 10
MAX_OVERFLOW = 10
# An execution option: statements on this connection commit one by one (no BEGIN).
_AUTOCOMMIT = "mentorbot_autocommit"
# An execution option: this connection's transactions begin deferred (a read snapshot).
_SNAPSHOT = "mentorbot_snapshot"
# SQLite's answer when a snapshot tries to write after another connection wrote.
_SQLITE_BUSY_SNAPSHOT = 517


class StaleSnapshot(Exception):
    """A snapshot tried to write after another connection wrote: redo the work in a
    transaction (SQLite only; see Database.snapshot)."""


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
        return create_async_engine(
            url,
            echo=echo,
            pool_pre_ping=True,
            hide_parameters=True,
            pool_size=POOL_SIZE,
            max_overflow=MAX_OVERFLOW,
        )
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
        pool_size=POOL_SIZE,
        max_overflow=MAX_OVERFLOW,
    )

    on_disk = make_url(url).database not in (None, "", ":memory:")
    event.listen(engine.sync_engine, "connect", partial(_on_sqlite_connect, on_disk=on_disk))
    event.listen(engine.sync_engine, "begin", _on_sqlite_begin)
    return engine


def _on_sqlite_connect(dbapi_connection: Any, _record: Any, *, on_disk: bool) -> None:
    """Each new SQLite connection: our own BEGIN, a busy timeout, foreign keys, and on disk
    WAL with a bigger page cache."""
    # Let us issue BEGIN ourselves (_on_sqlite_begin) instead of the driver's deferred BEGIN.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute(f"PRAGMA busy_timeout = {SQLITE_BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA foreign_keys = ON")
    # Statement journals and sort trees in memory, not in temp files: a tick's UPDATE of
    # thousands of index rows otherwise wrote every page it touched to a temp file first
    # (two thirds of what planning wrote at 100k members).
    cursor.execute("PRAGMA temp_store = MEMORY")
    if on_disk:
        cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute("PRAGMA synchronous = NORMAL")
        # 64 MiB of page cache (the default is 2 MiB): a tick over many members and
        # the indexes it touches stay in memory instead of thrashing.
        cursor.execute("PRAGMA cache_size = -65536")
    cursor.close()


def _on_sqlite_begin(conn: Any) -> None:
    """How a SQLite transaction begins.

    A deferred transaction that reads and then writes fails at once with "database is
    locked" when another process wrote meanwhile; taking the write lock up front makes a
    second writer wait (up to the busy timeout) instead. A statement run on its own
    (Database.statements) needs no BEGIN: it is its own transaction, and holds the write
    lock only while it runs, never across the event loop. A snapshot (Database.snapshot)
    is meant to read: it begins deferred and takes no lock."""
    options = conn.get_execution_options()
    if options.get(_SNAPSHOT):
        conn.exec_driver_sql("BEGIN")
    elif not options.get(_AUTOCOMMIT):
        conn.exec_driver_sql("BEGIN IMMEDIATE")


class _Writer:
    """A lock a task may re-enter: a transaction opened inside another one of the same
    task goes on (as it did before this lock) instead of waiting for itself forever."""

    def __init__(self) -> None:
        self._lock = asyncio.Lock()
        self._owner: asyncio.Task[Any] | None = None
        self._depth = 0

    async def __aenter__(self) -> None:
        task = asyncio.current_task()
        if self._owner is not task or task is None:
            await self._lock.acquire()
            self._owner = task
        self._depth += 1

    async def __aexit__(self, *exc: object) -> None:
        self._depth -= 1
        if self._depth == 0:
            self._owner = None
            self._lock.release()


@dataclass(frozen=True)
class Database:
    """An engine and its session factory: the one handle the core gets to storage."""

    engine: AsyncEngine
    sessions: async_sessionmaker[AsyncSession]
    # SQLite: one write transaction at a time per process and event loop (see transaction).
    _writers: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, _Writer] = field(
        default_factory=weakref.WeakKeyDictionary, compare=False, repr=False
    )

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
        """A session whose work commits on success and rolls back on any error.

        On SQLite every transaction takes the file's write lock (BEGIN IMMEDIATE), so
        this process's transactions queue here, one at a time: a waiter is woken the
        moment the lock is free, where a second connection waiting on the file would
        poll it in ever longer sleeps (up to 100 ms each) while the lock sits idle.
        """
        async with AsyncExitStack() as stack:
            if self.engine.dialect.name == "sqlite":
                await stack.enter_async_context(self._writer())
            session = await stack.enter_async_context(self.sessions())
            await stack.enter_async_context(session.begin())
            yield session

    @asynccontextmanager
    async def snapshot(self) -> AsyncIterator[AsyncSession]:
        """A session for work that reads (and rarely writes): it commits on success.

        On SQLite it takes no write lock up front, so other transactions, in this process
        and others, go on while it runs. Should it write after another connection wrote
        since its first read, SQLite refuses, and this raises StaleSnapshot: the caller
        redoes the work in a transaction. On PostgreSQL it is a transaction like any.
        """
        sqlite = self.engine.dialect.name == "sqlite"
        try:
            async with self.engine.connect() as conn:
                if sqlite:
                    conn = await conn.execution_options(**{_SNAPSHOT: True})
                async with self.sessions(bind=conn) as session, session.begin():
                    yield session
        except OperationalError as exc:
            if sqlite and getattr(exc.orig, "sqlite_errorcode", None) == _SQLITE_BUSY_SNAPSHOT:
                raise StaleSnapshot(str(exc.orig)) from exc
            raise

    def _writer(self) -> _Writer:
        loop = asyncio.get_running_loop()
        writer = self._writers.get(loop)
        if writer is None:
            writer = self._writers[loop] = _Writer()
        return writer

    @asynccontextmanager
    async def statements(self) -> AsyncIterator[AsyncConnection]:
        """A connection on which every statement commits on its own, for writes that are
        one statement each (a lease renewal, marking rows sent): no BEGIN/COMMIT round
        trips, and on SQLite the write lock is held only while the statement runs."""
        async with AsyncExitStack() as stack:
            sqlite = self.engine.dialect.name == "sqlite"
            if sqlite:
                # Queued behind this process's transaction, not polling the file lock.
                await stack.enter_async_context(self._writer())
            conn = await stack.enter_async_context(self.engine.connect())
            if sqlite:
                # The driver is in autocommit mode already (see create_engine); just
                # emit no BEGIN.
                conn = await conn.execution_options(**{_AUTOCOMMIT: True})
            else:
                conn = await conn.execution_options(isolation_level="AUTOCOMMIT")
            yield conn
            await conn.commit()  # nothing to commit; it ends SQLAlchemy's own bookkeeping

    async def close(self) -> None:
        """Dispose of the engine's connections."""
        await self.engine.dispose()
