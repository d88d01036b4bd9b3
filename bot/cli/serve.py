"""`mentorbot run`, `slack`, `scheduler` and `discord`: the long-running processes.

Each builds the parts it was asked for (Slack, Discord, the scheduler, the health port)
and runs them as one TaskGroup until SIGTERM/SIGINT, then stops them gracefully.
"""

from __future__ import annotations

import logging
import os
import sys
from typing import TYPE_CHECKING, Annotated, Any

import typer

from bot.cli import common
from bot.cli.app import app
from bot.cli.common import examples, fixed, secret, worker_name
from bot.cli.startup import StartupError, database_ready

if TYPE_CHECKING:
    from bot.cli.lifecycle import Part
    from bot.commands.services import Services
    from bot.runtime.health import Readiness
    from bot.runtime.settings import Settings

_log = logging.getLogger(__name__)


@app.command(
    epilog=examples(
        "mentorbot run                      # Slack/Discord + scheduler, or the terminal chat",
        "PORT=8080 mentorbot run            # Slack over HTTP on port 8080",
        "METRICS_PORT=9100 mentorbot run    # /healthz, /readyz, /metrics on 9100",
        "mentorbot run --no-scheduler       # when `mentorbot scheduler` workers run apart",
        "PORT=8080 mentorbot run            # and the web dashboard at http://HOST:8080/web/",
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
    settings = common.settings()
    if not settings.slack_enabled and not settings.discord_enabled and _someone_typing():
        from bot.cli.terminal import chat

        chat(fixed(common.services(settings), now), user="", admin=False)
        return
    services = fixed(common.services(settings, default_level="INFO"), now)
    if not settings.slack_enabled and not settings.discord_enabled:
        _log.warning(
            "no SLACK_BOT_TOKEN or DISCORD_TOKEN: serving %s; chat with `mentorbot console`",
            "the scheduler only (terminal nudges wait in the inbox)" if scheduler else "nothing",
        )
    slack_mode = None
    if settings.slack_enabled:
        slack_mode = "socket" if secret(settings.slack_app_token) else "http"
    serve(
        services,
        slack=slack_mode,
        discord=settings.discord_enabled,
        worker=worker_name("") if scheduler else None,
        port=settings.port or 3000,
        web=settings.port is not None,
    )


@app.command(
    epilog=examples(
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
    settings = common.settings()
    if not settings.slack_enabled:
        raise StartupError("Slack needs SLACK_BOT_TOKEN (see .env.example)")
    services = common.services(settings, default_level="INFO")
    serve(
        services,
        slack="socket" if socket else "http",
        discord=False,
        worker=None,
        port=port or settings.port or 3000,
    )


@app.command(
    epilog=examples(
        "mentorbot scheduler --worker w1    # one of several workers sharing PostgreSQL",
        "METRICS_PORT=9101 mentorbot scheduler",
    )
)
def scheduler(
    worker: Annotated[str, typer.Option(help="This worker's name (default: host-pid).")] = "",
) -> None:
    """Run the scheduler only: plans and delivers nudges until stopped (SIGTERM is clean)."""
    services = common.services(common.settings(), default_level="INFO")
    serve(services, slack=None, discord=False, worker=worker_name(worker), port=0)


def _someone_typing() -> bool:
    """Whether stdin is a terminal or carries text (a pipe, a file), not /dev/null or closed:
    `echo plan | mentorbot run` chats; a service manager's `mentorbot run` keeps serving."""
    import stat

    try:
        mode = os.fstat(sys.stdin.fileno()).st_mode
    except (AttributeError, OSError, ValueError):
        return False
    return sys.stdin.isatty() or stat.S_ISFIFO(mode) or stat.S_ISREG(mode)


def discord_token(settings: Settings) -> str:
    """The Discord bot token; exit 2 saying so when it is not set."""
    token = secret(settings.discord_token)
    if not token:
        raise StartupError("Discord needs DISCORD_TOKEN (see .env.example)")
    return token


def _slack_part(services: Services, *, mode: str, port: int, readiness: Readiness) -> Part:
    from functools import partial

    from adapters.slack.serve import serve_http, serve_socket
    from bot.cli.lifecycle import Part

    settings = services.settings
    token = secret(settings.slack_bot_token)
    signing = secret(settings.slack_signing_secret)
    app_token = secret(settings.slack_app_token)
    if settings.slack_oauth_enabled:
        # OAuth installs need the HTTP routes (/slack/install, /slack/oauth_redirect).
        if mode == "socket":
            _log.warning("Slack OAuth is set up: serving HTTP, not Socket Mode")
        mode, needed = "http", {"SLACK_SIGNING_SECRET": signing}
    else:
        needed = {"SLACK_BOT_TOKEN": token}
        needed.update(
            {"SLACK_APP_TOKEN": app_token}
            if mode == "socket"
            else {"SLACK_SIGNING_SECRET": signing}
        )
    missing = [name for name, value in needed.items() if not value]
    if missing:
        raise StartupError(f"Slack needs {', '.join(missing)} (see .env.example)")
    if mode == "socket":
        run_socket = partial(
            serve_socket,
            services,
            token=token,
            secret=signing,
            app_token=app_token,
            readiness=readiness,
        )
        return Part("slack-socket", run_socket)
    from adapters.web.app import add_dashboard

    run_http = partial(
        serve_http,
        services,
        token=token,
        secret=signing,
        port=port,
        readiness=readiness,
        grace=settings.shutdown_grace_seconds,
        extend=lambda app: add_dashboard(app, services),
    )
    return Part(f"slack-http:{port}", run_http)


def serve(
    services: Services,
    *,
    slack: str | None,
    discord: bool,
    worker: str | None,
    port: int,
    web: bool = False,
) -> None:
    """Run the chosen parts as one TaskGroup until SIGTERM/SIGINT, then stop gracefully.

    The web dashboard rides on Slack's HTTP server when there is one; `web` serves it
    alone on `port` otherwise."""
    from functools import partial

    from bot.cli.lifecycle import Part, serve_parts
    from bot.runtime.health import Readiness

    settings = services.settings
    readiness = Readiness(services.db)
    parts: list[Part] = []
    if slack is not None:
        parts.append(_slack_part(services, mode=slack, port=port, readiness=readiness))
    if discord:
        from adapters.discord.serve import serve as serve_discord

        token = discord_token(settings)
        parts.append(
            Part("discord", partial(serve_discord, services, token=token, readiness=readiness))
        )
    if web and slack != "http":
        from adapters.web.serve import serve_web

        serve_dashboard = partial(
            serve_web,
            services,
            port=port,
            readiness=readiness,
            grace=settings.shutdown_grace_seconds,
        )
        parts.append(Part(f"web:{port}", serve_dashboard))
    http_port = port if slack == "http" or web else None
    if settings.metrics_port and settings.metrics_port != http_port:
        parts.append(
            Part(
                f"metrics:{settings.metrics_port}",
                partial(_serve_health, readiness, settings.metrics_port),
            )
        )
    closers: list[Any] = []

    async def go() -> bool:
        from bot.runtime.settings import masked
        from storage.migrate import current_revision

        await database_ready(services)
        if worker is not None:
            from scheduler.runner import run_scheduler

            messengers, opened = await messengers_of(services)
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
            if services.model is not None:
                await services.model.close()

        return await serve_parts(parts, grace=settings.shutdown_grace_seconds, cleanup=cleanup)

    if not common.run(go()):
        raise typer.Exit(1)


async def messengers_of(services: Services) -> tuple[dict[str, Any], list[Any]]:
    """A Messenger per configured platform (and what to close afterwards)."""
    settings = services.settings
    messengers: dict[str, Any] = {}
    closers: list[Any] = []
    if settings.slack_enabled:
        from adapters.slack.serve import messenger_from

        messengers["slack"] = messenger_from(services)
        closers.append(messengers["slack"])
    if settings.discord_enabled:
        from adapters.discord.serve import messenger_from as discord_messenger

        messengers["discord"], client = await discord_messenger(secret(settings.discord_token))
        closers.append(client)
    return messengers, closers


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
    from bot.runtime.health import health_app, start_http

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
