"""Persistent components: the command a button or select runs lives in its custom id.

Registered as dynamic items at start, so buttons in old DMs keep working after a restart.
"""

from __future__ import annotations

import re
from typing import Any

import discord

from bot.core.command import Source
from bot.core.markup import clip

PREFIX = "mentor:"
SELECT_PREFIX = "mentor-select:"


def custom_id(command: str) -> str:
    """`mentor:challenge done`: the command a component runs (at most 100 characters)."""
    return clip(PREFIX + command, 100)


def bot_of(interaction: discord.Interaction) -> Any:
    """The DiscordBot that owns the client this interaction came to."""
    return interaction.client.mentor  # type: ignore[attr-defined]


class MentorButton(
    discord.ui.DynamicItem[discord.ui.Button[Any]], template=re.escape(PREFIX) + r"(?P<command>.+)"
):
    """A button whose custom id carries the command it runs: survives restarts."""

    def __init__(
        self,
        command: str,
        *,
        label: str = "…",
        style: discord.ButtonStyle = discord.ButtonStyle.secondary,
        row: int | None = None,
    ) -> None:
        super().__init__(
            discord.ui.Button(label=label, custom_id=custom_id(command), style=style, row=row)
        )
        self.command = command

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Item[Any], match: re.Match[str]
    ) -> MentorButton:
        return cls(match["command"])

    async def callback(self, interaction: discord.Interaction) -> None:
        await bot_of(interaction).run_text(interaction, self.command, Source.BUTTON)


class MentorSelect(
    discord.ui.DynamicItem[discord.ui.Select[Any]],
    template=re.escape(SELECT_PREFIX) + r"(?P<command>.+)",
):
    """A select whose choice is appended to the command in its custom id."""

    def __init__(
        self,
        command: str,
        *,
        options: list[discord.SelectOption] | None = None,
        placeholder: str | None = None,
        row: int | None = None,
    ) -> None:
        super().__init__(
            discord.ui.Select(
                custom_id=clip(SELECT_PREFIX + command, 100),
                options=options or [discord.SelectOption(label="…")],
                placeholder=placeholder,
                row=row,
            )
        )
        self.command = command

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Item[Any], match: re.Match[str]
    ) -> MentorSelect:
        return cls(match["command"])

    async def callback(self, interaction: discord.Interaction) -> None:
        values = self.item.values
        text = f"{self.command} {values[0]}" if values else self.command
        await bot_of(interaction).run_text(interaction, text, Source.BUTTON)
