"""/mentor through discord.py's own CommandTree and views, with a local fake REST API."""

from __future__ import annotations

import json
from typing import Any

import discord
import pytest

from adapters.discord.app import MentorClient
from adapters.discord.messenger import DiscordMessenger, nonce_for
from adapters.discord.render import render
from bot.commands.registry import CommandSpec
from bot.commands.services import Services
from bot.core.errors import DeliveryError
from bot.core.reply import Fields, Items, Reply, Text
from tests.fakes.discord_api import FakeDiscord
from tests.support.discord import (
    ALICE,
    component,
    interaction,
    run_slash,
    send,
    slash,
)


def embed_text(callback: dict[str, Any]) -> str:
    return json.dumps(callback.get("data", {}).get("embeds", []))


def discord_path(spec: CommandSpec, registry: Any) -> list[str]:
    if registry.children((spec.path[0],)):
        return [spec.path[0], spec.path[1] if len(spec.path) > 1 else "show"]
    return [spec.path[0]]


EXAMPLE_OPTIONS: dict[str, dict[str, Any]] = {
    "explore": {"topic": "paths", "name": "mlops-engineer"},
    "help": {"command": "plan"},
    "start": {"stage": "mid", "path": "mlops-engineer", "tz": "Europe/Berlin"},
    "profile set": {"field": "tz", "value": "Asia/Kolkata"},
    "assess": {"skill": "python", "level": 3},
    "plan target": {"stage": "senior"},
    "challenge done": {"evidence": "https://example.org/pr/1"},
    "tip": {"skill": "statistics"},
    "checkin": {"status": "slow", "details": "3 busy week"},
    "mydata forget": {"confirm": "confirm"},
}


async def test_every_command(
    client: MentorClient, discord_api: FakeDiscord, services: Services
) -> None:
    await run_slash(client, discord_api, ["start"], stage="mid")
    for spec in services.registry.all():
        if spec.name == "mydata forget":
            continue
        path = discord_path(spec, services.registry)
        callback = await run_slash(client, discord_api, path, **EXAMPLE_OPTIONS.get(spec.name, {}))
        assert callback["type"] in (4, 9), spec.name  # a message, or a modal for a form
        if callback["type"] == 4:
            assert callback["data"]["flags"] & 64, spec.name  # ephemeral
            assert "Something went wrong" not in embed_text(callback), spec.name


async def test_a_modal_submit_round_trip(client: MentorClient, discord_api: FakeDiscord) -> None:
    callback = await run_slash(client, discord_api, ["start"])
    assert callback["type"] == 9  # MODAL
    modal = callback["data"]
    assert len(modal["components"]) <= 5 and len(modal["title"]) <= 45
    values = {
        "stage": "senior",
        "path": "data-engineer",
        "tz": "America/Chicago",
        "day": "tue",
        "time": "07:45",
    }
    rows = []
    for row, name in zip(modal["components"], ["stage", "path", "tz", "day", "time"], strict=True):
        box = row["components"][0]
        rows.append(
            {
                "type": 1,
                "components": [{"type": 4, "custom_id": box["custom_id"], "value": values[name]}],
            }
        )
    answer = await send(
        client, discord_api, interaction(5, {"custom_id": modal["custom_id"], "components": rows})
    )
    assert "Data engineer" in embed_text(answer) and "America/Chicago" in embed_text(answer)


async def test_a_button_click(client: MentorClient, discord_api: FakeDiscord) -> None:
    await run_slash(client, discord_api, ["start"])
    shown = await run_slash(client, discord_api, ["challenge", "show"])
    buttons = [
        c for row in shown["data"]["components"] for c in row["components"] if c["type"] == 2
    ]
    assert [b["custom_id"] for b in buttons] == [
        "mentor:challenge done",
        "mentor:challenge another",
        "mentor:challenge skip",
    ]
    answer = await send(client, discord_api, component("mentor:challenge done"))
    assert "Challenge done" in embed_text(answer)


async def test_a_button_in_an_old_dm_works_after_a_restart(
    services: Services, discord_api: FakeDiscord
) -> None:
    fresh = MentorClient(services)  # a new process: no views stored, only dynamic items
    await fresh.login("fake-token-not-real")
    try:
        await run_slash(fresh, discord_api, ["start"])
        answer = await send(fresh, discord_api, component("mentor:tip python", dm=True))
        assert "Reading tip" in embed_text(answer)
    finally:
        await fresh.close()


async def test_a_select(client: MentorClient, discord_api: FakeDiscord) -> None:
    answer = await send(
        client, discord_api, component("mentor-select:explore paths", values=["research-engineer"])
    )
    assert "Research engineer" in embed_text(answer)


async def test_an_out_of_range_option(client: MentorClient, discord_api: FakeDiscord) -> None:
    await run_slash(client, discord_api, ["start"])
    answer = await run_slash(client, discord_api, ["assess"], skill="python", level=9)
    text = json.dumps(answer["data"])
    assert answer["data"]["flags"] & 64
    assert "Traceback" not in text and ("level" in text.lower() or "option" in text.lower())


async def test_bad_input_is_shown_privately_with_what_to_type(
    client: MentorClient, discord_api: FakeDiscord
) -> None:
    answer = await run_slash(client, discord_api, ["explore"], topic="skills", name="pyhton")
    assert answer["data"]["flags"] & 64  # ephemeral
    text = embed_text(answer)
    assert "That didn't work" in text and "Did you mean" in text and "explore skills" in text


async def test_an_unexpected_error_shows_a_reference(
    services: Services, discord_api: FakeDiscord
) -> None:
    async def broken(request: Any) -> Any:
        raise RuntimeError("secret internals")

    services.registry.add(CommandSpec(path=("boom",), summary="Explodes.", handler=broken))
    client = MentorClient(services)
    await client.login("fake-token-not-real")
    try:
        answer = await run_slash(client, discord_api, ["boom"])
        text = embed_text(answer)
        assert "Something went wrong" in text and "ref" in text and "secret internals" not in text
    finally:
        await client.close()


def test_the_tree_keeps_discords_rules(services: Services) -> None:
    import re

    client = MentorClient(services)
    payload = [cmd.to_dict(client.tree) for cmd in client.tree.get_commands()]
    assert [c["name"] for c in payload] == ["mentor"]

    def walk(node: dict[str, Any]) -> None:
        assert re.fullmatch(r"[-_a-z0-9]{1,32}", node["name"]), node["name"]
        assert 1 <= len(node["description"]) <= 100
        options = node.get("options", [])
        assert len(options) <= 25
        for option in options:
            assert len(option.get("choices", [])) <= 25
            walk(option)

    walk(payload[0])


def test_long_content_keeps_embed_limits() -> None:
    reply = Reply(
        title="t" * 400,
        blocks=(
            Text("word " * 4000),
            Fields(tuple((f"k{i}" * 50, "v" * 3000) for i in range(40))),
            Items(tuple("item " * 50 for _ in range(200))),
        ),
    )
    pages = render(reply)
    assert len(pages) > 1
    for page in pages:
        embed = page.embed
        assert len(embed.title or "") <= 256 and len(embed.description or "") <= 4096
        assert len(embed.fields) <= 25 and all(len(f.value or "") <= 1024 for f in embed.fields)
        assert len(embed) <= 6000


async def test_messenger_dm_with_nonce_and_closed_dms(
    client: MentorClient, discord_api: FakeDiscord
) -> None:
    messenger = DiscordMessenger(client)
    await messenger.send(
        user_id=ALICE, reply=Reply(title="Weekly challenge"), key="1:challenge:2026-W48"
    )
    sent = discord_api.of("message")[-1]
    assert sent["nonce"] == nonce_for("1:challenge:2026-W48", 0)
    discord_api.forbidden_dms.add("300000000000000002")
    with pytest.raises(DeliveryError) as info:
        await messenger.send(user_id="300000000000000002", reply=Reply(title="x"))
    assert info.value.retry is False


async def test_a_real_client_over_a_fake_gateway(
    services: Services, discord_api: FakeDiscord, monkeypatch: pytest.MonkeyPatch
) -> None:
    """identify -> READY -> INTERACTION_CREATE -> our callback response, through client.start()."""
    import asyncio

    import yarl

    monkeypatch.setattr(
        discord.gateway.DiscordWebSocket, "DEFAULT_GATEWAY", yarl.URL(discord_api.gateway_url)
    )

    client = MentorClient(services)
    runner = asyncio.create_task(client.start("fake-token-not-real"))
    try:
        identify = (await discord_api.wait_for("gateway_op_2"))[0]
        assert identify["token"] == "fake-token-not-real"
        assert identify["intents"] == discord.Intents.default().value  # no privileged intents
        await asyncio.wait_for(client.wait_until_ready(), 10)
        await discord_api.dispatch_queue.put(
            {
                "t": "INTERACTION_CREATE",
                "d": interaction(2, slash(["explore"], {"topic": "stages"})),
            }
        )
        answer = (await discord_api.wait_for("callback"))[-1]
        assert answer["type"] == 4 and "Junior AI Engineer" in embed_text(answer)
    finally:
        await client.close()
        runner.cancel()
        await asyncio.gather(runner, return_exceptions=True)


def test_manifest_discord_prints_what_sync_registers() -> None:
    from bot.cli import discord_commands

    payload = discord_commands()
    assert payload[0]["name"] == "mentor"
    names = {o["name"] for o in payload[0]["options"]}  # type: ignore[index,union-attr]
    assert {"explore", "plan", "challenge", "checkin", "mydata"} <= names


async def test_assess_by_select_then_level_button(
    client: MentorClient, discord_api: FakeDiscord
) -> None:
    await run_slash(client, discord_api, ["start"])
    listing = await run_slash(client, discord_api, ["assess"])
    assert listing["type"] == 4  # no 14-field modal: a select instead
    selects = [
        c for row in listing["data"]["components"] for c in row["components"] if c["type"] == 3
    ]
    assert selects and selects[0]["custom_id"] == "mentor-select:assess"
    rubric = await send(
        client, discord_api, component("mentor-select:assess", values=["statistics"])
    )
    buttons = [c["custom_id"] for row in rubric["data"]["components"] for c in row["components"]]
    assert buttons == [f"mentor:assess statistics {n}" for n in (1, 2, 3, 4)]
    saved = await send(client, discord_api, component("mentor:assess statistics 3"))
    assert "Rating saved" in embed_text(saved)


async def test_files_follow_the_reply(client: MentorClient, discord_api: FakeDiscord) -> None:
    await run_slash(client, discord_api, ["start"])
    await run_slash(client, discord_api, ["mydata", "export"])
    upload = (await discord_api.wait_for("followup"))[-1]
    assert upload["files"] and upload["files"][0] > 100
