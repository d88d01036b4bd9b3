"""The extractive summary of check-ins (no model): grouped by status and theme, quoted.

Every sentence cites the check-ins it quotes or counts (`checkin:<id>`). Private notes are
left out unless the reader is their author (`include_private`, for a member's own review).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from bot.core.markup import user
from bot.core.mentor import Sentence, Source, SourceKind
from bot.domain.extract import Answer

STATUSES = ("blocked", "slow", "on-track")
LABELS = {"blocked": "Blocked", "slow": "Going slowly", "on-track": "On track"}
OTHER = "other"
QUOTE_CHARS = 200
NOTE = "Quoted from the check-ins. With a model configured, mentorbot would write this as prose."
EMPTY = "No check-ins to summarise."


@dataclass(frozen=True, kw_only=True)
class CheckinRow:
    """What the summary needs of one check-in."""

    id: int
    status: str
    note: str | None
    shared: bool
    period: str


def checkin_sources(rows: Iterable[CheckinRow], *, include_private: bool = False) -> list[Source]:
    """The check-ins a reader may see, as sources (for a model or for citing)."""
    return [
        Source(
            id=f"checkin:{r.id}",
            kind=SourceKind.CHECKIN,
            title=f"{r.period} {r.status}",
            text=r.note or "",
        )
        for r in rows
        if r.shared or include_private
    ]


def theme_of(note: str, themes: Mapping[str, str]) -> str:
    """The first theme (alias -> theme name, e.g. from the pack's skills) the note names."""
    text = f" {' '.join(re.findall(r'[a-z0-9+#-]+', note.lower()))} "
    for alias, theme in sorted(themes.items(), key=lambda kv: (-len(kv[0]), kv[0])):
        if f" {alias} " in text:
            return theme
    return OTHER


def summarise_checkins(
    rows: Sequence[CheckinRow],
    *,
    themes: Mapping[str, str],
    include_private: bool = False,
) -> Answer:
    """Cited sentences: per status a count, then per theme the notes quoted."""
    visible = [r for r in rows if r.shared or include_private]
    sentences: list[Sentence] = []
    for status in STATUSES:
        group = sorted((r for r in visible if r.status == status), key=lambda r: r.id)
        if group:
            sentences += _status_sentences(status, group, themes)
    return Answer(sentences=tuple(sentences), note=NOTE if sentences else EMPTY)


def _status_sentences(
    status: str, group: list[CheckinRow], themes: Mapping[str, str]
) -> list[Sentence]:
    ids = tuple(f"checkin:{r.id}" for r in group)
    noun = "check-in" if len(group) == 1 else "check-ins"
    out = [Sentence(f"{LABELS[status]}: {len(group)} {noun}.", ids)]
    by_theme: dict[str, list[CheckinRow]] = {}
    for r in group:
        if r.note and r.note.strip():
            by_theme.setdefault(theme_of(r.note, themes), []).append(r)
    for theme in sorted(by_theme, key=lambda t: (t == OTHER, t)):
        # A note is the member's text: marked, so every renderer shows it inert.
        quoted = "; ".join(f"“{user(_clip(r.note or ''))}”" for r in by_theme[theme])
        label = "Other notes" if theme == OTHER else theme
        out.append(
            Sentence(f"{label}: {quoted}", tuple(f"checkin:{r.id}" for r in by_theme[theme]))
        )
    return out


def _clip(note: str) -> str:
    flat = " ".join(note.split())
    return flat if len(flat) <= QUOTE_CHARS else flat[: QUOTE_CHARS - 1].rstrip() + "…"


def skill_themes(names: Mapping[str, str], skill_names: Mapping[str, str]) -> dict[str, str]:
    """Alias -> skill name, from the library's names (`skill:<id>` ids) and skill names."""
    return {
        alias: skill_names[sid.split(":", 1)[1]]
        for alias, sid in names.items()
        if sid.startswith("skill:") and sid.split(":", 1)[1] in skill_names
    }
