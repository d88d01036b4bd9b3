"""Launch day through the real Slack HTTP front on PostgreSQL: three new workspaces, eight
people in each typing `/mentor start` at the same moment, and every one of the 24 gets a
welcome (on the old select-then-insert, 21 of 24 were told "Something went wrong")."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from typing import Any
from urllib.parse import urlencode

import aiohttp
import pytest
from aiohttp.test_utils import TestServer
from slack_sdk.web.async_client import AsyncWebClient

from adapters.slack.app import build_app
from adapters.slack.http import build_web_app
from bot.commands.services import Services
from content.schema import Catalog
from tests.fakes.slack_api import FakeSlack
from tests.support.services import MovableClock, open_services
from tests.support.slack import SECRET, TOKEN, SlackDriver, sign

TEAMS = ("TA", "TB", "TC")
PEOPLE = 8


def _users() -> dict[str, dict[str, Any]]:
    users = {}
    for team in TEAMS:
        for n in range(PEOPLE):
            user = f"U{team}{n}"
            users[user] = {
                "id": user,
                "team_id": team,
                "name": user.lower(),
                "tz": "Europe/Berlin",
                "profile": {"display_name": user.lower()},
            }
    return users


@pytest.fixture
async def launch(
    postgres_url: str, catalog: Catalog, clock: MovableClock
) -> AsyncIterator[tuple[SlackDriver, FakeSlack, Services]]:
    async with (
        FakeSlack(users=_users()) as slack,
        open_services(catalog, postgres_url, clock) as services,
    ):
        client = AsyncWebClient(token=TOKEN, base_url=slack.api_url)
        app = build_app(services, token=TOKEN, signing_secret=SECRET, client=client)
        server = TestServer(build_web_app(app, services=services, signing_secret=SECRET))
        await server.start_server()
        try:
            async with aiohttp.ClientSession() as http:
                yield (
                    SlackDriver(str(server.make_url("/slack/events")), http, slack),
                    slack,
                    services,
                )
        finally:
            await server.close()


async def test_24_first_starts_at_once_in_3_new_workspaces_get_24_welcomes(
    launch: tuple[SlackDriver, FakeSlack, Services],
) -> None:
    driver, slack, _ = launch

    async def start(team: str, n: int) -> tuple[int, str]:
        user = f"U{team}{n}"
        body = urlencode(
            {
                "team_id": team,
                "team_domain": team.lower(),
                "channel_id": "C1",
                "user_id": user,
                "user_name": user.lower(),
                "command": "/mentor",
                "text": "start",
                "api_app_id": "A1",
                "response_url": slack.response_url(f"{team}{n}"),
                "trigger_id": "1.2.trigger",
            }
        )
        return await driver.post(body, sign(body))

    answers = await asyncio.gather(*(start(t, n) for n in range(PEOPLE) for t in TEAMS))
    assert [status for status, _ in answers] == [200] * len(TEAMS) * PEOPLE
    replies = await slack.wait_for("response_url", len(TEAMS) * PEOPLE)
    texts = [r.get("text", "") + json.dumps(r.get("blocks", [])) for r in replies]
    assert not [t for t in texts if "went wrong" in t or "can't save" in t]
    assert sum("Welcome" in t for t in texts) == len(TEAMS) * PEOPLE, texts[:3]
