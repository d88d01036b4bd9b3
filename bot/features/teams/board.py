"""The web dashboard's team pages: the teams a viewer manages (or, as an admin, all of the
workspace's) with 12 weeks of trends, and a team's skill matrix and its CSV.

The same people and privacy as `team <name>`: only the team's managers and the
workspace's admins see it, only within their own workspace, and every look is written to
the view log members read in `mydata`. A team someone may not see is answered exactly as
a team that doesn't exist: None.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from datetime import datetime, timedelta

from bot.commands.services import Services
from bot.commands.viewer import Viewer
from bot.domain.dashboard import (
    TREND_WEEKS,
    Blocker,
    Matrix,
    MatrixView,
    WeekPoint,
    matrix,
    open_blockers,
    week_labels,
    weekly_series,
)
from bot.domain.spreadsheet import csv_bytes
from bot.domain.team_summary import CheckinRow, Person, Shared, Summary, summarise
from bot.domain.teams import TeamRef
from bot.features.teams.summary import people_of, this_week
from bot.nudging.weeks import period
from storage import team_reads, workspaces
from storage import teams as repo


@dataclass(frozen=True)
class TeamCard:
    """One team on the Teams page."""

    team: TeamRef
    members: int
    started: int
    this_week: str
    weeks: list[WeekPoint]
    blockers: list[Blocker]
    shared: list[Shared]


async def _visible(services: Services, viewer: Viewer) -> list[TeamRef]:
    async with services.db.snapshot() as session:
        if viewer.admin:
            rows = await workspaces.workspace_teams(
                session=session, workspace_id=viewer.workspace_id
            )
        else:
            rows = await repo.managed_teams(session=session, member_id=viewer.member_id)
    return [
        TeamRef(t.id, t.name)
        for t in rows
        if t.id is not None and t.workspace_id == viewer.workspace_id
    ]


async def find_visible(services: Services, viewer: Viewer, name: str) -> TeamRef | None:
    """The team called `name` in the viewer's workspace, if they may see it."""
    return next((t for t in await _visible(services, viewer) if t.name == name), None)


def _rows(
    raw: list[tuple[int, str, str, int | None, str | None, bool]],
) -> list[CheckinRow]:
    latest = {(c[0], c[1]): CheckinRow(*c) for c in raw}  # one per member and week
    return list(latest.values())


async def _load(
    services: Services,
    viewer: Viewer,
    team: TeamRef,
    *,
    what: str,
    now: datetime,
    history: bool = True,
) -> tuple[list[Person], list[tuple[int, str, str]], list[CheckinRow]]:
    """The team's people and either 12 weeks of challenges and check-ins (`history`) or
    their levels; the look is logged."""
    async with services.db.transaction() as session:
        learner = viewer.learner(session=session, catalog=services.catalog, profile=None, now=now)
        await team_reads.log_view(
            session=session, viewer_id=viewer.member_id, team_id=team.id, what=what, now=now
        )
        people, _ = await people_of(learner, team)
        ids = [p.member_id for p in people]
        challenges: list[tuple[int, str, str]] = []
        checkins: list[tuple[int, str, str, int | None, str | None, bool]] = []
        if history:  # the Teams page shows no level: only weeks, blockers and notes
            since = now - timedelta(weeks=TREND_WEEKS + 1)
            challenges, checkins = await team_reads.team_history(
                session=session, member_ids=ids, since=since
            )
        else:  # the matrix and its CSV need only the levels
            levels = await team_reads.team_levels(session=session, member_ids=ids)
            for p in people:
                p.levels.update(levels.get(p.member_id, {}))
    return people, challenges, _rows(checkins)


def _card(
    services: Services,
    team: TeamRef,
    loaded: tuple[list[Person], list[tuple[int, str, str]], list[CheckinRow]],
    *,
    now: datetime,
    tz: str,
) -> TeamCard:
    people, challenges, checkins = loaded
    summary: Summary = summarise(services.catalog, people, challenges, checkins, now=now)
    current = period(now, tz)
    return TeamCard(
        team=team,
        members=len(people),
        started=summary.started,
        this_week=this_week(summary),
        weeks=weekly_series(people, challenges, checkins, week_labels(current)),
        blockers=open_blockers(people, checkins, current),
        shared=summary.shared,
    )


async def teams_page(
    services: Services, viewer: Viewer, *, now: datetime, tz: str = "UTC"
) -> list[TeamCard]:
    """Every team the viewer may see, each with its week, trends, blockers and notes."""
    cards = []
    for team in await _visible(services, viewer):
        loaded = await _load(services, viewer, team, what="web summary", now=now)
        # Shaped in a worker thread: at 1,000 members it would stall the event loop.
        cards.append(await asyncio.to_thread(_card, services, team, loaded, now=now, tz=tz))
    return cards


async def _matrix_of(
    services: Services, viewer: Viewer, name: str, view: MatrixView, *, now: datetime, what: str
) -> tuple[TeamRef, Matrix] | None:
    """The team's matrix as `view` asks, its look logged as `what`; None when the viewer
    may not see the team. Shaped in a worker thread: 20,000 cells at 1,000 members would
    stall the event loop."""
    team = await find_visible(services, viewer, name)
    if team is None:
        return None
    people, _, _ = await _load(services, viewer, team, what=what, now=now, history=False)
    shaped = await asyncio.to_thread(
        lambda: matrix(
            services.catalog,
            people,
            sort=view.sort,
            by_skill=view.skill,
            stage=view.stage,
            path=view.path,
        )
    )
    return team, shaped


async def team_matrix(
    services: Services, viewer: Viewer, name: str, view: MatrixView, *, now: datetime
) -> tuple[TeamRef, Matrix] | None:
    """The team's skill matrix as asked, or None when the viewer may not see the team."""
    return await _matrix_of(services, viewer, name, view, now=now, what="web matrix")


async def matrix_csv(
    services: Services, viewer: Viewer, name: str, view: MatrixView, *, now: datetime
) -> tuple[TeamRef, bytes] | None:
    """The matrix as formula-safe CSV (member, skill, level, target, level minus target),
    sorted and filtered as the page was, every page in one file."""
    found = await _matrix_of(services, viewer, name, view, now=now, what="web export")
    if found is None:
        return None
    team, shaped = found
    return team, await asyncio.to_thread(_csv, shaped)


def _csv(shaped: Matrix) -> bytes:
    rows = [
        [
            row.name,
            cell.skill,
            "not rated" if cell.level is None else cell.level,
            "" if cell.target is None else cell.target,
            "" if cell.delta is None else cell.delta,
        ]
        for row in shaped.rows
        for cell in row.cells
    ]
    header = ["member", "skill", "level", "target", "level_minus_target"]
    return csv_bytes(header, rows)
