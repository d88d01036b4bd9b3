"""What the Slack app asks for: only the scopes and events the code uses."""

from __future__ import annotations

# The slash command, posting replies and DMs, opening the DM, reading a member's
# name/timezone/admin flag, uploading charts and exports, and reading the bot's DM:
# im:history delivers message.im (what a member writes to the bot) and lets a retried
# nudge look for its own earlier message (by its metadata key) before sending again.
BOT_SCOPES = ("commands", "chat:write", "im:write", "im:history", "users:read", "files:write")
# The Home tab, and messages written to the bot in DM.
BOT_EVENTS = ("app_home_opened", "message.im")
# Distributed apps (OAuth to many workspaces) also hear when a workspace removes them.
DISTRIBUTION_EVENTS = ("app_uninstalled", "tokens_revoked")
# Sign in with Slack on the dashboard (OpenID Connect): user scopes, no bot power.
SIGN_IN_SCOPES = ("openid", "profile")
INSTALL_PATH = "/slack/install"
REDIRECT_PATH = "/slack/oauth_redirect"
EVENTS_PATH = "/slack/events"
