"""Saying things to the core as one member, and counting what the database holds of them."""

from __future__ import annotations

import io
from pathlib import Path

from sqlalchemy import MetaData, select, text

from adapters.console.app import ConsoleOutput, console_actor, run_lines
from bot.commands.services import Services


async def say(
    services: Services, *lines: str, user: str = "alice", out_dir: Path | None = None
) -> str:
    buffer = io.StringIO()
    output = ConsoleOutput(buffer, rich=False, out_dir=out_dir or Path("out"), owner=user)
    await run_lines(lines, actor=console_actor(user), services=services, output=output)
    return buffer.getvalue()


async def rows_mentioning(services: Services, user_id: str) -> dict[str, int]:
    """Rows in any table that hold the member's id or their user id in any column."""
    found: dict[str, int] = {}
    async with services.db.engine.connect() as conn:
        meta = MetaData()
        await conn.run_sync(meta.reflect)
        member_ids = [
            r[0]
            for r in (
                await conn.execute(text("SELECT id FROM member WHERE user_id = :u"), {"u": user_id})
            )
        ]
        for table in meta.sorted_tables:
            if table.name == "alembic_version":
                continue
            for row in (await conn.execute(select(table))).mappings():
                hit = any(isinstance(v, str) and user_id in v for v in row.values())
                if "member_id" in row and row["member_id"] in member_ids:
                    hit = True
                if table.name == "member" and row["id"] in member_ids:
                    hit = True
                if hit:
                    found[table.name] = found.get(table.name, 0) + 1
    return found
