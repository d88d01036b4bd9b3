"""Renamed content ids: the pack holds the new ones, and a migration moves stored history."""

from __future__ import annotations

import asyncio
import importlib.util
import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path
from types import ModuleType

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import make_url

from content import Catalog
from storage.db import Database
from storage.migrate import MIGRATIONS, upgrade

WHEN = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)


def _migration() -> ModuleType:
    path = MIGRATIONS / "versions/0011_renamed_content_ids.py"
    spec = importlib.util.spec_from_file_location("renamed_content_ids", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


RENAMED = _migration()


def test_the_pack_holds_the_new_ids_and_none_of_the_old(catalog: Catalog) -> None:
    for old, new in RENAMED.CHALLENGES.items():
        assert new in catalog.challenges and old not in catalog.challenges
    for old, new in RENAMED.TIPS.items():
        assert new in catalog.tips and old not in catalog.tips


async def _new_postgres(admin_url: str) -> str:
    import asyncpg

    url = make_url(admin_url)
    name = f"ids_{uuid.uuid4().hex[:12]}"
    conn = await asyncpg.connect(
        host=url.host, port=url.port, user=url.username, database=url.database
    )
    try:
        await conn.execute(f'CREATE DATABASE "{name}"')
    finally:
        await conn.close()
    return str(url.set(database=name))


@pytest.fixture(params=["sqlite", "postgres"])
def empty_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """An empty database on each backend, not yet migrated."""
    if request.param == "sqlite":
        return f"sqlite+aiosqlite:///{tmp_path / 'ids.db'}"
    return asyncio.run(_new_postgres(request.getfixturevalue("postgres_admin_url")))


@pytest.fixture
async def at_0010(empty_url: str) -> AsyncIterator[Database]:
    """The database migrated up to the revision before the renames."""
    db = Database.open(empty_url)
    await upgrade(db.engine, "0010")
    try:
        yield db
    finally:
        await db.close()


async def _stored(db: Database, sql: str) -> list[str]:
    async with db.engine.connect() as conn:
        return [row[0] for row in (await conn.execute(sa.text(sql))).all()]


async def test_the_migration_renames_stored_assignments_and_tips(at_0010: Database) -> None:
    old_challenge, old_tip = "nlp-llms-l4-shared-retrieval", "statistics-tip-seeing-theory"
    async with at_0010.engine.begin() as conn:
        await conn.execute(
            sa.text(
                "INSERT INTO workspace (id, platform, external_id, name, created_at)"
                " VALUES (1, 'console', 'local', 'local', :when)"
            ),
            {"when": WHEN},
        )
        await conn.execute(
            sa.text(
                "INSERT INTO member (id, platform, workspace_id, user_id, display_name,"
                " created_at) VALUES (1, 'console', 1, 'alice', 'alice', :when)"
            ),
            {"when": WHEN},
        )
        for challenge in (old_challenge, "python-l1-cli-tool"):
            await conn.execute(
                sa.text(
                    "INSERT INTO challengeassignment (member_id, challenge_id, skill, level,"
                    " period, status, assigned_at) VALUES (1, :id, 'nlp-llms', 4,"
                    " '2026-W49', 'assigned', :when)"
                ),
                {"id": challenge, "when": WHEN},
            )
        await conn.execute(
            sa.text(
                "INSERT INTO tipdelivery (member_id, tip_id, skill, given_at)"
                " VALUES (1, :id, 'statistics', :when)"
            ),
            {"id": old_tip, "when": WHEN},
        )
    await upgrade(at_0010.engine)
    challenges = await _stored(at_0010, "SELECT challenge_id FROM challengeassignment ORDER BY id")
    assert challenges == ["nlp-llms-l4-fine-tuning-service", "python-l1-cli-tool"]
    assert await _stored(at_0010, "SELECT tip_id FROM tipdelivery") == [
        "statistics-tip-nist-handbook"
    ]
