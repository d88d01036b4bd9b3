"""Render a Reply as plain text (pipes, logs) or with rich (a terminal)."""

from __future__ import annotations

import re
import textwrap
from dataclasses import replace
from urllib.parse import quote

from rich.console import Console
from rich.table import Table as RichTable

from bot.core.markup import PLAIN, convert, defang, plain_only, tag_style
from bot.core.reply import (
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
    bar,
)

WIDTH = 88
# Plain text (pipes, logs): markup removed; user text shown as typed, pings broken.
PLAIN_TEXT = replace(PLAIN, user=defang)


def to_plain(text: str) -> str:
    """Our markup as plain text."""
    return convert(text, PLAIN_TEXT)


def unmark(text: str) -> str:
    """A label or title as plain text."""
    return plain_only(text, PLAIN_TEXT)


def _link(label: str, url: str) -> str:
    # Brackets or spaces in an address would end rich's [link=…] tag early.
    safe = quote(url, safe=":/?#@!$&'()*+,;=%~.-_")
    return f"[link={safe}]{_escape(label)}[/link] [dim]({_escape(url)})[/dim]"


_BRACKET = re.compile(r"(\\*)\[")


def _escape(text: str) -> str:
    """User text that rich reads as text only. rich's own `escape` leaves a `[` alone
    unless a whole tag follows it, so `][//` next to our `, ]` became the tag `[//, ]`:
    every `[` is escaped here (with the backslashes before it doubled), and a trailing
    backslash can't escape the tag that follows."""
    text = _BRACKET.sub(lambda m: m.group(1) * 2 + "\\[", text)
    trailing = len(text) - len(text.rstrip("\\"))
    return text + "\\" * (trailing % 2)


RICH = tag_style(
    _escape,
    bold="[bold]{}[/bold]",
    italic="[italic]{}[/italic]",
    code="[cyan]{}[/cyan]",
    link=_link,
)


def rich_text(text: str) -> str:
    """Our markup as rich markup; user text is escaped."""
    return convert(text, RICH)


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
            return [line for k, v in items for line in _wrap(to_plain(v), "    ", f"{unmark(k)}: ")]
        case Progress(label=label, value=v, total=t):
            return [f"{unmark(label)}  [{bar(v, t, width=20, full='#', empty='-')}] {v}/{t}"]
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
            return ["> " + " | ".join(f"{unmark(b.label)}: type '{b.command}'" for b in buttons)]
        case Select(placeholder=p, command=c, options=opts):
            return [
                f"> {unmark(p)}: type '{c} <choice>' with one of: "
                + ", ".join(o.value for o in opts)
            ]
        case Attachment(filename=name, data=data, description=about):
            return [f"[{unmark(about)}] {name} ({len(data)} bytes)"]
        case Image(filename=name, data=data, alt=alt):
            return [f"[{unmark(alt)}] {name} ({len(data)} bytes)"]
        case Divider():
            return ["-" * 20]
    raise AssertionError(block)  # pragma: no cover


def render_plain(reply: Reply) -> str:
    """The whole reply as plain text, ending in a newline."""
    title = unmark(reply.title)
    lines = [title, "=" * min(len(title), WIDTH)]
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


def render_rich(reply: Reply, console: Console, *, error: bool = False) -> None:
    """Print the reply with colour and links on a terminal (an error's title in red)."""
    colour = "red" if error else "magenta"
    console.print(f"[bold {colour}]{plain_only(reply.title, RICH)}[/bold {colour}]")
    for block in reply.blocks:
        match block:
            case Text(text=t):
                console.print(rich_text(t))
            case Context(text=t):
                console.print(f"[dim]{rich_text(t)}[/dim]")
            case Fields(items=items):
                for k, v in items:
                    console.print(f"[bold]{plain_only(k, RICH)}:[/bold] {rich_text(v)}")
            case Items(items=items, ordered=ordered):
                for i, item in enumerate(items, 1):
                    mark = f"{i}." if ordered else "•"
                    console.print(f" {mark} {rich_text(item)}")
            case Table(headers=headers, rows=rows):
                table = RichTable(*(plain_only(h, RICH) for h in headers), show_edge=False)
                for row in rows:
                    table.add_row(*(plain_only(c, RICH) for c in row))
                console.print(table)
            case _:
                for line in _plain_block(block):
                    console.print(_escape(line), style="cyan" if line.startswith(">") else None)
    console.print()
