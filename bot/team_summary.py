"""A team's picture for its managers: gaps, participation, who is blocked, peer mentors.

Pure functions over the rows storage hands back. Privacy rules live here: confidence is
shown only as an average over at least CONFIDENCE_MIN answers, and notes and "blocked"
only where the member chose to share.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from bot.weeks import period_of_date
from content.schema import Catalog

CONFIDENCE_MIN = 3
WINDOW_WEEKS = 4


@dataclass(frozen=True)
class Person:
    """One team member as the summary needs them."""

    member_id: int
    name: str
    stage: str | None
    path: str | None
    levels: dict[str, int]


@dataclass(frozen=True)
class Summary:
    """What a manager sees."""

    gaps: list[tuple[str, float]]  # skill, mean gap to target (largest first)
    completion: tuple[float, float]  # last 4 weeks, the 4 before
    checkins: tuple[float, float]
    confidence: float | None
    confidence_answers: int
    blocked: list[tuple[str, str | None]]  # name, shared note
    mentors: list[tuple[str, str, str]]  # mentor, mentee, skill


def weeks_back(now: datetime, n: int) -> list[str]:
    """The ISO-week labels of the `n` weeks before this one (UTC), newest first."""
    today = now.date()
    monday = today - timedelta(days=today.weekday())
    return [period_of_date(monday - timedelta(weeks=k + 1)) for k in range(n)]


def target(catalog: Catalog, person: Person, skill: str) -> int | None:
    """The level the person's path expects at their stage."""
    if person.stage is None or person.path not in catalog.specializations:
        return None
    return catalog.specializations[person.path].targets.get(person.stage, {}).get(skill)


def summarise(
    catalog: Catalog,
    people: list[Person],
    challenges: list[tuple[int, str, str]],
    checkins: list[tuple[int, str, str, int | None, str | None, bool]],
    *,
    now: datetime,
) -> Summary:
    """The summary of one team at `now`."""
    names = {p.member_id: p.name for p in people}
    gaps = []
    for skill in catalog.skills:
        diffs = [
            max(0, t - p.levels.get(skill, 0))
            for p in people
            if (t := target(catalog, p, skill)) is not None
        ]
        if diffs:
            gaps.append((skill, sum(diffs) / len(diffs)))
    gaps.sort(key=lambda g: -g[1])
    recent, before = weeks_back(now, WINDOW_WEEKS), weeks_back(now, 2 * WINDOW_WEEKS)[WINDOW_WEEKS:]

    def share(pairs: set[tuple[int, str]], weeks: list[str]) -> float:
        slots = len(people) * len(weeks)
        return 0.0 if not slots else sum(1 for m, w in pairs if w in weeks) / slots

    done = {(m, w) for m, w, status in challenges if status == "done"}
    answered = {(m, w) for m, w, *_ in checkins}
    confidences = [c for _, w, _, c, _, _ in checkins if c is not None and w in recent]
    blocked = [
        (names.get(m, "?"), note if shared else None)
        for m, w, status, _, note, shared in checkins
        if status == "blocked" and shared and w in recent
    ]
    mentors = []
    for mentee in people:
        for skill in catalog.skills:
            t = target(catalog, mentee, skill)
            mine = mentee.levels.get(skill, 0)
            if t is None or mine >= t:
                continue
            for mentor in people:
                if mentor is not mentee and mentor.levels.get(skill, 0) >= mine + 2:
                    mentors.append((mentor.name, mentee.name, skill))
                    break
    return Summary(
        gaps=gaps[:3],
        completion=(share(done, recent), share(done, before)),
        checkins=(share(answered, recent), share(answered, before)),
        confidence=sum(confidences) / len(confidences)
        if len(confidences) >= CONFIDENCE_MIN
        else None,
        confidence_answers=len(confidences),
        blocked=blocked,
        mentors=mentors[:5],
    )


def since(now: datetime) -> datetime:
    """The earliest instant a summary looks at."""
    return now - timedelta(weeks=2 * WINDOW_WEEKS + 1)
