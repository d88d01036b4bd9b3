"""Start-up checks shared by every subcommand: settings, logging, services, the database.

A bad setting or an unreachable database ends the process with one line that names the
setting, shows its value (secrets masked) and an example of a good one, and exit code 2.
"""

from __future__ import annotations

import gc
import logging
import sys
from typing import TYPE_CHECKING, NoReturn

if TYPE_CHECKING:
    from bot.commands.services import Services
    from bot.runtime.settings import Settings

_log = logging.getLogger(__name__)

CONNECT_TIMEOUT_SECONDS = 15.0


class StartupError(SystemExit):
    """Exit code 2 after printing one line about what to fix."""

    def __init__(self, line: str) -> None:
        print(f"error: {line}", file=sys.stderr)
        super().__init__(2)


def bad_setting(name: str, value: object, problem: str) -> NoReturn:
    """Stop on one bad setting: its name, masked value, what is wrong and a good example."""
    from bot.runtime.settings import EXAMPLES, masked

    example = EXAMPLES.get(name)
    hint = f"; for example {name}={example}" if example else ""
    raise StartupError(f"{name}={masked(name, value)!r} {problem}{hint}")


def load_settings() -> Settings:
    """Read the settings once; the first bad one stops the process (exit 2, one line)."""
    from pydantic import ValidationError

    from bot.runtime.settings import Settings

    try:
        return Settings()
    except ValidationError as exc:
        err = exc.errors()[0]
        name = str(err["loc"][0]).upper() if err["loc"] else "settings"
        problem = str(err["msg"]).removeprefix("Value error, ").replace("Input should", "should")
        if name == "SETTINGS":
            raise StartupError(problem) from None
        bad_setting(name, err.get("input", ""), problem)


def build_services(settings: Settings, *, default_level: str = "WARNING") -> Services:
    """Configure logging, load the content and open (not connect) the database."""
    from bot.commands.services import Services
    from bot.core.clock import SystemClock
    from bot.features.catalog import build_registry
    from bot.runtime.logs import configure
    from content import PackError, load_catalog
    from storage.db import Database

    configure(level=settings.log_level or default_level, fmt=settings.log_format)
    try:
        catalog = load_catalog(settings.content_dirs)
    except PackError as exc:
        raise StartupError(str(exc)) from None
    try:
        db = Database.open(settings.database_url)
    except Exception as exc:  # SQLAlchemy's URL and driver errors vary by dialect
        bad_setting("DATABASE_URL", settings.database_url, f"cannot be used ({exc})")
    from adapters.llm.client import ChatModel

    services = Services(
        catalog=catalog,
        registry=build_registry(),
        clock=SystemClock(),
        settings=settings,
        db=db,
        model=ChatModel.from_settings(settings),
    )
    # What start-up built lives as long as the process: moved out of the collector's sight,
    # a full collection no longer walks it, so it can't stall the event loop for 100+ ms
    # (bench/bench_team_summary.py measured 250 ms stalls without this).
    gc.collect()
    gc.freeze()
    return services


def where(url: str) -> str:
    """host:port of a server database URL (or the file of an SQLite one)."""
    from sqlalchemy.engine import make_url

    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        return parsed.database or ":memory:"
    return f"{parsed.host or 'localhost'}:{parsed.port or 5432}"


async def database_ready(services: Services) -> None:
    """Migrate SQLite, or check a server database is migrated; exit 2 with why if not."""
    import asyncio

    from sqlalchemy.exc import DBAPIError

    from bot.runtime.dberrors import db_cause
    from storage.migrate import SchemaOutOfDate, prepare

    url = services.settings.database_url
    try:
        await asyncio.wait_for(prepare(services.db, url=url), CONNECT_TIMEOUT_SECONDS)
    except SchemaOutOfDate as exc:
        raise StartupError(str(exc)) from None
    except (OSError, TimeoutError, DBAPIError) as exc:
        await services.db.close()
        cause = db_cause(exc)
        if cause in ("disk_full", "read_only"):
            said = "disk full" if cause == "disk_full" else "read-only"
            raise StartupError(
                f"the database at {where(url)} can't be written: {said}"
                + (" (free some space)" if cause == "disk_full" else " (make it writable)")
            ) from None
        reason = type(getattr(exc, "orig", None) or exc).__name__
        bad_setting("DATABASE_URL", url, f"cannot reach the database at {where(url)} ({reason})")
