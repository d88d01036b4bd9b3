"""The web dashboard under test: a team seeded through the real core, the real aiohttp app
on loopback, one-time links and an HTTP client signed in with one (the browser is in
tests/support/browser.py)."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import replace
from datetime import timedelta
from typing import Any

from aiohttp import ClientSession, CookieJar, web
from aiohttp.test_utils import TestServer

from adapters.web.app import standalone_app
from bot.commands.services import Services
from bot.features.access.signin import issue_link
from tests.support.services import MovableClock
from tests.support.teams import as_, setup_teams


def configured(services: Services, **settings: Any) -> Services:
    """The services with some settings changed (sign-in providers, secrets)."""
    return replace(services, settings=services.settings.model_copy(update=settings))


async def seed_team(services: Services, clock: MovableClock) -> None:
    """ml-platform (mia manages ann and bob) with ratings, challenges and check-ins over
    a few weeks; bob shares being blocked; ann keeps a private note."""
    await setup_teams(services)
    for who in ("ann", "bob", "mia"):
        await as_(services, who, "start stage=mid path=mlops-engineer tz=UTC")
    start = clock.at
    clock.at = start - timedelta(weeks=3)
    await as_(services, "ann", "assess python 2")
    await as_(services, "bob", "assess python 4")
    await as_(services, "ann", "checkin slow 3 my secret worry")
    clock.at = start - timedelta(weeks=2)
    await as_(services, "ann", "challenge")
    await as_(services, "ann", "challenge done https://example.com/pr/1")
    await as_(services, "ann", "assess python 3")
    await as_(services, "bob", "checkin on-track 4")
    clock.at = start - timedelta(weeks=1)
    await as_(services, "bob", "assess statistics 1")
    await as_(services, "ann", "checkin on-track 4 going well share")
    clock.at = start
    await as_(services, "bob", "checkin blocked 2 no GPU access share")


async def link_for(services: Services, who: str) -> str:
    """The path of a fresh one-time sign-in link for `who`."""
    token = await issue_link(services, who=who, now=services.clock.now())
    return f"/web/login/link/{token}"


@asynccontextmanager
async def dashboard(
    services: Services, app: web.Application | None = None
) -> AsyncIterator[TestServer]:
    """The real dashboard app served on loopback."""
    server = TestServer(app or standalone_app(services), host="127.0.0.1")
    await server.start_server()
    try:
        yield server
    finally:
        await server.close()


@asynccontextmanager
async def browsing(server: TestServer, link: str | None = None) -> AsyncIterator[ClientSession]:
    """An HTTP client of the dashboard, signed in through `link` (a one-time link's path)."""
    jar = CookieJar(unsafe=True)  # loopback by IP: keep its cookies
    async with ClientSession(base_url=str(server.make_url("")), cookie_jar=jar) as http:
        if link is not None:
            async with http.get(link, allow_redirects=False) as response:
                assert response.status == 303, await response.text()
        yield http


def csrf_of(html: str) -> str:
    """The CSRF token in a page's forms."""
    found = re.search(r'name="csrf" value="([^"]+)"', html)
    assert found is not None, "the page has no form with a CSRF token"
    return found.group(1)
