"""Interactions for discord.py's own tree: users, slash commands, components, and sending them."""

from __future__ import annotations

import itertools
from typing import Any

from adapters.discord.app import MentorClient
from tests.fakes.discord_api import FakeDiscord

GUILD = "100000000000000001"


APP = "900000000000000001"


ALICE = "300000000000000001"


def user(uid: str = ALICE, name: str = "alice") -> dict[str, Any]:
    return {
        "id": uid,
        "username": name,
        "discriminator": "0",
        "global_name": name.title(),
        "avatar": None,
    }


def interaction(
    kind: int, data: dict[str, Any], *, dm: bool = False, permissions: str = "0"
) -> dict[str, Any]:
    n = next(_ids)
    payload: dict[str, Any] = {
        "id": str(500000000000000000 + n),
        "application_id": APP,
        "type": kind,
        "token": f"tok{n}",
        "version": 1,
        "locale": "en-US",
        "data": data,
        "app_permissions": "0",
        "entitlements": [],
        "authorizing_integration_owners": {},
        "attachment_size_limit": 10485760,
        "channel_id": "200000000000000001",
        "channel": (
            {"id": "200000000000000001", "type": 1, "recipients": [user()], "last_message_id": None}
            if dm
            else {
                "id": "200000000000000001",
                "type": 0,
                "name": "general",
                "position": 0,
                "guild_id": GUILD,
                "permission_overwrites": [],
                "nsfw": False,
                "parent_id": None,
                "permissions": "0",
            }
        ),
    }
    if dm:
        payload["user"] = user()
        payload["context"] = 1
    else:
        payload["guild_id"] = GUILD
        payload["guild_locale"] = "en-US"
        payload["context"] = 0
        payload["member"] = {
            "user": user(),
            "roles": [],
            "joined_at": "2024-01-01T00:00:00+00:00",
            "deaf": False,
            "mute": False,
            "flags": 0,
            "permissions": permissions,
        }
    return payload


def component(
    custom_id: str, *, values: list[str] | None = None, dm: bool = False
) -> dict[str, Any]:
    """A button click (or select choice) on a message the bot sent earlier."""
    from tests.fakes.discord_api import message_payload

    if values is None:
        item = {"type": 2, "custom_id": custom_id, "style": 2, "label": "x"}
        data: dict[str, Any] = {"custom_id": custom_id, "component_type": 2}
    else:
        item = {
            "type": 3,
            "custom_id": custom_id,
            "options": [{"label": v, "value": v} for v in values],
        }
        data = {"custom_id": custom_id, "component_type": 3, "values": values}
    payload = interaction(3, data, dm=dm)
    payload["message"] = message_payload(
        "200000000000000001", {"components": [{"type": 1, "components": [item]}]}, 1
    )
    return payload


def slash(path: list[str], options: dict[str, Any] | None = None) -> dict[str, Any]:
    leaf: list[dict[str, Any]] = [
        {"type": 4 if isinstance(v, int) else 3, "name": k, "value": v}
        for k, v in (options or {}).items()
    ]
    node: dict[str, Any] = {"type": 1, "name": path[-1], "options": leaf}
    if len(path) == 2:
        node = {"type": 2, "name": path[0], "options": [node]}
    return {"id": "400000000000000001", "name": "mentor", "type": 1, "options": [node]}


async def send(client: MentorClient, api: FakeDiscord, payload: dict[str, Any]) -> dict[str, Any]:
    before = len(api.of("callback"))
    client._connection.parse_interaction_create(payload)
    return (await api.wait_for("callback", before + 1))[before]


async def run_slash(
    client: MentorClient, api: FakeDiscord, words: list[str], **options: Any
) -> dict[str, Any]:
    return await send(client, api, interaction(2, slash(words, options)))


_ids = itertools.count(1)
