"""Fixtures for driving the real Bolt app over HTTP against the fake Slack Web API."""

from __future__ import annotations

from collections.abc import AsyncIterator

import aiohttp
import pytest
from aiohttp.test_utils import TestServer
from slack_sdk.web.async_client import AsyncWebClient

from adapters.slack.app import build_app
from adapters.slack.http import build_web_app
from bot.commands.services import Services
from tests.fakes.slack_api import FakeSlack
from tests.support.slack import SECRET, TOKEN, USERS, SlackDriver


@pytest.fixture
async def slack() -> AsyncIterator[FakeSlack]:
    async with FakeSlack(users={k: dict(v) for k, v in USERS.items()}) as fake:
        yield fake


@pytest.fixture
async def driver(services: Services, slack: FakeSlack) -> AsyncIterator[SlackDriver]:
    client = AsyncWebClient(token=TOKEN, base_url=slack.api_url)
    app = build_app(services, token=TOKEN, signing_secret=SECRET, client=client)
    web_app = build_web_app(app, services=services, signing_secret=SECRET)
    server = TestServer(web_app, host="127.0.0.1")
    await server.start_server()
    async with aiohttp.ClientSession() as http:
        yield SlackDriver(str(server.make_url("/slack/events")), http, slack)
    await server.close()
