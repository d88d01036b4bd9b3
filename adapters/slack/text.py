"""Slash-command text as Slack sends it with `should_escape: true`, back to what was typed.

Slack escapes `& < >` and turns mentions into ids: `<@U123|ann>` stays (the team
commands read the id), a link `<https://x|x>` becomes its address, a channel
`<#C1|general>` its name, and `<!here>` plain `@here`.
"""

from __future__ import annotations

import re

_TOKEN = re.compile(r"<([^<>]*)>")


def command_text(raw: str) -> str:
    """The text a member typed, with user mentions kept as `<@ID>` tokens."""
    out: list[str] = []
    pos = 0
    for match in _TOKEN.finditer(raw):
        out.append(_unescape(raw[pos : match.start()]))
        out.append(_token(match.group(1)))
        pos = match.end()
    out.append(_unescape(raw[pos:]))
    return "".join(out)


def _token(inner: str) -> str:
    target, _, label = inner.partition("|")
    if target.startswith("@"):
        return f"<{target}>"
    if target.startswith("#"):
        return "#" + _unescape(label or target[1:])
    if target.startswith("!"):
        return "@" + _unescape(label or target[1:].split("^")[0])
    return _unescape(target)


def _unescape(text: str) -> str:
    # A typed `<@U…>` is not a mention: Slack escaped it, so it must not become an id.
    text = text.replace("&lt;@", "<\u2060@")
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
