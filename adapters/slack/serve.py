"""Run the Bolt app: Socket Mode or HTTP; and a messenger built from settings."""

from __future__ import annotations

import asyncio
import logging

from aiohttp import web
from slack_bolt.adapter.socket_mode.async_handler import AsyncSocketModeHandler
from slack_sdk.web.async_client import AsyncWebClient

from adapters.slack.app import build_app
from adapters.slack.http import build_web_app
from adapters.slack.messenger import SlackMessenger
from bot.services import Services
from bot.settings import Settings

_log = logging.getLogger(__name__)


async def serve(
    services: Services, *, token: str, secret: str, app_token: str, socket: bool, port: int
) -> None:
    """Serve /mentor until cancelled."""
    bolt = build_app(services, token=token, signing_secret=secret)
    if socket:
        handler = AsyncSocketModeHandler(bolt, app_token)
        await handler.start_async()  # type: ignore[no-untyped-call]
        return
    runner = web.AppRunner(build_web_app(bolt, services=services, signing_secret=secret))
    await runner.setup()
    await web.TCPSite(runner, port=port).start()
    _log.warning("mentorbot: Slack on port %s, path /slack/events", port)
    await asyncio.Event().wait()


def messenger_from(settings: Settings) -> SlackMessenger:
    """A DM messenger for the scheduler. It retries nothing itself: the dispatcher is the one
    layer that backs off (Retry-After included), so a slow platform never stalls a batch."""
    assert settings.slack_bot_token is not None
    client = AsyncWebClient(
        token=settings.slack_bot_token.get_secret_value(),
        base_url=settings.slack_api_url or "https://slack.com/api/",
    )
    return SlackMessenger(client)
