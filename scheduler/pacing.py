"""Client-side pacing: start at most `rate` deliveries a second per platform, so a big
batch rides just under the platform's rate limit instead of bouncing off it (429s)."""

from __future__ import annotations

import asyncio
import math
import time
from types import TracebackType


class Pacer:
    """An async pacer: `async with pacer:` waits for the next free slot.

    Slots lie on a grid of the wall clock, `rate` a second. Several workers (processes,
    even machines with synchronised clocks) share one platform limit by each taking
    every `slots`-th slot, starting at its own `slot`: their sends interleave evenly
    and never bunch. Workers that each paced themselves to a share would drift into
    step with one another, and a strict one-second window would then see several of
    them at once (at 50/s, four workers at 12.1/s each fit 13 sends, 52 in all, into
    some second).
    """

    def __init__(self, rate: float, *, slot: int = 0, slots: int = 1) -> None:
        if not 0 <= slot < slots:
            raise ValueError(f"slot {slot} is not one of {slots}")
        self.rate = rate / slots  # this pacer's own starts a second
        self.interval = slots / rate
        self._offset = slot / rate
        self._next = 0.0
        self._lock = asyncio.Lock()

    async def __aenter__(self) -> None:
        # One slot at a time: the next is handed out only once this one has started.
        async with self._lock:
            now = time.time()
            start = self.slot_at(max(now, self._next))
            if start > now:
                await asyncio.sleep(start - now)
            self._next = start + self.interval

    def slot_at(self, earliest: float) -> float:
        """This pacer's first slot at or after `earliest` (wall-clock seconds)."""
        turn = math.ceil((earliest - self._offset) / self.interval)
        return self._offset + turn * self.interval

    def hold(self, seconds: float) -> None:
        """Start nothing for `seconds` (the platform asked us to wait)."""
        self._next = max(self._next, time.time() + seconds)

    async def __aexit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        return None
