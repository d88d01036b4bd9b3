"""The Slack app manifest, generated from the command registry."""

from __future__ import annotations

from typing import Any

import yaml

from adapters.slack.app import SLASH_COMMAND
from adapters.slack.scopes import (
    BOT_EVENTS,
    BOT_SCOPES,
    DISTRIBUTION_EVENTS,
    EVENTS_PATH,
    REDIRECT_PATH,
    SIGN_IN_SCOPES,
)
from bot.commands.registry import Registry
from bot.domain.dashboard import signin_callback_path

__all__ = ["BOT_SCOPES", "build_manifest", "manifest_yaml", "usage_hint"]


def usage_hint(registry: Registry, limit: int = 1000) -> str:
    """`[help | explore | start | …]` from the registry's top-level commands."""
    words = list(dict.fromkeys(spec.path[0] for spec in registry.all()))
    hint = "[" + " | ".join(words) + "]"
    return hint if len(hint) <= limit else hint[: limit - 2] + "…]"


def build_manifest(
    registry: Registry,
    *,
    url: str | None = None,
    socket: bool = False,
    distribution: bool = False,
    sign_in: bool = False,
) -> dict[str, Any]:
    """The manifest for HTTP mode at `url`, or for Socket Mode; `distribution` adds the
    OAuth redirect URL and the removal events, for installing to many workspaces;
    `sign_in` the dashboard's Sign in with Slack (its redirect URL, `openid profile`)."""
    base = url.rstrip("/") if url else None
    endpoint = f"{base}{EVENTS_PATH}" if base else None
    command: dict[str, Any] = {
        "command": SLASH_COMMAND,
        "description": "Your AI-engineering mentor: plan, challenges, tips, check-ins",
        "usage_hint": usage_hint(registry),
        # Slack then sends mentions as user ids (<@U123>), never a bare name.
        "should_escape": True,
    }
    if endpoint and not socket:
        command["url"] = endpoint
    settings: dict[str, Any] = {
        "interactivity": {"is_enabled": True},
        "org_deploy_enabled": False,
        "socket_mode_enabled": socket,
        "token_rotation_enabled": False,
    }
    events: dict[str, Any] = {
        "bot_events": list(BOT_EVENTS) + (list(DISTRIBUTION_EVENTS) if distribution else [])
    }
    if endpoint and not socket:
        settings["interactivity"]["request_url"] = endpoint
        events = {"request_url": endpoint, **events}
    settings["event_subscriptions"] = events
    oauth = _oauth_config(base, distribution=distribution, sign_in=sign_in)
    return {
        "_metadata": {"major_version": 1, "minor_version": 1},
        "display_information": {
            "name": "mentorbot",
            "description": "A mentor for AI engineers, inside your team's chat.",
            "background_color": "#2c2d30",
        },
        "features": {
            "app_home": {
                "home_tab_enabled": True,
                "messages_tab_enabled": True,
                "messages_tab_read_only_enabled": False,
            },
            "bot_user": {"display_name": "mentorbot", "always_online": True},
            "slash_commands": [command],
        },
        "oauth_config": oauth,
        "settings": settings,
    }


def _oauth_config(base: str | None, *, distribution: bool, sign_in: bool) -> dict[str, Any]:
    """The bot's scopes, plus the redirect URLs (and user scopes) OAuth and sign-in need."""
    oauth: dict[str, Any] = {"scopes": {"bot": list(BOT_SCOPES)}}
    redirects = [f"{base}{REDIRECT_PATH}"] if distribution and base else []
    if sign_in and base:
        redirects.append(f"{base}{signin_callback_path('slack')}")
        oauth["scopes"]["user"] = list(SIGN_IN_SCOPES)
    return {"redirect_urls": redirects, **oauth} if redirects else oauth


def manifest_yaml(registry: Registry, **options: Any) -> str:
    """The manifest as YAML, ready to paste into api.slack.com/apps (`build_manifest`'s
    options)."""
    manifest = build_manifest(registry, **options)
    return yaml.safe_dump(manifest, sort_keys=False)
