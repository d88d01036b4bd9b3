"""A real full disk under a serving `mentorbot run`: SQLite on a small tmpfs that the test
fills. Signed Slack commands are answered "can't save right now" (never HTTP 500), the
log has no traceback, /readyz turns 503 within 10 s, and once space returns everything
works again. Needs to mount a tmpfs (root); elsewhere tests/adapters/slack/test_refused_writes.py
injects the same failure at the engine."""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlencode

import aiohttp
import pytest

from bot.commands.dispatch import handle_text
from bot.core.command import Actor
from content.schema import Catalog
from storage.migrate import upgrade
from tests.fakes.slack_api import FakeSlack
from tests.support.net import free_port
from tests.support.services import MovableClock, open_services
from tests.support.slack import USERS, bot_environment, sign

MENTORBOT = str(Path(sys.executable).parent / "mentorbot")
TIMEOUT = 60.0


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    disk = tmp_path / "disk"
    disk.mkdir()
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=6m", "tmpfs", str(disk)],
        capture_output=True,
        check=False,
    )
    if mounted.returncode != 0:
        pytest.skip("cannot mount a tmpfs here (needs root): test_refused_writes injects it")
    try:
        yield disk
    finally:
        subprocess.run(["umount", "-l", str(disk)], capture_output=True, check=False)


def _fill(disk: Path) -> Path:
    filler = disk / "filler"
    with filler.open("wb") as out:
        try:
            while True:
                out.write(b"\0" * 65536)
                out.flush()
        except OSError:
            pass
    return filler


async def _until(check: object, what: str) -> None:
    deadline = time.monotonic() + TIMEOUT
    while not await check():  # type: ignore[operator]
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        await asyncio.sleep(0.1)


def _command(text: str, slack: FakeSlack, n: int) -> str:
    return urlencode(
        {
            "team_id": "T1",
            "team_domain": "t",
            "channel_id": "C1",
            "user_id": "U1",
            "user_name": USERS["U1"]["name"],
            "command": "/mentor",
            "text": text,
            "api_app_id": "A1",
            "response_url": slack.response_url(f"r{n}"),
            "trigger_id": "1.2.trigger",
        }
    )


async def test_a_full_disk_under_mentorbot_run(
    small_disk: Path, catalog: Catalog, tmp_path: Path
) -> None:
    url = f"sqlite+aiosqlite:///{small_disk}/bot.db"
    async with open_services(catalog, url, MovableClock(datetime(2026, 11, 28, tzinfo=UTC))) as s:
        await upgrade(s.db.engine)
        alice = Actor(platform="slack", workspace_id="T1", user_id="U1", display_name="alice")
        await handle_text("start", actor=alice, services=s)
    async with FakeSlack(users={k: dict(v) for k, v in USERS.items()}) as slack:
        port = free_port()
        env = bot_environment(home=str(tmp_path), url=url, api_url=slack.api_url, port=port)
        bot = await asyncio.create_subprocess_exec(
            MENTORBOT,
            "run",
            cwd=tmp_path,
            env=env,
            stdin=asyncio.subprocess.DEVNULL,
            stdout=asyncio.subprocess.DEVNULL,
            stderr=asyncio.subprocess.PIPE,
        )
        base = f"http://127.0.0.1:{port}"
        try:
            async with aiohttp.ClientSession() as http:

                async def ready(want: int) -> bool:
                    try:
                        async with http.get(base + "/readyz") as resp:
                            return resp.status == want
                    except aiohttp.ClientError:
                        return False

                await _until(lambda: ready(200), "/readyz 200")
                filler = _fill(small_disk)
                filled = time.monotonic()
                statuses, texts = [], []
                for n, text in enumerate(("assess python 3", "checkin on-track 4 ok", "plan")):
                    body = _command(text, slack, n)
                    async with http.post(
                        base + "/slack/events", data=body, headers=sign(body)
                    ) as r:
                        statuses.append(r.status)
                        texts.append(await r.text())
                await _until(lambda: ready(503), "/readyz 503")
                assert time.monotonic() - filled <= 10.0
                assert 500 not in statuses, statuses
                assert statuses == [200, 200, 200]
                for text in texts:  # in the ack itself: Slack never resends a slash command
                    assert "can't save right now" in json.loads(text)["text"], text
                filler.unlink()  # space is back
                await _until(lambda: ready(200), "/readyz 200 again")
                body = _command("assess python 2", slack, 9)
                async with http.post(base + "/slack/events", data=body, headers=sign(body)) as r:
                    assert r.status == 200
        finally:
            bot.terminate()
            _, err = await asyncio.wait_for(bot.communicate(), TIMEOUT)
        log = err.decode()
        assert "Traceback" not in log, log[-3000:]
        assert bot.returncode == 0, log[-3000:]


def test_a_full_disk_at_start_up_says_disk_full(small_disk: Path, tmp_path: Path) -> None:
    _fill(small_disk)
    done = subprocess.run(
        [MENTORBOT, "console", "--as", "alice"],
        input="help\n",
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env={
            "PATH": os.environ.get("PATH", ""),
            "HOME": str(tmp_path),
            "DATABASE_URL": f"sqlite+aiosqlite:///{small_disk}/new.db",
        },
        timeout=120,
        check=False,
    )
    assert done.returncode == 2, done.stderr
    assert f"the database at {small_disk}/new.db can't be written: disk full" in done.stderr
    assert "cannot reach" not in done.stderr and "Traceback" not in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1, done.stderr
