"""Deliver to Discord DMs: create_dm + send with a nonce, so a resend is de-duplicated."""

from __future__ import annotations

import hashlib
import io
from datetime import datetime

import discord

from adapters.discord.render import NO_MENTIONS, literal, render
from bot.core.errors import DeliveryError
from bot.core.ports import paced
from bot.core.reply import Image, Reply


def nonce_for(key: str, page: int = 0) -> str:
    """A stable nonce (at most 25 characters) from a delivery key."""
    return hashlib.sha256(f"{key}:{page}".encode()).hexdigest()[:25]


# How far back in a DM a retry looks for its own message.
HISTORY_LIMIT = 50


def _tag(key: str) -> str:
    """A short, stable reference to a delivery, shown small in the embed's footer."""
    return f"ref {nonce_for(key)[:10]}"


def _tagged(embed: discord.Embed, key: str) -> discord.Embed:
    footer = embed.footer.text
    text = f"{footer} · {_tag(key)}" if footer else _tag(key)
    return embed.copy().set_footer(text=text)


# What a send may raise: discord.py raises RateLimited, which is no HTTPException, for a
# 429 that asks for a longer wait than the client's max_ratelimit_timeout.
FAILURES = (discord.HTTPException, discord.RateLimited)


def delivery_error(exc: discord.HTTPException | discord.RateLimited) -> DeliveryError:
    """Forbidden (DMs closed, blocked) and NotFound are permanent; a rate limit says how long
    to wait; the rest may pass."""
    if isinstance(exc, discord.RateLimited):
        return DeliveryError("429 rate limited", retry=True, retry_after=exc.retry_after)
    if isinstance(exc, discord.Forbidden | discord.NotFound):
        return DeliveryError(f"{exc.status} {exc.text or 'forbidden'}", retry=False)
    return DeliveryError(f"{exc.status} {exc.text}", retry=True)


class DiscordMessenger:
    """The Messenger port for Discord."""

    def __init__(self, client: discord.Client) -> None:
        self.client = client

    async def send(
        self, *, user_id: str, reply: Reply, key: str | None = None, workspace_id: str = ""
    ) -> None:
        """DM `reply` (paged if long), each message paced by `paced()`; raises DeliveryError."""
        try:
            channel = await self.client.create_dm(discord.Object(id=int(user_id)))
            for n, page in enumerate(render(reply)):
                embed = page.embed
                if key is not None and n == 0:
                    embed = _tagged(embed, key)
                kwargs: dict[str, object] = {"embed": embed, "allowed_mentions": NO_MENTIONS}
                if page.view is not None:
                    kwargs["view"] = page.view
                if key is not None:
                    kwargs["nonce"] = nonce_for(key, n)
                async with paced():
                    await channel.send(**kwargs)  # type: ignore[call-overload]
            for block in reply.blocks:
                if isinstance(block, Image):
                    async with paced():
                        await channel.send(
                            content=literal(block.alt),
                            file=discord.File(io.BytesIO(block.data), filename=block.filename),
                            allowed_mentions=NO_MENTIONS,
                        )
        except FAILURES as exc:
            raise delivery_error(exc) from exc

    async def already_sent(
        self, *, user_id: str, key: str, since: datetime, workspace_id: str = ""
    ) -> bool:
        """Look through the DM since `since` for our own message with this key's nonce, or
        (Discord keeps nonces only briefly) with the footer that carries the key."""
        try:
            channel = await self.client.create_dm(discord.Object(id=int(user_id)))
            async for message in channel.history(limit=HISTORY_LIMIT, after=since):
                if self.client.user is not None and message.author.id != self.client.user.id:
                    continue
                if message.nonce is not None and str(message.nonce) == nonce_for(key):
                    return True
                if any(_tag(key) in (e.footer.text or "") for e in message.embeds):
                    return True
        except FAILURES as exc:
            raise delivery_error(exc) from exc
        return False

    async def upload(
        self, *, user_id: str, data: bytes, filename: str, title: str, workspace_id: str = ""
    ) -> None:
        """DM a file held in memory; raises DeliveryError."""
        try:
            channel = await self.client.create_dm(discord.Object(id=int(user_id)))
            await channel.send(
                content=literal(title),
                file=discord.File(io.BytesIO(data), filename=filename),
                allowed_mentions=NO_MENTIONS,
            )
        except FAILURES as exc:
            raise delivery_error(exc) from exc
