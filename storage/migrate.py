"""Apply Alembic migrations: on start for SQLite, by `mentorbot db upgrade` in production."""

from __future__ import annotations

import logging
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import Connection, inspect
from sqlalchemy.ext.asyncio import AsyncEngine

_log = logging.getLogger(__name__)

MIGRATIONS = Path(__file__).parent / "migrations"


def alembic_config(url: str = "") -> Config:
    """An Alembic config pointing at our migrations (no alembic.ini needed)."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    if url:
        config.set_main_option("sqlalchemy.url", url)
    return config


def _upgrade(connection: Connection, revision: str) -> None:
    config = alembic_config()
    config.attributes["connection"] = connection
    command.upgrade(config, revision)


async def upgrade(engine: AsyncEngine, revision: str = "head") -> None:
    """Bring the database at `engine` up to `revision`."""
    async with engine.begin() as conn:
        await conn.run_sync(_upgrade, revision)
    _log.info("database migrated to %s", revision)


def _current(connection: Connection) -> str | None:
    from alembic.runtime.migration import MigrationContext

    return MigrationContext.configure(connection).get_current_revision()


async def current_revision(engine: AsyncEngine) -> str | None:
    """The revision the database is at, or None if it was never migrated."""
    async with engine.connect() as conn:
        return await conn.run_sync(_current)


def _tables(connection: Connection) -> list[str]:
    return inspect(connection).get_table_names()


async def table_names(engine: AsyncEngine) -> list[str]:
    """The tables that exist in the database."""
    async with engine.connect() as conn:
        return await conn.run_sync(_tables)


def steps_to(target: str, current: str | None) -> list[str]:
    """The revisions between `current` (exclusive) and `target`, oldest first."""
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(alembic_config())
    revisions = script.iterate_revisions(target, current)
    return [r.revision for r in reversed(list(revisions)) if r is not None]
