"""A Messenger in memory, for the port's callers (the nudge dispatcher) and its contract.

It keeps each DM as the terminal renders it, finds a delivery key again the way the real
ones do (the key travels with the message), and fails as told: a rate limit or a
permanent failure for the next send, as the DeliveryError the dispatcher expects.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime

from adapters.console.render import render_plain
from bot.core.errors import DeliveryError
from bot.core.ports import paced
from bot.core.reply import Reply


def _utcnow() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True)
class Delivered:
    """One message in a member's DM."""

    user_id: str
    workspace_id: str
    title: str
    text: str
    key: str | None
    at: datetime


@dataclass
class FakeMessenger:
    """Records sends and uploads; `failures` are raised by the next sends, in order."""

    failures: list[DeliveryError] = field(default_factory=list)
    clock: Callable[[], datetime] = _utcnow
    delivered: list[Delivered] = field(default_factory=list)

    @property
    def sent(self) -> list[tuple[str, str, str | None]]:
        """(user id, title, key) of every message, oldest first."""
        return [(d.user_id, d.title, d.key) for d in self.delivered]

    def rate_limit(self, retry_after: float) -> None:
        """The next send is rate limited."""
        self.failures.append(DeliveryError("rate limited", retry=True, retry_after=retry_after))

    def close_dms(self) -> None:
        """The next send finds the member's DM closed for good."""
        self.failures.append(DeliveryError("dm closed", retry=False))

    async def send(
        self, *, user_id: str, reply: Reply, key: str | None = None, workspace_id: str = ""
    ) -> None:
        await asyncio.sleep(0)  # yield, as a network call would
        async with paced():
            if self.failures:
                raise self.failures.pop(0)
            self.delivered.append(
                Delivered(
                    user_id, workspace_id, reply.title, render_plain(reply), key, self.clock()
                )
            )

    async def already_sent(
        self, *, user_id: str, key: str, since: datetime, workspace_id: str = ""
    ) -> bool:
        return any(
            d.user_id == user_id
            and d.workspace_id == workspace_id
            and d.key == key
            and d.at >= since
            for d in self.delivered
        )

    async def upload(
        self, *, user_id: str, data: bytes, filename: str, title: str, workspace_id: str = ""
    ) -> None:
        await asyncio.sleep(0)
        if self.failures:
            raise self.failures.pop(0)
        self.delivered.append(Delivered(user_id, workspace_id, title, filename, None, self.clock()))
