"""Render a Reply as plain text (pipes, logs) or with rich (a terminal)."""

from __future__ import annotations

import textwrap

from rich.console import Console
from rich.markup import escape
from rich.table import Table as RichTable

from bot.markup import Style, convert, to_plain
from bot.reply import (
    Actions,
    Attachment,
    Block,
    Context,
    Divider,
    Fields,
    Image,
    Items,
    Progress,
    Reply,
    Select,
    Table,
    Text,
)

WIDTH = 88

RICH = Style(
    plain=escape,
    bold=lambda s: f"[bold]{s}[/bold]",
    italic=lambda s: f"[italic]{escape(s)}[/italic]",
    code=lambda s: f"[cyan]{escape(s)}[/cyan]",
    link=lambda label, url: f"[link={url}]{escape(label)}[/link] [dim]({escape(url)})[/dim]",
)


def bar(value: int, total: int, width: int = 20) -> str:
    """A text progress bar like [#####-----] 3/6."""
    filled = 0 if total <= 0 else round(width * min(value, total) / total)
    return f"[{'#' * filled}{'-' * (width - filled)}] {value}/{total}"


def _wrap(text: str, indent: str = "", first: str = "") -> list[str]:
    lines: list[str] = []
    for paragraph in text.split("\n"):
        lines.extend(
            textwrap.wrap(
                paragraph,
                WIDTH,
                initial_indent=first or indent,
                subsequent_indent=indent,
                break_on_hyphens=False,
            )
            or [""]
        )
        first = ""
    return lines


def _plain_block(block: Block) -> list[str]:
    match block:
        case Text(text=t):
            return _wrap(to_plain(t))
        case Context(text=t):
            return _wrap(to_plain(t), indent="  ", first="  ")
        case Fields(items=items):
            return [line for k, v in items for line in _wrap(to_plain(v), "    ", f"{k}: ")]
        case Progress(label=label, value=v, total=t):
            return [f"{label}  {bar(v, t)}"]
        case Items(items=items, ordered=ordered):
            out: list[str] = []
            for i, item in enumerate(items, 1):
                mark = f"{i}. " if ordered else "- "
                out.extend(_wrap(to_plain(item), " " * len(mark), mark))
            return out
        case Table():
            header, *rows = block.lines()
            return [header, "-" * len(header), *rows]
        case Actions(buttons=buttons):
            return ["> " + " | ".join(f"{b.label}: type '{b.command}'" for b in buttons)]
        case Select(placeholder=p, command=c, options=opts):
            return [f"> {p}: type '{c} <choice>' with one of: " + ", ".join(o.value for o in opts)]
        case Attachment(filename=name, data=data, description=about):
            return [f"[{about}] {name} ({len(data)} bytes)"]
        case Image(filename=name, data=data, alt=alt):
            return [f"[{alt}] {name} ({len(data)} bytes)"]
        case Divider():
            return ["-" * 20]
    raise AssertionError(block)  # pragma: no cover


def render_plain(reply: Reply) -> str:
    """The whole reply as plain text, ending in a newline."""
    lines = [reply.title, "=" * min(len(reply.title), WIDTH)]
    for block in reply.blocks:
        lines.extend(_plain_block(block))
    if reply.form is not None:
        form = reply.form
        if form.each_input:
            lines.append(f"> Type '{form.command} <name> <value>' to fill in “{form.title}”.")
        else:
            names = " ".join(f"{i.name}=…" for i in form.inputs)
            lines.append(f"> Type '{form.command} {names}' to fill in “{form.title}”.")
    return "\n".join(lines) + "\n"


def render_rich(reply: Reply, console: Console) -> None:
    """Print the reply with colour and links on a terminal."""
    colour = "red" if reply.kind == "error" else "magenta"
    console.print(f"[bold {colour}]{escape(reply.title)}[/bold {colour}]")
    for block in reply.blocks:
        match block:
            case Text(text=t):
                console.print(convert(t, RICH))
            case Context(text=t):
                console.print(f"[dim]{convert(t, RICH)}[/dim]")
            case Fields(items=items):
                for k, v in items:
                    console.print(f"[bold]{escape(k)}:[/bold] {convert(v, RICH)}")
            case Items(items=items, ordered=ordered):
                for i, item in enumerate(items, 1):
                    mark = f"{i}." if ordered else "•"
                    console.print(f" {mark} {convert(item, RICH)}")
            case Table(headers=headers, rows=rows):
                table = RichTable(*headers, show_edge=False)
                for row in rows:
                    table.add_row(*row)
                console.print(table)
            case _:
                for line in _plain_block(block):
                    console.print(escape(line), style="cyan" if line.startswith(">") else None)
    console.print()
