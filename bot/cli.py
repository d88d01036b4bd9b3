"""The `mentorbot` command: the composition root.

It reads the settings once, builds the services and starts what was asked for. It is the
only core module that imports adapters/ or scheduler/, lazily, inside the subcommand.
"""

from __future__ import annotations

import logging
import os
import sys
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, TypeVar

import typer

from bot.startup import StartupError, build_services, database_ready, load_settings

if TYPE_CHECKING:
    from collections.abc import Coroutine

    from pydantic import SecretStr

    from bot.health import Readiness
    from bot.lifecycle import Part
    from bot.services import Services
    from bot.settings import Settings

T = TypeVar("T")

# Nothing heavy is imported above this line: `mentorbot --help` must stay quick, so
# SQLAlchemy, the platform SDKs and matplotlib load only inside the subcommand that runs.
_log = logging.getLogger(__name__)


def _examples(*lines: str) -> str:
    """An epilog that click prints as written (the \\b keeps its line breaks)."""
    return "\b\nExamples:\n" + "\n".join(f"  {line}" for line in lines)


def _version(value: bool) -> None:
    if value:
        from importlib.metadata import version

        print(f"mentorbot {version('mentorbot')}")
        raise typer.Exit()


app = typer.Typer(
    help="mentorbot: a mentor for AI engineers in Slack, Discord and the terminal.",
    epilog=_examples(
        "mentorbot run                      # whatever is configured, in one process",
        "mentorbot console --as alice       # chat in the terminal",
        "mentorbot db upgrade               # before starting on PostgreSQL",
        "mentorbot scheduler --worker w1    # one more nudge worker (PostgreSQL)",
        "mentorbot COMMAND --help           # each command's options and examples",
    ),
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)


@app.callback()
def _main(
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_version, is_eager=True, help="Print the version and exit."
        ),
    ] = False,
) -> None:
    """mentorbot: a mentor for AI engineers in Slack, Discord and the terminal."""


def _group(help: str, *examples: str, **extra: Any) -> typer.Typer:
    return typer.Typer(
        help=help,
        epilog=_examples(*examples) if examples else None,
        no_args_is_help=not extra.get("invoke_without_command", False),
        rich_markup_mode=None,
        **extra,
    )


content_app = _group(
    "Work with career content packs.",
    "mentorbot content check",
    "mentorbot content check ./our-ladder",
)
app.add_typer(content_app, name="content")
db_app = _group("Manage the database schema.", "mentorbot db upgrade")
app.add_typer(db_app, name="db")
manifest_app = _group(
    "Print what a platform needs to install the bot.",
    "mentorbot manifest slack --url https://mentor.example.com",
    "mentorbot manifest slack --socket",
    "mentorbot manifest discord",
)
app.add_typer(manifest_app, name="manifest")


def _run(main: Coroutine[Any, Any, T]) -> T:
    """asyncio.run, imported only when a command runs (asyncio is slow to import)."""
    import asyncio

    return asyncio.run(main)


def _settings() -> Settings:
    return load_settings()


def _services(settings: Settings, *, default_level: str = "WARNING") -> Services:
    return build_services(settings, default_level=default_level)


async def _ready(services: Services) -> None:
    await database_ready(services)


def _fixed(services: Services, now: str | None) -> Services:
    """Services whose clock is pinned at `now` (for demos and tests), else unchanged."""
    from bot.clock import FixedClock

    return replace(services, clock=FixedClock(_parse_now(now))) if now else services


@app.command(
    epilog=_examples(
        "mentorbot run                      # Slack/Discord + scheduler, or the terminal chat",
        "PORT=8080 mentorbot run            # Slack over HTTP on port 8080",
        "METRICS_PORT=9100 mentorbot run    # /healthz, /readyz, /metrics on 9100",
        "mentorbot run --no-scheduler       # when `mentorbot scheduler` workers run apart",
    )
)
def run(
    scheduler: Annotated[
        bool,
        typer.Option(
            "--scheduler/--no-scheduler",
            help="Also plan and deliver nudges here (off when separate workers do it).",
        ),
    ] = True,
    now: Annotated[
        str | None, typer.Option(hidden=True, help="Pretend it is this ISO-8601 instant.")
    ] = None,
) -> None:
    """Serve everything configured in one process: Slack, Discord and the scheduler.

    With no platform token it opens the terminal chat when run in a terminal or fed by a
    pipe; as a service (stdin closed or /dev/null) it keeps delivering nudges to the
    terminal inbox.
    """
    settings = _settings()
    if not settings.slack_enabled and not settings.discord_enabled and _someone_typing():
        _console(_fixed(_services(settings), now), user="", admin=False)
        return
    services = _fixed(_services(settings, default_level="INFO"), now)
    if not settings.slack_enabled and not settings.discord_enabled:
        _log.warning(
            "no SLACK_BOT_TOKEN or DISCORD_TOKEN: serving %s; chat with `mentorbot console`",
            "the scheduler only (terminal nudges wait in the inbox)" if scheduler else "nothing",
        )
    slack_mode = None
    if settings.slack_enabled:
        slack_mode = "socket" if _secret(settings.slack_app_token) else "http"
    _serve(
        services,
        slack=slack_mode,
        discord=settings.discord_enabled,
        worker=_worker_name("") if scheduler else None,
        port=settings.port or 3000,
    )


@app.command(
    epilog=_examples(
        "mentorbot slack --socket           # behind a firewall, no public URL",
        "mentorbot slack --http --port 3000 # Slack posts to https://HOST/slack/events",
    )
)
def slack(
    socket: Annotated[
        bool, typer.Option("--socket", help="Socket Mode (needs SLACK_APP_TOKEN).")
    ] = False,
    http: Annotated[bool, typer.Option("--http", help="HTTP mode at /slack/events.")] = False,
    port: Annotated[
        int | None, typer.Option(help="Port for HTTP mode (default: PORT, else 3000).")
    ] = None,
) -> None:
    """Serve /mentor in Slack, over Socket Mode or HTTP."""
    if socket == http:
        raise StartupError("choose one of --socket or --http")
    settings = _settings()
    if not settings.slack_enabled:
        raise StartupError("Slack needs SLACK_BOT_TOKEN (see .env.example)")
    services = _services(settings, default_level="INFO")
    _serve(
        services,
        slack="socket" if socket else "http",
        discord=False,
        worker=None,
        port=port or settings.port or 3000,
    )


def _someone_typing() -> bool:
    """Whether stdin is a terminal or carries text (a pipe, a file), not /dev/null or closed:
    `echo plan | mentorbot run` chats; a service manager's `mentorbot run` keeps serving."""
    import stat

    try:
        mode = os.fstat(sys.stdin.fileno()).st_mode
    except (AttributeError, OSError, ValueError):
        return False
    return sys.stdin.isatty() or stat.S_ISFIFO(mode) or stat.S_ISREG(mode)


def _secret(value: SecretStr | None) -> str:
    return value.get_secret_value() if value is not None else ""


def _worker_name(worker: str) -> str:
    import socket

    return worker or f"{socket.gethostname()}-{os.getpid()}"


def _slack_part(services: Services, *, mode: str, port: int, readiness: Readiness) -> Part:
    from functools import partial

    from adapters.slack.serve import serve_http, serve_socket
    from bot.lifecycle import Part

    settings = services.settings
    token = _secret(settings.slack_bot_token)
    secret = _secret(settings.slack_signing_secret)
    app_token = _secret(settings.slack_app_token)
    if settings.slack_oauth_enabled:
        # OAuth installs need the HTTP routes (/slack/install, /slack/oauth_redirect).
        if mode == "socket":
            _log.warning("Slack OAuth is set up: serving HTTP, not Socket Mode")
        mode, needed = "http", {"SLACK_SIGNING_SECRET": secret}
    else:
        needed = {"SLACK_BOT_TOKEN": token}
        needed.update(
            {"SLACK_APP_TOKEN": app_token} if mode == "socket" else {"SLACK_SIGNING_SECRET": secret}
        )
    missing = [name for name, value in needed.items() if not value]
    if missing:
        raise StartupError(f"Slack needs {', '.join(missing)} (see .env.example)")
    if mode == "socket":
        return Part(
            "slack-socket",
            partial(
                serve_socket,
                services,
                token=token,
                secret=secret,
                app_token=app_token,
                readiness=readiness,
            ),
        )
    grace = settings.shutdown_grace_seconds
    return Part(
        f"slack-http:{port}",
        partial(
            serve_http,
            services,
            token=token,
            secret=secret,
            port=port,
            readiness=readiness,
            grace=grace,
        ),
    )


def _serve(
    services: Services, *, slack: str | None, discord: bool, worker: str | None, port: int
) -> None:
    """Run the chosen parts as one TaskGroup until SIGTERM/SIGINT, then stop gracefully."""
    from functools import partial

    from bot.health import Readiness
    from bot.lifecycle import Part, serve_parts

    settings = services.settings
    readiness = Readiness(services.db)
    parts: list[Part] = []
    if slack is not None:
        parts.append(_slack_part(services, mode=slack, port=port, readiness=readiness))
    if discord:
        from adapters.discord.serve import serve as serve_discord

        token = _discord_token(settings)
        parts.append(
            Part("discord", partial(serve_discord, services, token=token, readiness=readiness))
        )
    http_port = port if slack == "http" else None
    if settings.metrics_port and settings.metrics_port != http_port:
        parts.append(
            Part(
                f"metrics:{settings.metrics_port}",
                partial(_serve_health, readiness, settings.metrics_port),
            )
        )
    closers: list[Any] = []

    async def go() -> bool:
        from bot.settings import masked
        from storage.migrate import current_revision

        await _ready(services)
        if worker is not None:
            from scheduler.runner import run_scheduler

            messengers, opened = await _messengers(services)
            closers.extend(opened)
            parts.append(
                Part(
                    f"scheduler({worker})",
                    partial(run_scheduler, services, messengers, worker=worker),
                )
            )
        revision = await current_revision(services.db.engine)
        _log.info(
            "mentorbot %s: serving %s; database %s at %s; logs %s at %s",
            _package_version(),
            ", ".join(p.name for p in parts) or "nothing",
            masked("DATABASE_URL", settings.database_url),
            revision,
            settings.log_format,
            logging.getLevelName(logging.getLogger().level),
        )

        async def cleanup() -> None:
            if worker is not None:
                await _release_leases(services, worker)
            for closer in closers:
                await closer.close()
            await services.db.close()

        return await serve_parts(parts, grace=settings.shutdown_grace_seconds, cleanup=cleanup)

    if not _run(go()):
        raise typer.Exit(1)


async def _release_leases(services: Services, worker: str) -> None:
    from storage import outbox

    try:
        async with services.db.transaction() as session:
            released = await outbox.release(session=session, worker=worker)
        if released:
            _log.info("released %d unsent nudge lease(s) of %s", released, worker)
    except Exception:
        _log.exception("could not release the leases of %s", worker)


async def _serve_health(readiness: Readiness, port: int) -> None:
    from bot.health import health_app, start_http

    runner = await start_http(health_app(readiness), port=port)
    _log.info("health and metrics on port %s: /healthz, /readyz, /metrics", port)
    try:
        import asyncio

        await asyncio.Event().wait()
    finally:
        await runner.cleanup()


def _package_version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("mentorbot")
    except PackageNotFoundError:
        return "dev"


discord_app = _group(
    "Serve /mentor in Discord (DISCORD_TOKEN), or register its commands.",
    "mentorbot discord                  # serve /mentor",
    "mentorbot discord sync --guild 123 # register the commands in one guild (instant)",
    invoke_without_command=True,
)
app.add_typer(discord_app, name="discord")


@discord_app.callback()
def discord_main(ctx: typer.Context) -> None:
    """Run the Discord bot (only non-privileged intents)."""
    if ctx.invoked_subcommand is None:
        settings = _settings()
        _discord_token(settings)
        services = _services(settings, default_level="INFO")
        _serve(services, slack=None, discord=True, worker=None, port=0)


def _discord_token(settings: Settings) -> str:
    token = _secret(settings.discord_token)
    if not token:
        raise StartupError("Discord needs DISCORD_TOKEN (see .env.example)")
    return token


@discord_app.command(
    "sync", epilog=_examples("mentorbot discord sync", "mentorbot discord sync --guild 123")
)
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

    print(f"registered {_run(go())} command(s)" + (f" in guild {guild}" if guild else ""))


nudges_app = _group(
    "Weekly nudges: one tick, or a preview.",
    "mentorbot nudges tick                          # plan and deliver what is due now",
    "mentorbot nudges tick --now 2026-11-30T09:05Z  # as if it were then",
    "mentorbot nudges preview alice --weeks 3",
)
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


@nudges_app.command(
    "tick",
    epilog=_examples(
        "mentorbot nudges tick",
        "mentorbot nudges tick --now 2026-11-30T09:05Z --worker cron",
    ),
)
def nudges_tick(
    now: Annotated[str | None, typer.Option(help="Pretend it is this ISO-8601 instant.")] = None,
    worker: Annotated[str, typer.Option(help="This worker's name.")] = "cli",
) -> None:
    """Plan and deliver due nudges once (cron-friendly): one line per delivery, then totals."""
    from bot.clock import FixedClock
    from bot.progress import progress
    from scheduler.dispatcher import dispatch
    from scheduler.planner import plan_due
    from storage import outbox

    services = _services(_settings())
    # One clock for the tick, the dispatch and the handlers that build each nudge.
    services = replace(services, clock=FixedClock(_parse_now(now) if now else datetime.now(UTC)))

    async def go() -> None:
        await _ready(services)
        messengers, closers = await _messengers(services)
        try:
            with progress("Planning due nudges"):
                planned = await plan_due(services.db, now=services.clock.now())
            async with services.db.transaction() as session:
                pending, _oldest = await outbox.backlog(session=session)
            sent = 0
            with progress("Delivering nudges", total=pending) as advance:
                while True:
                    result = await dispatch(services, messengers, worker=worker)
                    for d in result.deliveries:
                        print(f"{d.member} {d.kind} {d.period} {d.outcome}")
                    sent += len(result.deliveries)
                    advance(len(result.deliveries))
                    if not result.deliveries:
                        break
            print(
                f"planned {planned.queued}, skipped as stale {planned.skipped}, "
                f"handled {sent} delivery attempt(s); {planned.members} due schedule row(s) read"
                + (f", {planned.faults} set aside (see the log)" if planned.faults else "")
            )
        finally:
            for closer in closers:
                await closer.close()
            await services.db.close()

    _run(go())


@nudges_app.command("status", epilog=_examples("mentorbot nudges status"))
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

    print("\n".join(_run(go())))


def _age(delta: timedelta) -> str:
    seconds = max(0, int(delta.total_seconds()))
    if seconds < 120:
        return f"{seconds} s"
    if seconds < 7200:
        return f"{seconds // 60} min"
    return f"{seconds // 3600} h"


@nudges_app.command(
    "preview",
    epilog=_examples(
        "mentorbot nudges preview alice",
        "mentorbot nudges preview U0G9QF9C6 --platform slack --weeks 4",
    ),
)
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

    lines = _run(go())
    if not lines:
        print(
            f"error: no {platform} member {user!r} with a profile (they need `start`)",
            file=sys.stderr,
        )
        raise typer.Exit(1)
    print("\n".join(lines))


@app.command(
    epilog=_examples(
        "mentorbot scheduler --worker w1    # one of several workers sharing PostgreSQL",
        "METRICS_PORT=9101 mentorbot scheduler",
    )
)
def scheduler(
    worker: Annotated[str, typer.Option(help="This worker's name (default: host-pid).")] = "",
) -> None:
    """Run the scheduler only: plans and delivers nudges until stopped (SIGTERM is clean)."""
    services = _services(_settings(), default_level="INFO")
    _serve(services, slack=None, discord=False, worker=_worker_name(worker), port=0)


@manifest_app.command("discord", epilog=_examples("mentorbot manifest discord > commands.json"))
def manifest_discord() -> None:
    """Print, as JSON, the command definitions `mentorbot discord sync` registers."""
    import json

    print(json.dumps(discord_commands(), indent=2))


def discord_commands() -> list[dict[str, Any]]:
    """The app-command payloads generated from the registry."""
    from adapters.discord.serve import commands_payload
    from bot.commands import build_registry

    return commands_payload(build_registry())


@manifest_app.command(
    "slack",
    epilog=_examples(
        "mentorbot manifest slack --url https://mentor.example.com",
        "mentorbot manifest slack --socket",
    ),
)
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
    from bot.commands import build_registry

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


@app.command(
    epilog=_examples(
        "mentorbot console --as alice",
        "echo plan | mentorbot console --as alice",
        "mentorbot console --as root --admin --now 2026-11-30T09:00Z",
    )
)
def console(
    as_: Annotated[str, typer.Option("--as", help="Who you are in the chat.")] = "",
    admin: Annotated[bool, typer.Option("--admin", help="Act as a workspace admin.")] = False,
    now: Annotated[
        str | None, typer.Option(help="Pretend it is this ISO-8601 instant (for demos).")
    ] = None,
) -> None:
    """Chat with mentorbot in the terminal (reads a pipe too: `echo help | mentorbot console`)."""
    _console(_fixed(_services(_settings()), now), user=as_, admin=admin)


def _parse_now(value: str) -> datetime:
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
        # Weeks, nudges and pauses are computed from it; year 9999 would overflow.
        print(
            f"error: --now {value!r} is out of range; use a year from {NOW_RANGE[0]} "
            f"to {NOW_RANGE[1]}, e.g. 2026-11-30T09:00:00+01:00",
            file=sys.stderr,
        )
        raise typer.Exit(2)
    return moment


NOW_RANGE = (1970, 2200)


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

    _run(go())


@app.command(epilog=_examples("mentorbot demo", "mentorbot demo --script my-steps.txt"))
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
    output = ConsoleOutput(
        sys.stdout, rich=sys.stdout.isatty(), out_dir=settings.output_dir, owner="demo"
    )
    lines = path.read_text(encoding="utf-8").splitlines()

    async def go() -> None:
        await _ready(services)
        try:
            await run_lines(
                lines, actor=console_actor("demo"), services=services, output=output, echo=True
            )
        finally:
            await services.db.close()

    _run(go())


@db_app.command("upgrade", epilog=_examples("mentorbot db upgrade", "mentorbot db upgrade 0003"))
def db_upgrade(
    revision: Annotated[str, typer.Argument(help="Target revision.")] = "head",
) -> None:
    """Apply the database migrations (run this before starting on PostgreSQL)."""
    from sqlalchemy.exc import DBAPIError

    from bot.progress import progress
    from bot.startup import bad_setting, where
    from storage.migrate import current_revision, steps_to, upgrade

    settings = _settings()
    services = _services(settings)
    db = services.db

    async def go() -> str | None:
        try:
            steps = steps_to(revision, await current_revision(db.engine))
            with progress("Migrating the database", total=len(steps)) as advance:
                for step in steps:
                    await upgrade(db.engine, step)
                    advance(1)
            return await current_revision(db.engine)
        finally:
            await db.close()

    try:
        print(f"database at revision {_run(go())}")
    except (OSError, TimeoutError, DBAPIError) as exc:
        url = settings.database_url
        reason = type(getattr(exc, "orig", None) or exc).__name__
        bad_setting("DATABASE_URL", url, f"cannot reach the database at {where(url)} ({reason})")


@content_app.command(
    "check", epilog=_examples("mentorbot content check", "mentorbot content check ./our-ladder")
)
def content_check(
    directory: Annotated[
        Path | None, typer.Argument(help="A pack folder; default: the packs in use.")
    ] = None,
) -> None:
    """Validate a content pack; print a count summary, or every problem and exit 1."""
    from bot.progress import progress
    from content import PackError, load_catalog

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
        with progress(f"Checking {what}"):
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
        except (yaml.YAMLError, OSError, UnicodeDecodeError, RecursionError):
            continue
        if isinstance(data, dict) and "pack" in data:
            return True
    return False


def main() -> None:
    """Entry point of the `mentorbot` console script."""
    app()
