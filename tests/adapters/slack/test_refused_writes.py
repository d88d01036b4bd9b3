"""A database that refuses writes, through the real Slack HTTP front: every slash command
is answered "can't save right now" (never HTTP 500, never a traceback), an event is
refused with 503 + Retry-After and runs when Slack resends it, and /readyz turns 503
within 10 s while /healthz stays up."""

from __future__ import annotations

import json
import logging
import sqlite3
from collections.abc import Iterator
from typing import Any

import aiohttp
import pytest
from aiohttp.test_utils import TestServer
from sqlalchemy import event

from bot.commands.services import Services
from bot.runtime.health import PROBE_EVERY_SECONDS, Readiness, health_app
from storage.migrate import upgrade
from tests.fakes.slack_api import FakeSlack
from tests.support.slack import SlackDriver, sign


class Disk:
    """The engine's writes fail the way a full SQLite disk fails, while `full` is set."""

    def __init__(self, services: Services) -> None:
        self.full = False
        event.listen(services.db.engine.sync_engine, "before_cursor_execute", self._write)

    def _write(self, _conn: Any, _cursor: Any, statement: str, *_: Any) -> None:
        verb = statement.lstrip().split(" ", 1)[0].upper()
        if self.full and verb in {"INSERT", "UPDATE", "DELETE"}:
            raise sqlite3.OperationalError("database or disk is full")


class Seconds:
    """A monotonic clock the test moves."""

    def __init__(self) -> None:
        self.at = 1000.0

    def __call__(self) -> float:
        return self.at


def _dm(text: str, user: str = "U1") -> dict[str, Any]:
    return {
        "type": "message",
        "channel_type": "im",
        "channel": f"D{user}",
        "user": user,
        "text": text,
        "ts": "1764500000.000100",
    }


@pytest.fixture
def loud(caplog: pytest.LogCaptureFixture) -> Iterator[pytest.LogCaptureFixture]:
    caplog.set_level(logging.INFO)
    yield caplog
    assert not [r for r in caplog.records if r.exc_info], "a traceback reached the log"


async def test_refused_writes_are_answered_counted_and_make_readyz_fail(
    services: Services, driver: SlackDriver, slack: FakeSlack, loud: pytest.LogCaptureFixture
) -> None:
    await upgrade(services.db.engine)
    seconds = Seconds()
    readiness = Readiness(services.db, monotonic=seconds)
    health = TestServer(health_app(readiness), host="127.0.0.1")
    await health.start_server()
    disk = Disk(services)
    try:
        async with aiohttp.ClientSession() as http:

            async def readyz() -> tuple[int, dict[str, Any]]:
                async with http.get(health.make_url("/readyz")) as resp:
                    return resp.status, await resp.json()

            assert (await readyz())[0] == 200
            status, _ = await driver.command("start")
            assert status == 200
            disk.full = True

            statuses = []
            for text in ("plan", "checkin on-track 4 fine", "assess python 3", "help"):
                status, body = await driver.command(text)
                statuses.append(status)
                assert "can't save right now" in json.loads(body)["text"], body
            assert statuses == [200] * 4

            status, _ = await driver.event(_dm("plan"))
            assert status == 503  # Slack resends it

            seconds.at += PROBE_EVERY_SECONDS  # within 10 s of the disk filling up
            status, answer = await readyz()
            assert status == 503 and answer["problems"] == ["database refuses writes (disk_full)"]
            async with http.get(health.make_url("/healthz")) as resp:
                assert resp.status == 200

            disk.full = False
            seconds.at += PROBE_EVERY_SECONDS
            assert (await readyz())[0] == 200
            # Slack's resend of the refused event runs; a resend after a slow answer doesn't.
            before = len(slack.of("chat.postMessage"))
            body = json.dumps(
                {
                    "token": "legacy",
                    "team_id": "T1",
                    "api_app_id": "A1",
                    "type": "event_callback",
                    "event_id": "Ev-resent",
                    "event": _dm("plan"),
                    "authorizations": [{"team_id": "T1", "user_id": "UBOT", "is_bot": True}],
                }
            )
            retry = {"Content-Type": "application/json", "X-Slack-Retry-Num": "1"}
            status, _ = await driver.post(
                body, {**sign(body), **retry, "X-Slack-Retry-Reason": "http_timeout"}
            )
            assert status == 200
            status, _ = await driver.post(
                body, {**sign(body), **retry, "X-Slack-Retry-Reason": "http_error"}
            )
            assert status == 200
            posted = await slack.wait_for("chat.postMessage", before + 1)
            assert "learning plan" in json.dumps(posted[-1]).lower()
            await driver.command("help")  # a later request, to let any stray event finish
            assert len(slack.of("chat.postMessage")) == before + 1
    finally:
        await health.close()
    # What this process said (an earlier test's unclosed session, collected now, is not).
    ours = ("bot", "adapters", "scheduler", "storage", "aiohttp.server", "slack_bolt")
    warnings = [r for r in loud.records if r.levelno >= logging.WARNING and r.name.startswith(ours)]
    assert len(warnings) <= 1, [r.getMessage() for r in warnings]  # one per minute per cause
