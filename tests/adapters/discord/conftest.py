"""Fixtures for the Discord tests: a fake REST API and a real client on it."""

from __future__ import annotations

from collections.abc import AsyncIterator

import discord
import pytest

from adapters.discord.app import MentorClient
from bot.commands.services import Services
from tests.fakes.discord_api import FakeDiscord


@pytest.fixture
async def discord_api(monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[FakeDiscord]:
    async with FakeDiscord() as fake:
        monkeypatch.setattr(discord.http.Route, "BASE", fake.base)
        yield fake


@pytest.fixture
async def client(services: Services, discord_api: FakeDiscord) -> AsyncIterator[MentorClient]:
    client = MentorClient(services)
    await client.login("fake-token-not-real")
    yield client
    await client.close()
