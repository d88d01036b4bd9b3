"""The App Home tab: the core's `home` view, published on app_home_opened and after changes."""

from __future__ import annotations

import logging

from slack_bolt.async_app import AsyncBoltContext
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from adapters.slack.identity import Identities
from adapters.slack.payloads import AppHomeOpened
from adapters.slack.render import render_home
from bot.commands.dispatch import handle
from bot.commands.edge import shown
from bot.commands.services import Services
from bot.core.command import Actor, Command, Source
from bot.features.learner.home import changes_home

_log = logging.getLogger(__name__)


class HomeTab:
    """Publishes each member's Home tab with their workspace's client."""

    def __init__(self, services: Services, identities: Identities) -> None:
        self.services = services
        self.identities = identities

    async def on_opened(
        self, event: AppHomeOpened, context: AsyncBoltContext, client: AsyncWebClient
    ) -> None:
        """app_home_opened: draw the Home tab afresh (the Messages tab needs nothing)."""
        if event.get("tab", "home") != "home":
            return
        actor = await self.identities.actor(
            client, team_id=context.team_id or "", user_id=event["user"]
        )
        await self.publish(client, actor)

    async def publish(self, client: AsyncWebClient, actor: Actor) -> None:
        """Run `home` for the member and publish it as their Home tab (or what went wrong)."""
        command = Command(actor=actor, path=("home",), source=Source.DM)
        reply = await shown(handle(command, services=self.services))
        try:
            await client.views_publish(user_id=actor.user_id, view=render_home(reply))
        except SlackApiError as exc:
            _log.warning(
                "views.publish for %s failed: %s", actor.user_id, exc.response.get("error")
            )

    def follows(self, name: str) -> bool:
        """Whether the Home tab is published again after the command `name`."""
        return changes_home(name)

    async def refresh_after(
        self, client: AsyncWebClient, *, actor: Actor, name: str | None
    ) -> None:
        """Publish again after the command `name` succeeded, if it may have changed what the
        Home tab shows (None: a reply to the bot's DM, which may have). The reply has gone
        out already; a command that only shows something costs no refresh."""
        if name is None or changes_home(name):
            await self.publish(client, actor)
