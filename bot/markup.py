"""The core's tiny text markup (**bold**, _italic_, `code`, [label](url)) and a converter.

Each renderer passes its own functions for each piece, so the parsing lives in one place.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

_TOKEN = re.compile(
    r"\*\*(?P<bold>.+?)\*\*"
    r"|`(?P<code>[^`]+)`"
    r"|\[(?P<label>[^\]]+)\]\((?P<url>https?://[^)\s]+)\)"
    r"|(?<![\w*])_(?P<italic>[^_\n]+)_(?![\w])"
)


@dataclass(frozen=True)
class Style:
    """How one renderer writes each piece of markup."""

    plain: Callable[[str], str]
    bold: Callable[[str], str]
    italic: Callable[[str], str]
    code: Callable[[str], str]
    link: Callable[[str, str], str]


def convert(text: str, style: Style) -> str:
    """Rewrite `text` piece by piece with `style`."""
    out: list[str] = []
    pos = 0
    for match in _TOKEN.finditer(text):
        out.append(style.plain(text[pos : match.start()]))
        if match.group("bold") is not None:
            out.append(style.bold(convert(match.group("bold"), style)))
        elif match.group("code") is not None:
            out.append(style.code(match.group("code")))
        elif match.group("url") is not None:
            out.append(style.link(match.group("label"), match.group("url")))
        else:
            out.append(style.italic(match.group("italic")))
        pos = match.end()
    out.append(style.plain(text[pos:]))
    return "".join(out)


PLAIN = Style(
    plain=lambda s: s,
    bold=lambda s: s,
    italic=lambda s: s,
    code=lambda s: s,
    link=lambda label, url: f"{label} <{url}>",
)


def to_plain(text: str) -> str:
    """The text with markup removed and links spelled out."""
    return convert(text, PLAIN)


def split_text(text: str, limit: int) -> list[str]:
    """Pieces of at most `limit` characters, broken at line ends where possible."""
    out: list[str] = []
    piece = ""
    for line in text.split("\n"):
        while len(line) > limit:
            if piece:
                out.append(piece)
                piece = ""
            out.append(line[:limit])
            line = line[limit:]
        candidate = f"{piece}\n{line}" if piece else line
        if len(candidate) > limit:
            out.append(piece)
            piece = line
        else:
            piece = candidate
    if piece:
        out.append(piece)
    return [p for p in out if p]
