"""The web dashboard's pictures of a team, pure over rows: 12 weeks of participation and
challenge completion, the skill matrix (level minus target, "not rated" apart), sorted
and filtered, and the open blockers with their age.

Weeks are ISO week labels; each member's rows carry their own local week's label, so a
week here is everyone's week of that name. A skill a member never rated is "not rated",
never level 0, and sorts after every rated cell.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from urllib.parse import quote

from bot.domain.team_summary import CheckinRow, Person, targets
from bot.nudging.weeks import monday_of, previous_period
from content.schema import Catalog
from storage.kinds import ChallengeStatus

TREND_WEEKS = 12
WEB = "/web"  # where the dashboard is mounted; chat replies link to its pages


def signin_callback_path(provider: str) -> str:
    """Where Slack or Discord sends a browser back after sign-in (their redirect URL)."""
    return f"{WEB}/auth/{provider}/callback"


def teams_path() -> str:
    """The Teams page."""
    return f"{WEB}/teams"


def matrix_path(team: str) -> str:
    """A team's skill matrix (the name percent-encoded: it is user text)."""
    return f"{WEB}/teams/{quote(team, safe='')}/matrix"


def timeline_path(member_id: int) -> str:
    """A member's timeline."""
    return f"{WEB}/members/{member_id}"


def plan_path() -> str:
    """My plan."""
    return f"{WEB}/plan"


@dataclass(frozen=True)
class WeekPoint:
    """One week of a team: the share of started members who checked in, and who finished
    a challenge (0..1), with the counts behind them."""

    label: str
    checked_in: int
    done: int
    members: int

    @property
    def participation(self) -> float:
        """The share of members who checked in that week."""
        return self.checked_in / self.members if self.members else 0.0

    @property
    def completion(self) -> float:
        """The share of members who finished a challenge that week."""
        return self.done / self.members if self.members else 0.0


def week_labels(current: str, weeks: int = TREND_WEEKS) -> list[str]:
    """The `weeks` ISO week labels ending with `current`, oldest first."""
    labels = [current]
    while len(labels) < weeks:
        labels.append(previous_period(labels[-1]))
    return labels[::-1]


def weekly_series(
    people: list[Person],
    challenges: Iterable[tuple[int, str, str]],
    checkins: Iterable[CheckinRow],
    labels: list[str],
) -> list[WeekPoint]:
    """Participation and completion per week over the started members."""
    started = {p.member_id for p in people if p.started}
    answered: dict[str, set[int]] = defaultdict(set)
    finished: dict[str, set[int]] = defaultdict(set)
    for c in checkins:
        if c.member_id in started:
            answered[c.period].add(c.member_id)
    for member, label, status in challenges:
        if status == ChallengeStatus.DONE and member in started:
            finished[label].add(member)
    return [
        WeekPoint(label, len(answered[label]), len(finished[label]), len(started))
        for label in labels
    ]


@dataclass(frozen=True)
class Cell:
    """One member's one skill: level and target (None: not rated / no target)."""

    skill: str
    level: int | None
    target: int | None

    @property
    def delta(self) -> int | None:
        """Level minus target; None where either is missing."""
        if self.level is None or self.target is None:
            return None
        return self.level - self.target


@dataclass(frozen=True)
class MatrixRow:
    """One member across the skills shown."""

    member_id: int
    name: str
    stage: str | None
    path: str | None
    cells: tuple[Cell, ...]


class MatrixSort(StrEnum):
    """How the matrix is ordered: by member name, or by one skill's gap."""

    MEMBER = "member"
    SKILL = "skill"


@dataclass(frozen=True, kw_only=True)
class MatrixView:
    """How a matrix is asked for: its order (by member, or one skill's gap) and filters."""

    sort: MatrixSort = MatrixSort.MEMBER
    skill: str | None = None
    stage: str | None = None
    path: str | None = None


@dataclass(frozen=True)
class Matrix:
    """Members × skills, as asked: `skills` in column order, rows sorted and filtered."""

    skills: tuple[str, ...]
    rows: tuple[MatrixRow, ...]
    sort: MatrixSort
    by_skill: str | None
    stage: str | None
    path: str | None


def matrix(
    catalog: Catalog,
    people: list[Person],
    *,
    sort: MatrixSort = MatrixSort.MEMBER,
    by_skill: str | None = None,
    stage: str | None = None,
    path: str | None = None,
) -> Matrix:
    """The matrix of the started members matching `stage` and `path` (None: any)."""
    skills = tuple(catalog.skills)
    by_skill = by_skill if by_skill in catalog.skills else None
    rows = []
    for p in people:
        if not p.started or (stage and p.stage != stage) or (path and p.path != path):
            continue
        goals = targets(catalog, p)
        cells = tuple(Cell(s, p.levels.get(s), goals.get(s)) for s in skills)
        rows.append(MatrixRow(p.member_id, p.name, p.stage, p.path, cells))
    rows.sort(key=lambda r: (r.name.casefold(), r.member_id))
    if sort is MatrixSort.SKILL and by_skill is not None:
        column = skills.index(by_skill)

        def gap_first(row: MatrixRow) -> tuple[int, int]:
            cell = row.cells[column]
            if cell.level is None:
                return (2, 0)  # not rated: apart, after every rated cell
            return (0, cell.delta) if cell.delta is not None else (1, -cell.level)

        rows.sort(key=gap_first)  # stable: names stay in order within a value
    else:
        sort = MatrixSort.MEMBER
    return Matrix(skills, tuple(rows), sort, by_skill, stage, path)


@dataclass(frozen=True)
class Blocker:
    """A member whose latest shared check-in says blocked, and for how many weeks."""

    member_id: int
    name: str
    period: str
    weeks: int
    note: str | None


def open_blockers(
    people: list[Person], checkins: Iterable[CheckinRow], current: str
) -> list[Blocker]:
    """Members whose latest check-in is a shared "blocked", oldest first.

    Any later check-in closes it (managers see that someone checked in, never what a
    private one says), so a private "blocked" shows nothing."""
    names = {p.member_id: p.name for p in people if p.started}
    latest: dict[int, CheckinRow] = {}
    for c in sorted(checkins, key=lambda c: c.period):
        if c.member_id in names:
            latest[c.member_id] = c
    now = monday_of(current)
    found = [
        Blocker(m, names[m], c.period, max(0, (now - monday_of(c.period)).days // 7), c.note)
        for m, c in latest.items()
        if c.shared and c.status == "blocked"
    ]
    found.sort(key=lambda b: (-b.weeks, b.name))
    return found
