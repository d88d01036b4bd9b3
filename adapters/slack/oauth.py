"""Slack OAuth to many workspaces: install pages, the installation store, per-team tokens.

When SLACK_CLIENT_ID and SLACK_CLIENT_SECRET are set, Bolt serves /slack/install and
/slack/oauth_redirect, stores each workspace's bot token with slack_sdk's SQLAlchemy store
in our own database (tables from migration 0009) and answers each request with the token of
the workspace it came from. Removal events delete the installation and pause the nudges.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field
from typing import Any

from slack_bolt.async_app import AsyncBoltContext
from slack_bolt.oauth.async_callback_options import AsyncCallbackOptions, AsyncSuccessArgs
from slack_bolt.oauth.async_oauth_settings import AsyncOAuthSettings
from slack_bolt.response import BoltResponse
from slack_sdk.oauth.installation_store.sqlalchemy import AsyncSQLAlchemyInstallationStore
from slack_sdk.oauth.state_store.sqlalchemy import AsyncSQLAlchemyOAuthStateStore

from adapters.slack.payloads import TokensRevoked
from adapters.slack.scopes import BOT_SCOPES, INSTALL_PATH, REDIRECT_PATH
from bot.commands.services import Services
from bot.nudging.workspaces import workspace_installed, workspace_removed

_log = logging.getLogger(__name__)

PLATFORM = "slack"
STATE_SECONDS = 600
TOKEN_TTL_SECONDS = 60.0


def installation_store(services: Services) -> AsyncSQLAlchemyInstallationStore:
    """slack_sdk's installation store on our database (its tables come from migrations)."""
    settings = services.settings
    assert settings.slack_client_id is not None
    return AsyncSQLAlchemyInstallationStore(
        client_id=settings.slack_client_id, engine=services.db.engine, logger=_log
    )


def oauth_settings(
    services: Services, store: AsyncSQLAlchemyInstallationStore
) -> AsyncOAuthSettings:
    """Bolt's OAuth settings: our scopes, our stores, and a hook that resumes nudges."""
    settings = services.settings
    assert settings.slack_client_secret is not None

    async def success(args: AsyncSuccessArgs) -> BoltResponse:
        installation = args.installation
        await workspace_installed(
            services.db,
            platform=PLATFORM,
            external_id=str(installation.team_id or installation.enterprise_id or ""),
            name=str(installation.team_name or ""),
            now=services.clock.now(),
        )
        response: BoltResponse = await args.default.success(args)
        return response

    async def failure(args: Any) -> BoltResponse:
        response: BoltResponse = await args.default.failure(args)
        return response

    return AsyncOAuthSettings(
        client_id=settings.slack_client_id,
        client_secret=settings.slack_client_secret.get_secret_value(),
        scopes=list(BOT_SCOPES),
        redirect_uri=settings.slack_redirect_url,
        install_path=INSTALL_PATH,
        redirect_uri_path=REDIRECT_PATH,
        installation_store=store,
        installation_store_bot_only=True,
        state_store=AsyncSQLAlchemyOAuthStateStore(
            expiration_seconds=STATE_SECONDS, engine=services.db.engine, logger=_log
        ),
        state_expiration_seconds=STATE_SECONDS,
        callback_options=AsyncCallbackOptions(success=success, failure=failure),
        logger=_log,
    )


@dataclass
class InstalledTokens:
    """Each workspace's bot token from the installation store, cached for a minute."""

    store: AsyncSQLAlchemyInstallationStore
    ttl: float = TOKEN_TTL_SECONDS
    _cache: dict[str, tuple[float, str | None]] = field(default_factory=dict)

    async def __call__(self, team_id: str) -> str | None:
        """The bot token installed in `team_id`, or None if the app is not installed there."""
        cached = self._cache.get(team_id)
        if cached is not None and time.monotonic() - cached[0] < self.ttl:
            return cached[1]
        bot = await self.store.async_find_bot(enterprise_id=None, team_id=team_id)
        token = bot.bot_token if bot is not None else None
        self._cache[team_id] = (time.monotonic(), token)
        return token

    def forget(self, team_id: str) -> None:
        """Drop a cached token (the workspace removed the app)."""
        self._cache.pop(team_id, None)


@dataclass
class Removals:
    """app_uninstalled and tokens_revoked: delete the installation, pause the nudges."""

    services: Services
    store: AsyncSQLAlchemyInstallationStore | None

    async def on_app_uninstalled(self, context: AsyncBoltContext) -> None:
        """The workspace removed the app: every token is gone."""
        team_id = context.team_id or ""
        if self.store is not None:
            await self.store.async_delete_all(enterprise_id=context.enterprise_id, team_id=team_id)
        await self._pause(team_id)

    async def on_tokens_revoked(self, event: TokensRevoked, context: AsyncBoltContext) -> None:
        """Tokens were revoked; without the bot token nothing can be delivered there."""
        team_id, enterprise_id = context.team_id or "", context.enterprise_id
        tokens = event["tokens"]
        if self.store is not None:
            for user_id in tokens.get("oauth", []):
                await self.store.async_delete_installation(
                    enterprise_id=enterprise_id, team_id=team_id, user_id=user_id
                )
        if tokens.get("bot"):
            if self.store is not None:
                await self.store.async_delete_bot(enterprise_id=enterprise_id, team_id=team_id)
            await self._pause(team_id)

    async def _pause(self, team_id: str) -> None:
        if team_id:
            await workspace_removed(
                self.services.db,
                platform=PLATFORM,
                external_id=team_id,
                now=self.services.clock.now(),
            )
