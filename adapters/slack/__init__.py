"""Slack: the /mentor slash command, Block Kit replies, modals, buttons and DMs (slack-bolt)."""
