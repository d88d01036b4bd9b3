"""A clock the tests move, and services opened on a real database with it."""

from __future__ import annotations

import tempfile
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from bot.commands.dispatch import error_reply, handle_text
from bot.commands.services import Services
from bot.core.command import Actor
from bot.core.errors import UserError
from bot.core.reply import Reply
from bot.features.catalog import build_registry
from bot.runtime.settings import Settings
from content import Catalog
from storage.db import Database


@dataclass
class MovableClock:
    """A clock tests move by hand."""

    at: datetime

    def now(self) -> datetime:
        return self.at


@asynccontextmanager
async def open_services(catalog: Catalog, url: str, clock: MovableClock) -> AsyncIterator[Services]:
    """Services on `url`, their database closed and their output folder (for files the
    terminal chat saves) removed on the way out."""
    with tempfile.TemporaryDirectory(prefix="mentorbot-out-") as output_dir:
        services = make_services(catalog, url, clock, Path(output_dir))
        try:
            yield services
        finally:
            await services.db.close()


Chat = Callable[[str], Awaitable[Reply]]


async def seen(text: str, *, actor: Actor, services: Services) -> Reply:
    """What a member sees for `text` on any edge: the reply, or the UserError the core
    raised, rendered the way every edge renders it."""
    try:
        return await handle_text(text, actor=actor, services=services)
    except UserError as exc:
        return error_reply(exc)


def make_services(catalog: Catalog, url: str, clock: MovableClock, output_dir: Path) -> Services:
    settings = Settings(  # type: ignore[call-arg]
        _env_file=None, database_url=url, output_dir=output_dir
    )
    return Services(
        catalog=catalog,
        registry=build_registry(),
        clock=clock,
        settings=settings,
        db=Database.open(url),
    )
