"""The `mentorbot` command: the composition root.

It reads the settings once, builds the services and starts what was asked for. It is the
only core package that imports adapters/ or scheduler/, lazily, inside the subcommand.
Each module here holds a few subcommands; this one puts them together in the order
`mentorbot --help` lists them.
"""

from __future__ import annotations

# Importing these registers their top-level commands, in this order: run, slack and
# scheduler, then console and demo (the order `mentorbot --help` shows).
from bot.cli import serve, terminal  # noqa: F401
from bot.cli.admin import content_app, db_app
from bot.cli.app import app
from bot.cli.nudges import nudges_app
from bot.cli.platforms import discord_app, discord_commands, manifest_app
from bot.cli.web import web_app

app.add_typer(content_app, name="content")
app.add_typer(db_app, name="db")
app.add_typer(manifest_app, name="manifest")
app.add_typer(discord_app, name="discord")
app.add_typer(nudges_app, name="nudges")
app.add_typer(web_app, name="web")

__all__ = ["app", "discord_commands", "main"]


def main() -> None:
    """Entry point of the `mentorbot` console script."""
    app()
