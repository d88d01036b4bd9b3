"""Showing a reply on Slack: its form, its messages (at the response_url, as an ephemeral
message or in the DM) and its files; and the work that runs after an ack.

Replies to a response_url go over one kept HTTP session: Bolt's `respond` opens (and
closes) a new session, and so a new connection, for every message, and a reply would wait
for a connection set-up on top of the core's work.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Coroutine
from typing import Any

import aiohttp
from slack_sdk.web.async_client import AsyncWebClient
from slack_sdk.webhook.async_client import AsyncWebhookClient

from adapters.slack.messenger import SlackMessenger
from adapters.slack.render import plain, render_messages, render_modal
from bot.core.command import Actor
from bot.core.reply import Reply

_log = logging.getLogger(__name__)

TIMEOUT_SECONDS = 10


class ResponseUrls:
    """Posts messages to response URLs; `close` at shutdown."""

    def __init__(self) -> None:
        self._session: aiohttp.ClientSession | None = None

    async def post(self, url: str, message: dict[str, Any]) -> None:
        """Post one message (Slack's response_url body) to `url`."""
        if self._session is None or self._session.closed:
            self._session = aiohttp.ClientSession(
                timeout=aiohttp.ClientTimeout(total=TIMEOUT_SECONDS)
            )
        client = AsyncWebhookClient(url=url, session=self._session, timeout=TIMEOUT_SECONDS)
        await client.send_dict(message)

    async def close(self) -> None:
        """Close the kept connections."""
        if self._session is not None:
            await self._session.close()
            self._session = None


def response_type(reply: Reply) -> str:
    """Who sees a reply in a channel: its asker alone, or everyone."""
    return "ephemeral" if reply.ephemeral else "in_channel"


async def show(
    reply: Reply,
    *,
    client: AsyncWebClient,
    responses: ResponseUrls,
    actor: Actor,
    where: tuple[str | None, str | None, str | None],
    messages: list[dict[str, Any]] | None = None,
) -> None:
    """Show a reply: open its form, post its messages (or `messages`, what is left of
    them once the ack carried the first), upload its files. `where`: the response_url,
    trigger id and channel id the request came with (each may be missing)."""
    response_url, trigger_id, channel_id = where
    # Borrowed for this reply only: it must neither open connections that nobody closes
    # nor swap the session of Bolt's client.
    messenger = SlackMessenger(client, keep=False)
    if reply.form is not None and trigger_id:
        meta = {"command": reply.form.command, "channel": channel_id or ""}
        if reply.form.each_input:
            meta["each"] = "1"
        await client.views_open(
            trigger_id=trigger_id, view=render_modal(reply.form, private_metadata=meta)
        )
    for message in render_messages(reply) if messages is None else messages:
        if response_url:
            await responses.post(
                response_url,
                {
                    "response_type": response_type(reply),
                    "replace_original": False,
                    **message,
                },
            )
        elif channel_id:
            await client.chat_postEphemeral(channel=channel_id, user=actor.user_id, **message)
        else:
            await messenger.send(user_id=actor.user_id, reply=reply)
            break
    for filename, data, about in reply.files():
        await messenger.upload(
            user_id=actor.user_id, data=data, filename=filename, title=plain(about)
        )


class Later:
    """Work that runs after the response, each as its own task (kept until it ends; a
    failure is logged)."""

    def __init__(self) -> None:
        self._tasks: set[asyncio.Future[None]] = set()

    def __call__(self, work: Coroutine[Any, Any, None]) -> None:
        task = asyncio.ensure_future(work)
        self._tasks.add(task)
        task.add_done_callback(self._done)

    def _done(self, task: asyncio.Future[None]) -> None:
        self._tasks.discard(task)
        if not task.cancelled() and task.exception() is not None:
            _log.error("slack work after the ack failed", exc_info=task.exception())
