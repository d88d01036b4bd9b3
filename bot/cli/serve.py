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
from bot.cli.parts import front_parts, package_version, release_leases, scheduler_part
from bot.cli.startup import StartupError, database_ready

if TYPE_CHECKING:
    from bot.commands.services import Services

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


def serve(
    services: Services,
    *,
    slack: str | None,
    discord: bool,
    worker: str | None,
    port: int,
    web: bool = False,
) -> None:
    """Run the chosen parts as one TaskGroup until SIGTERM/SIGINT, then stop gracefully."""
    from bot.cli.lifecycle import serve_parts
    from bot.runtime.health import Readiness

    settings = services.settings
    readiness = Readiness(services.db)
    parts = front_parts(
        services, slack=slack, discord=discord, port=port, web=web, readiness=readiness
    )
    closers: list[Any] = []

    async def go() -> bool:
        await database_ready(services)
        if worker is not None:
            part, opened = await scheduler_part(services, worker)
            parts.append(part)
            closers.extend(opened)
        await _log_start(services, [p.name for p in parts])

        async def cleanup() -> None:
            if worker is not None:
                await release_leases(services, worker)
            for closer in closers:
                await closer.close()
            await services.db.close()
            if services.model is not None:
                await services.model.close()

        return await serve_parts(parts, grace=settings.shutdown_grace_seconds, cleanup=cleanup)

    if not common.run(go()):
        raise typer.Exit(1)


async def _log_start(services: Services, names: list[str]) -> None:
    """One line saying what this process serves, on which database, logging how."""
    from bot.runtime.settings import masked
    from storage.migrate import current_revision

    settings = services.settings
    revision = await current_revision(services.db.engine)
    _log.info(
        "mentorbot %s: serving %s; database %s at %s; logs %s at %s",
        package_version(),
        ", ".join(names) or "nothing",
        masked("DATABASE_URL", settings.database_url),
        revision,
        settings.log_format,
        logging.getLevelName(logging.getLogger().level),
    )
