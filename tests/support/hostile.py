"""Hostile member text and the checks that each platform's rendering of it is inert."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from bot.core import reply as r
from bot.core.markup import USER_CLOSE, USER_OPEN, user

PIECES = [
    "<!channel>",
    "<!here>",
    "<!everyone>",
    "<@U2>",
    "<@123456789012345678>",
    "<@!123456789012345678>",
    "<@&123456789012345678>",
    "<#123456789012345678>",
    "@everyone",
    "@here",
    "@channel",
    "[Verify](https://evil.example/>|<!channel>|<@U2>)",
    "[Claim your Nitro](https://evil.example/)",
    "<https://evil.example|click>",
    "https://evil.example",
    "](",
    "[see](http://x/[/bold])",
    "[/bold]",
    "[link=https://evil.example]x[/link]",
    "**",
    "_",
    "`",
    "```",
    "~~",
    "||",
    "> ",
    "# ",
    "-# ",
    "\\",
    "&lt;!channel&gt;",
    "&",
    "<",
    ">",
    "|",
    "[",
    "]",
    "(",
    ")",
    ":",
    "//",
    "\n",
    USER_OPEN,
    USER_CLOSE,
    "\ud800",
    "’",
]


def hostile_reply(text: str) -> r.Reply:
    """Every kind of block, with the hostile text wherever a member's text can go."""
    u = user(text)
    return r.Reply(
        title=f"Team {u}",
        blocks=(
            r.Text(f"Added to **ml**: {u}. Read [the roadmap]({ALLOWED}) and **{u}** _x_ `c`"),
            r.Fields(((f"Members {u}", f"1 active of 2: {u}, {u}"), ("Managers", u))),
            r.Items((f"{u}: {u}", f"{u} could help {u} with Python")),
            r.Context(f"added by {u}"),
            r.Progress(u, 1, 2),
            r.Table(("member", "note"), ((u, u),)),
            r.Actions((r.Button(u, "help"),)),
            r.Select(u, "help", (r.Option(u, "plan"),)),
            r.Attachment("x.csv", b"x", f"export of {u}"),
        ),
    )


def no_marks(text: str) -> None:
    assert USER_OPEN not in text and USER_CLOSE not in text, text
    assert not re.search("[\ud800-\udfff]", text), text


def check_slack_mrkdwn(text: str) -> None:
    no_marks(text)
    _no_pings(text)
    links = re.findall(r"<([^>]*)>", text)
    assert all(link.split("|")[0] == ALLOWED for link in links), text
    rest = text.replace(f"<{ALLOWED}|", "").replace(ALLOWED, "")
    assert "<!" not in rest and "<@" not in rest and "<#" not in rest, text
    assert "](" not in rest and "://" not in rest, text


def check_discord(text: str) -> None:
    no_marks(text)
    _no_pings(text)
    rest = text.replace(f"]({ALLOWED})", "")
    assert not re.search(r"(?<!\\)<[@#!&/]", rest), text
    assert "](" not in rest and "://" not in rest, text


def check_slack(payload: dict[str, Any]) -> None:
    for kind, text in _strings(payload):
        if kind == "plain_text":  # shown as typed, never parsed by Slack
            no_marks(text)
            _no_pings(text)
        else:
            check_slack_mrkdwn(text)


ALLOWED = "https://roadmap.sh/ai-engineer"


def _strings(value: Any) -> Iterator[tuple[str | None, str]]:
    """(type of the enclosing text object, string) for every string in a payload."""
    if isinstance(value, dict):
        kind = value.get("type") if isinstance(value.get("type"), str) else None
        for key, item in value.items():
            if isinstance(item, str) and key == "text":
                yield kind, item
            else:
                yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


def _no_pings(text: str) -> None:
    assert not re.search(r"@(everyone|here|channel)", text, re.IGNORECASE), text
