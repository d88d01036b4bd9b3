"""The `mentorbot` command: the composition root.

It reads the settings once, builds the services and starts what was asked for. It is the
only core module that imports adapters/ or scheduler/, lazily, inside the subcommand.
"""

from __future__ import annotations

import asyncio
import logging
import os
import sys
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Annotated, Any

import typer
from pydantic import SecretStr, ValidationError

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
manifest_app = typer.Typer(
    help="Print what a platform needs to install the bot.", no_args_is_help=True
)
app.add_typer(manifest_app, name="manifest")


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
    if settings.slack_enabled:
        if settings.discord_enabled:
            print(
                "Discord token found, but this build has no Discord adapter yet.", file=sys.stderr
            )
        _slack(services, socket=settings.slack_app_token is not None, port=3000)
        return
    if platforms:
        print(
            "Discord token found, but this build has no Discord adapter yet; "
            "starting the terminal chat instead.",
            file=sys.stderr,
        )
    _console(services, user="", admin=False)


@app.command()
def slack(
    socket: Annotated[
        bool, typer.Option("--socket", help="Socket Mode (needs SLACK_APP_TOKEN).")
    ] = False,
    http: Annotated[bool, typer.Option("--http", help="HTTP mode at /slack/events.")] = False,
    port: Annotated[int, typer.Option(help="Port for HTTP mode.")] = 3000,
) -> None:
    """Serve /mentor in Slack, over Socket Mode or HTTP."""
    if socket == http:
        print("error: choose one of --socket or --http", file=sys.stderr)
        raise typer.Exit(2)
    _slack(_services(_settings()), socket=socket, port=port)


def _secret(value: SecretStr | None) -> str:
    return value.get_secret_value() if value is not None else ""


def _slack(services: Services, *, socket: bool, port: int) -> None:
    from adapters.slack.serve import serve

    settings = services.settings
    token = _secret(settings.slack_bot_token)
    secret = _secret(settings.slack_signing_secret)
    app_token = _secret(settings.slack_app_token)
    if settings.slack_oauth_enabled:
        # OAuth installs need the HTTP routes (/slack/install, /slack/oauth_redirect).
        if socket:
            print("Slack OAuth is set up: serving HTTP, not Socket Mode.", file=sys.stderr)
        socket, needed = False, {"SLACK_SIGNING_SECRET": secret}
    else:
        needed = {"SLACK_BOT_TOKEN": token}
        needed.update(
            {"SLACK_APP_TOKEN": app_token} if socket else {"SLACK_SIGNING_SECRET": secret}
        )
    missing = [name for name, value in needed.items() if not value]
    if missing:
        print(f"error: Slack needs {', '.join(missing)} (see .env.example)", file=sys.stderr)
        raise typer.Exit(2)

    async def go() -> None:
        await _ready(services)
        try:
            await serve(
                services, token=token, secret=secret, app_token=app_token, socket=socket, port=port
            )
        finally:
            await services.db.close()

    asyncio.run(go())


discord_app = typer.Typer(
    help="Serve /mentor in Discord (DISCORD_TOKEN), or register its commands.",
    invoke_without_command=True,
)
app.add_typer(discord_app, name="discord")


@discord_app.callback()
def discord_main(ctx: typer.Context) -> None:
    """Run the Discord bot (only non-privileged intents)."""
    if ctx.invoked_subcommand is None:
        _discord(_services(_settings()))


def _discord_token(settings: Settings) -> str:
    token = _secret(settings.discord_token)
    if not token:
        print("error: Discord needs DISCORD_TOKEN (see .env.example)", file=sys.stderr)
        raise typer.Exit(2)
    return token


def _discord(services: Services) -> None:
    from adapters.discord.serve import serve

    token = _discord_token(services.settings)

    async def go() -> None:
        await _ready(services)
        try:
            await serve(services, token=token)
        finally:
            await services.db.close()

    asyncio.run(go())


@discord_app.command("sync")
def discord_sync(
    guild: Annotated[int | None, typer.Option(help="Register in one guild (instant).")] = None,
) -> None:
    """Register the /mentor commands with Discord, globally or in one guild."""
    from adapters.discord.serve import sync

    services = _services(_settings())
    token = _discord_token(services.settings)

    async def go() -> int:
        try:
            return await sync(services, token=token, guild=guild)
        finally:
            await services.db.close()

    print(f"registered {asyncio.run(go())} command(s)" + (f" in guild {guild}" if guild else ""))


nudges_app = typer.Typer(help="Weekly nudges: one tick, or a preview.", no_args_is_help=True)
app.add_typer(nudges_app, name="nudges")


async def _messengers(services: Services) -> tuple[dict[str, Any], list[Any]]:
    """A Messenger per configured platform (and what to close afterwards)."""
    settings = services.settings
    messengers: dict[str, Any] = {}
    closers: list[Any] = []
    if settings.slack_enabled:
        from adapters.slack.serve import messenger_from

        messengers["slack"] = messenger_from(services)
    if settings.discord_enabled:
        from adapters.discord.serve import messenger_from as discord_messenger

        messengers["discord"], client = await discord_messenger(_secret(settings.discord_token))
        closers.append(client)
    return messengers, closers


@nudges_app.command("tick")
def nudges_tick(
    now: Annotated[str | None, typer.Option(help="Pretend it is this ISO-8601 instant.")] = None,
    worker: Annotated[str, typer.Option(help="This worker's name.")] = "cli",
) -> None:
    """Plan and deliver due nudges once (cron-friendly): one line per delivery, then totals."""
    from scheduler.dispatcher import dispatch
    from scheduler.planner import plan_due

    services = _services(_settings())
    # One clock for the tick, the dispatch and the handlers that build each nudge.
    services = replace(services, clock=FixedClock(_parse_now(now) if now else datetime.now(UTC)))

    async def go() -> None:
        await _ready(services)
        messengers, closers = await _messengers(services)
        try:
            planned = await plan_due(services.db, now=services.clock.now())
            sent = 0
            while True:
                result = await dispatch(services, messengers, worker=worker)
                for d in result.deliveries:
                    print(f"{d.member} {d.kind} {d.period} {d.outcome}")
                sent += len(result.deliveries)
                if not result.deliveries:
                    break
            print(
                f"planned {planned.queued}, skipped as stale {planned.skipped}, "
                f"handled {sent} delivery attempt(s) for {planned.members} member(s)"
                + (f", {planned.faults} set aside (see the log)" if planned.faults else "")
            )
        finally:
            for closer in closers:
                await closer.close()
            await services.db.close()

    asyncio.run(go())


@nudges_app.command("status")
def nudges_status() -> None:
    """For operators: outbox rows by status, the oldest waiting row, and dead rows."""
    from storage import outbox

    services = _services(_settings())
    moment = datetime.now(UTC)

    async def go() -> list[str]:
        await _ready(services)
        try:
            async with services.db.transaction() as session:
                counts = await outbox.status_counts(session=session)
                oldest = await outbox.oldest_pending(session=session)
                dead = await outbox.dead_rows(session=session)
        finally:
            await services.db.close()
        lines = ["outbox: " + (", ".join(f"{n} {k}" for k, n in sorted(counts.items())) or "empty")]
        if oldest is not None:
            lines.append(
                f"oldest pending: due {oldest:%Y-%m-%d %H:%M} UTC, {_age(moment - oldest)} ago"
            )
        else:
            lines.append("oldest pending: none")
        for row in dead:
            lines.append(
                f"dead: member {row.member_id} {row.kind} {row.period} after {row.attempts} "
                f"attempt(s): {row.last_error or 'no reason recorded'}"
            )
        return lines

    print("\n".join(asyncio.run(go())))


def _age(delta: timedelta) -> str:
    seconds = max(0, int(delta.total_seconds()))
    if seconds < 120:
        return f"{seconds} s"
    if seconds < 7200:
        return f"{seconds // 60} min"
    return f"{seconds // 3600} h"


@nudges_app.command("preview")
def nudges_preview(
    user: Annotated[str, typer.Argument(help="A user id (terminal chat: the --as name).")],
    weeks: Annotated[int, typer.Option(help="How many weeks ahead.")] = 2,
    platform: Annotated[str, typer.Option(help="console, slack or discord.")] = "console",
    now: Annotated[str | None, typer.Option(help="Preview from this ISO-8601 instant.")] = None,
) -> None:
    """The next sends for one member, in their local time and in UTC."""
    from zoneinfo import ZoneInfo

    from bot.calendar import prefs_of, upcoming
    from storage.tables import Member, Profile

    services = _services(_settings())
    moment = _parse_now(now) if now else datetime.now(UTC)

    async def go() -> list[str]:
        await _ready(services)
        try:
            async with services.db.transaction() as session:
                from sqlmodel import select

                row = (
                    await session.exec(
                        select(Profile)
                        .join(Member, Member.id == Profile.member_id)  # type: ignore[arg-type]
                        .where(Member.user_id == user, Member.platform == platform)
                    )
                ).first()
            if row is None:
                return []
            zone = ZoneInfo(row.timezone)
            return [
                f"{period} {kind:9s} {when.astimezone(zone):%a %Y-%m-%d %H:%M} {row.timezone}"
                f"  = {when:%Y-%m-%d %H:%M} UTC"
                for period, kind, when in upcoming(prefs_of(row), moment, weeks)
            ]
        finally:
            await services.db.close()

    lines = asyncio.run(go())
    if not lines:
        print(
            f"error: no {platform} member {user!r} with a profile (they need `start`)",
            file=sys.stderr,
        )
        raise typer.Exit(1)
    print("\n".join(lines))


@app.command()
def scheduler(
    worker: Annotated[str, typer.Option(help="This worker's name.")] = "",
) -> None:
    """Run the scheduler: a tick every minute and a dispatch every 15 s, until stopped."""
    import socket

    from scheduler.runner import run_scheduler

    services = _services(_settings())
    name = worker or f"{socket.gethostname()}-{os.getpid()}"

    async def go() -> None:
        await _ready(services)
        messengers, closers = await _messengers(services)
        try:
            await run_scheduler(services, messengers, worker=name)
        finally:
            for closer in closers:
                await closer.close()
            await services.db.close()

    asyncio.run(go())


@manifest_app.command("discord")
def manifest_discord() -> None:
    """Print, as JSON, the command definitions `mentorbot discord sync` registers."""
    import json

    print(json.dumps(discord_commands(), indent=2))


def discord_commands() -> list[dict[str, Any]]:
    """The app-command payloads generated from the registry."""
    from adapters.discord.serve import commands_payload

    return commands_payload(build_registry())


@manifest_app.command("slack")
def manifest_slack(
    url: Annotated[str | None, typer.Option(help="Public base URL of the bot (HTTP mode).")] = None,
    socket: Annotated[bool, typer.Option("--socket", help="A manifest for Socket Mode.")] = False,
    distribution: Annotated[
        bool,
        typer.Option("--distribution", help="Install to many workspaces by OAuth (needs --url)."),
    ] = False,
) -> None:
    """Print the Slack app manifest (YAML), generated from the command registry."""
    from adapters.slack.manifest import manifest_yaml

    if not url and not socket:
        print("error: give --url https://your.host or --socket", file=sys.stderr)
        raise typer.Exit(2)
    if distribution and not url:
        print(
            "error: --distribution needs --url https://your.host (Slack redirects there "
            "after an install)",
            file=sys.stderr,
        )
        raise typer.Exit(2)
    print(
        manifest_yaml(build_registry(), url=url, socket=socket, distribution=distribution), end=""
    )


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
