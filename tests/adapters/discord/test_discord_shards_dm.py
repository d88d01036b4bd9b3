"""A sharded Discord client on the fake gateway, and a check-in answered by DM."""

from __future__ import annotations

import asyncio
import json
from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

import discord
import pytest
import yarl

from adapters.discord.app import MentorClient
from adapters.discord.messenger import DiscordMessenger
from bot.commands.services import Services
from scheduler.delivery import Outcome
from scheduler.dispatcher import dispatch
from scheduler.planner import plan_due
from storage import learning, members
from storage.kinds import NudgeKind
from tests.fakes.discord_api import FakeDiscord
from tests.support.discord import (
    ALICE,
    GUILD,
    component,
    interaction,
    run_slash,
    send,
    slash,
    user,
)
from tests.support.services import MovableClock


async def no_identify_spacing(self: MentorClient, shard_id: int | None, *, initial: bool) -> None:
    """discord.py waits 5 s between two shards' IDENTIFYs; the fake gateway needs no pause."""


async def run_sharded(
    services: Services, api: FakeDiscord, monkeypatch: pytest.MonkeyPatch
) -> list[dict[str, Any]]:
    monkeypatch.setattr(MentorClient, "before_identify_hook", no_identify_spacing)
    monkeypatch.setattr(
        discord.gateway.DiscordWebSocket, "DEFAULT_GATEWAY", yarl.URL(api.gateway_url)
    )
    sharded = MentorClient(services)
    runner = asyncio.create_task(sharded.start("fake-token-not-real"))
    try:
        identifies = await api.wait_for("gateway_op_2", 2)
        await asyncio.wait_for(sharded.wait_until_ready(), 10)
        assert sharded.shard_count == 2 and sorted(sharded.shards) == [0, 1]
        # An interaction on either shard is answered.
        await api.dispatch_queue.put(
            {
                "t": "INTERACTION_CREATE",
                "d": interaction(2, slash(["explore"], {"topic": "stages"})),
            }
        )
        answer = (await api.wait_for("callback"))[-1]
        assert answer["type"] == 4 and "Junior AI Engineer" in json.dumps(answer["data"])
        return identifies
    finally:
        await sharded.close()
        runner.cancel()
        await asyncio.gather(runner, return_exceptions=True)


async def test_two_shards_as_discord_recommends(
    services: Services, discord_api: FakeDiscord, monkeypatch: pytest.MonkeyPatch
) -> None:
    discord_api.shards = 2  # GET /gateway/bot says two
    identifies = await run_sharded(services, discord_api, monkeypatch)
    assert sorted(tuple(i["shard"]) for i in identifies) == [(0, 2), (1, 2)]
    assert all(i["intents"] == discord.Intents.default().value for i in identifies)


async def test_two_shards_from_the_setting(
    services: Services, discord_api: FakeDiscord, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings = services.settings.model_copy(update={"discord_shards": 2})
    identifies = await run_sharded(replace(services, settings=settings), discord_api, monkeypatch)
    assert sorted(tuple(i["shard"]) for i in identifies) == [(0, 2), (1, 2)]


def dm_message(text: str, n: int) -> dict[str, Any]:
    return {
        "id": str(600000000000000000 + n),
        "channel_id": "200000000000000009",
        "type": 0,
        "content": text,
        "author": user(),
        "attachments": [],
        "embeds": [],
        "mentions": [],
        "mention_roles": [],
        "pinned": False,
        "mention_everyone": False,
        "tts": False,
        "timestamp": "2026-12-04T09:10:00+00:00",
        "edited_timestamp": None,
        "flags": 0,
        "components": [],
    }


async def test_a_dm_answers_the_checkin_nudge(
    client: MentorClient, discord_api: FakeDiscord, services: Services, clock: MovableClock
) -> None:
    await run_slash(client, discord_api, ["start"], stage="mid", tz="UTC")
    friday = datetime(2026, 12, 4, 9, 5, tzinfo=UTC)  # Monday 09:00 + four days
    clock.at = friday
    await plan_due(services.db, now=friday)
    result = await dispatch(services, {"discord": DiscordMessenger(client)}, worker="w")
    assert [d.kind for d in result.deliveries if d.outcome == Outcome.SENT] == [NudgeKind.CHECKIN]
    await send(client, discord_api, component("mentor:checkin slow", dm=True))

    before = len(discord_api.of("message"))
    client._connection.parse_message_create(dm_message("three reviews and a demo", 1))
    answer = (await discord_api.wait_for("message", before + 1))[before]
    # The button saved the check-in; the reply adds its note (one check-in a week).
    assert "Check-in updated" in json.dumps(answer["embeds"])
    assert answer["allowed_mentions"] == {"parse": []}  # never pings anyone

    async with services.db.transaction() as session:
        member = await members.find_member(
            session=session, platform="discord", workspace_external_id=GUILD, user_id=ALICE
        )
        assert member is not None and member.id is not None
        saved = (await learning.checkins(session=session, member_id=member.id))[-1]
    assert (saved.status, saved.note, saved.shared) == ("slow", "three reviews and a demo", False)


async def test_a_dm_command_on_discord(client: MentorClient, discord_api: FakeDiscord) -> None:
    await run_slash(client, discord_api, ["start"], stage="mid")
    client._connection.parse_message_create(dm_message("progress", 2))
    answer = (await discord_api.wait_for("message"))[-1]
    assert "Your progress" in json.dumps(answer["embeds"])
