"""Deliver to Slack DMs: conversations.open + chat.postMessage, files_upload_v2."""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Protocol

import aiohttp
from aiohttp import ClientError
from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry.builtin_async_handlers import (
    AsyncConnectionErrorRetryHandler,
    AsyncRateLimitErrorRetryHandler,
    AsyncServerErrorRetryHandler,
)
from slack_sdk.web.async_client import AsyncWebClient

from adapters.slack.payloads import HistoryMessage
from adapters.slack.render import plain, render_messages
from bot.core.errors import DeliveryError
from bot.core.ports import paced
from bot.core.reply import Image, Reply

_log = logging.getLogger(__name__)

# Errors that will not go away by trying again: the member or the DM is gone for good.
PERMANENT = frozenset(
    {
        "user_not_found",
        "users_not_found",
        "account_inactive",
        "user_disabled",
        "cannot_dm_bot",
        "channel_not_found",
        "is_archived",
        "not_in_channel",
        "user_is_restricted",
        "invalid_auth",
        "token_revoked",
        "not_authed",
        "missing_scope",
        "no_permission",
    }
)


def install_retry_handlers(client: AsyncWebClient, *, max_retry_count: int = 2) -> None:
    """Let slack_sdk retry rate limits (429 + Retry-After), 5xx and dropped connections."""
    client.retry_handlers.extend(
        [
            AsyncRateLimitErrorRetryHandler(max_retry_count=max_retry_count),
            AsyncServerErrorRetryHandler(max_retry_count=max_retry_count),
            AsyncConnectionErrorRetryHandler(max_retry_count=max_retry_count),
        ]
    )


def delivery_error(exc: Exception) -> DeliveryError:
    """Classify a failed Web API call: permanent, rate limited, or worth retrying."""
    if isinstance(exc, SlackApiError):
        code = str(exc.response.get("error") or "unknown_error")
        if exc.response.status_code == 429 or code == "ratelimited":
            after = exc.response.headers.get("Retry-After") or exc.response.headers.get(
                "retry-after"
            )
            return DeliveryError(code, retry=True, retry_after=float(after or 1))
        if code in PERMANENT:
            return DeliveryError(code, retry=False)
        return DeliveryError(code, retry=True, retry_after=None)
    return DeliveryError(f"{type(exc).__name__}: {exc}", retry=True)


# Message metadata tags each nudge with its delivery key, so a retry can look it up.
METADATA_EVENT = "mentorbot_delivery"
# How far back in a DM a retry looks for its own message.
HISTORY_LIMIT = 50

# A workspace's token stopped working: it was revoked, or the app was reinstalled with a new
# one. In OAuth mode the cached token is dropped and the delivery retried with a fresh look-up.
TOKEN_ERRORS = frozenset({"invalid_auth", "token_revoked", "not_authed"})


class TokenResolver(Protocol):
    """Each workspace's bot token (cached), and a way to drop one that stopped working."""

    async def __call__(self, team_id: str) -> str | None: ...

    def forget(self, team_id: str) -> None: ...


class SlackMessenger:
    """The Messenger port for Slack.

    With a token resolver (OAuth mode) each workspace is reached with its own bot token;
    without one, every call uses `client`'s token (single-workspace mode).
    """

    def __init__(
        self, client: AsyncWebClient, *, tokens: TokenResolver | None = None, keep: bool = True
    ) -> None:
        self.client = client
        self.tokens = tokens
        self.keep = keep  # False: a short-lived messenger, on slack_sdk's own connections
        self._clients: dict[str, AsyncWebClient] = {}
        self._channels: dict[tuple[str, str], str] = {}
        self._session: aiohttp.ClientSession | None = None

    def _connections(self) -> aiohttp.ClientSession:
        # One HTTP session for every call, so connections to Slack are kept and reused:
        # without one slack_sdk opens (and TLS-handshakes) a new connection per call.
        if self._session is None or self._session.closed:
            timeout = aiohttp.ClientTimeout(total=self.client.timeout)
            self._session = aiohttp.ClientSession(timeout=timeout)
            self.client.session = self._session
            for client in self._clients.values():
                client.session = self._session
        return self._session

    async def close(self) -> None:
        """Close the kept connections (at shutdown)."""
        if self._session is not None:
            await self._session.close()

    async def client_for(self, workspace_id: str) -> AsyncWebClient:
        """The client carrying `workspace_id`'s bot token; raises DeliveryError if none."""
        session = self._connections() if self.keep else None
        if self.tokens is None or not workspace_id:
            return self.client
        token = await self.tokens(workspace_id)
        if token is None:
            raise DeliveryError(f"not installed in Slack workspace {workspace_id}", retry=False)
        if token not in self._clients:
            self._clients[token] = AsyncWebClient(
                token=token,
                session=session,
                base_url=self.client.base_url,
                retry_handlers=list(self.client.retry_handlers),
            )
        return self._clients[token]

    def _failed(self, exc: Exception, workspace_id: str) -> DeliveryError:
        """The DeliveryError for a failed call; a dead cached token is dropped and retried."""
        error = delivery_error(exc)
        if self.tokens is not None and workspace_id and error.reason in TOKEN_ERRORS:
            self.tokens.forget(workspace_id)
            self._channels = {k: v for k, v in self._channels.items() if k[0] != workspace_id}
            return DeliveryError(error.reason, retry=True, retry_after=None)
        return error

    async def _dm(self, client: AsyncWebClient, user_id: str, workspace_id: str) -> str:
        channel = self._channels.get((workspace_id, user_id))
        if channel is None:
            response = await client.conversations_open(users=user_id)
            channel = self._channels[(workspace_id, user_id)] = str(response["channel"]["id"])
        return channel

    async def send(
        self, *, user_id: str, reply: Reply, key: str | None = None, workspace_id: str = ""
    ) -> None:
        """Post `reply` (paged if long) in the member's DM, the first page carrying the
        delivery key as message metadata, each post paced by `paced()`; raises DeliveryError."""
        client = await self.client_for(workspace_id)
        try:
            channel = await self._dm(client, user_id, workspace_id)
            for n, message in enumerate(render_messages(reply)):
                if key is not None and n == 0:
                    message["metadata"] = {
                        "event_type": METADATA_EVENT,
                        "event_payload": {"key": key},
                    }
                async with paced():
                    await client.chat_postMessage(channel=channel, **message)
            for block in reply.blocks:
                if isinstance(block, Image):
                    await client.files_upload_v2(
                        channel=channel,
                        content=block.data,
                        filename=block.filename,
                        title=plain(block.alt),
                    )
        except (SlackApiError, ClientError, TimeoutError) as exc:
            raise self._failed(exc, workspace_id) from exc

    async def already_sent(
        self, *, user_id: str, key: str, since: datetime, workspace_id: str = ""
    ) -> bool:
        """Look for a message carrying `key` in the DM's history since `since`."""
        client = await self.client_for(workspace_id)
        try:
            channel = await self._dm(client, user_id, workspace_id)
            response = await client.conversations_history(
                channel=channel,
                oldest=f"{since.timestamp():.6f}",
                limit=HISTORY_LIMIT,
                include_all_metadata=True,
            )
        except (SlackApiError, ClientError, TimeoutError) as exc:
            raise self._failed(exc, workspace_id) from exc
        messages: list[HistoryMessage] = response.get("messages", [])
        for message in messages:
            metadata = message.get("metadata")
            if metadata is None or metadata["event_type"] != METADATA_EVENT:
                continue
            if metadata["event_payload"].get("key") == key:
                return True
        return False

    async def upload(
        self, *, user_id: str, data: bytes, filename: str, title: str, workspace_id: str = ""
    ) -> None:
        """Upload in-memory content (a chart, an export) into the member's DM; raises
        DeliveryError."""
        client = await self.client_for(workspace_id)
        try:
            channel = await self._dm(client, user_id, workspace_id)
            await client.files_upload_v2(
                channel=channel, content=data, filename=filename, title=title
            )
        except (SlackApiError, ClientError, TimeoutError) as exc:
            raise self._failed(exc, workspace_id) from exc
