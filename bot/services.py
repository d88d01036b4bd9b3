"""The long-lived things a handler may need, built once by the CLI and passed down."""

from __future__ import annotations

from dataclasses import dataclass

from bot.clock import Clock
from bot.registry import Registry
from bot.settings import Settings
from content.schema import Catalog
from storage.db import Database


@dataclass(frozen=True)
class Services:
    """Catalog, registry, clock, settings and database: what the core runs with."""

    catalog: Catalog
    registry: Registry
    clock: Clock
    settings: Settings
    db: Database
