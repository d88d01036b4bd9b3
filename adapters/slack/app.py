"""The async Bolt app: every mentorbot listener (listeners.py) registered on one AsyncApp,
with OAuth to many workspaces or one bot token, the replay check and Slack's retries in
front; removal events pause a workspace.

Buttons and events acknowledge first and run in lazy listeners; slash commands and form
submissions acknowledge with their answer (listeners.py says how).
"""

from __future__ import annotations

import logging
import re
import weakref
from collections.abc import Awaitable, Callable
from typing import Any

from slack_bolt.async_app import AsyncApp
from slack_bolt.logger import get_bolt_logger
from slack_bolt.logger.messages import warning_client_prioritized_and_token_skipped
from slack_sdk.web.async_client import AsyncWebClient

from adapters.slack.first_sight import first_sight_middleware, skip_slack_retries
from adapters.slack.identity import SlackDirectory
from adapters.slack.listeners import SlackBot
from adapters.slack.messenger import SlackMessenger, install_retry_handlers
from adapters.slack.oauth import InstalledTokens, Removals, installation_store, oauth_settings
from adapters.slack.render import (
    ACTION_PREFIX,
    FORM_PREFIX,
)
from bot.commands.services import Services

_log = logging.getLogger(__name__)

SLASH_COMMAND = "/mentor"
# The SlackBot behind each app build_app made, so its kept connections can be closed.
_BOTS: weakref.WeakKeyDictionary[AsyncApp, SlackBot] = weakref.WeakKeyDictionary()


async def _ack(ack: Callable[[], Awaitable[None]]) -> None:
    await ack()


def _not_token_skipped(record: logging.LogRecord) -> bool:
    # Bolt also reads SLACK_BOT_TOKEN from the environment, finds the client we pass, and
    # warns at every start that the client wins. It holds the same token: nothing is wrong.
    return record.getMessage() != warning_client_prioritized_and_token_skipped()


def _quiet_token_warning() -> None:
    bolt_log = get_bolt_logger(AsyncApp)
    if _not_token_skipped not in bolt_log.filters:
        bolt_log.addFilter(_not_token_skipped)


async def close_app(app: AsyncApp) -> None:
    """Close what an app from build_app keeps open, at shutdown."""
    bot = _BOTS.get(app)
    if bot is not None:
        await bot.close()


def build_app(
    services: Services,
    *,
    token: str | None = None,
    signing_secret: str,
    client: AsyncWebClient | None = None,
) -> AsyncApp:
    """The Bolt app with every mentorbot listener registered.

    With SLACK_CLIENT_ID/SLACK_CLIENT_SECRET set it installs through OAuth to any number
    of workspaces (and `token` is not used); otherwise it serves one workspace with `token`.
    """
    oauth = services.settings.slack_oauth_enabled
    if client is None:
        base_url = services.settings.slack_api_url or "https://slack.com/api/"
        client = AsyncWebClient(token=None if oauth else token, base_url=base_url)
    install_retry_handlers(client)
    store = installation_store(services) if oauth else None
    _quiet_token_warning()
    app = AsyncApp(
        signing_secret=signing_secret,
        client=client,
        # Listeners that ack run before the response (every one that takes time is lazy, or
        # hands its work to `SlackBot.later` after acking), so the ack goes out the moment
        # it is made instead of at Bolt's next 10 ms look for it.
        process_before_response=True,
        oauth_settings=oauth_settings(services, store) if store is not None else None,
    )
    bot = _BOTS[app] = SlackBot(services)
    tokens = InstalledTokens(store) if store is not None else None
    services.directories["slack"] = SlackDirectory(
        SlackMessenger(client, tokens=tokens, keep=False)
    )
    removals = Removals(services, store)

    app.middleware(first_sight_middleware)
    app.middleware(skip_slack_retries)

    app.command(SLASH_COMMAND)(bot.on_command)
    app.action(re.compile(f"^{re.escape(ACTION_PREFIX)}"))(ack=_ack, lazy=[bot.on_action])
    app.view(re.compile(f"^{re.escape(FORM_PREFIX)}"))(bot.on_submit)
    app.event("app_home_opened")(ack=_ack, lazy=[bot.home.on_opened])
    app.event("message")(ack=_ack, lazy=[bot.on_message])
    app.event("app_uninstalled")(ack=_ack, lazy=[removals.on_app_uninstalled])
    app.event("tokens_revoked")(ack=_ack, lazy=[removals.on_tokens_revoked])

    @app.error
    async def on_error(error: Exception, body: dict[str, Any]) -> None:
        _log.exception("slack listener failed", exc_info=error)

    return app
