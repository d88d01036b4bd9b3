"""Bring a database to the current schema: migrate SQLite on start, check PostgreSQL."""

from __future__ import annotations

from alembic.script import ScriptDirectory

from storage.db import Database, is_sqlite
from storage.migrate import alembic_config, current_revision, upgrade


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
