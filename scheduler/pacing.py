"""Client-side pacing: start at most `rate` deliveries a second per platform, so a big
batch rides just under the platform's rate limit instead of bouncing off it (429s)."""

from __future__ import annotations

import asyncio
import time
from types import TracebackType


class Pacer:
    """An async token bucket: `async with pacer:` waits for the next free slot."""

    def __init__(self, rate: float, *, burst: int = 1) -> None:
        self.interval = 1.0 / rate
        self.burst = burst
        self._next = time.monotonic()
        self._lock = asyncio.Lock()

    async def __aenter__(self) -> None:
        async with self._lock:
            now = time.monotonic()
            start = max(self._next, now - self.interval * (self.burst - 1))
            self._next = start + self.interval
        delay = start - now
        if delay > 0:
            await asyncio.sleep(delay)

    def hold(self, seconds: float) -> None:
        """Start nothing for `seconds` (the platform asked us to wait)."""
        self._next = max(self._next, time.monotonic() + seconds)

    async def __aexit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        return None
