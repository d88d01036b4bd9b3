"""`mentorbot console` and `demo`: the terminal chat, live or from a script."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from bot.cli import common
from bot.cli.app import app
from bot.cli.common import examples, fixed

if TYPE_CHECKING:
    from bot.commands.services import Services


@app.command(
    epilog=examples(
        "mentorbot console --as alice",
        "echo plan | mentorbot console --as alice",
        "mentorbot console --as root --admin --now 2026-11-30T09:00Z",
    )
)
def console(
    as_: Annotated[str, typer.Option("--as", help="Who you are in the chat.")] = "",
    admin: Annotated[bool, typer.Option("--admin", help="Act as a workspace admin.")] = False,
    now: Annotated[
        str | None, typer.Option(help="Pretend it is this ISO-8601 instant (for demos).")
    ] = None,
) -> None:
    """Chat with mentorbot in the terminal (reads a pipe too: `echo help | mentorbot console`)."""
    chat(fixed(common.services(common.settings()), now), user=as_, admin=admin)


def chat(services: Services, *, user: str, admin: bool) -> None:
    """The terminal chat as `user` (default: the login name) until input ends."""
    import getpass

    from adapters.console.app import run_console

    who = user or getpass.getuser() or "me"
    common.run_on(services, lambda: run_console(user=who, admin=admin, services=services))


@app.command(epilog=examples("mentorbot demo", "mentorbot demo --script my-steps.txt"))
def demo(
    script: Annotated[Path | None, typer.Option(help="A file of commands, one a line.")] = None,
) -> None:
    """Play a scripted conversation through the terminal chat."""
    import tempfile

    import adapters.console
    from adapters.console.app import ConsoleOutput, console_actor, run_lines

    path = script or Path(adapters.console.__file__).parent / "demo.txt"
    lines = path.read_text(encoding="utf-8").splitlines()
    # A database of its own that lives as long as the demo: nothing is left behind.
    with tempfile.TemporaryDirectory(prefix="mentorbot-demo-") as scratch:
        settings = common.settings().model_copy(
            update={"database_url": f"sqlite+aiosqlite:///{scratch}/demo.db"}
        )
        services = common.services(settings)
        output = ConsoleOutput(
            sys.stdout, rich=sys.stdout.isatty(), out_dir=settings.output_dir, owner="demo"
        )
        common.run_on(
            services,
            lambda: run_lines(
                lines, actor=console_actor("demo"), services=services, output=output, echo=True
            ),
        )
