"""The AI mentor under test: a fake OpenAI-compatible server on loopback, and services whose
settings and model point at it (the mentor still off until a test turns it on).

Registered as a plugin in tests/conftest.py; a module takes them by asking for
`model_services` (usually as its `services`)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import replace

import pytest

from adapters.llm.client import ChatModel
from bot.commands.services import Services
from content import Catalog
from tests.fakes.openai_api import FakeOpenAI
from tests.support.services import MovableClock, open_services

ASKS_PER_DAY = 3


@pytest.fixture
async def fake() -> AsyncIterator[FakeOpenAI]:
    async with FakeOpenAI() as server:
        yield server


@pytest.fixture
async def model_services(
    catalog: Catalog, sqlite_url: str, clock: MovableClock, fake: FakeOpenAI
) -> AsyncIterator[Services]:
    async with open_services(catalog, sqlite_url, clock) as plain:
        settings = plain.settings.model_copy(
            update={
                "llm_base_url": fake.base_url,
                "llm_model": "fake-7b",
                "llm_asks_per_day": ASKS_PER_DAY,
            }
        )
        model = ChatModel(base_url=fake.base_url, model="fake-7b", api_key="sk-test", timeout=0.3)
        yield replace(plain, settings=settings, model=model)
        await model.close()
