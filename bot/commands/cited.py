"""Cited replies: each sentence numbered to its sources, the sources shown as links."""

from __future__ import annotations

from collections.abc import Sequence

from bot.core.markup import user
from bot.core.mentor import Source, SourceKind
from bot.core.reply import Actions, Block, Button, Context, Items, Text
from bot.domain.extract import Answer
from content.schema import Catalog

MAX_LINK_BUTTONS = 5
_TOPICS = {"stage": "stages", "path": "paths", "industry": "industries"}


def link_of(source_id: str, catalog: Catalog) -> str | None:
    """Where a citation leads: the `explore …` command of a pack entry, a tip's link."""
    kind, _, rest = source_id.partition(":")
    bare = rest.split(":", 1)[0]
    if kind in ("skill", "level"):
        return f"explore skills {bare}"
    if kind in _TOPICS:
        return f"explore {_TOPICS[kind]} {bare}"
    if kind == "growth":
        return "explore growth"
    if kind == "challenge" and rest in catalog.challenges:
        return f"explore skills {catalog.challenges[rest].skill}"
    if kind == "tip" and rest in catalog.tips:
        return catalog.tips[rest].url
    if kind == "plan":
        return "plan"
    return None


def cited_blocks(
    result: Answer, *, sources: Sequence[Source], catalog: Catalog
) -> tuple[Block, ...]:
    """Each sentence with numbered citations, the sources as links, then the note."""
    # A check-in's title names its member: their text, marked like everything people type.
    titles = {s.id: user(s.title) if s.kind is SourceKind.CHECKIN else s.title for s in sources}
    numbers: dict[str, int] = {}
    lines = []
    for sentence in result.sentences:
        marks = [numbers.setdefault(c, len(numbers) + 1) for c in sentence.cites]
        text = user(sentence.text) if result.model else sentence.text
        lines.append(f"{text} [{', '.join(str(n) for n in marks)}]")
    listed: list[str] = []
    buttons: list[Button] = []
    for sid, n in numbers.items():
        link = link_of(sid, catalog)
        where = "" if link is None else (f" {link}" if "://" in link else f" — `{link}`")
        listed.append(f"[{n}] {titles.get(sid, sid)} ({sid}){where}")
        fresh = link and "://" not in link and all(b.command != link for b in buttons)
        if fresh and link and len(buttons) < MAX_LINK_BUTTONS:
            buttons.append(Button(titles.get(sid, sid)[:60], link))
    blocks: list[Block] = [Text(line) for line in lines]
    if listed:
        blocks += [Text("**Sources**"), Items(tuple(listed))]
    if buttons:
        blocks.append(Actions(tuple(buttons)))
    blocks.append(Context(result.note))
    return tuple(blocks)
