"""The parts a long-running process is built from: Slack, Discord, the web dashboard, the
health port and the scheduler, each a named coroutine `serve_parts` runs side by side."""

from __future__ import annotations

import logging
from functools import partial
from typing import TYPE_CHECKING, Any

from bot.cli.common import secret
from bot.cli.startup import StartupError

if TYPE_CHECKING:
    from bot.cli.lifecycle import Part
    from bot.commands.services import Services
    from bot.runtime.health import Readiness
    from bot.runtime.settings import Settings

_log = logging.getLogger(__name__)


def front_parts(
    services: Services,
    *,
    slack: str | None,
    discord: bool,
    port: int,
    web: bool,
    readiness: Readiness,
) -> list[Part]:
    """The parts that face people: Slack, Discord, the dashboard and the health port.

    The web dashboard rides on Slack's HTTP server when there is one; `web` serves it
    alone on `port` otherwise."""
    from bot.cli.lifecycle import Part

    settings = services.settings
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
        serve_health = partial(_serve_health, readiness, settings.metrics_port)
        parts.append(Part(f"metrics:{settings.metrics_port}", serve_health))
    return parts


async def scheduler_part(services: Services, worker: str) -> tuple[Part, list[Any]]:
    """The scheduler as a part, with the platform clients it opened (to close at the end)."""
    from bot.cli.lifecycle import Part
    from scheduler.runner import run_scheduler

    messengers, opened = await messengers_of(services)
    run = partial(run_scheduler, services, messengers, worker=worker)
    return Part(f"scheduler({worker})", run), opened


def discord_token(settings: Settings) -> str:
    """The Discord bot token; exit 2 saying so when it is not set."""
    token = secret(settings.discord_token)
    if not token:
        raise StartupError("Discord needs DISCORD_TOKEN (see .env.example)")
    return token


def _slack_part(services: Services, *, mode: str, port: int, readiness: Readiness) -> Part:
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


async def release_leases(services: Services, worker: str) -> None:
    from storage import outbox

    try:
        async with services.db.transaction() as session:
            released = await outbox.release(session=session, worker=worker)
        if released:
            _log.info("released %d unsent nudge lease(s) of %s", released, worker)
    except Exception:
        _log.exception("could not release the leases of %s", worker)


async def _serve_health(readiness: Readiness, port: int) -> None:
    from bot.runtime.health import health_app, serve_until_cancelled

    routes = "/healthz, /readyz, /metrics"
    app = health_app(readiness)
    await serve_until_cancelled(app, port=port, serving="health and metrics", routes=routes)


def package_version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("mentorbot")
    except PackageNotFoundError:
        return "dev"
