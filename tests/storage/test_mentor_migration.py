"""Migration 0012 (the AI mentor's tables) on SQLite and PostgreSQL: down to 0011, up, and the
repositories working on what it made."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import inspect
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.commands.services import Services
from storage import members
from storage.mentor import ai

NOW = datetime(2026, 11, 28, 12, 0, tzinfo=UTC)

TABLES = {"aiswitch", "aioptout", "askcount", "teamsummaryrecord"}


def _downgrade(connection: object, revision: str) -> None:
    from alembic import command

    from storage.migrate import alembic_config

    config = alembic_config()
    config.attributes["connection"] = connection
    command.downgrade(config, revision)


async def _tables(engine: AsyncEngine) -> set[str]:
    async with engine.connect() as conn:
        return set(await conn.run_sync(lambda c: inspect(c).get_table_names()))


async def test_migration_0012_goes_down_and_up_and_its_tables_work(
    any_services: Services,
) -> None:
    from storage.migrate import current_revision, head_revision, upgrade

    engine = any_services.db.engine
    async with engine.begin() as conn:
        await conn.run_sync(_downgrade, "0011")
    assert not TABLES & await _tables(engine)
    await upgrade(engine)
    assert await current_revision(engine) == head_revision()
    assert await _tables(engine) >= TABLES
    async with any_services.db.transaction() as session:
        member = await members.get_or_create_member(
            session=session,
            platform="console",
            workspace_external_id="local",
            user_id="alice",
            display_name="alice",
            now=NOW,
        )
        assert member.id is not None
        await ai.switch_ai(
            session=session, workspace_id=member.workspace_id, enabled=True, by=member.id, now=NOW
        )
        await ai.set_opt_out(session=session, member_id=member.id, off=True, now=NOW)
        assert await ai.take_ask(session=session, member_id=member.id, day=NOW.date(), limit=1)
        assert not await ai.take_ask(session=session, member_id=member.id, day=NOW.date(), limit=1)
        await members.forget_member(session=session, member_id=member.id)
    async with any_services.db.transaction() as session:
        switch = await ai.ai_switch(session=session, workspace_id=member.workspace_id)
        assert switch is not None and switch.enabled and switch.changed_by is None
        assert not await ai.opted_out(session=session, member_id=member.id)
