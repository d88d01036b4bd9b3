"""Client-side pacing: start at most `rate` deliveries a second per platform, so a big
batch rides just under the platform's rate limit instead of bouncing off it (429s)."""

from __future__ import annotations

import asyncio
import time
from types import TracebackType


class Pacer:
    """An async pacer: `async with pacer:` waits for the next free slot.

    Slots are handed out one at a time and the next is counted from when the last one
    actually started, not from when it was due: an event loop busy elsewhere can wake a
    sender late, and counting from the due time would then start the next one too soon
    after it (two sends closer together than the platform allows).
    """

    def __init__(self, rate: float) -> None:
        self.rate = rate
        self.interval = 1.0 / rate
        self._next = time.monotonic()
        self._lock = asyncio.Lock()

    async def __aenter__(self) -> None:
        async with self._lock:
            delay = self._next - time.monotonic()
            if delay > 0:
                await asyncio.sleep(delay)
            self._next = max(self._next, time.monotonic()) + self.interval

    def hold(self, seconds: float) -> None:
        """Start nothing for `seconds` (the platform asked us to wait)."""
        self._next = max(self._next, time.monotonic() + seconds)

    async def __aexit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        return None
