"""The Slack app manifest, generated from the command registry."""

from __future__ import annotations

from typing import Any

import yaml

from adapters.slack.app import SLASH_COMMAND
from bot.registry import Registry

# Only what the code uses: the slash command, posting replies and DMs, opening the DM,
# reading a member's name/timezone/admin flag, and uploading charts and exports.
# im:history lets a retried nudge look for its own earlier message (by its metadata key)
# before sending again, so a crash between send and record never doubles a nudge.
BOT_SCOPES = ("commands", "chat:write", "im:write", "im:history", "users:read", "files:write")


def usage_hint(registry: Registry, limit: int = 1000) -> str:
    """`[help | explore | start | …]` from the registry's top-level commands."""
    words = list(dict.fromkeys(spec.path[0] for spec in registry.all()))
    hint = "[" + " | ".join(words) + "]"
    return hint if len(hint) <= limit else hint[: limit - 2] + "…]"


def build_manifest(
    registry: Registry, *, url: str | None = None, socket: bool = False
) -> dict[str, Any]:
    """The manifest for HTTP mode at `url`, or for Socket Mode."""
    endpoint = f"{url.rstrip('/')}/slack/events" if url else None
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
    if endpoint and not socket:
        settings["interactivity"]["request_url"] = endpoint
    return {
        "_metadata": {"major_version": 1, "minor_version": 1},
        "display_information": {
            "name": "mentorbot",
            "description": "A mentor for AI engineers, inside your team's chat.",
            "background_color": "#2c2d30",
        },
        "features": {
            "bot_user": {"display_name": "mentorbot", "always_online": True},
            "slash_commands": [command],
        },
        "oauth_config": {"scopes": {"bot": list(BOT_SCOPES)}},
        "settings": settings,
    }


def manifest_yaml(registry: Registry, *, url: str | None = None, socket: bool = False) -> str:
    """The manifest as YAML, ready to paste into api.slack.com/apps."""
    return yaml.safe_dump(build_manifest(registry, url=url, socket=socket), sort_keys=False)
