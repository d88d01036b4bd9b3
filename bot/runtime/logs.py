"""Logging set-up: text or JSON lines, ids from the context, third-party chatter quiet.

Ids (member, workspace, command, request) are put in context variables where they become
known, and every record logged inside that context carries them. Nothing here logs a
token, a note or an SQL parameter: records hold only what our code passes, and secrets
never are.
"""

from __future__ import annotations

import contextvars
import json
import logging
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any

IDS = ("member", "workspace", "command", "request")
_context: contextvars.ContextVar[dict[str, str]] = contextvars.ContextVar("log_ids", default={})  # noqa: B039

# Libraries that talk at INFO about every job run, request or connection.
CHATTY = (
    "apscheduler",
    "aiohttp.access",
    "aiohttp",
    "slack_bolt",
    "slack_sdk",
    "discord",
    "alembic",
    "asyncio",
    "matplotlib",
)

SQL_LOGGERS = ("sqlalchemy", "aiosqlite", "asyncpg")


@contextmanager
def log_ids(**ids: str | None) -> Iterator[None]:
    """Attach ids (member=…, workspace=…, command=…, request=…) to every record inside."""
    known = {k: str(v) for k, v in ids.items() if v}
    token = _context.set({**_context.get(), **known})
    try:
        yield
    finally:
        _context.reset(token)


class _WithIds(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        for key, value in _context.get().items():
            if not hasattr(record, key):
                setattr(record, key, value)
        return True


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time, level, logger, message, and the ids known."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        for key in IDS:
            value = getattr(record, key, None)
            if value is not None:
                entry[key] = value
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False)


class TextFormatter(logging.Formatter):
    """The classic line, with the ids known appended as key=value."""

    def __init__(self) -> None:
        super().__init__("%(asctime)s %(levelname)s %(name)s: %(message)s")

    def format(self, record: logging.LogRecord) -> str:
        line = super().format(record)
        ids = " ".join(f"{k}={getattr(record, k)}" for k in IDS if getattr(record, k, None))
        if not ids:
            return line
        head, _, tail = line.partition("\n")
        return f"{head} [{ids}]" + (f"\n{tail}" if tail else "")


def configure(*, level: str, fmt: str = "text", stream: Any = None) -> None:
    """Route every logger to one stderr handler in `fmt`; quiet libraries unless DEBUG."""
    handler = logging.StreamHandler(stream or sys.stderr)
    handler.setFormatter(JsonFormatter() if fmt == "json" else TextFormatter())
    handler.addFilter(_WithIds())
    root = logging.getLogger()
    for old in list(root.handlers):
        root.removeHandler(old)
    root.addHandler(handler)
    root.setLevel(level)
    quiet = logging.DEBUG if level == "DEBUG" else logging.WARNING
    for name in CHATTY:
        logging.getLogger(name).setLevel(quiet)
    # The database layers' INFO/DEBUG lines carry statement parameters and rows (notes,
    # names): never, whatever LOG_LEVEL says.
    for name in SQL_LOGGERS:
        logging.getLogger(name).setLevel(logging.WARNING)
    logging.captureWarnings(True)
