"""Headless Chromium for the dashboard's browser tests: Debian's /usr/bin/chromium driven
by Playwright (which never downloads a browser here), the fake sign-in providers, the
real dashboard on loopback, screenshots at two widths and axe-core's findings.

One browser per test module (its fixture and the tests share the module's event loop),
a fresh context (cookies, storage) per test.
"""

from __future__ import annotations

import os
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
import pytest_asyncio
from pydantic import SecretStr

from bot.commands.services import Services
from bot.core.command import Actor
from tests.fakes.signin import DISCORD_CLIENT, SLACK_CLIENT, FakeSignin
from tests.support.services import MovableClock, open_services, seen
from tests.support.web import configured, dashboard

if TYPE_CHECKING:
    from aiohttp.test_utils import TestServer
    from playwright.async_api import Browser, BrowserContext, ConsoleMessage, Page

    from content import Catalog

CHROMIUM = Path("/usr/bin/chromium")
SCREENSHOTS = Path(__file__).resolve().parents[2] / "out" / "screenshots"
WIDTHS = (375, 1440)
SERIOUS = {"serious", "critical"}


def browser_or_skip() -> str:
    """Debian's chromium (and Playwright); skip when either is missing, except under
    CI=true, where the tests fail instead."""
    missing = None
    try:
        import axe_playwright_python  # noqa: F401
        import playwright.async_api  # noqa: F401
    except ImportError:
        missing = "playwright or axe-playwright-python is not installed (pip install -e '.[dev]')"
    if missing is None and not CHROMIUM.exists():
        missing = "no /usr/bin/chromium (apt-get install chromium)"
    if missing is None:
        return str(CHROMIUM)
    if os.environ.get("CI") == "true":
        pytest.fail(f"{missing}: the browser tests cannot run, and CI=true requires them")
    pytest.skip(f"{missing}: browser tests skipped")


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def chromium() -> AsyncIterator[Browser]:
    """One headless Chromium for the module."""
    path = browser_or_skip()
    os.environ.setdefault("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")
    from playwright.async_api import async_playwright

    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=path, headless=True)
        try:
            yield browser
        finally:
            await browser.close()


@dataclass
class Site:
    """The dashboard and the fake providers it signs in with, for one test."""

    services: Services
    clock: MovableClock
    server: TestServer
    signin: FakeSignin
    browser: Browser
    contexts: list[BrowserContext] = field(default_factory=list)
    # What the browser reported against the CSP (an inline style or script would be).
    refused: list[str] = field(default_factory=list)

    def url(self, path: str) -> str:
        return str(self.server.make_url(path))

    async def context(self, **options: Any) -> BrowserContext:
        """A fresh browser profile (no cookies) that downloads files when asked."""
        context = await self.browser.new_context(accept_downloads=True, **options)
        context.set_default_timeout(5000)
        context.on("console", self._console)
        self.contexts.append(context)
        return context

    def _console(self, message: ConsoleMessage) -> None:
        if "Content Security Policy" in message.text:
            self.refused.append(message.text)

    async def slack_page(self, team: str, user: str) -> Page:
        """A new profile signed in with Slack as `user` of the workspace `team`."""
        self.signin.slack_user = (team, user)
        page = await (await self.context()).new_page()
        await page.goto(self.url("/web/login"))
        await page.get_by_role("link", name="Sign in with Slack").click()
        await page.wait_for_load_state()
        return page

    async def discord_page(self, user: str) -> Page:
        """A new profile signed in with Discord as `user`."""
        self.signin.discord_user = user
        page = await (await self.context()).new_page()
        await page.goto(self.url("/web/login"))
        await page.get_by_role("link", name="Sign in with Discord").click()
        await page.wait_for_load_state()
        return page


@pytest_asyncio.fixture(loop_scope="module")
async def site(
    chromium: Browser, catalog: Catalog, sqlite_url: str, clock: MovableClock
) -> AsyncIterator[Site]:
    """Services on SQLite, the fake providers and the real dashboard, on the module's loop."""
    async with (
        open_services(catalog, sqlite_url, clock) as services,
        FakeSignin() as fake,
    ):
        wired = configured(
            services,
            slack_client_id=SLACK_CLIENT[0],
            slack_client_secret=SecretStr(SLACK_CLIENT[1]),
            slack_openid_url=fake.slack_authorize,
            slack_api_url=fake.slack_api,
            discord_client_id=DISCORD_CLIENT[0],
            discord_client_secret=SecretStr(DISCORD_CLIENT[1]),
            discord_authorize_url=fake.discord_authorize,
            discord_api_url=fake.discord_api,
        )
        async with dashboard(wired) as server:
            site = Site(wired, clock, server, fake, chromium)
            try:
                yield site
            finally:
                for context in site.contexts:
                    await context.close()
            assert site.refused == [], "the CSP refused something a page needs"


async def say(services: Services, actor: Actor, text: str) -> str:
    """What `actor` sees for `text`, as the chat shows it."""
    return (await seen(text, actor=actor, services=services)).plain_text()


async def seed_workspace(
    services: Services, *, platform: str, workspace: str, people: dict[str, str], blocked: str
) -> None:
    """A team `ml-platform` in `workspace`: `people` maps user ids to names; the first is
    its manager, the others members. Members rate python lower down the list (the
    first 3, the next 2, …); `blocked` shares being blocked."""
    ids = list(people)
    root = Actor(
        platform,
        workspace,
        "UR00T" if platform == "slack" else "999999999999999999",
        display_name="root",
        is_admin=True,
    )
    actors = {uid: Actor(platform, workspace, uid, display_name=people[uid]) for uid in ids}
    for uid in ids:
        await say(services, actors[uid], "start stage=mid path=mlops-engineer tz=UTC")
    mentions = " ".join(f"<@{uid}>" for uid in ids[1:])
    for text in (
        "team create ml-platform",
        f"team managers ml-platform add <@{ids[0]}>",
        f"team add ml-platform {mentions}",
    ):
        assert "didn't work" not in await say(services, root, text), text
    for rank, uid in enumerate(ids[1:]):
        await say(services, actors[uid], f"assess python {max(1, 3 - rank)}")
    await _history(services, [actors[uid] for uid in ids[1:]])
    await say(services, actors[blocked], "checkin blocked 2 waiting for GPU quota share")


async def _history(services: Services, members: list[Actor]) -> None:
    """A few more ratings (some skills left unrated), six weeks of check-ins and a finished
    challenge, so the chart and the matrix have something to show."""
    clock = services.clock
    assert isinstance(clock, MovableClock)
    now = clock.at
    for rank, actor in enumerate(members):
        await say(services, actor, f"assess algorithms {2 + rank % 2}")
        await say(services, actor, f"assess machine-learning {min(4, 1 + rank)}")
        if rank != 1:
            await say(services, actor, f"assess sql-data {max(1, 4 - rank)}")
    for weeks in range(6, 0, -1):
        clock.at = now - timedelta(weeks=weeks)
        for actor in members[: 1 + weeks % len(members)]:
            await say(services, actor, "checkin on-track 4")
        if weeks % 2:
            await say(services, members[0], "challenge")
            await say(services, members[0], "challenge done")
    clock.at = now


async def shoot(page: Page, name: str) -> list[Path]:
    """Full-page screenshots at 375 and 1440 px; fails when the page scrolls sideways."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    shots = []
    for width in WIDTHS:
        await page.set_viewport_size({"width": width, "height": 900})
        overflow = await page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0, f"{name} scrolls sideways by {overflow}px at {width}px"
        path = SCREENSHOTS / f"{name}-{width}.png"
        await page.screenshot(path=str(path), full_page=True)
        shots.append(path)
    return shots


async def serious_violations(page: Page) -> list[str]:
    """axe-core's serious and critical findings on the page, one line each."""
    from axe_playwright_python.async_playwright import Axe

    results = await Axe().run(page)
    return [
        f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:3]}"
        for v in results.response["violations"]
        if v.get("impact") in SERIOUS
    ]


async def member_id(services: Services, platform: str, workspace: str, user: str) -> int:
    """The id of the member a platform identity is (for forging addresses with it)."""
    from storage import members

    async with services.db.snapshot() as session:
        found = await members.find_member(
            session=session, platform=platform, workspace_external_id=workspace, user_id=user
        )
    assert found is not None and found.id is not None
    return found.id
