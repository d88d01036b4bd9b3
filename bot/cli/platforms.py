"""`mentorbot discord` and `mentorbot manifest`: serving Discord, and what each platform
needs to install the bot (all generated from the command registry)."""

from __future__ import annotations

import sys
from typing import Annotated, Any

import typer

from bot.cli import common
from bot.cli.common import examples, group
from bot.cli.parts import discord_token
from bot.cli.serve import serve

discord_app = group(
    "Serve /mentor in Discord (DISCORD_TOKEN), or register its commands.",
    "mentorbot discord                  # serve /mentor",
    "mentorbot discord sync --guild 123 # register the commands in one guild (instant)",
    invoke_without_command=True,
)
manifest_app = group(
    "Print what a platform needs to install the bot.",
    "mentorbot manifest slack --url https://mentor.example.com",
    "mentorbot manifest slack --socket",
    "mentorbot manifest discord",
)


@discord_app.callback()
def discord_main(ctx: typer.Context) -> None:
    """Run the Discord bot (only non-privileged intents)."""
    if ctx.invoked_subcommand is None:
        settings = common.settings()
        discord_token(settings)
        services = common.services(settings, default_level="INFO")
        serve(services, slack=None, discord=True, worker=None, port=0)


@discord_app.command(
    "sync", epilog=examples("mentorbot discord sync", "mentorbot discord sync --guild 123")
)
def discord_sync(
    guild: Annotated[int | None, typer.Option(help="Register in one guild (instant).")] = None,
) -> None:
    """Register the /mentor commands with Discord, globally or in one guild."""
    from adapters.discord.serve import sync

    services = common.services(common.settings())
    token = discord_token(services.settings)
    count = common.run_on(services, lambda: sync(services, token=token, guild=guild), ready=False)
    print(f"registered {count} command(s)" + (f" in guild {guild}" if guild else ""))


@manifest_app.command("discord", epilog=examples("mentorbot manifest discord > commands.json"))
def manifest_discord() -> None:
    """Print, as JSON, the command definitions `mentorbot discord sync` registers."""
    import json

    print(json.dumps(discord_commands(), indent=2))


def discord_commands() -> list[dict[str, Any]]:
    """The app-command payloads generated from the registry."""
    from adapters.discord.serve import commands_payload
    from bot.features.catalog import build_registry

    return commands_payload(build_registry())


@manifest_app.command(
    "slack",
    epilog=examples(
        "mentorbot manifest slack --url https://mentor.example.com",
        "mentorbot manifest slack --socket",
        "mentorbot manifest slack --url https://mentor.example.com --sign-in",
    ),
)
def manifest_slack(
    url: Annotated[str | None, typer.Option(help="Public base URL of the bot (HTTP mode).")] = None,
    socket: Annotated[bool, typer.Option("--socket", help="A manifest for Socket Mode.")] = False,
    distribution: Annotated[
        bool,
        typer.Option("--distribution", help="Install to many workspaces by OAuth (needs --url)."),
    ] = False,
    sign_in: Annotated[
        bool,
        typer.Option("--sign-in", help="Sign in with Slack on the web dashboard (needs --url)."),
    ] = False,
) -> None:
    """Print the Slack app manifest (YAML), generated from the command registry."""
    from adapters.slack.manifest import manifest_yaml
    from bot.features.catalog import build_registry

    if not url and not socket:
        print("error: give --url https://your.host or --socket", file=sys.stderr)
        raise typer.Exit(2)
    for flag, wanted in (("--distribution", distribution), ("--sign-in", sign_in)):
        if wanted and not url:
            print(
                f"error: {flag} needs --url https://your.host (Slack redirects browsers there)",
                file=sys.stderr,
            )
            raise typer.Exit(2)
    options = {"url": url, "socket": socket, "distribution": distribution, "sign_in": sign_in}
    print(manifest_yaml(build_registry(), **options), end="")
