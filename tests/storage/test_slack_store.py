"""slack_sdk's async installation and OAuth state stores on tables our migration created."""

from __future__ import annotations

from slack_sdk.oauth.installation_store.sqlalchemy import AsyncSQLAlchemyInstallationStore
from slack_sdk.oauth.state_store.sqlalchemy import AsyncSQLAlchemyOAuthStateStore
from sqlalchemy import MetaData, inspect

from storage.db import Database
from tests.support.slack import installation


async def test_the_migration_matches_slack_sdks_tables(database_url: str) -> None:
    db = Database.open(database_url)
    try:
        store = AsyncSQLAlchemyInstallationStore(client_id="111.222", engine=db.engine)
        states = AsyncSQLAlchemyOAuthStateStore(expiration_seconds=600, engine=db.engine)
        expected: dict[str, set[str]] = {}
        for metadata in (store.metadata, states.metadata):
            assert isinstance(metadata, MetaData)
            for table in metadata.tables.values():
                expected[table.name] = {c.name for c in table.columns}

        def columns(connection: object) -> dict[str, set[str]]:
            inspector = inspect(connection)
            return {name: {c["name"] for c in inspector.get_columns(name)} for name in expected}

        async with db.engine.connect() as conn:
            found = await conn.run_sync(columns)
        assert found == expected
    finally:
        await db.close()


async def test_installations_and_states_round_trip(database_url: str) -> None:
    db = Database.open(database_url)
    try:
        store = AsyncSQLAlchemyInstallationStore(client_id="111.222", engine=db.engine)
        await store.async_save(installation("T1", "xoxb-T1-fake"))
        await store.async_save(installation("T2", "xoxb-T2-fake"))
        bot = await store.async_find_bot(enterprise_id=None, team_id="T2")
        assert bot is not None and bot.bot_token == "xoxb-T2-fake"
        found = await store.async_find_installation(enterprise_id=None, team_id="T1")
        assert found is not None and found.bot_token == "xoxb-T1-fake"
        await store.async_delete_all(enterprise_id=None, team_id="T2")
        assert await store.async_find_bot(enterprise_id=None, team_id="T2") is None
        assert await store.async_find_bot(enterprise_id=None, team_id="T1") is not None

        states = AsyncSQLAlchemyOAuthStateStore(expiration_seconds=600, engine=db.engine)
        state = await states.async_issue()
        assert await states.async_consume(state) is True
        assert await states.async_consume(state) is False  # single use
    finally:
        await db.close()
