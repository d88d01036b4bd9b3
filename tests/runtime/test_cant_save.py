"""A database that refuses writes: the member gets an honest short reply, the operator one
WARNING per minute per cause and a counter, never a traceback."""

from __future__ import annotations

import logging
import os
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from prometheus_client import REGISTRY
from sqlalchemy import event

from bot.commands.dispatch import handle_text
from bot.commands.services import Services
from bot.core.command import Actor
from bot.runtime.dberrors import CantSave


def _refuse_writes(services: Services) -> None:
    """Make the engine fail every write the way a full SQLite disk does."""

    def refuse(_conn: Any, _cursor: Any, statement: str, *_: Any) -> None:
        if statement.lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE")):
            raise sqlite3.OperationalError("database or disk is full")

    event.listen(services.db.engine.sync_engine, "before_cursor_execute", refuse)


def _count(cause: str) -> float:
    value = REGISTRY.get_sample_value("mentorbot_db_errors_total", {"cause": cause})
    return value or 0.0


async def test_a_full_disk_is_told_not_hidden(
    services: Services, actor: Actor, caplog: pytest.LogCaptureFixture
) -> None:
    _refuse_writes(services)
    before = _count("disk_full")
    caplog.set_level(logging.INFO)
    for _ in range(3):
        with pytest.raises(CantSave) as caught:
            await handle_text("start", actor=actor, services=services)
        assert "can't save right now" in caught.value.problem
    assert _count("disk_full") - before == 3
    assert not [r for r in caplog.records if r.exc_info]
    loud = [r for r in caplog.records if r.levelno >= logging.WARNING]
    assert len(loud) <= 1


def test_a_read_only_database_at_start_up_says_so(tmp_path: Path) -> None:
    path = tmp_path / "m.db"
    sqlite3.connect(path).execute("create table x(a)").connection.close()
    url = f"sqlite+aiosqlite:///file:{path}?mode=ro&uri=true"
    done = subprocess.run(
        [sys.executable, "-m", "bot", "console", "--as", "a"],
        input="help\n",
        capture_output=True,
        text=True,
        env={**os.environ, "DATABASE_URL": url},
        timeout=120,
    )
    assert done.returncode == 2
    assert f"the database at file:{path} can't be written: read-only" in done.stderr
    assert "cannot reach" not in done.stderr
