"""A database that can't take a write: what it is called, what users and operators see."""

from __future__ import annotations

import logging
import time

from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError

from bot.core.errors import UserError
from bot.runtime import metrics

_log = logging.getLogger(__name__)

WARN_EVERY_SECONDS = 60.0


class CantSave(UserError):
    """The database refused the work (full, read-only, unreachable): an honest short reply."""

    title = "Can't save right now"

    def __init__(self, cause: str) -> None:
        self.cause = cause
        super().__init__(
            "mentorbot can't save right now; try again in a few minutes.",
            hint="Nothing is wrong with what you typed.",
        )


def db_cause(exc: BaseException) -> str | None:
    """The cause of a database failure (disk_full, read_only, unreachable), or None when
    `exc` is no database failure."""
    # A bare ConnectionError is the driver's socket (asyncpg raises them unwrapped); other
    # OSErrors (a file, a platform call) are no database failure.
    if not isinstance(exc, (OperationalError, InterfaceError, DBAPIError, ConnectionError)):
        return None
    text = str(exc).lower()
    if "disk is full" in text or "no space left" in text or "disk full" in text:
        return "disk_full"
    if "readonly" in text or "read-only" in text or "read only" in text:
        return "read_only"
    if isinstance(exc, (OperationalError, InterfaceError, ConnectionError)):
        return "unreachable"
    # asyncpg's errors arrive as a plain DBAPIError: a connection dropped mid-statement (the
    # server stopped or restarted) is the database going away too.
    if getattr(exc, "connection_invalidated", False) or any(words in text for words in _GONE):
        return "unreachable"
    return None


_GONE = (
    "connection was closed",
    "connection is closed",
    "terminating connection",
    "connection refused",
    "the database system is",  # … starting up / shutting down / in recovery mode
    "server closed the connection",
)

_warned: dict[str, float] = {}


def note(cause: str, *, what: str) -> None:
    """Count one database failure; log it at WARNING at most once a minute per cause."""
    metrics.DB_ERRORS.labels(cause=cause).inc()
    now = time.monotonic()
    last = _warned.get(cause)
    if last is None or now - last >= WARN_EVERY_SECONDS:
        _warned[cause] = now
        _log.warning("database can't save (%s) during %s", cause, what)
