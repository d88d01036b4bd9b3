"""The outbound port: what the core needs from a chat platform to reach a member."""

from __future__ import annotations

from pathlib import Path
from typing import Protocol

from bot.reply import Reply


class Messenger(Protocol):
    """Delivers to one platform. Both methods raise DeliveryError when delivery fails."""

    async def send(
        self, *, user_id: str, reply: Reply, key: str | None = None, workspace_id: str = ""
    ) -> None:
        """Send `reply` to the member's direct messages; `key` de-duplicates a resend.

        `workspace_id` is the platform's team/guild id, for platforms installed per
        workspace (each Slack workspace has its own bot token)."""
        ...

    async def upload(self, *, user_id: str, path: Path, title: str, workspace_id: str = "") -> None:
        """Send a file (a chart, an export) to the member's direct messages."""
        ...
