"""A database outage as one process sees it: logged like an outage, retried with backoff.

While the database can't be reached, the scheduler's tick and dispatch fail each time they
run (every second or so). Logged one by one that is a traceback a second per worker; here
it is one WARNING when the database goes, a WARNING summary each minute while it stays
away, and one INFO when it is back, never a traceback. Between attempts the jobs wait,
doubling the wait up to `cap` seconds, with jitter so workers don't come back in step.
"""

from __future__ import annotations

import logging
import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from bot.runtime import metrics

_log = logging.getLogger(__name__)

CAP_SECONDS = 30.0
FIRST_WAIT_SECONDS = 1.0
SUMMARY_EVERY_SECONDS = 60.0


@dataclass
class Outage:
    """Whether the database is down for this process, since when, and when to try next."""

    monotonic: Callable[[], float] = time.monotonic
    jitter: Callable[[], float] = random.random  # in [0, 1)
    cap: float = CAP_SECONDS
    first_wait: float = FIRST_WAIT_SECONDS
    summary_every: float = SUMMARY_EVERY_SECONDS
    cause: str | None = None  # None: up
    _since: float = 0.0
    _failures: int = 0  # in a row, since it went down
    _summarised: float = 0.0  # when the last summary (or the first WARNING) was logged
    _next_try: float = 0.0
    _seen: set[str] = field(default_factory=set)  # what failed during this outage

    def may_try(self) -> bool:
        """Whether a job should touch the database now (always, while it is up)."""
        return self.cause is None or self.monotonic() >= self._next_try

    def failed(self, cause: str, *, what: str) -> None:
        """`what` (tick, dispatch, …) found the database failing with `cause`."""
        now = self.monotonic()
        metrics.DB_ERRORS.labels(cause=cause).inc()
        self._seen.add(what)
        if self.cause is None:
            self.cause, self._since, self._failures, self._summarised = cause, now, 0, now
            _log.warning(
                "database %s during %s; retrying with backoff up to %.0f s",
                cause,
                what,
                self.cap,
            )
        self.cause = cause
        self._failures += 1
        wait = min(self.cap, self.first_wait * 2 ** (self._failures - 1))
        self._next_try = now + wait * (0.5 + self.jitter() / 2)
        if now - self._summarised >= self.summary_every:
            self._summarised = now
            _log.warning(
                "database still %s after %.0f s: %s failed attempt(s) (%s)",
                cause,
                now - self._since,
                self._failures,
                ", ".join(sorted(self._seen)),
            )

    def recovered(self) -> None:
        """A job reached the database again."""
        if self.cause is None:
            return
        _log.info(
            "database back after %.0f s (%s failed attempt(s))",
            self.monotonic() - self._since,
            self._failures,
        )
        self.cause = None
        self._failures = 0
        self._seen.clear()
