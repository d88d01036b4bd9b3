"""What the `mentorbot` subcommands share: help epilogs, settings, services, `--now`,
and the one way a subcommand runs its async work.

Nothing heavy is imported at module level: `mentorbot --help` must stay quick, so
SQLAlchemy, the platform SDKs and matplotlib load only inside the subcommand that runs.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Awaitable, Callable
from dataclasses import replace
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, TypeVar

import typer

from bot.cli.startup import build_services, database_ready, load_settings

if TYPE_CHECKING:
    from collections.abc import Coroutine

    from pydantic import SecretStr

    from bot.commands.services import Services
    from bot.runtime.settings import Settings

T = TypeVar("T")

# Weeks, nudges and pauses are computed from `--now`; year 9999 would overflow.
NOW_RANGE = (1970, 2200)


def examples(*lines: str) -> str:
    """An epilog that click prints as written (the \\b keeps its line breaks)."""
    return "\b\nExamples:\n" + "\n".join(f"  {line}" for line in lines)


def group(help: str, *lines: str, **extra: Any) -> typer.Typer:
    """A subcommand group (`mentorbot nudges …`) with its help and examples."""
    return typer.Typer(
        help=help,
        epilog=examples(*lines) if lines else None,
        no_args_is_help=not extra.get("invoke_without_command", False),
        rich_markup_mode=None,
        **extra,
    )


def run(main: Coroutine[Any, Any, T]) -> T:
    """asyncio.run, imported only when a command runs (asyncio is slow to import)."""
    import asyncio

    return asyncio.run(main)


def settings() -> Settings:
    """The settings, read once per command."""
    return load_settings()


def services(settings: Settings, *, default_level: str = "WARNING") -> Services:
    """Logging, content and the (unconnected) database for one command."""
    return build_services(settings, default_level=default_level)


def run_on(services: Services, work: Callable[[], Awaitable[T]], *, ready: bool = True) -> T:
    """Run `work` on a new event loop, the database made ready first, and closed after.

    `ready=False` skips the start-up migration check (for `db upgrade` and Discord's
    command sync, which must work on a database the bot could not start on).
    """

    async def go() -> T:
        try:
            if ready:
                await database_ready(services)
            return await work()
        finally:
            await services.db.close()
            if services.model is not None:
                await services.model.close()

    return run(go())


def parse_now(value: str) -> datetime:
    """`--now` as an aware instant (UTC when no offset is given); exit 2 if it is not one."""
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        print(
            f"error: --now {value!r} is not ISO-8601; try 2026-11-30T09:00:00+01:00",
            file=sys.stderr,
        )
        raise typer.Exit(2) from None
    moment = moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    if not NOW_RANGE[0] <= moment.year <= NOW_RANGE[1]:
        print(
            f"error: --now {value!r} is out of range; use a year from {NOW_RANGE[0]} "
            f"to {NOW_RANGE[1]}, e.g. 2026-11-30T09:00:00+01:00",
            file=sys.stderr,
        )
        raise typer.Exit(2)
    return moment


def now_or_real(value: str | None) -> datetime:
    """`--now` if given, else the real time."""
    return parse_now(value) if value else datetime.now(UTC)


def fixed(services: Services, now: str | None) -> Services:
    """Services whose clock is pinned at `now` (for demos and tests), else unchanged."""
    from bot.core.clock import FixedClock

    return replace(services, clock=FixedClock(parse_now(now))) if now else services


def secret(value: SecretStr | None) -> str:
    """A secret setting's text, or '' when unset."""
    return value.get_secret_value() if value is not None else ""


def worker_name(worker: str) -> str:
    """The worker's name, host-pid unless one was given."""
    import socket

    return worker or f"{socket.gethostname()}-{os.getpid()}"
