"""Run, sync and describe the Discord side; a messenger built from a token."""

from __future__ import annotations

import logging
from typing import Any

import discord
from discord import app_commands

from adapters.discord.app import MentorClient
from adapters.discord.messenger import DiscordMessenger
from adapters.discord.tree import build_group
from bot.commands.registry import Registry
from bot.commands.services import Services
from bot.runtime.health import Readiness

_log = logging.getLogger(__name__)


async def serve(services: Services, *, token: str, readiness: Readiness | None = None) -> None:
    """Connect to the gateway and serve /mentor until cancelled; then close the client."""
    client = MentorClient(services)

    async def connected() -> bool:
        return client.is_ready() and not client.is_closed()

    if readiness is not None:
        readiness.platforms["discord"] = connected
    _log.info("Discord: connecting to the gateway")
    try:
        await client.start(token)
    finally:
        await client.close()


async def sync(services: Services, *, token: str, guild: int | None) -> int:
    """Register the commands globally or in one guild; return how many."""
    client = MentorClient(services)
    try:
        await client.login(token)
        target = discord.Object(id=guild) if guild else None
        if target is not None:
            client.tree.copy_global_to(guild=target)
        return len(await client.tree.sync(guild=target))
    finally:
        await client.close()


def commands_payload(registry: Registry) -> list[dict[str, Any]]:
    """The app-command definitions `sync` registers, as JSON-ready dicts."""

    async def never(*_: object) -> None:
        return None

    client = discord.Client(intents=discord.Intents.default())
    tree = app_commands.CommandTree(client)
    tree.add_command(build_group(registry, never, lambda kind, current: []))
    return [command.to_dict(tree) for command in tree.get_commands()]


async def messenger_from(token: str) -> tuple[DiscordMessenger, discord.Client]:
    """A DM messenger over REST only (no gateway), and the client to close afterwards."""
    client = discord.Client(intents=discord.Intents.default())
    await client.login(token)
    return DiscordMessenger(client), client
