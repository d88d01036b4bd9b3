"""Who is asking: Slack team + user, with name, timezone and admin flag from users.info."""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field

from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from adapters.slack.messenger import SlackMessenger
from adapters.slack.payloads import UserInfo
from bot.core.command import Actor
from bot.core.errors import DeliveryError

_log = logging.getLogger(__name__)

PLATFORM = "slack"
TTL_SECONDS = 3600.0


@dataclass
class Identities:
    """Resolves actors, asking users.info once per person per hour (first contact)."""

    _cache: dict[tuple[str, str], tuple[float, Actor]] = field(default_factory=dict)

    async def actor(
        self, client: AsyncWebClient, *, team_id: str, user_id: str, user_name: str = ""
    ) -> Actor:
        """The actor for a Slack user (asked with their workspace's `client`); falls back to
        what the payload says if Slack won't."""
        key = (team_id, user_id)
        cached = self._cache.get(key)
        if cached is not None and time.monotonic() - cached[0] < TTL_SECONDS:
            return cached[1]
        actor = Actor(
            platform=PLATFORM, workspace_id=team_id, user_id=user_id, display_name=user_name
        )
        try:
            info: UserInfo = (await client.users_info(user=user_id))["user"]
        except SlackApiError as exc:
            _log.warning("users.info for %s failed: %s", user_id, exc.response.get("error"))
            return actor
        shown = info.get("profile", {}).get("display_name") or info.get("real_name")
        actor = Actor(
            platform=PLATFORM,
            workspace_id=team_id,
            user_id=user_id,
            display_name=shown or user_name,
            timezone=info.get("tz") or None,
            locale=info.get("locale") or None,
            # An admin of one workspace is not an admin of another: the flag counts only
            # for the team the request came from.
            is_admin=(info.get("is_admin", False) or info.get("is_owner", False))
            and info.get("team_id") == team_id,
        )
        self._cache[key] = (time.monotonic(), actor)
        return actor


@dataclass
class SlackDirectory:
    """Who belongs to a workspace, by users.info with that workspace's own token: a user
    of another workspace is `user_not_found` there, or (across Slack Connect) comes back
    with another `team_id`."""

    clients: SlackMessenger  # its client_for(workspace) carries the workspace's token

    async def in_workspace(self, *, workspace_id: str, user_id: str) -> bool | None:
        try:
            client = await self.clients.client_for(workspace_id)
            info: UserInfo = (await client.users_info(user=user_id))["user"]
        except SlackApiError as exc:
            error = exc.response.get("error")
            if error in {"user_not_found", "user_not_visible"}:
                return False
            _log.warning("users.info for an invitation failed: %s", error)
            return None
        except (DeliveryError, OSError, TimeoutError) as exc:
            _log.warning("users.info for an invitation failed: %s", type(exc).__name__)
            return None
        return bool(info.get("team_id") == workspace_id and not info.get("deleted", False))
