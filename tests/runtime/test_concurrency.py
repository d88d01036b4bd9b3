"""Two terminal chats writing the same SQLite file at once never see "database is locked"."""

from __future__ import annotations

import asyncio
import os
import shutil
import subprocess
import sys
from pathlib import Path

from sqlalchemy import text

from storage.db import Database

ROUNDS = 30


def _script(user: str) -> str:
    lines = ["start stage=mid path=ml-engineer"]
    skills = ["python", "statistics", "machine-learning", "sql-data", "cloud"]
    for i in range(ROUNDS):
        lines.append(f"assess {skills[i % len(skills)]} {i % 4 + 1}")
        lines.append("checkin on-track 4" if i % 2 else "tip")
    return "\n".join(lines) + "\n"


def test_two_chats_share_one_sqlite_file(sqlite_template: Path, tmp_path: Path) -> None:
    db_file = tmp_path / "shared.db"
    shutil.copyfile(sqlite_template, db_file)
    url = f"sqlite+aiosqlite:///{db_file}"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "DISCORD_"))}
    env.update(DATABASE_URL=url, LOG_LEVEL="ERROR")
    procs = [
        subprocess.Popen(
            [sys.executable, "-m", "bot", "console", "--as", user],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            cwd=tmp_path,
            env=env,
        )
        for user in ("alice", "bob")
    ]
    results = [
        p.communicate(_script(user), timeout=180)
        for p, user in zip(procs, ("alice", "bob"), strict=True)
    ]
    for proc, (out, err) in zip(procs, results, strict=True):
        assert proc.returncode == 0, err
        assert "locked" not in (out + err).lower()
        assert "Something went wrong" not in out
        assert out.count("Rating saved") == ROUNDS
        assert out.count("Check-in updated") == ROUNDS // 2 - 1  # one check-in a week

    async def count() -> tuple[int, int]:
        db = Database.open(url)
        try:
            async with db.engine.connect() as conn:
                ratings = (
                    await conn.execute(text("SELECT count(*) FROM skillrating"))
                ).scalar_one()
                checkins = (await conn.execute(text("SELECT count(*) FROM checkin"))).scalar_one()
                return int(ratings), int(checkins)
        finally:
            await db.close()

    assert asyncio.run(count()) == (2 * ROUNDS, 2)
