"""A member's own quarter as numbered sources and the extractive review draft built on them.

Every line cites what it states: a challenge done (`done:<id>`), a rating (`rating:<id>`),
a check-in (`checkin:<id>`, their private notes included: the review is only theirs) or a
step of the plan ahead (`plan:<id>`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

from bot.core.mentor import Sentence, Source, SourceKind
from bot.domain.extract import Answer
from bot.domain.summaries import CheckinRow, checkin_sources, summarise_checkins
from content.schema import Catalog
from storage.kinds import ChallengeStatus
from storage.tables import ChallengeAssignment, Checkin, PlanItem, SkillRating

NOTE = (
    "A draft from your own records, every line cited. With the AI mentor on, a model would "
    "write it as prose."
)


# A review looks back; the plan ahead is its last line, not half of it: the next few
# steps, and `plan` has the rest.
AHEAD = 3


@dataclass(frozen=True, kw_only=True)
class Quarter:
    """What a member did since `since`, and what their plan has next."""

    since: datetime
    done: Sequence[ChallengeAssignment]
    ratings: Sequence[SkillRating]  # every rating, oldest first (for the level before)
    checkins: Sequence[Checkin]
    ahead: Sequence[PlanItem]


def _skill(catalog: Catalog, skill_id: str) -> str:
    skill = catalog.skills.get(skill_id)
    return skill.name if skill else skill_id


def quarter_sources(q: Quarter, catalog: Catalog) -> list[Source]:
    """The quarter as sources: challenges done, level changes, check-ins, plan ahead."""
    found: list[Source] = []
    for a in q.done:
        c = catalog.challenges.get(a.challenge_id)
        title = c.title if c else a.challenge_id
        when = f"{a.completed_at:%Y-%m-%d}" if a.completed_at else a.period
        found.append(
            Source(
                id=f"done:{a.id}",
                kind=SourceKind.CHALLENGE,
                title=f"Challenge done: {title}",
                text=f"Done on {when}: {title} ({_skill(catalog, a.skill)}, level {a.level}).",
            )
        )
    before: dict[str, int] = {}
    for r in q.ratings:
        was = before.get(r.skill)
        before[r.skill] = r.level
        if r.rated_at < q.since or was == r.level:
            continue
        change = f"from level {was} to {r.level}" if was is not None else f"at level {r.level}"
        found.append(
            Source(
                id=f"rating:{r.id}",
                kind=SourceKind.RATING,
                title=f"{_skill(catalog, r.skill)} rated",
                text=f"{_skill(catalog, r.skill)} {change} on {r.rated_at:%Y-%m-%d}.",
            )
        )
    found += checkin_sources(_rows(q.checkins), include_private=True)
    for item in q.ahead:
        found.append(
            Source(
                id=f"plan:{item.id}",
                kind=SourceKind.PLAN_STEP,
                title=f"Plan, week {item.week}",
                text=f"Next: raise {_skill(catalog, item.skill)} from level {item.from_level} "
                f"to {item.to_level}.",
            )
        )
    return found


def _rows(checkins: Sequence[Checkin]) -> list[CheckinRow]:
    return [
        CheckinRow(id=c.id or 0, status=c.status, note=c.note, shared=c.shared, period=c.period)
        for c in checkins
    ]


def review_draft(q: Quarter, sources: Sequence[Source], themes: Mapping[str, str]) -> Answer:
    """The extractive review: each source quoted, check-ins grouped by status and theme."""
    sentences = [Sentence(s.text, (s.id,)) for s in sources if s.kind is not SourceKind.CHECKIN]
    summary = summarise_checkins(_rows(q.checkins), themes=themes, include_private=True)
    at = sum(1 for s in sources if s.kind in (SourceKind.CHALLENGE, SourceKind.RATING))
    sentences[at:at] = summary.sentences
    return Answer(sentences=tuple(sentences), note=NOTE if sentences else "Nothing to review yet.")


def as_markdown(title: str, result: Answer, sources: Sequence[Source]) -> bytes:
    """The review as a Markdown file: each line with its citations, the sources listed."""
    numbers: dict[str, int] = {}
    lines = [f"# {title}", ""]
    for s in result.sentences:
        marks = ", ".join(str(numbers.setdefault(c, len(numbers) + 1)) for c in s.cites)
        lines.append(f"- {_md(s.text)} [{marks}]")
    titles = {s.id: s for s in sources}
    lines += ["", "## Sources", ""]
    for sid, n in numbers.items():
        source = titles.get(sid)
        lines.append(f"{n}. {_md(source.title if source else sid)} (`{sid}`)")
    lines += ["", f"_{result.note}_", ""]
    return "\n".join(lines).encode("utf-8")


def _md(text: str) -> str:
    """Member text made inert in Markdown: no HTML, no links, no emphasis run wild."""
    for ch in "\\`*_[]<>#|":
        text = text.replace(ch, f"\\{ch}")
    return " ".join(text.split())


def is_done(a: ChallengeAssignment, since: datetime) -> bool:
    """Whether the challenge was done inside the window."""
    return (
        a.status == ChallengeStatus.DONE
        and a.completed_at is not None
        and (a.completed_at >= since)
    )
