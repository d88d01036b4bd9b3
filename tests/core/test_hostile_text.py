"""Hostile member text through all three renderers: nothing pings, links or breaks markup.

Slack and the terminal are checked on the rendered payloads; Discord on what discord.py
actually sends to the (fake) API, for a DM and for an interaction response.
"""

from __future__ import annotations

import io
import json
from collections.abc import AsyncIterator, Iterator
from typing import Any

import discord
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from rich.console import Console
from rich.text import Text as RichText

from adapters.console.render import render_plain, render_rich
from adapters.discord.app import MentorClient
from adapters.discord.messenger import DiscordMessenger
from adapters.discord.render import render as render_discord
from adapters.slack.render import render_messages, render_modal
from bot.commands.services import Services
from bot.core import reply as r
from bot.core.markup import user
from tests.fakes.discord_api import FakeDiscord
from tests.support.hostile import (
    ALLOWED,
    PIECES,
    _no_pings,
    check_discord,
    check_slack,
    check_slack_mrkdwn,
    hostile_reply,
    no_marks,
)

HOSTILE = st.lists(st.sampled_from(PIECES) | st.text(max_size=6), min_size=1, max_size=10).map(
    "".join
)


def examples(n: int) -> list[str]:
    """`n` hostile texts drawn by hypothesis (collected, for the async Discord round trips)."""
    out: list[str] = []

    @settings(max_examples=n, database=None, deadline=None, suppress_health_check=list(HealthCheck))
    @given(HOSTILE)
    def collect(text: str) -> None:
        out.append(text)

    collect()
    return out


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(HOSTILE)
def test_slack_payloads_are_inert(text: str) -> None:
    reply = hostile_reply(text)
    for message in render_messages(reply):
        check_slack(message)
        assert isinstance(message["text"], str)
        check_slack_mrkdwn(message["text"])
    form = r.Form(f"Note {user(text)}", "checkin", (r.TextInput("note", user(text), user(text)),))
    check_slack(render_modal(form, private_metadata={}))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(HOSTILE)
def test_discord_embeds_are_inert(text: str) -> None:
    for page in render_discord(hostile_reply(text)):
        embed = page.embed.to_dict()
        for part in (embed.get("title", ""), embed.get("description", "")):
            check_discord(part)
        for field in embed.get("fields", []):
            check_discord(field["name"])
            check_discord(field["value"])


class _Capture(Console):
    """A console that keeps each markup string it prints."""

    def __init__(self) -> None:
        super().__init__(file=io.StringIO(), highlight=False, width=100)
        self.printed: list[str] = []

    def print(self, *objects: Any, **kwargs: Any) -> None:  # type: ignore[override]
        self.printed.extend(o for o in objects if isinstance(o, str))
        super().print(*objects, **kwargs)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(HOSTILE)
@example("][//")  # rich's escape let it and our ", ]" make the tag `[//, ]`
@example("a\\")  # a trailing backslash must not escape our next tag
def test_terminal_output_is_inert(text: str) -> None:
    reply = hostile_reply(text)
    plain = render_plain(reply)
    no_marks(plain)
    console = _Capture()
    render_rich(reply, console)  # a rich markup error would raise here
    for markup in console.printed:
        rendered = RichText.from_markup(markup)
        links = {str(span.style).partition("link ")[2] for span in rendered.spans}
        assert links <= {"", ALLOWED}, markup
        visible = rendered.plain
        no_marks(visible)
        _no_pings(visible)
        assert "://" not in visible.replace(ALLOWED, ""), visible


# Discord, on the wire: every payload discord.py sends carries allowed_mentions parse [].


@pytest.fixture
async def discord_api(monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[FakeDiscord]:
    async with FakeDiscord() as fake:
        monkeypatch.setattr(discord.http.Route, "BASE", fake.base)
        yield fake


def _wire_texts(body: dict[str, Any]) -> Iterator[str]:
    yield body.get("content") or ""
    for embed in body.get("embeds") or []:
        yield embed.get("title", "")
        yield embed.get("description", "")
        for field in embed.get("fields", []):
            yield field["name"]
            yield field["value"]


async def test_discord_dms_never_ping(services: Services, discord_api: FakeDiscord) -> None:
    client = MentorClient(services)
    await client.login("fake-token-not-real")
    try:
        messenger = DiscordMessenger(client)
        for n, text in enumerate(examples(40)):
            await messenger.send(
                user_id="300000000000000001", reply=hostile_reply(text), key=str(n)
            )
        sent = discord_api.of("message")
        assert sent
        for body in sent:
            assert (
                body["allowed_mentions"] == {"parse": []} or body["allowed_mentions"]["parse"] == []
            ), json.dumps(body)[:500]
            for part in _wire_texts(body):
                check_discord(part)
    finally:
        await client.close()


def test_slack_link_addresses_and_labels_are_escaped() -> None:
    from adapters.slack.render import mrkdwn

    out = mrkdwn("[a|b<c>](https://a.example/?x=1&y=<!channel>|z)")
    assert out == "<https://a.example/?x=1&amp;y=&lt;!channel&gt;%7Cz|a¦b&lt;c&gt;>"
