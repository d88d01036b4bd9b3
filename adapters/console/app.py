"""The terminal chat loop: read lines, run them through the core, print the replies."""

from __future__ import annotations

import re
import shutil
import sys
from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path
from typing import TextIO

from rich.console import Console

from adapters.console.render import render_plain, render_rich
from bot.commands.dispatch import handle_text
from bot.commands.edge import shown
from bot.commands.services import Services
from bot.core.command import Actor
from bot.core.reply import Attachment, Block, Context, Image, Reply, ReplyKind

PLATFORM = "console"
WORKSPACE = "local"
_QUIT = {"quit", "exit", ":q", "bye"}


def console_actor(user: str, *, admin: bool = False) -> Actor:
    """The actor for `mentorbot console --as USER` in the `local` workspace."""
    name = user.strip() or "me"
    return Actor(
        platform=PLATFORM, workspace_id=WORKSPACE, user_id=name, display_name=name, is_admin=admin
    )


class ConsoleOutput:
    """Prints replies: rich on a terminal, plain text when piped."""

    def __init__(
        self, out: TextIO, *, rich: bool, out_dir: Path = Path("out"), owner: str = "me"
    ) -> None:
        self.out = out
        self.rich = rich
        # Each member's files live in their own folder, so forgetting them can remove it.
        self.out_dir = out_dir / safe_name(owner)
        self._console = Console(file=out, highlight=False) if rich else None

    def show(self, reply: Reply, *, error: bool = False) -> None:
        """Print one reply (`error`: a UserError the core raised, shown in red); files it
        carries are written to the member's folder first, and a `mydata forget` deletes
        that folder."""
        if reply.kind == ReplyKind.FORGOTTEN:
            reply = remove_files(reply, self.out_dir)
        reply = save_attachments(reply, self.out_dir)
        if self._console is not None:
            render_rich(reply, self._console, error=error)
        else:
            self.out.write(render_plain(reply) + "\n")
            self.out.flush()

    def echo(self, line: str) -> None:
        """Print what was typed (for scripted demos)."""
        if self._console is not None:
            self._console.print(f"[bold green]mentor>[/bold green] {line}")
        else:
            self.out.write(f"mentor> {line}\n")


def safe_name(name: str) -> str:
    """A file or folder name made of letters, digits, dots, dashes and underscores."""
    return re.sub(r"[^A-Za-z0-9._-]", "_", name).lstrip(".") or "file"


def remove_files(reply: Reply, out_dir: Path) -> Reply:
    """Delete the member's exports and charts; say so in the reply."""
    if not out_dir.is_dir():
        return reply
    count = sum(1 for p in out_dir.rglob("*") if p.is_file())
    shutil.rmtree(out_dir)
    note = Context(f"Your {count} exported file(s) in {out_dir} were deleted too.")
    return replace(reply, blocks=(*reply.blocks, note))


def save_attachments(reply: Reply, out_dir: Path) -> Reply:
    """Write each attachment and image to `out_dir` and swap it for a note with the file's
    path: the terminal chat is the one place that writes files."""
    if not any(isinstance(b, Attachment | Image) for b in reply.blocks):
        return reply
    blocks: list[Block] = []
    for block in reply.blocks:
        if isinstance(block, Attachment | Image):
            out_dir.mkdir(parents=True, exist_ok=True)
            path = out_dir / safe_name(block.filename)
            path.write_bytes(block.data)
            about = block.description if isinstance(block, Attachment) else block.alt
            blocks.append(Context(f"{about[:1].upper()}{about[1:]}: written to {path}"))
        else:
            blocks.append(block)
    return replace(reply, blocks=tuple(blocks))


async def run_lines(
    lines: Iterable[str],
    *,
    actor: Actor,
    services: Services,
    output: ConsoleOutput,
    echo: bool = False,
) -> int:
    """Answer each non-empty line until the input ends or says quit; return lines answered."""
    answered = 0
    for raw in lines:
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.lower() in _QUIT:
            break
        if echo:
            output.echo(line)
        reply = await shown(handle_text(line, actor=actor, services=services))
        output.show(reply, error=reply.kind == ReplyKind.ERROR)
        answered += 1
    return answered


def _interactive_lines(console: Console) -> Iterable[str]:
    while True:
        try:
            yield console.input("[bold green]mentor>[/bold green] ")
        except (EOFError, KeyboardInterrupt):
            console.print()
            return


async def run_console(
    *, user: str, admin: bool, services: Services, stdin: TextIO | None = None
) -> int:
    """Run the terminal chat on stdin/stdout until end of input."""
    stdin = stdin or sys.stdin
    interactive = stdin.isatty() and sys.stdout.isatty()
    actor = console_actor(user, admin=admin)
    output = ConsoleOutput(
        sys.stdout, rich=interactive, out_dir=services.settings.output_dir, owner=actor.user_id
    )
    from bot.features.nudges.messages import take_inbox

    waiting = await take_inbox(services, actor=actor, now=services.clock.now())
    for reply in waiting:
        output.show(reply)
    if interactive:
        console = Console(highlight=False)
        console.print(
            f"[bold]mentorbot[/bold] terminal chat as [green]{actor.display_name}[/green]. "
            "Type [cyan]help[/cyan] to start, [cyan]quit[/cyan] to leave."
        )
        return await run_lines(
            _interactive_lines(console), actor=actor, services=services, output=output
        )
    return await run_lines(stdin, actor=actor, services=services, output=output)
