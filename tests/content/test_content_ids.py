"""Renamed and folded content ids: the pack holds the new ones, and migrations move stored
history (0011: renames; 0014: one home per topic, 2026's tools, ids that say what they hold)."""

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
from alembic import command
from sqlalchemy.engine import make_url

from content import Catalog
from storage.db import Database
from storage.migrate import MIGRATIONS, alembic_config, upgrade

WHEN = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)


def _migration(name: str) -> ModuleType:
    path = MIGRATIONS / f"versions/{name}.py"
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


RENAMED = _migration("0011_renamed_content_ids")
FOLDED = _migration("0014_one_home_per_topic")


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


async def _at(url: str, revision: str) -> AsyncIterator[Database]:
    db = Database.open(url)
    await upgrade(db.engine, revision)
    try:
        yield db
    finally:
        await db.close()


@pytest.fixture
async def at_0010(empty_url: str) -> AsyncIterator[Database]:
    """The database migrated up to the revision before the renames."""
    async for db in _at(empty_url, "0010"):
        yield db


@pytest.fixture
async def at_0013(empty_url: str) -> AsyncIterator[Database]:
    """The database migrated up to the revision before the folds."""
    async for db in _at(empty_url, "0013"):
        yield db


async def _store(
    db: Database, *, challenges: list[tuple[str, str, int]], tips: list[tuple[str, str]]
) -> None:
    """One member with these assignments (id, skill, level) and tips (id, skill)."""
    async with db.engine.begin() as conn:
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
        for challenge, skill, level in challenges:
            await conn.execute(
                sa.text(
                    "INSERT INTO challengeassignment (member_id, challenge_id, skill, level,"
                    " period, status, assigned_at) VALUES (1, :id, :skill, :level,"
                    " '2026-W49', 'assigned', :when)"
                ),
                {"id": challenge, "skill": skill, "level": level, "when": WHEN},
            )
        for tip, skill in tips:
            await conn.execute(
                sa.text(
                    "INSERT INTO tipdelivery (member_id, tip_id, skill, given_at)"
                    " VALUES (1, :id, :skill, :when)"
                ),
                {"id": tip, "skill": skill, "when": WHEN},
            )


async def _stored(db: Database, sql: str) -> list[str]:
    async with db.engine.connect() as conn:
        return [row[0] for row in (await conn.execute(sa.text(sql))).all()]


async def test_the_migration_renames_stored_assignments_and_tips(at_0010: Database) -> None:
    old_challenge, old_tip = "nlp-llms-l4-shared-retrieval", "statistics-tip-seeing-theory"
    await _store(
        at_0010,
        challenges=[(old_challenge, "nlp-llms", 4), ("python-l1-cli-tool", "nlp-llms", 4)],
        tips=[(old_tip, "statistics")],
    )
    await upgrade(at_0010.engine)
    challenges = await _stored(at_0010, "SELECT challenge_id FROM challengeassignment ORDER BY id")
    assert challenges == ["nlp-llms-l4-fine-tuning-service", "python-l1-cli-tool"]
    assert await _stored(at_0010, "SELECT tip_id FROM tipdelivery") == [
        "statistics-tip-nist-handbook"
    ]


def test_every_fold_and_rename_of_0014_lands_where_the_pack_says(catalog: Catalog) -> None:
    for old, new in FOLDED.RENAMED_CHALLENGES.items():
        assert new in catalog.challenges and old not in catalog.challenges
        assert old.split("-l")[0] == new.split("-l")[0]  # a rename stays in its skill
    for old, (new, skill, level) in FOLDED.FOLDED_CHALLENGES.items():
        assert old not in catalog.challenges, old
        home = catalog.challenges[new]
        assert (home.skill, home.level) == (skill, level), new
    for old, new in FOLDED.RENAMED_TIPS.items():
        assert new in catalog.tips and old not in catalog.tips
    for old, (new, skill) in FOLDED.FOLDED_TIPS.items():
        assert old not in catalog.tips and catalog.tips[new].skill == skill, new


def _downgrade(connection: sa.Connection, revision: str) -> None:
    config = alembic_config()
    config.attributes["connection"] = connection
    command.downgrade(config, revision)


async def test_0014_moves_history_to_the_topics_new_home_and_back(at_0013: Database) -> None:
    folded = "nlp-llms-l2-rag-assistant"
    await _store(
        at_0013,
        challenges=[(folded, "nlp-llms", 2), ("python-l1-cli-tool", "python", 1)],
        tips=[
            ("inference-serving-tip-tgi-docs", "inference-serving"),
            ("ai-safety-tip-model-cards-paper", "ai-safety"),
        ],
    )
    await upgrade(at_0013.engine)
    rows = "SELECT challenge_id || ' ' || skill || ' ' || level FROM challengeassignment"
    assert await _stored(at_0013, rows + " ORDER BY id") == [
        "llm-apps-l2-rag-with-citations llm-apps 2",
        "python-l1-cli-tool python 1",
    ]
    tips = "SELECT tip_id || ' ' || skill FROM tipdelivery ORDER BY id"
    assert await _stored(at_0013, tips) == [
        "inference-serving-tip-sglang-docs inference-serving",
        "model-evaluation-tip-model-cards-paper model-evaluation",
    ]
    async with at_0013.engine.begin() as conn:
        await conn.run_sync(_downgrade, "0013")
    assert (await _stored(at_0013, tips))[0] == "inference-serving-tip-tgi-docs inference-serving"
    assert (await _stored(at_0013, rows + " ORDER BY id"))[0].startswith("llm-apps-l2-rag")
