"""Shared fixtures: the real catalog and registry, real databases, and a chat helper.

Storage tests run on SQLite and on a throwaway PostgreSQL that the session starts itself
when PostgreSQL is installed. Without it they skip, except under CI=true, where they fail.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import uuid
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy.engine import make_url

from bot.commands.dispatch import handle_text
from bot.commands.services import Services
from bot.core.command import Actor
from bot.core.reply import Reply
from content import Catalog, load_catalog
from storage.db import Database
from storage.migrate import upgrade
from tests.support.pg import postgres_server, require_postgres
from tests.support.services import Chat, MovableClock, open_services

# The AI mentor's fixtures (a fake model server, services pointed at it) and the
# dashboard's browser (headless Chromium, the fake sign-in providers, the site).
pytest_plugins = ["tests.support.mentor", "tests.support.browser"]

NOW = datetime(2026, 11, 28, 12, 0, tzinfo=UTC)

# MENTORBOT_TEST_WALL_CLOCK=ISO-8601 runs every test with the wall clock moved there (it
# ticks on from it): a test that pairs a fixed instant with the code's own clock fails
# under it. tests/test_time_proof.py runs the date-sensitive modules this way.
WALL_CLOCK = os.environ.get("MENTORBOT_TEST_WALL_CLOCK")


@pytest.fixture(autouse=True)
def _moved_wall_clock() -> Iterator[None]:
    if not WALL_CLOCK:
        yield
        return
    import time_machine

    with time_machine.travel(datetime.fromisoformat(WALL_CLOCK), tick=True):
        yield


@pytest.fixture(scope="session")
def catalog() -> Catalog:
    return load_catalog()


async def _migrate(url: str) -> None:
    db = Database.open(url)
    try:
        await upgrade(db.engine)
    finally:
        await db.close()


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("template") / "template.db"
    asyncio.run(_migrate(f"sqlite+aiosqlite:///{path}"))
    return path


@pytest.fixture(scope="session")
def postgres_admin_url() -> Iterator[str]:
    require_postgres("the PostgreSQL tests are")
    with postgres_server() as url:
        asyncio.run(_create_database(url, "mentorbot_template", template=None))
        asyncio.run(_migrate(str(make_url(url).set(database="mentorbot_template"))))
        yield url


async def _create_database(admin_url: str, name: str, *, template: str | None) -> None:
    import asyncpg

    url = make_url(admin_url)
    conn = await asyncpg.connect(
        host=url.host, port=url.port, user=url.username, database=url.database
    )
    try:
        suffix = f" TEMPLATE {template}" if template else ""
        await conn.execute(f'CREATE DATABASE "{name}"{suffix}')
    finally:
        await conn.close()


@pytest.fixture
def sqlite_url(sqlite_template: Path, tmp_path: Path) -> str:
    path = tmp_path / "mentorbot.db"
    shutil.copyfile(sqlite_template, path)
    return f"sqlite+aiosqlite:///{path}"


@pytest.fixture
def postgres_url(postgres_admin_url: str) -> str:
    name = f"t_{uuid.uuid4().hex[:12]}"
    asyncio.run(_create_database(postgres_admin_url, name, template="mentorbot_template"))
    return str(make_url(postgres_admin_url).set(database=name))


@pytest.fixture(params=["sqlite", "postgres"])
def database_url(request: pytest.FixtureRequest) -> str:
    """A freshly migrated, empty database on each backend."""
    return str(request.getfixturevalue(f"{request.param}_url"))


@pytest.fixture
def clock() -> MovableClock:
    return MovableClock(NOW)


@pytest.fixture
async def services(
    catalog: Catalog, sqlite_url: str, clock: MovableClock
) -> AsyncIterator[Services]:
    """Services on SQLite: for tests that are not about storage."""
    async with open_services(catalog, sqlite_url, clock) as services:
        yield services


@pytest.fixture
async def any_services(
    catalog: Catalog, database_url: str, clock: MovableClock
) -> AsyncIterator[Services]:
    """Services on each backend in turn."""
    async with open_services(catalog, database_url, clock) as services:
        yield services


@pytest.fixture
def actor() -> Actor:
    return Actor(platform="console", workspace_id="local", user_id="alice", display_name="alice")


@pytest.fixture
def chat(services: Services, actor: Actor) -> Chat:
    async def send(text: str) -> Reply:
        return await handle_text(text, actor=actor, services=services)

    return send
