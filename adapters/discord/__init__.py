"""Discord: the /mentor app-command group, embeds, buttons, modals and DMs (discord.py)."""
