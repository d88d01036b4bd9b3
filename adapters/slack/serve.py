"""Run the Bolt app: Socket Mode or HTTP; and a messenger built from settings."""

from __future__ import annotations

import asyncio
import logging

from aiohttp import web
from slack_bolt.adapter.socket_mode.async_handler import AsyncSocketModeHandler
from slack_sdk.web.async_client import AsyncWebClient

from adapters.slack.app import build_app
from adapters.slack.messenger import SlackMessenger
from adapters.slack.oauth import InstalledTokens, installation_store
from bot.services import Services

_log = logging.getLogger(__name__)


async def serve(
    services: Services, *, token: str, secret: str, app_token: str, socket: bool, port: int
) -> None:
    """Serve /mentor until cancelled (with /slack/install and /slack/oauth_redirect in
    OAuth mode, which Bolt's web app adds itself)."""
    bolt = build_app(services, token=token or None, signing_secret=secret)
    if socket:
        handler = AsyncSocketModeHandler(bolt, app_token)
        await handler.start_async()  # type: ignore[no-untyped-call]
        return
    runner = web.AppRunner(bolt.web_app(path="/slack/events"))
    await runner.setup()
    await web.TCPSite(runner, port=port).start()
    _log.warning("mentorbot: Slack on port %s, path /slack/events", port)
    await asyncio.Event().wait()


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
