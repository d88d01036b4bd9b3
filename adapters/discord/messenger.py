"""Deliver to Discord DMs: create_dm + send with a nonce, so a resend is de-duplicated."""

from __future__ import annotations

import hashlib
from pathlib import Path

import discord

from adapters.discord.render import render
from bot.errors import DeliveryError
from bot.reply import Image, Reply


def nonce_for(key: str, page: int = 0) -> str:
    """A stable nonce (at most 25 characters) from a delivery key."""
    return hashlib.sha256(f"{key}:{page}".encode()).hexdigest()[:25]


def delivery_error(exc: discord.HTTPException) -> DeliveryError:
    """Forbidden (DMs closed, blocked) and NotFound are permanent; the rest may pass."""
    if isinstance(exc, discord.Forbidden | discord.NotFound):
        return DeliveryError(f"{exc.status} {exc.text or 'forbidden'}", retry=False)
    retry_after = getattr(exc, "retry_after", None)
    return DeliveryError(f"{exc.status} {exc.text}", retry=True, retry_after=retry_after)


class DiscordMessenger:
    """The Messenger port for Discord."""

    def __init__(self, client: discord.Client) -> None:
        self.client = client

    async def send(
        self, *, user_id: str, reply: Reply, key: str | None = None, workspace_id: str = ""
    ) -> None:
        """DM `reply` (paged if long); raises DeliveryError."""
        try:
            channel = await self.client.create_dm(discord.Object(id=int(user_id)))
            for n, page in enumerate(render(reply)):
                kwargs: dict[str, object] = {"embed": page.embed}
                if page.view is not None:
                    kwargs["view"] = page.view
                if key is not None:
                    kwargs["nonce"] = nonce_for(key, n)
                await channel.send(**kwargs)  # type: ignore[call-overload]
            for block in reply.blocks:
                if isinstance(block, Image):
                    await channel.send(content=block.alt, file=discord.File(block.path))
        except discord.HTTPException as exc:
            raise delivery_error(exc) from exc

    async def upload(self, *, user_id: str, path: Path, title: str, workspace_id: str = "") -> None:
        """DM a file; raises DeliveryError."""
        try:
            channel = await self.client.create_dm(discord.Object(id=int(user_id)))
            await channel.send(content=title, file=discord.File(path))
        except discord.HTTPException as exc:
            raise delivery_error(exc) from exc
