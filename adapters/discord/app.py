"""The discord.py client: the /mentor tree, persistent buttons and selects, modals, replies.

A reply is sent straight away when the core answers within two seconds (so a form can
open as a modal); otherwise the interaction is deferred and the reply follows.
"""

from __future__ import annotations

import asyncio
import io
import logging
from collections.abc import Awaitable, Mapping
from typing import Any

import discord
from discord import app_commands

from adapters.discord.components import MentorButton, MentorSelect, bot_of
from adapters.discord.render import NO_MENTIONS, Page, literal, modal_values, render
from adapters.discord.tree import build_group
from bot.commands.binding import (
    industry_candidates,
    path_candidates,
    skill_candidates,
    stage_candidates,
)
from bot.commands.dispatch import handle, handle_text, unexpected
from bot.commands.edge import shown, submit_form
from bot.commands.matching import normalize
from bot.commands.registry import ArgKind
from bot.commands.services import Services
from bot.core.command import Actor, Command, Source
from bot.core.markup import clip
from bot.core.reply import Form, Reply
from bot.features.learner.dm import handle_dm
from bot.nudging.workspaces import dm_workspace

_log = logging.getLogger(__name__)

PLATFORM = "discord"
DEFER_AFTER = 2.0
RATE_LIMIT_WAIT = 30.0  # seconds; the least discord.py accepts


class MentorClient(discord.AutoShardedClient):
    """A sharded client with only non-privileged intents, the mentor tree and our dynamic
    items. The shard count is DISCORD_SHARDS if set, else what Discord recommends (Discord
    requires sharding past 2,500 guilds).

    A rate limit longer than RATE_LIMIT_WAIT seconds raises instead of sleeping inside the
    send, so the nudge dispatcher (which holds a lease on the row) decides when to retry."""

    def __init__(self, services: Services, **options: Any) -> None:
        options.setdefault("allowed_mentions", NO_MENTIONS)
        options.setdefault("max_ratelimit_timeout", RATE_LIMIT_WAIT)
        options.setdefault("shard_count", services.settings.discord_shards)
        super().__init__(intents=discord.Intents.default(), **options)
        self.mentor = DiscordBot(self, services)
        services.directories["discord"] = DiscordDirectory(self)
        self.tree = app_commands.CommandTree(self)
        self.tree.add_command(
            build_group(services.registry, self.mentor.run_path, self.mentor.complete)
        )
        self.tree.on_error = self.mentor.on_tree_error  # type: ignore[method-assign]

    async def setup_hook(self) -> None:
        """Register the persistent components so old DMs keep working after a restart."""
        self.add_dynamic_items(MentorButton, MentorSelect)

    async def on_message(self, message: discord.Message) -> None:
        """A message in the bot's DM (its content needs no privileged intent there)."""
        await self.mentor.on_dm(message)


class DiscordBot:
    """Turns interactions into core Commands and replies into messages."""

    def __init__(self, client: discord.Client, services: Services) -> None:
        self.client = client
        self.services = services

    async def actor(self, interaction: discord.Interaction) -> Actor:
        """Guild + user; a DM resolves to the guild where the member ran `start`."""
        user = interaction.user
        guild_id = str(interaction.guild_id) if interaction.guild_id else None
        if guild_id is None:
            guild_id = await dm_workspace(self.services.db, platform=PLATFORM, user_id=str(user.id))
        permissions = getattr(interaction, "permissions", None)
        return Actor(
            platform=PLATFORM,
            workspace_id=guild_id or f"dm-{user.id}",
            user_id=str(user.id),
            display_name=getattr(user, "display_name", None) or user.name,
            locale=str(interaction.locale) if interaction.locale else None,
            is_admin=bool(permissions and permissions.manage_guild),
        )

    async def on_dm(self, message: discord.Message) -> None:
        """A DM runs like the command, or answers a check-in nudge; the reply goes back."""
        author = message.author
        if message.guild is not None or author.bot or author == self.client.user:
            return
        guild_id = await dm_workspace(self.services.db, platform=PLATFORM, user_id=str(author.id))
        actor = Actor(
            platform=PLATFORM,
            workspace_id=guild_id or f"dm-{author.id}",
            user_id=str(author.id),
            display_name=getattr(author, "display_name", None) or author.name,
        )
        reply = await shown(handle_dm(message.content, actor=actor, services=self.services))
        for page in render(reply):
            kwargs: dict[str, Any] = {"embed": page.embed, "allowed_mentions": NO_MENTIONS}
            if page.view is not None:
                kwargs["view"] = page.view
            await message.channel.send(**kwargs)
        for filename, data, about in reply.files():
            await message.channel.send(
                content=literal(about),
                file=discord.File(io.BytesIO(data), filename=filename),
                allowed_mentions=NO_MENTIONS,
            )

    def complete(self, kind: ArgKind, current: str) -> list[tuple[str, str]]:
        """Autocomplete for skills, stages, paths and industries."""
        catalog = self.services.catalog
        candidates = {
            ArgKind.SKILL: skill_candidates,
            ArgKind.STAGE: stage_candidates,
            ArgKind.PATH: path_candidates,
            ArgKind.INDUSTRY: industry_candidates,
        }[kind](catalog)
        q = normalize(current)
        found = [
            c for c in candidates if not q or any(q in normalize(n) for n in (c.key, *c.names))
        ]
        return [(f"{c.names[0]} ({c.key})" if c.names else c.key, c.key) for c in found]

    async def run_path(
        self, interaction: discord.Interaction, path: tuple[str, ...], args: Mapping[str, str]
    ) -> None:
        """A slash command with its options."""
        actor = await self.actor(interaction)
        command = Command(actor=actor, path=path, args=dict(args), source=Source.SLASH)
        await self.respond(interaction, handle(command, services=self.services))

    async def run_text(self, interaction: discord.Interaction, text: str, source: Source) -> None:
        """A button, select or modal: the command travels as text."""
        actor = await self.actor(interaction)
        await self.respond(
            interaction, handle_text(text, actor=actor, services=self.services, source=source)
        )

    async def respond(self, interaction: discord.Interaction, work: Awaitable[Reply]) -> None:
        """Answer directly if the core is quick, else defer and follow up; a UserError the
        core raised is shown privately."""
        task = asyncio.ensure_future(work)
        done, _ = await asyncio.wait({task}, timeout=DEFER_AFTER)
        if not done:
            await interaction.response.defer(ephemeral=True, thinking=True)
        reply = await shown(task)
        # A one-command-per-field form (assess) has more fields than a Discord modal holds;
        # the reply's own select and buttons serve instead.
        modal = reply.form is not None and not reply.form.each_input
        if modal and reply.form is not None and not interaction.response.is_done():
            await interaction.response.send_modal(FormModal(reply.form))
            return
        pages = render(reply)
        for n, page in enumerate(pages):
            await self._send(interaction, page, ephemeral=reply.ephemeral, first=n == 0)
        for filename, data, about in reply.files():
            await interaction.followup.send(
                content=literal(about),
                file=discord.File(io.BytesIO(data), filename=filename),
                ephemeral=reply.ephemeral,
                allowed_mentions=NO_MENTIONS,
            )

    async def _send(
        self, interaction: discord.Interaction, page: Page, *, ephemeral: bool, first: bool
    ) -> None:
        kwargs: dict[str, Any] = {
            "embed": page.embed,
            "ephemeral": ephemeral,
            "allowed_mentions": NO_MENTIONS,
        }
        if page.view is not None:
            kwargs["view"] = page.view
        if first and not interaction.response.is_done():
            await interaction.response.send_message(**kwargs)
        else:
            await interaction.followup.send(**kwargs)

    async def on_tree_error(
        self, interaction: discord.Interaction, error: app_commands.AppCommandError
    ) -> None:
        """Option conversion failures (e.g. out of range) become a hint, never a traceback."""
        if isinstance(error, app_commands.TransformerError | app_commands.CommandSignatureMismatch):
            message = (
                f"That option didn't fit: {clip(str(error), 200)}. Type `/mentor help` for usage."
            )
        else:
            failed = unexpected("discord command", error)
            message = f"{failed.problem} {failed.hint}"
        if interaction.response.is_done():
            await interaction.followup.send(message, ephemeral=True, allowed_mentions=NO_MENTIONS)
        else:
            await interaction.response.send_message(
                message, ephemeral=True, allowed_mentions=NO_MENTIONS
            )


class FormModal(discord.ui.Modal):
    """A core Form as a modal of at most five text inputs."""

    def __init__(self, form: Form) -> None:
        super().__init__(
            title=clip(form.title, 45),
            custom_id=clip(f"mentor-form:{form.command}", 100),
            timeout=None,
        )
        self.form = form
        self.inputs = modal_values(form)
        for _, text_input in self.inputs:
            self.add_item(text_input)

    async def on_submit(self, interaction: discord.Interaction) -> None:
        values = {name: str(box.value or "") for name, box in self.inputs}
        bot = bot_of(interaction)
        actor = await bot.actor(interaction)

        async def run_all() -> Reply:
            """Each command in turn; the first failure stops the rest and is shown."""
            done = await submit_form(
                self.form.command,
                values,
                each_input=self.form.each_input,
                actor=actor,
                services=bot.services,
            )
            return done.reply or Reply(title="Nothing to save")

        await bot.respond(interaction, run_all())


class DiscordDirectory:
    """Who belongs to a guild, asked of Discord (`GET /guilds/{guild}/members/{user}`)."""

    def __init__(self, client: discord.Client) -> None:
        self.client = client

    async def in_workspace(self, *, workspace_id: str, user_id: str) -> bool | None:
        if not (workspace_id.isdigit() and user_id.isdigit()):
            return False
        try:
            await self.client.http.get_member(int(workspace_id), int(user_id))
        except discord.NotFound:
            return False
        except (discord.HTTPException, OSError, TimeoutError) as exc:
            _log.warning("an invitation's guild member check failed: %s", type(exc).__name__)
            return None
        return True
