"""What the bench scripts share: a percentile, and the bot's services on a migrated database."""

from __future__ import annotations

from bot.clock import Clock
from bot.commands import build_registry
from bot.services import Services
from bot.settings import Settings
from content import load_catalog
from storage.db import Database
from storage.migrate import upgrade


def pct(values: list[float], q: float) -> float:
    """The `q` quantile of `values` (nearest rank)."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


async def open_services(url: str, clock: Clock) -> Services:
    """The bot's services on `url`, migrated to the newest schema; close `services.db` after."""
    db = Database.open(url)
    await upgrade(db.engine)
    return Services(
        load_catalog(),
        build_registry(),
        clock,
        Settings(_env_file=None, database_url=url),  # type: ignore[call-arg]
        db,
    )
