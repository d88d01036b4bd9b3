"""A team's picture for its managers: this week so far, trends, gaps, shared notes, mentors.

Pure functions over the rows storage hands back. Weeks are each member's own local ISO
weeks: a check-in made on Monday morning in Auckland belongs to Auckland's new week.
Privacy rules live here: confidence is shown only as an average over at least
CONFIDENCE_MIN answers, and notes and "blocked" only where the member chose to share.
A skill a member never rated is "not rated", never level 0.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from bot.nudging.weeks import period, previous_period
from content.schema import Catalog
from storage.kinds import ChallengeStatus

CONFIDENCE_MIN = 3
WINDOW_WEEKS = 4
MAX_MENTORS = 5


@dataclass(frozen=True)
class Person:
    """One team member as the summary needs them; `started` is False for the invited."""

    member_id: int
    name: str
    stage: str | None
    path: str | None
    levels: dict[str, int]
    tz: str = "UTC"
    started: bool = True


@dataclass(frozen=True)
class CheckinRow:
    """One check-in as storage hands it over (the latest per member and week)."""

    member_id: int
    period: str
    status: str
    confidence: int | None
    note: str | None
    shared: bool


@dataclass(frozen=True)
class Gap:
    """How far the members who rated a skill are below target, on average."""

    skill: str
    mean: float
    rated: int  # members with a target who rated it
    targeted: int  # members with a target for it


@dataclass(frozen=True)
class Shared:
    """The latest check-in a member shared with their managers."""

    name: str
    status: str
    this_week: bool
    note: str | None


@dataclass(frozen=True)
class Week:
    """This week so far: how many checked in, finished a challenge, said they are blocked."""

    checked_in: int
    done: int
    confidence: float | None
    answers: int


@dataclass(frozen=True)
class Summary:
    """What a manager sees."""

    this_week: Week
    completion: tuple[float, float]  # last 4 complete weeks, the 4 before
    checkins: tuple[float, float]
    confidence: float | None  # last 4 complete weeks
    confidence_answers: int
    gaps: list[Gap]  # largest first, only skills someone rated below target
    unrated: list[tuple[str, int]]  # skill, members with a target who haven't rated it
    shared: list[Shared]  # latest shared check-in per member, blocked first
    mentors: list[tuple[str, str, str]]  # mentor, mentee, skill
    started: int = 0
    invited: list[str] = field(default_factory=list)

    @property
    def blocked(self) -> list[Shared]:
        """Members whose latest shared check-in (this week or last) says blocked."""
        return [s for s in self.shared if s.status == "blocked"]


def windows(now: datetime, tz: str) -> tuple[str, list[str], list[str]]:
    """This week's label in `tz`, the 4 complete weeks before it and the 4 before those."""
    current = period(now, tz)
    labels = []
    label = current
    for _ in range(2 * WINDOW_WEEKS):
        label = previous_period(label)
        labels.append(label)
    return current, labels[:WINDOW_WEEKS], labels[WINDOW_WEEKS:]


def targets(catalog: Catalog, person: Person) -> Mapping[str, int]:
    """Every skill's target for the person's path and stage (empty without a stage or path)."""
    if person.stage is None or person.path not in catalog.specializations:
        return {}
    return catalog.specializations[person.path].targets.get(person.stage, {})


def target(catalog: Catalog, person: Person, skill: str) -> int | None:
    """The level the person's path expects at their stage."""
    return targets(catalog, person).get(skill)


def gaps(catalog: Catalog, people: list[Person]) -> tuple[list[Gap], list[tuple[str, int]]]:
    """Gaps over the members who rated each skill; and skills some haven't rated, with how many."""
    goals = [(p.levels, targets(catalog, p)) for p in people]
    found: list[Gap] = []
    unrated: list[tuple[str, int]] = []
    for skill in catalog.skills:
        targeted = 0
        diffs = []
        for levels, goal in goals:
            if (t := goal.get(skill)) is None:
                continue
            targeted += 1
            if (level := levels.get(skill)) is not None:
                diffs.append(max(0, t - level))
        if len(diffs) < targeted:
            unrated.append((skill, targeted - len(diffs)))
        if diffs and sum(diffs) > 0:
            found.append(Gap(skill, sum(diffs) / len(diffs), len(diffs), targeted))
    found.sort(key=lambda g: (-g.mean, g.skill))
    unrated.sort(key=lambda u: (-u[1], u[0]))
    return found, unrated


def _mentors(catalog: Catalog, people: list[Person]) -> list[tuple[str, str, str]]:
    """Who is 2+ levels above a member who is below target in a skill (both rated it)."""
    best: dict[str, Person] = {}
    for skill in catalog.skills:
        rated = [p for p in people if skill in p.levels]
        if rated:
            best[skill] = max(rated, key=lambda p: p.levels[skill])
    found = []
    for mentee in people:
        goals = targets(catalog, mentee)
        for skill in catalog.skills:
            goal = goals.get(skill)
            mine = mentee.levels.get(skill)
            mentor = best.get(skill)
            if goal is None or mine is None or mine >= goal or mentor is None:
                continue
            if mentor is not mentee and mentor.levels[skill] >= mine + 2:
                found.append((mentor.name, mentee.name, skill))
                if len(found) == MAX_MENTORS:
                    return found
    return found


class _Weeks:
    """Which window a member's week label falls in, in the member's own zone: "now",
    "recent" (the WINDOW_WEEKS before), "before" (the WINDOW_WEEKS before those) or None."""

    def __init__(self, started: list[Person], now: datetime) -> None:
        # Weeks depend only on the zone: a handful of zones serve a thousand members.
        spans: dict[str, tuple[str, str, dict[str, str]]] = {}
        for tz in {p.tz for p in started}:
            current, recent, before = windows(now, tz)
            spans[tz] = (
                current,
                recent[0],
                {w: "before" for w in before} | dict.fromkeys(recent, "recent"),
            )
        self.zones = {p.member_id: spans[p.tz] for p in started}
        self.slots = len(started) * WINDOW_WEEKS

    def where(self, member_id: int, label: str) -> str | None:
        zone = self.zones.get(member_id)
        if zone is None:
            return None
        current, _, earlier = zone
        if label >= current:  # a later label can only be the member's own new week
            return "now"
        return earlier.get(label)

    def recent_start(self, member_id: int) -> str:
        """The first week label of the member's recent window."""
        return self.zones[member_id][1]

    def tally(self, weekly: set[tuple[int, str]]) -> tuple[Counter[str | None], int]:
        """(member, week) slots with a hit per window, and the members with one this week."""
        counts: Counter[str | None] = Counter()
        this_week: set[int] = set()
        for m, w in weekly:
            window = self.where(m, w)
            counts[window] += 1
            if window == "now":
                this_week.add(m)
        return counts, len(this_week)

    def rate(self, counts: Counter[str | None], window: str) -> float:
        """The share of (member, week) slots of a window that have a hit."""
        return 0.0 if not self.slots else counts[window] / self.slots


def summarise(
    catalog: Catalog,
    people: list[Person],
    challenges: list[tuple[int, str, str]],
    checkins: list[CheckinRow],
    *,
    now: datetime,
) -> Summary:
    """The summary of one team at `now`; each member's weeks are counted in their own zone."""
    started = [p for p in people if p.started]
    weeks = _Weeks(started, now)
    done, done_now = weeks.tally(
        {(m, w) for m, w, status in challenges if status == ChallengeStatus.DONE}
    )
    answered, answered_now = weeks.tally({(c.member_id, c.period) for c in checkins})
    placed = [(c, weeks.where(c.member_id, c.period)) for c in checkins]
    now_conf = [c.confidence for c, at in placed if c.confidence is not None and at == "now"]
    recent_conf = [c.confidence for c, at in placed if c.confidence is not None and at == "recent"]
    found, unrated = gaps(catalog, started)
    return Summary(
        this_week=Week(
            checked_in=answered_now,
            done=done_now,
            confidence=_mean(now_conf),
            answers=len(now_conf),
        ),
        completion=(weeks.rate(done, "recent"), weeks.rate(done, "before")),
        checkins=(weeks.rate(answered, "recent"), weeks.rate(answered, "before")),
        confidence=_mean(recent_conf),
        confidence_answers=len(recent_conf),
        gaps=found,
        unrated=unrated,
        shared=_shared(placed, {p.member_id: p.name for p in started}, weeks),
        mentors=_mentors(catalog, started),
        started=len(started),
        invited=[p.name for p in people if not p.started],
    )


def _shared(
    placed: list[tuple[CheckinRow, str | None]], names: dict[int, str], weeks: _Weeks
) -> list[Shared]:
    """Each member's latest shared check-in of the recent weeks that says something (a
    note, or a blocker still recent); blockers first, then this week's, then by name."""
    latest: dict[int, tuple[CheckinRow, str | None]] = {}
    for c, at in sorted(placed, key=lambda placed: placed[0].period):
        if c.shared and at in {"now", "recent"}:
            latest[c.member_id] = (c, at)
    shared = [
        Shared(names[m], c.status, at == "now", c.note)
        for m, (c, at) in latest.items()
        if c.note or (c.status == "blocked" and c.period >= weeks.recent_start(m))
    ]
    shared.sort(key=lambda s: (s.status != "blocked", not s.this_week, s.name))
    return shared


def _mean(values: list[int]) -> float | None:
    """The average, only from CONFIDENCE_MIN answers on (fewer could point at one person)."""
    return sum(values) / len(values) if len(values) >= CONFIDENCE_MIN else None


def since(now: datetime) -> datetime:
    """The earliest instant a summary looks at (a day's slack for the widest zones)."""
    return now - timedelta(weeks=2 * WINDOW_WEEKS + 1, days=1)
