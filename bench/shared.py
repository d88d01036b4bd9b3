"""What the bench scripts share: a percentile, a scratch SQLite file that is removed after
the run, the one workspace rows hang from, and the bot's services on a migrated database."""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from typing import Any

from bot.commands.services import Services
from bot.core.clock import Clock
from bot.features.catalog import build_registry
from bot.runtime.settings import Settings
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


@contextmanager
def scratch_sqlite(name: str = "bench.db") -> Iterator[str]:
    """A SQLite URL in a fresh folder, deleted (with the database) when the run ends."""
    with tempfile.TemporaryDirectory(prefix="mentorbot-bench-") as folder:
        yield f"sqlite+aiosqlite:///{folder}/{name}"


def local_workspace(created_at: datetime) -> dict[str, Any]:
    """The terminal chat's workspace row (id 1), which seeded members belong to."""
    return {
        "id": 1,
        "platform": "console",
        "external_id": "local",
        "name": "",
        "created_at": created_at,
    }
