"""Attacks on the Discord side, through discord.py's own tree and a fake REST API."""

from __future__ import annotations

from typing import Any

from adapters.discord.app import MentorClient
from adapters.discord.messenger import DiscordMessenger
from bot.commands.dispatch import handle_text
from bot.commands.services import Services
from bot.core.command import Actor
from tests.fakes.discord_api import FakeDiscord
from tests.support.discord import GUILD, interaction, send, slash, user
from tests.support.hostile import check_discord

BOB = "300000000000000002"
ADMIN = "300000000000000009"
EVIL = "[Claim your Nitro](https://evil.example/) @everyone <@300000000000000002>"


def as_user(payload: dict[str, Any], uid: str, name: str) -> dict[str, Any]:
    payload["member"]["user"] = {**user(uid, "x"), "global_name": name}
    return payload


def wire_texts(body: dict[str, Any]) -> list[str]:
    data = body.get("data", body)
    texts = [data.get("content") or ""]
    for embed in data.get("embeds") or []:
        texts += [embed.get("title", ""), embed.get("description", "")]
        texts += [f["name"] + f["value"] for f in embed.get("fields", [])]
    return texts


async def test_a_phishing_admin_name_neither_links_nor_pings(
    client: MentorClient, discord_api: FakeDiscord, services: Services
) -> None:
    await send(client, discord_api, as_user(interaction(2, slash(["team", "show"])), BOB, "bob"))
    admin = "32"  # MANAGE_GUILD
    create = interaction(2, slash(["team", "create"], {"name": "ml"}), permissions=admin)
    await send(client, discord_api, as_user(create, ADMIN, EVIL))
    add = interaction(
        2, slash(["team", "add"], {"name": "ml", "people": f"<@{BOB}>"}), permissions=admin
    )
    answer = await send(client, discord_api, as_user(add, ADMIN, EVIL))
    assert answer["data"]["allowed_mentions"] == {"parse": []}
    assert "bob" in str(answer["data"]["embeds"])
    # The DM bob receives ("added by …") goes through the messenger.
    bob = Actor(platform="discord", workspace_id=GUILD, user_id=BOB, display_name="bob")
    privacy = await handle_text("team privacy", actor=bob, services=services)
    await DiscordMessenger(client).send(user_id=BOB, reply=privacy, key="k")
    dm = discord_api.of("message")[-1]
    assert dm["allowed_mentions"] == {"parse": []}
    assert "Claim your Nitro" in str(dm["embeds"])
    for text in wire_texts(dm):
        check_discord(text)


async def test_every_interaction_answer_mentions_nobody(
    client: MentorClient, discord_api: FakeDiscord
) -> None:
    await send(client, discord_api, interaction(2, slash(["start"], {"stage": "mid"})))
    for words in (["plan", "show"], ["mydata", "show"], ["mydata", "export"], ["help"]):
        await send(client, discord_api, interaction(2, slash(words)))
    bodies = [b for kind, b in discord_api.calls if kind in ("callback", "followup")]
    sent = [b.get("data", b) for b in bodies if b.get("type", 4) != 9 and b.get("type") != 5]
    assert sent
    for body in sent:
        assert body.get("allowed_mentions") == {"parse": []}, body


async def test_an_id_from_another_guild_is_not_invited(
    client: MentorClient, discord_api: FakeDiscord
) -> None:
    stranger = "300000000000000099"  # a Discord user who is not in this guild
    discord_api.guild_members[GUILD] = {ADMIN, BOB}
    admin = "32"  # MANAGE_GUILD
    create = interaction(2, slash(["team", "create"], {"name": "ml"}), permissions=admin)
    await send(client, discord_api, as_user(create, ADMIN, "admin"))
    add = interaction(
        2, slash(["team", "add"], {"name": "ml", "people": f"<@{stranger}>"}), permissions=admin
    )
    answer = await send(client, discord_api, as_user(add, ADMIN, "admin"))
    assert "isn't a member of this workspace" in str(answer["data"]["embeds"])
    assert {"guild": GUILD, "user": stranger} in discord_api.of("member")
    assert not [m for m in discord_api.of("create_dm") if stranger in str(m)]
