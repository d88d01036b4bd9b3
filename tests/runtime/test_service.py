"""`mentorbot run` as an operator runs it: one process, real HTTP, signals, JSON logs.

The bot runs as a subprocess against the fake Slack Web API; time is pinned with `--now`,
and the test waits for messages with bounded timeouts (never sleeps to pass time).
"""

from __future__ import annotations

import asyncio
import json
import os
import signal
import sqlite3
import sys
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlencode

import aiohttp
import pytest

from bot.commands.dispatch import handle_text
from bot.core.command import Actor
from content.schema import Catalog
from storage.kinds import NudgeKind, OutboxStatus
from tests.fakes.slack_api import FakeSlack
from tests.support.net import free_port
from tests.support.services import MovableClock, open_services
from tests.support.slack import SECRET, TOKEN, USERS, bot_environment, sign

MENTORBOT = str(Path(sys.executable).parent / "mentorbot")
# Monday 2026-11-30 09:01 in Berlin: the member's challenge is due.
NOW = "2026-11-30T08:01:00+00:00"
TIMEOUT = 60.0


async def seed_member(catalog: Catalog, url: str) -> None:
    """A Slack member nudged on Mondays at 09:00 Berlin time, who joined the week before."""
    from storage.migrate import upgrade

    clock = MovableClock(datetime(2026, 11, 28, tzinfo=UTC))
    async with open_services(catalog, url, clock) as services:
        await upgrade(services.db.engine)
        actor = Actor(platform="slack", workspace_id="T1", user_id="U1", display_name="alice")
        await handle_text(
            "start tz=Europe/Berlin day=mon time=09:00", actor=actor, services=services
        )


@dataclass
class Bot:
    """A running `mentorbot run` and what it wrote to stderr."""

    process: asyncio.subprocess.Process
    port: int
    lines: list[str] = field(default_factory=list)
    reader: asyncio.Task[None] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    async def read(self) -> None:
        assert self.process.stderr is not None
        async for raw in self.process.stderr:
            self.lines.append(raw.decode().rstrip("\n"))

    async def wait_for_line(self, text: str) -> None:
        async def seen() -> None:
            while not any(text in line for line in self.lines):
                if self.process.returncode is not None:
                    raise AssertionError("exited early:\n" + "\n".join(self.lines))
                await asyncio.sleep(0.05)

        await asyncio.wait_for(seen(), TIMEOUT)

    async def stop(self) -> int:
        self.process.send_signal(signal.SIGTERM)
        code = await asyncio.wait_for(self.process.wait(), TIMEOUT)
        if self.reader is not None:
            await self.reader
        return code


@pytest.fixture
async def slack() -> AsyncIterator[FakeSlack]:
    async with FakeSlack(users=USERS) as fake:
        yield fake


async def start_bot(tmp_path: Path, catalog: Catalog, slack: FakeSlack) -> Bot:
    """`mentorbot run` on a fresh SQLite file in `tmp_path` that holds one seeded member."""
    url = f"sqlite+aiosqlite:///{tmp_path}/bot.db"
    await seed_member(catalog, url)
    port = free_port()
    environment = {
        **bot_environment(home=str(tmp_path), url=url, api_url=slack.api_url, port=port),
        "SHUTDOWN_GRACE_SECONDS": "20",
    }
    process = await asyncio.create_subprocess_exec(
        MENTORBOT,
        "run",
        "--now",
        NOW,
        cwd=tmp_path,
        env=environment,
        stdin=asyncio.subprocess.DEVNULL,
        stdout=asyncio.subprocess.DEVNULL,
        stderr=asyncio.subprocess.PIPE,
    )
    bot = Bot(process, port)
    bot.reader = asyncio.create_task(bot.read())
    return bot


async def get(http: aiohttp.ClientSession, url: str) -> tuple[int, str]:
    async with http.get(url) as resp:
        return resp.status, await resp.text()


async def healthy_metrics(http: aiohttp.ClientSession, bot: Bot) -> str:
    """The bot's /metrics text, once /healthz and /readyz have answered 200."""
    assert (await get(http, bot.url + "/healthz"))[0] == 200
    status, body = await get(http, bot.url + "/readyz")
    assert status == 200, body
    return (await get(http, bot.url + "/metrics"))[1]


def metric(text: str, name: str, **labels: str) -> float:
    """The value of one sample in Prometheus text, 0 if absent."""
    want = ",".join(f'{k}="{v}"' for k, v in sorted(labels.items()))
    for line in text.splitlines():
        if line.startswith("#"):
            continue
        sample, _, value = line.rpartition(" ")
        if sample.split("{")[0] != name:
            continue
        got = sample.partition("{")[2].rstrip("}")
        if ",".join(sorted(got.split(","))) == want if got else not want:
            return float(value)
    return 0.0


@pytest.mark.slow
async def test_run_delivers_a_due_nudge_serves_health_and_metrics_and_stops_on_sigterm(
    tmp_path: Path, catalog: Catalog, slack: FakeSlack
) -> None:
    bot = await start_bot(tmp_path, catalog, slack)
    try:
        # The scheduler runs inside `run`: no other process delivers the nudge.
        posts = await slack.wait_for("chat.postMessage", timeout=TIMEOUT)
        assert posts[0]["channel"] == "DU1"
        await bot.wait_for_line("Slack over HTTP")
        async with aiohttp.ClientSession() as http:
            text = await healthy_metrics(http, bot)
            sent = dict(event="sent", kind=NudgeKind.CHALLENGE, platform="slack")
            assert metric(text, "mentorbot_nudges_total", **sent) == 1.0
            assert metric(text, "mentorbot_tick_seconds_count") >= 1.0
            plan = dict(command="plan", platform="slack", outcome="ok")
            assert metric(text, "mentorbot_commands_total", **plan) == 0.0

            body_text = urlencode(
                {
                    "team_id": "T1",
                    "channel_id": "C1",
                    "user_id": "U1",
                    "user_name": "alice",
                    "command": "/mentor",
                    "text": "plan",
                    "response_url": slack.response_url("r1"),
                    "trigger_id": "1.2.3",
                }
            )
            async with http.post(
                bot.url + "/slack/events", data=body_text.encode(), headers=sign(body_text)
            ) as resp:
                assert resp.status == 200
                await slack.acked(resp.status, resp.content_type, await resp.text())
            await slack.wait_for("response_url", timeout=TIMEOUT)
            _, text = await get(http, bot.url + "/metrics")
            assert metric(text, "mentorbot_commands_total", **plan) == 1.0
            assert metric(text, "mentorbot_command_seconds_count", command="plan", platform="slack")
    finally:
        code = await bot.stop()
    assert code == 0, "\n".join(bot.lines)
    records = [json.loads(line) for line in bot.lines]  # every line is one JSON object
    messages = [r["message"] for r in records]
    assert any(m.startswith("mentorbot ") and "serving" in m for m in messages), messages
    assert any("scheduler" in m for m in messages if "serving" in m)
    assert messages[-1] == "stopped cleanly"
    assert all({"time", "level", "logger", "message"} <= r.keys() for r in records)
    # A healthy start and stop alarms nobody: no warning, no error.
    assert [r for r in records if r["level"] in ("WARNING", "ERROR")] == []
    everything = "\n".join(bot.lines)
    assert TOKEN not in everything and SECRET not in everything
    assert not slack.invalid


@pytest.mark.slow
async def test_sigterm_during_a_delivery_lets_it_finish_and_exits_0(
    tmp_path: Path, catalog: Catalog, slack: FakeSlack
) -> None:
    gate = slack.hold["chat.postMessage"] = asyncio.Event()
    bot = await start_bot(tmp_path, catalog, slack)
    try:
        await slack.wait_for("chat.postMessage", timeout=TIMEOUT)  # the post is in flight
        bot.process.send_signal(signal.SIGTERM)
        await bot.wait_for_line("stopping")
        gate.set()  # Slack answers only after the process was told to stop
        code = await asyncio.wait_for(bot.process.wait(), TIMEOUT)
        assert bot.reader is not None
        await bot.reader
    finally:
        gate.set()
        if bot.process.returncode is None:
            bot.process.kill()
            await bot.process.wait()
    assert code == 0, "\n".join(bot.lines)
    with sqlite3.connect(tmp_path / "bot.db") as db:
        rows = db.execute("SELECT kind, status, lease_until FROM outbox").fetchall()
    # The delivery in flight completed; nothing is left leased to the stopped worker.
    assert (NudgeKind.CHALLENGE, OutboxStatus.SENT, None) in rows
    assert all(lease is None for _, _, lease in rows)
    assert len(slack.of("chat.postMessage")) == 1
    # A stop during a job is routine: no error, no traceback in the log.
    levels = [json.loads(line)["level"] for line in bot.lines]
    assert "ERROR" not in levels, "\n".join(bot.lines)


@pytest.mark.slow
async def test_the_procfile_bot_line_keeps_running_without_stdin_or_tokens(
    tmp_path: Path,
) -> None:
    """`mentorbot run` as a service with no token: the scheduler and METRICS_PORT stay up."""
    port = free_port()
    process = await asyncio.create_subprocess_exec(
        MENTORBOT,
        "run",
        cwd=tmp_path,
        env={
            "PATH": os.environ.get("PATH", ""),
            "HOME": str(tmp_path),
            "DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path}/bot.db",
            "METRICS_PORT": str(port),
        },
        stdin=asyncio.subprocess.DEVNULL,
        stdout=asyncio.subprocess.DEVNULL,
        stderr=asyncio.subprocess.PIPE,
    )
    bot = Bot(process, port)
    bot.reader = asyncio.create_task(bot.read())
    try:
        await bot.wait_for_line("health and metrics on port")
        async with aiohttp.ClientSession() as http:
            text = await healthy_metrics(http, bot)
            assert "mentorbot_outbox_pending" in text
        assert process.returncode is None  # still running
    finally:
        bot.process.send_signal(signal.SIGINT)  # Ctrl-C stops it as cleanly as SIGTERM
        code = await asyncio.wait_for(bot.process.wait(), TIMEOUT)
        await bot.reader
    assert code == 0, "\n".join(bot.lines)
    assert "stopping (SIGINT)" in "\n".join(bot.lines)
    assert "serving metrics" in "\n".join(bot.lines) and "scheduler(" in "\n".join(bot.lines)
