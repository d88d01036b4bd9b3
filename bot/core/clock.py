"""The injected clock: every "now" in the core comes from here."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Protocol


class Clock(Protocol):
    """Something that tells the current time, always timezone-aware (UTC)."""

    def now(self) -> datetime:
        """The current instant."""
        ...


class SystemClock:
    """The real clock."""

    def now(self) -> datetime:
        """The current instant in UTC."""
        return datetime.now(UTC)


@dataclass
class FixedClock:
    """A clock that says what it is told: for `--now` and tests."""

    at: datetime

    def now(self) -> datetime:
        """The fixed instant."""
        return self.at
