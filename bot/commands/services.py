"""The long-lived things a handler may need, built once by the CLI and passed down."""

from __future__ import annotations

from dataclasses import dataclass, field

from bot.commands.registry import Registry
from bot.core.clock import Clock
from bot.core.mentor import LanguageModel
from bot.core.ports import Directory
from bot.runtime.outage import Outage
from bot.runtime.settings import Settings
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
    outage: Outage = field(default_factory=Outage)  # this process's view of a database outage
    # Per platform, who belongs to a workspace: each chat adapter registers its own.
    directories: dict[str, Directory] = field(default_factory=dict)
    # The mentor's model (LLM_BASE_URL); None: every answer is quoted from the pack.
    model: LanguageModel | None = None
