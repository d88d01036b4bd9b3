"""What one delivery came to, the wait before a retry, and one send bounded by the lease.

The dispatcher (scheduler/dispatcher.py) decides which of these happens; this module
names the outcomes and holds the send itself, paced and timed out well inside the lease.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from datetime import timedelta
from enum import StrEnum

from bot.core.errors import DeliveryError
from bot.core.ports import PACE, Messenger
from bot.core.reply import Reply
from scheduler.pacing import Pacer

BASE_BACKOFF = timedelta(seconds=30)


class Outcome(StrEnum):
    """What became of one claimed row, as `nudges tick` prints it."""

    SENT = "sent"
    ALREADY_SENT = "already-sent"  # a retry found the platform had it already
    INBOX = "inbox"  # the terminal chat: waits until it is next opened
    GONE = "gone"  # the member (or what the nudge was about) is no more
    NO_MESSENGER = "no-messenger"  # this worker does not serve the member's platform
    LEASE_LOST = "lease-lost"  # another worker holds the row now
    RETRY = "retry"
    DEAD = "dead"


@dataclass
class Delivery:
    """One outcome, for `nudges tick` to print."""

    member: str
    kind: str
    period: str
    outcome: Outcome


@dataclass
class DispatchResult:
    """What one dispatch pass did."""

    deliveries: list[Delivery] = field(default_factory=list)


def backoff(attempts: int, retry_after: float | None) -> timedelta:
    """Exponential backoff from 30 s; a rate limit waits just what the platform asked."""
    if retry_after is not None:
        return timedelta(seconds=retry_after)
    wait: timedelta = BASE_BACKOFF * int(2 ** max(0, attempts - 1))
    return wait


async def send_within(
    messenger: Messenger,
    pacer: Pacer | None,
    *,
    budget: float,
    user_id: str,
    reply: Reply,
    key: str,
    workspace_id: str,
) -> None:
    """Send one nudge, paced, ending within `budget` seconds (a third of the lease, so no
    other worker can take the row while this one may still be talking to the platform).
    A rate limit holds the platform's pacer for as long as it asked."""
    try:
        async with asyncio.timeout(budget):
            # Paced inside the messenger, right before each post: the DM's set-up round
            # trip would otherwise shift when the platform sees the post.
            paced = PACE.set(pacer)
            try:
                await messenger.send(
                    user_id=user_id, reply=reply, key=key, workspace_id=workspace_id
                )
            finally:
                PACE.reset(paced)
    except TimeoutError:
        raise DeliveryError(f"no answer within {budget:.1f} s", retry=True) from None
    except DeliveryError as exc:
        if exc.retry_after is not None and pacer is not None:
            pacer.hold(exc.retry_after)
        raise
