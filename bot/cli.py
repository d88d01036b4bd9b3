"""The `mentorbot` command: the composition root.

It reads the settings once, builds the services and starts what was asked for. It is the
only core module that imports adapters/ or scheduler/, lazily, inside the subcommand.
"""

from __future__ import annotations

import asyncio
import logging
import sys
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated

import typer
from pydantic import ValidationError

from bot.clock import FixedClock, SystemClock
from bot.commands import build_registry
from bot.services import Services
from bot.settings import Settings
from content import PackError, load_catalog
from storage.db import Database

app = typer.Typer(
    help="mentorbot: a mentor for AI engineers in Slack, Discord and the terminal.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
content_app = typer.Typer(help="Work with career content packs.", no_args_is_help=True)
app.add_typer(content_app, name="content")
db_app = typer.Typer(help="Manage the database schema.", no_args_is_help=True)
app.add_typer(db_app, name="db")


def _settings() -> Settings:
    try:
        return Settings()
    except ValidationError as exc:
        for err in exc.errors():
            where = ".".join(str(p) for p in err["loc"]) or "settings"
            print(f"error: {where}: {err['msg']}", file=sys.stderr)
        raise typer.Exit(2) from None


def _services(settings: Settings) -> Services:
    logging.basicConfig(
        level=settings.log_level.upper(), format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    try:
        catalog = load_catalog(settings.content_dirs)
    except PackError as exc:
        print(f"error: {exc}", file=sys.stderr)
        raise typer.Exit(2) from None
    return Services(
        catalog=catalog,
        registry=build_registry(),
        clock=SystemClock(),
        settings=settings,
        db=Database.open(settings.database_url),
    )


async def _ready(services: Services) -> None:
    """Migrate SQLite, or check a server database is migrated; exit 2 with why if not."""
    from storage.setup import SchemaOutOfDate, prepare

    try:
        await prepare(services.db, url=services.settings.database_url)
    except SchemaOutOfDate as exc:
        print(f"error: {exc}", file=sys.stderr)
        raise typer.Exit(2) from None
    except OSError as exc:
        print(f"error: cannot reach the database: {exc}", file=sys.stderr)
        raise typer.Exit(2) from None


@app.command()
def run() -> None:
    """Start the bot: Slack/Discord when their tokens are set, else the terminal chat."""
    settings = _settings()
    services = _services(settings)
    platforms = [
        name
        for name, on in (("Slack", settings.slack_enabled), ("Discord", settings.discord_enabled))
        if on
    ]
    if platforms:
        print(
            f"{' and '.join(platforms)} token(s) found, but this build has no "
            f"{'/'.join(platforms)} adapter yet; starting the terminal chat instead.",
            file=sys.stderr,
        )
    _console(services, user="", admin=False)


@app.command()
def console(
    as_: Annotated[str, typer.Option("--as", help="Who you are in the chat.")] = "",
    admin: Annotated[bool, typer.Option("--admin", help="Act as a workspace admin.")] = False,
    now: Annotated[
        str | None, typer.Option(help="Pretend it is this ISO-8601 instant (for demos).")
    ] = None,
) -> None:
    """Chat with mentorbot in the terminal (reads a pipe too: `echo help | mentorbot console`)."""
    services = _services(_settings())
    if now is not None:
        services = replace(services, clock=FixedClock(_parse_now(now)))
    _console(services, user=as_, admin=admin)


def _parse_now(value: str) -> datetime:
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        print(
            f"error: --now {value!r} is not ISO-8601; try 2026-11-30T09:00:00+01:00",
            file=sys.stderr,
        )
        raise typer.Exit(2) from None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _console(services: Services, *, user: str, admin: bool) -> None:
    import getpass

    from adapters.console.app import run_console

    who = user or getpass.getuser() or "me"

    async def go() -> None:
        await _ready(services)
        try:
            await run_console(user=who, admin=admin, services=services)
        finally:
            await services.db.close()

    asyncio.run(go())


@app.command()
def demo(
    script: Annotated[Path | None, typer.Option(help="A file of commands, one a line.")] = None,
) -> None:
    """Play a scripted conversation through the terminal chat."""
    import tempfile

    from adapters.console.app import ConsoleOutput, console_actor, run_lines

    path = script or Path(__file__).parent.parent / "adapters" / "console" / "demo.txt"
    scratch = tempfile.mkdtemp(prefix="mentorbot-demo-")
    settings = _settings().model_copy(
        update={"database_url": f"sqlite+aiosqlite:///{scratch}/demo.db"}
    )
    services = _services(settings)
    output = ConsoleOutput(sys.stdout, rich=sys.stdout.isatty(), out_dir=settings.output_dir)
    lines = path.read_text(encoding="utf-8").splitlines()

    async def go() -> None:
        await _ready(services)
        try:
            await run_lines(
                lines, actor=console_actor("demo"), services=services, output=output, echo=True
            )
        finally:
            await services.db.close()

    asyncio.run(go())


@db_app.command("upgrade")
def db_upgrade(
    revision: Annotated[str, typer.Argument(help="Target revision.")] = "head",
) -> None:
    """Apply the database migrations (run this before starting on PostgreSQL)."""
    from storage.migrate import current_revision, upgrade

    settings = _settings()
    db = Database.open(settings.database_url)

    async def go() -> str | None:
        try:
            await upgrade(db.engine, revision)
            return await current_revision(db.engine)
        finally:
            await db.close()

    print(f"database at revision {asyncio.run(go())}")


@content_app.command("check")
def content_check(
    directory: Annotated[
        Path | None, typer.Argument(help="A pack folder; default: the packs in use.")
    ] = None,
) -> None:
    """Validate a content pack; print a count summary, or every problem and exit 1."""
    settings = _settings()
    if directory is None:
        dirs, builtin, what = settings.content_dirs, True, "built-in pack"
        if dirs:
            what += " + " + ", ".join(str(d) for d in dirs)
    else:
        # A folder with its own `pack:` section is a whole pack; otherwise it is checked
        # as an overlay on the built-in pack, the way the bot would load it.
        builtin = not _is_whole_pack(directory)
        dirs, what = [directory], str(directory) + (" (over the built-in pack)" if builtin else "")
    try:
        catalog = load_catalog(dirs, builtin=builtin)
    except PackError as exc:
        for problem in exc.problems:
            print(problem)
        print(f"{len(exc.problems)} problem(s) in {what}", file=sys.stderr)
        raise typer.Exit(1) from None
    counts = ", ".join(f"{n} {name.replace('_', ' ')}" for name, n in catalog.counts().items())
    print(f"ok: {what}: {counts}")


def _is_whole_pack(directory: Path) -> bool:
    import yaml

    for file in sorted(directory.rglob("*.y*ml")):
        try:
            data = yaml.safe_load(file.read_text(encoding="utf-8"))
        except (yaml.YAMLError, OSError, UnicodeDecodeError):
            continue
        if isinstance(data, dict) and "pack" in data:
            return True
    return False


def main() -> None:
    """Entry point of the `mentorbot` console script."""
    app()
