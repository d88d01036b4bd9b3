"""Apply Alembic migrations: on start for SQLite, by `mentorbot db upgrade` in production,
and refuse to start on a PostgreSQL schema that is behind the code."""

from __future__ import annotations

import logging
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.script import ScriptDirectory
from sqlalchemy import Connection
from sqlalchemy.ext.asyncio import AsyncEngine

from storage.db import Database, is_sqlite

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


def steps_to(target: str, current: str | None) -> list[str]:
    """The revisions between `current` (exclusive) and `target`, oldest first.

    Raises ValueError, saying why, for a revision that does not exist or lies behind
    `current` (migrations only move forward).
    """
    from alembic.script import ScriptDirectory
    from alembic.script.revision import RevisionError

    script = ScriptDirectory.from_config(alembic_config())
    try:
        revisions = list(script.iterate_revisions(target, current))
    except RevisionError as exc:
        known = [r.revision for r in reversed(list(script.walk_revisions()))]
        if target != "head" and target not in known:
            raise ValueError(
                f"there is no such revision; choose head or one of {', '.join(known)}"
            ) from exc
        raise ValueError(
            f"the database is already at {current}, past it (migrations only move forward)"
        ) from exc
    return [r.revision for r in reversed(revisions) if r is not None]


class SchemaOutOfDate(Exception):
    """The database is behind the code and is not migrated automatically."""


def head_revision() -> str:
    """The newest migration shipped with this code."""
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return head


async def prepare(db: Database, *, url: str) -> None:
    """Migrate an SQLite database; require `mentorbot db upgrade` for anything else."""
    if is_sqlite(url):
        await upgrade(db.engine)
        return
    current = await current_revision(db.engine)
    if current != head_revision():
        raise SchemaOutOfDate(
            f"the database schema is at {current or 'nothing'}, the code needs "
            f"{head_revision()}: run `mentorbot db upgrade` first"
        )
