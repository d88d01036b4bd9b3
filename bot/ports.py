"""The outbound port: what the core needs from a chat platform to reach a member."""

from __future__ import annotations

from datetime import datetime
from typing import Protocol

from bot.reply import Reply


class Messenger(Protocol):
    """Delivers to one platform. Every method raises DeliveryError when the platform fails."""

    async def send(
        self, *, user_id: str, reply: Reply, key: str | None = None, workspace_id: str = ""
    ) -> None:
        """Send `reply` to the member's direct messages, tagged with the delivery `key` so
        `already_sent` can find it later.

        `workspace_id` is the platform's team/guild id, for platforms installed per
        workspace (each Slack workspace has its own bot token); every method takes it."""
        ...

    async def already_sent(
        self, *, user_id: str, key: str, since: datetime, workspace_id: str = ""
    ) -> bool:
        """Whether a message tagged `key` reached the member's DM after `since` (asked
        before retrying a delivery that may have gone out just before a crash)."""
        ...

    async def upload(
        self, *, user_id: str, data: bytes, filename: str, title: str, workspace_id: str = ""
    ) -> None:
        """Send a file (a chart, an export) held in memory to the member's direct messages."""
        ...
