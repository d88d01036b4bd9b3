"""Replies posted to a request's response_url, over one kept HTTP session.

Bolt's `respond` opens (and closes) a new session, and so a new connection, for every
message; a reply then waits for a connection set-up on top of the core's work. Here the
session lives as long as the app, so connections to Slack are kept and reused.
"""

from __future__ import annotations

from typing import Any

import aiohttp
from slack_sdk.webhook.async_client import AsyncWebhookClient

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
