"""Slack OAuth through the real Bolt app: two workspaces installed through the whole flow,
each served with its own bot token by commands and by the scheduler, and an uninstall that
deletes the installation and pauses that workspace's nudges."""

from __future__ import annotations

import asyncio
import re
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from urllib.parse import parse_qs, urlparse

import aiohttp
import pytest
from aiohttp.test_utils import TestServer
from pydantic import SecretStr
from slack_sdk.oauth.installation_store.sqlalchemy import AsyncSQLAlchemyInstallationStore
from slack_sdk.web.async_client import AsyncWebClient

from adapters.slack.app import build_app
from adapters.slack.scopes import BOT_SCOPES
from adapters.slack.serve import messenger_from
from bot.commands.services import Services
from bot.nudging.workspaces import REMOVED
from scheduler.delivery import Outcome
from scheduler.dispatcher import dispatch
from scheduler.planner import plan_due
from storage import members
from tests.fakes.slack_api import FakeSlack
from tests.support.services import MovableClock
from tests.support.slack import SECRET, SlackDriver

MONDAY = datetime(2026, 11, 30, 9, 5, tzinfo=UTC)  # everyone's challenge is due at 09:00 UTC


@dataclass
class OAuthApp:
    services: Services
    base: str
    driver: SlackDriver
    http: aiohttp.ClientSession

    async def install(self, slack: FakeSlack, *, code: str, team: str, name: str) -> str:
        """Visit /slack/install, 'approve' at Slack, follow the redirect back; the page."""
        async with self.http.get(f"{self.base}/slack/install") as resp:
            assert resp.status == 200
            page = await resp.text()
            cookie = resp.headers["Set-Cookie"].split(";")[0]
        link = re.search(r'href="(https://slack.com/oauth/v2/authorize\?[^"]+)"', page)
        assert link is not None, page
        query = parse_qs(urlparse(link.group(1).replace("&amp;", "&")).query)
        assert query["scope"] == [",".join(BOT_SCOPES)]
        assert query["client_id"] == [slack.client_id]
        slack.install(code, team=team, name=name)
        async with self.http.get(
            f"{self.base}/slack/oauth_redirect",
            params={"code": code, "state": query["state"][0]},
            headers={"Cookie": cookie},
        ) as resp:
            assert resp.status == 200, await resp.text()
            return await resp.text()


@pytest.fixture
async def oauth(services: Services, slack: FakeSlack) -> AsyncIterator[OAuthApp]:
    settings = services.settings.model_copy(
        update={
            "slack_client_id": slack.client_id,
            "slack_client_secret": SecretStr(slack.client_secret),
            "slack_api_url": slack.api_url,
        }
    )
    services = replace(services, settings=settings)
    assert settings.slack_oauth_enabled and settings.slack_enabled
    app = build_app(services, signing_secret=SECRET, client=AsyncWebClient(base_url=slack.api_url))
    server = TestServer(app.web_app(path="/slack/events"), host="127.0.0.1")
    await server.start_server()
    async with aiohttp.ClientSession() as http:
        base = str(server.make_url("")).rstrip("/")
        yield OAuthApp(services, base, SlackDriver(f"{base}/slack/events", http, slack), http)
    await server.close()


async def eventually(check: Callable[[], object], timeout: float = 10.0) -> None:
    """Wait for a listener Bolt runs after its ack (an uninstall makes no Slack call)."""

    async def poll() -> None:
        while not await check():  # type: ignore[misc]
            await asyncio.sleep(0.01)

    await asyncio.wait_for(poll(), timeout)


async def pause_reason(services: Services, *, team: str, user: str) -> str | None:
    """Why a member's nudges are paused, if they are."""
    async with services.db.transaction() as session:
        member = await members.find_member(
            session=session, platform="slack", workspace_external_id=team, user_id=user
        )
        assert member is not None and member.id is not None
        profile = await members.get_profile(session=session, member_id=member.id)
        assert profile is not None
        return profile.pause_reason


async def command(driver: SlackDriver, slack: FakeSlack, text: str, user: str) -> str:
    before = len(slack.of("response_url"))
    status, _ = await driver.command(text, user=user)
    assert status == 200
    return str((await slack.wait_for("response_url", before + 1))[before])


async def test_two_workspaces_each_with_its_own_token(
    oauth: OAuthApp, slack: FakeSlack, clock: MovableClock
) -> None:
    services, driver = oauth.services, oauth.driver
    page = await oauth.install(slack, code="code-1", team="T1", name="One")
    assert "Thank you" in page or "installed" in page.lower()
    await oauth.install(slack, code="code-2", team="T2", name="Two")
    store = AsyncSQLAlchemyInstallationStore(client_id=slack.client_id, engine=services.db.engine)
    for team in ("T1", "T2"):
        bot = await store.async_find_bot(enterprise_id=None, team_id=team)
        assert bot is not None and bot.bot_token == f"xoxb-{team}-fake-not-real"
    # Bolt checked each new token with auth.test, carrying that token.
    assert slack.tokens_of("auth.test") == ["xoxb-T1-fake-not-real", "xoxb-T2-fake-not-real"]

    # A command in each workspace is served with that workspace's token.
    setup = "start stage=mid path=mlops-engineer tz=UTC day=mon time=09:00"
    assert "Something went wrong" not in await command(driver, slack, setup, "U1")
    assert "Something went wrong" not in await command(driver, slack, setup, "U3")
    assert "learning plan" in (await command(driver, slack, "plan", "U3")).lower()
    users = {c.data["user"]: c.token for c in slack.calls if c.method == "users.info"}
    assert users == {"U1": "xoxb-T1-fake-not-real", "U3": "xoxb-T2-fake-not-real"}
    # Each Home tab refreshed after `start`, with its own token (`plan` only shows).
    await slack.wait_for("views.publish", 2)
    homes = {c.data["user_id"]: c.token for c in slack.calls if c.method == "views.publish"}
    assert homes == users
    assert slack.of("invalid_auth") == []

    # The scheduler reaches each workspace with its own token too.
    messengers = {"slack": messenger_from(services)}
    clock.at = MONDAY
    planned = await plan_due(services.db, now=MONDAY)
    assert planned.queued == 2
    result = await dispatch(services, messengers, worker="w1")
    assert [d.outcome for d in result.deliveries] == [Outcome.SENT, Outcome.SENT]
    posted = {c.data["channel"]: c.token for c in slack.calls if c.method == "chat.postMessage"}
    assert posted == {"DU1": "xoxb-T1-fake-not-real", "DU3": "xoxb-T2-fake-not-real"}

    # Workspace two removes the app: its installation goes and its nudges pause.
    slack.revoke("T2")
    status, _ = await driver.event({"type": "app_uninstalled"}, team="T2")
    assert status == 200

    async def gone() -> bool:
        return await store.async_find_bot(enterprise_id=None, team_id="T2") is None

    await eventually(gone)
    assert await store.async_find_bot(enterprise_id=None, team_id="T1") is not None

    async def paused() -> bool:
        return await pause_reason(services, team="T2", user="U3") == REMOVED

    await eventually(paused)

    # Next week only workspace one hears from us; nothing is tried with the dead token.
    week = MONDAY + timedelta(days=7)
    clock.at = week
    before = len(slack.calls)
    await plan_due(services.db, now=week)
    result = await dispatch(services, messengers, worker="w1")
    assert [d.member for d in result.deliveries] == ["slack:U1"]
    assert all(c.token != "xoxb-T2-fake-not-real" for c in slack.calls[before:])

    # A command from the removed workspace gets Bolt's "reinstall" answer, not a crash.
    answer = await command(driver, slack, "plan", "U3")
    assert "reinstall" in answer.lower()

    # Installing again resumes the paused nudges, and they go out with the new token, though
    # the scheduler cached the old one a moment ago.
    await oauth.install(slack, code="code-3", team="T2", name="Two")
    assert not await paused()
    week = MONDAY + timedelta(days=14)
    clock.at = week
    before = len(slack.calls)
    await plan_due(services.db, now=week)
    for minutes in (5, 20):  # the stale token's failure is retried with the new one
        clock.at = week + timedelta(minutes=minutes)
        await dispatch(services, messengers, worker="w1")
    sent = [c for c in slack.calls[before:] if c.method == "chat.postMessage"]
    posted = {c.data["channel"]: c.token for c in sent}
    assert posted == {"DU1": "xoxb-T1-fake-not-real", "DU3": "xoxb-T2-2-fake-not-real"}
    assert not await paused()


async def test_a_revoked_bot_token_deletes_the_bot_and_pauses(
    oauth: OAuthApp, slack: FakeSlack
) -> None:
    services, driver = oauth.services, oauth.driver
    await oauth.install(slack, code="code-1", team="T1", name="One")
    await command(driver, slack, "start tz=UTC", "U1")
    store = AsyncSQLAlchemyInstallationStore(client_id=slack.client_id, engine=services.db.engine)
    slack.revoke("T1")
    status, _ = await driver.event(
        {"type": "tokens_revoked", "tokens": {"oauth": [], "bot": ["UBOTT1"]}}, team="T1"
    )
    assert status == 200

    async def gone() -> bool:
        return await store.async_find_bot(enterprise_id=None, team_id="T1") is None

    await eventually(gone)

    async def paused() -> bool:
        return await pause_reason(services, team="T1", user="U1") == REMOVED

    await eventually(paused)
    answer = await command(driver, slack, "nudges", "U1")
    assert "reinstall" in answer.lower()  # Bolt: no installation for this workspace


async def test_a_bot_token_keeps_one_workspace_and_the_client_pair_only_signs_people_in(
    services: Services, slack: FakeSlack
) -> None:
    """One workspace that wants Sign in with Slack on the dashboard sets the app's client
    pair beside its bot token: that must not turn it into an OAuth install."""
    settings = services.settings.model_copy(
        update={
            "slack_bot_token": SecretStr("xoxb-one-workspace-not-real"),
            "slack_client_id": slack.client_id,
            "slack_client_secret": SecretStr(slack.client_secret),
        }
    )
    assert settings.slack_enabled and settings.slack_signin_enabled
    assert not settings.slack_oauth_enabled
    one = replace(services, settings=settings)
    app = build_app(one, token="xoxb-one-workspace-not-real", signing_secret=SECRET)
    assert app.oauth_flow is None  # no /slack/install: the token serves its workspace
