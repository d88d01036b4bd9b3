"""Run the Bolt app: Socket Mode or HTTP; and a messenger built from settings."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable

from aiohttp import web
from slack_bolt.adapter.socket_mode.async_handler import AsyncSocketModeHandler
from slack_sdk.web.async_client import AsyncWebClient

from adapters.slack.app import build_app, close_app
from adapters.slack.http import build_web_app
from adapters.slack.messenger import SlackMessenger
from adapters.slack.oauth import InstalledTokens, installation_store
from bot.commands.services import Services
from bot.runtime.health import Readiness, add_health_routes, serve_until_cancelled

_log = logging.getLogger(__name__)

EVENTS_PATH = "/slack/events"


async def serve_http(
    services: Services,
    *,
    token: str,
    secret: str,
    port: int,
    readiness: Readiness,
    grace: float = 8.0,
    extend: Callable[[web.Application], None] | None = None,
) -> None:
    """Serve /mentor over HTTP, plus /healthz, /readyz and /metrics (and /slack/install and
    /slack/oauth_redirect in OAuth mode), until cancelled. `extend` adds more routes to the
    same server (the web dashboard).

    Cancelling stops accepting connections and gives requests in flight `grace` seconds.
    """
    bolt = build_app(services, token=token or None, signing_secret=secret)
    web_app = build_web_app(bolt, services=services, signing_secret=secret, path=EVENTS_PATH)
    add_health_routes(web_app, readiness)
    if extend is not None:
        extend(web_app)
    routes = f"{EVENTS_PATH}, /healthz, /readyz, /metrics"
    await serve_until_cancelled(
        web_app, port=port, grace=grace, serving="Slack over HTTP", routes=routes
    )


async def serve_socket(
    services: Services, *, token: str, secret: str, app_token: str, readiness: Readiness
) -> None:
    """Serve /mentor over Socket Mode until cancelled; readiness follows the connection."""
    bolt = build_app(services, token=token or None, signing_secret=secret)
    handler = AsyncSocketModeHandler(bolt, app_token)

    async def connected() -> bool:
        return bool(await handler.client.is_connected())

    readiness.platforms["slack"] = connected
    await handler.connect_async()  # type: ignore[no-untyped-call]
    _log.info("Slack over Socket Mode: connected")
    try:
        await asyncio.Event().wait()
    finally:
        await handler.close_async()  # type: ignore[no-untyped-call]
        await close_app(bolt)


def messenger_from(services: Services) -> SlackMessenger:
    """A DM messenger for the scheduler: one token, or in OAuth mode each workspace's own
    from the installation store. It retries nothing itself: the dispatcher is the one layer
    that backs off (Retry-After included), so a slow platform never stalls a batch."""
    settings = services.settings
    oauth = settings.slack_oauth_enabled
    token = settings.slack_bot_token
    client = AsyncWebClient(
        token=token.get_secret_value() if token is not None and not oauth else None,
        base_url=settings.slack_api_url or "https://slack.com/api/",
    )
    if oauth:
        return SlackMessenger(client, tokens=InstalledTokens(installation_store(services)))
    return SlackMessenger(client)
