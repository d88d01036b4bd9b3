"""The core's tiny text markup (**bold**, _italic_, `code`, [label](url)) and a converter.

Each renderer passes its own functions for each piece, so the parsing lives in one place.

Text a member typed (or a platform reported about them: names, notes, links) is *user
text*. The core wraps it with `user()`; the converter never reads markup inside it, and
each renderer neutralises it for its platform through `Style.user`.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

# Private-use characters delimit user text inside a marked-up string. They are removed
# from anything a member types, so a member can't open or close a span of their own.
USER_OPEN = "\ue000"
USER_CLOSE = "\ue001"
_MARKS = str.maketrans("", "", USER_OPEN + USER_CLOSE)
_SPAN = f"{USER_OPEN}[^{USER_OPEN}{USER_CLOSE}]*{USER_CLOSE}"
_NOT_MARK = f"[^{USER_OPEN}{USER_CLOSE}]"

_TOKEN = re.compile(
    f"{USER_OPEN}(?P<user>[^{USER_OPEN}{USER_CLOSE}]*){USER_CLOSE}"
    rf"|\*\*(?P<bold>(?:{_SPAN}|{_NOT_MARK})+?)\*\*"
    rf"|`(?P<code>[^`{USER_OPEN}{USER_CLOSE}]+)`"
    rf"|\[(?P<label>[^\]{USER_OPEN}{USER_CLOSE}]+)\]\((?P<url>https?://[^)\s{USER_OPEN}{USER_CLOSE}]+)\)"
    rf"|(?<![\w*])_(?P<italic>[^_\n{USER_OPEN}{USER_CLOSE}]+)_(?![\w])"
)
# Controls other than tab and newline, and lone surrogates, never reach a renderer.
_UNPRINTABLE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\ud800-\udfff]")
# Words that ping in some chat, the middle of a masked link and of an address a client
# would turn into a link: a word joiner between the halves keeps the text readable and
# inert everywhere.
_DEFANG = re.compile(r"(@)(?=everyone|here|channel)|(\])(?=\()|(:)(?=//)", re.IGNORECASE)
WORD_JOINER = "\u2060"


def user(text: object) -> str:
    """Mark `text` as typed by a member: shown literally, never read as markup."""
    return USER_OPEN + clean(str(text)) + USER_CLOSE


def clean(text: str) -> str:
    """`text` without our marks, control characters or lone surrogates."""
    return _UNPRINTABLE.sub("", text.translate(_MARKS))


def unmark(text: str) -> str:
    """`text` with the user-text marks removed (for plain-text places)."""
    return text.translate(_MARKS)


def defang(text: str) -> str:
    """Break `@everyone`, `@here`, `@channel`, `](` and `://` with an invisible word joiner."""
    return _DEFANG.sub(lambda m: m.group(0) + WORD_JOINER, text)


@dataclass(frozen=True)
class Style:
    """How one renderer writes each piece of markup."""

    plain: Callable[[str], str]
    bold: Callable[[str], str]
    italic: Callable[[str], str]
    code: Callable[[str], str]
    link: Callable[[str, str], str]
    user: Callable[[str], str]


def tag_style(
    escape: Callable[[str], str],
    *,
    bold: str,
    italic: str,
    code: str,
    link: Callable[[str, str], str],
    user: Callable[[str], str] | None = None,
) -> Style:
    """A style that escapes every piece of text and puts marks in `{}` templates.

    Bold text arrives already converted (it may hold other marks), so it is not escaped
    again. Member text is defanged, then escaped, unless `user` says how instead.
    """
    return Style(
        plain=escape,
        bold=bold.format,
        italic=lambda s: italic.format(escape(s)),
        code=lambda s: code.format(escape(s)),
        link=link,
        user=user or (lambda s: escape(defang(s))),
    )


def convert(text: str, style: Style) -> str:
    """Rewrite `text` piece by piece with `style`."""
    out: list[str] = []
    pos = 0
    for match in _TOKEN.finditer(text):
        out.append(style.plain(unmark(text[pos : match.start()])))
        if match.group("user") is not None:
            out.append(style.user(match.group("user")))
        elif match.group("bold") is not None:
            out.append(style.bold(convert(match.group("bold"), style)))
        elif match.group("code") is not None:
            out.append(style.code(match.group("code")))
        elif match.group("url") is not None:
            out.append(style.link(match.group("label"), match.group("url")))
        else:
            out.append(style.italic(match.group("italic")))
        pos = match.end()
    out.append(style.plain(unmark(text[pos:])))
    return "".join(out)


def plain_only(text: str, style: Style) -> str:
    """`text` for a place that shows no markup (a title, a label): every part as plain."""
    return "".join(
        style.user(part) if n % 2 else style.plain(part) for n, part in enumerate(_split_user(text))
    )


def _split_user(text: str) -> list[str]:
    """Alternating core / user pieces (even / odd indexes)."""
    parts: list[str] = []
    pos = 0
    for match in re.finditer(_SPAN, text):
        parts += [unmark(text[pos : match.start()]), match.group(0)[1:-1]]
        pos = match.end()
    parts.append(unmark(text[pos:]))
    return parts


PLAIN = Style(
    plain=lambda s: s,
    bold=lambda s: s,
    italic=lambda s: s,
    code=lambda s: s,
    link=lambda label, url: f"{label} <{url}>",
    user=lambda s: s,
)


def to_plain(text: str) -> str:
    """The text with markup removed and links spelled out."""
    return convert(text, PLAIN)


def clip(text: str, limit: int) -> str:
    """Cut `text` to `limit` characters, marking the cut with an ellipsis."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


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
