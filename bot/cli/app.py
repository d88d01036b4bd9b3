"""The `mentorbot` Typer app itself: its help, its examples and `--version`.

The subcommands are added by the modules beside this one; `bot.cli` imports them in the
order `mentorbot --help` lists them.
"""

from __future__ import annotations

from typing import Annotated

import typer

from bot.cli.common import examples


def _version(value: bool) -> None:
    if value:
        from importlib.metadata import version

        print(f"mentorbot {version('mentorbot')}")
        raise typer.Exit()


app = typer.Typer(
    help="mentorbot: a mentor for AI engineers in Slack, Discord and the terminal.",
    epilog=examples(
        "mentorbot run                      # whatever is configured, in one process",
        "mentorbot console --as alice       # chat in the terminal",
        "mentorbot db upgrade               # before starting on PostgreSQL",
        "mentorbot scheduler --worker w1    # one more nudge worker (PostgreSQL)",
        "mentorbot COMMAND --help           # each command's options and examples",
    ),
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)


@app.callback()
def _main(
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_version, is_eager=True, help="Print the version and exit."
        ),
    ] = False,
) -> None:
    """mentorbot: a mentor for AI engineers in Slack, Discord and the terminal."""
