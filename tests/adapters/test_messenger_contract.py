"""One contract for the Messenger port, run against the in-memory fake, the real Slack
messenger on the fake Slack Web API and the real Discord messenger on the fake Discord API.

A new platform proves itself by passing it. The port has no channel send (nudges go to
DMs only), so the contract has none either.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import discord
import pytest
from slack_sdk.web.async_client import AsyncWebClient

from adapters.discord.app import MentorClient
from adapters.discord.messenger import DiscordMessenger
from adapters.slack.messenger import SlackMessenger
from bot.commands.services import Services
from bot.core.errors import DeliveryError
from bot.core.ports import PACE, Messenger
from bot.core.reply import Reply, Text
from tests.fakes.discord_api import FakeDiscord
from tests.fakes.messenger import FakeMessenger
from tests.fakes.slack_api import FakeSlack
from tests.support.hostile import (
    PIECES,
    check_discord,
    check_slack,
    check_slack_mrkdwn,
    hostile_reply,
    no_marks,
)
from tests.support.slack import TOKEN

KEY = "7:challenge:2026-W48"
REPLY = Reply(title="Your challenge for this week", blocks=(Text("**Ship the eval harness.**"),))


@dataclass
class Platform:
    """A messenger and the few ways a test reaches into the platform behind it."""

    messenger: Messenger
    user_id: str
    # What reached the platform, one string per message (its whole payload as text).
    delivered: Callable[[], list[str]]
    # Queue a rate limit asking for `seconds`, or a permanent failure, for the next send.
    rate_limit: Callable[[float], None]
    close_dms: Callable[[], None]
    # Assert that nothing delivered can ping anyone or carries live member markup.
    assert_inert: Callable[[], None]


def _fake() -> Platform:
    fake = FakeMessenger()

    def inert() -> None:
        for d in fake.delivered:  # the terminal has no pings; its text must carry no marks
            no_marks(d.text)

    return Platform(
        messenger=fake,
        user_id="alice",
        delivered=lambda: [d.text for d in fake.delivered],
        rate_limit=fake.rate_limit,
        close_dms=fake.close_dms,
        assert_inert=inert,
    )


def _slack(slack: FakeSlack) -> Platform:
    # No retry handlers: the rate limit must reach the dispatcher as a DeliveryError.
    messenger = SlackMessenger(AsyncWebClient(token=TOKEN, base_url=slack.api_url))

    def rate_limit(seconds: float) -> None:
        headers = {"Retry-After": str(int(seconds))}
        slack.fail("chat.postMessage", 429, {"ok": False, "error": "ratelimited"}, headers)

    def inert() -> None:
        assert slack.invalid == []
        for post in slack.of("chat.postMessage"):
            blocks = post["blocks"]
            check_slack({"blocks": json.loads(blocks) if isinstance(blocks, str) else blocks})
            check_slack_mrkdwn(post["text"])

    return Platform(
        messenger=messenger,
        user_id="U1",
        # Accepted posts only (the fake records a call before it fails it).
        delivered=lambda: [json.dumps(m) for m in reversed(slack.history.get("DU1", []))],
        rate_limit=rate_limit,
        close_dms=lambda: slack.fail(
            "conversations.open", 200, {"ok": False, "error": "user_not_found"}
        ),
        assert_inert=inert,
    )


def _discord(api: FakeDiscord, client: discord.Client) -> Platform:
    def inert() -> None:
        for body in api.of("message"):
            assert body["allowed_mentions"]["parse"] == [], body["allowed_mentions"]
            for embed in body.get("embeds") or []:
                for part in (embed.get("title", ""), embed.get("description", "")):
                    check_discord(part)
                for field in embed.get("fields", []):
                    check_discord(field["name"])
                    check_discord(field["value"])

    return Platform(
        messenger=DiscordMessenger(client),
        user_id="300000000000000001",
        delivered=lambda: [json.dumps(b) for b in api.of("message")],
        rate_limit=api.rate_limit,
        close_dms=lambda: api.fail(403, {"message": "Cannot send messages", "code": 50007}),
        assert_inert=inert,
    )


@pytest.fixture(params=["fake", "slack", "discord"])
async def platform(
    request: pytest.FixtureRequest,
    services: Services,
    slack: FakeSlack,
    monkeypatch: pytest.MonkeyPatch,
) -> AsyncIterator[Platform]:
    if request.param == "fake":
        yield _fake()
    elif request.param == "slack":
        yield _slack(slack)
    else:
        async with FakeDiscord() as api:
            monkeypatch.setattr(discord.http.Route, "BASE", api.base)
            client = MentorClient(services)
            await client.login("fake-token-not-real")
            try:
                yield _discord(api, client)
            finally:
                await client.close()


def _recently() -> datetime:
    return datetime.now(UTC) - timedelta(minutes=1)


async def test_a_reply_reaches_the_members_dm(platform: Platform) -> None:
    await platform.messenger.send(user_id=platform.user_id, reply=REPLY, key=KEY)
    (message,) = platform.delivered()
    assert "Ship the eval harness." in message


async def test_already_sent_finds_a_sent_key_and_not_an_unsent_one(platform: Platform) -> None:
    since = _recently()
    messenger, user_id = platform.messenger, platform.user_id
    assert not await messenger.already_sent(user_id=user_id, key=KEY, since=since)
    await messenger.send(user_id=user_id, reply=REPLY, key=KEY)
    assert await messenger.already_sent(user_id=user_id, key=KEY, since=since)
    assert not await messenger.already_sent(user_id=user_id, key="7:tip:2026-W48", since=since)


async def test_a_rate_limit_is_a_retryable_delivery_error_saying_how_long(
    platform: Platform,
) -> None:
    platform.rate_limit(60)
    with pytest.raises(DeliveryError) as raised:
        await platform.messenger.send(user_id=platform.user_id, reply=REPLY, key=KEY)
    assert raised.value.retry is True and raised.value.retry_after == 60
    assert platform.delivered() == []


async def test_a_closed_dm_is_a_permanent_delivery_error(platform: Platform) -> None:
    platform.close_dms()
    with pytest.raises(DeliveryError) as raised:
        await platform.messenger.send(user_id=platform.user_id, reply=REPLY, key=KEY)
    assert raised.value.retry is False
    assert platform.delivered() == []


async def test_member_text_is_neutralised_and_pings_nobody(platform: Platform) -> None:
    hostile = "".join(PIECES[:12])  # every ping and link form each platform knows
    await platform.messenger.send(user_id=platform.user_id, reply=hostile_reply(hostile), key=KEY)
    assert platform.delivered()
    platform.assert_inert()


async def test_each_message_waits_for_its_pace_right_before_it_goes_out(
    platform: Platform,
) -> None:
    seen: list[int] = []  # messages on the platform when each pace was entered

    class Pace:  # reusable, as the dispatcher's pacer is
        async def __aenter__(self) -> None:
            seen.append(len(platform.delivered()))

        async def __aexit__(self, *exc: object) -> None:
            return None

    long = Reply(title="A long one", blocks=tuple(Text(f"part {n} " * 400) for n in range(60)))
    token = PACE.set(Pace())  # as the dispatcher does around each delivery
    try:
        await platform.messenger.send(user_id=platform.user_id, reply=long, key=KEY)
    finally:
        PACE.reset(token)
    pages = len(platform.delivered())
    assert seen == list(range(pages)), (seen, pages)  # once per message, each before it went
