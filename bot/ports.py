"""The outbound port: what the core needs from a chat platform to reach a member."""

from __future__ import annotations

from typing import Protocol

from bot.reply import Reply


class Messenger(Protocol):
    """Delivers to one platform. Both methods raise DeliveryError when delivery fails."""

    async def send(self, *, user_id: str, reply: Reply, key: str | None = None) -> None:
        """Send `reply` to the member's direct messages; `key` de-duplicates a resend."""
        ...

    async def upload(self, *, user_id: str, data: bytes, filename: str, title: str) -> None:
        """Send a file (a chart, an export) held in memory to the member's direct messages."""
        ...
