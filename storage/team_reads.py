"""Repository: what a team summary reads (roster, levels, challenges, check-ins: streamed,
so a 1,000-member team never holds the event loop for long), and the log of who viewed a
team, which its members see in `mydata`."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import func, update
from sqlalchemy import select as sa_select
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from storage.kinds import ChallengeStatus, TeamRole
from storage.tables import (
    ChallengeAssignment,
    Checkin,
    ManagerView,
    Member,
    Profile,
    SkillRating,
    Team,
    TeamMembership,
)

STREAM_ROWS = 2000


async def _streamed(session: AsyncSession, statement: Any) -> list[Any]:
    """All rows of a statement, fetched in partitions so a big team never holds the event
    loop for long (each partition is a separate await)."""
    out: list[Any] = []
    connection = await session.connection()  # Core rows: no ORM bookkeeping per row
    result = await connection.stream(statement)
    async for part in result.partitions(STREAM_ROWS):
        out.extend(tuple(row) for row in part)
    return out


async def summary_roster(
    *, session: AsyncSession, team_id: int
) -> list[tuple[int, str, str, str | None, str | None, str | None, bool]]:
    """For a team summary, as plain rows (cheap at 1,000 members): member id, name, role, and
    stage, path and timezone from the profile (None where the member hasn't started), and
    whether they have a profile."""
    rows = await _streamed(
        session,
        sa_select(
            col(Member.id),
            col(Member.display_name),
            col(Member.user_id),
            col(TeamMembership.role),
            col(Profile.stage),
            col(Profile.specialization),
            col(Profile.timezone),
        )
        .join(TeamMembership, col(TeamMembership.member_id) == col(Member.id))
        .outerjoin(Profile, col(Profile.member_id) == col(Member.id))
        .where(col(TeamMembership.team_id) == team_id)
        .order_by(col(TeamMembership.role).desc(), col(Member.display_name)),
    )
    return [
        (member, name or user, role, stage, path, tz, stage is not None)
        for member, name, user, role, stage, path, tz in rows
    ]


async def team_levels(*, session: AsyncSession, member_ids: list[int]) -> dict[int, dict[str, int]]:
    """Each member's current level per rated skill (their newest rating of it)."""
    levels: dict[int, dict[str, int]] = {m: {} for m in member_ids}
    newest = (
        func.row_number()
        .over(
            partition_by=(col(SkillRating.member_id), col(SkillRating.skill)),
            order_by=(col(SkillRating.rated_at).desc(), col(SkillRating.id).desc()),
        )
        .label("newest")
    )
    history = (
        sa_select(
            col(SkillRating.member_id), col(SkillRating.skill), col(SkillRating.level), newest
        )
        .where(col(SkillRating.member_id).in_(member_ids))
        .subquery()
    )
    ratings = await _streamed(
        session,
        sa_select(history.c.member_id, history.c.skill, history.c.level).where(
            history.c.newest == 1
        ),
    )
    for member_id, skill, level in ratings:
        levels[member_id][skill] = level
    return levels


async def team_data(
    *, session: AsyncSession, member_ids: list[int], since: datetime
) -> tuple[
    dict[int, dict[str, int]],
    list[tuple[int, str, str]],
    list[tuple[int, str, str, int | None, str | None, bool]],
]:
    """For a team summary: current levels, challenges done (member, period, status) and
    check-ins (member, period, status, confidence, note, shared; oldest first) since `since`.
    (Only finished challenges count wherever a team is summed up: the rest are not fetched.)"""
    levels = await team_levels(session=session, member_ids=member_ids)
    challenges, checkins = await team_history(session=session, member_ids=member_ids, since=since)
    return levels, challenges, checkins


async def team_history(
    *, session: AsyncSession, member_ids: list[int], since: datetime
) -> tuple[
    list[tuple[int, str, str]],
    list[tuple[int, str, str, int | None, str | None, bool]],
]:
    """Challenges done and check-ins since `since`, as `team_data` gives them, without the
    levels (the dashboard's Teams page shows no level)."""
    challenges = await _streamed(
        session,
        sa_select(
            col(ChallengeAssignment.member_id),
            col(ChallengeAssignment.period),
            col(ChallengeAssignment.status),
        ).where(
            col(ChallengeAssignment.member_id).in_(member_ids),
            col(ChallengeAssignment.assigned_at) >= since,
            col(ChallengeAssignment.status) == ChallengeStatus.DONE,
        ),
    )
    checkins = await _streamed(
        session,
        sa_select(
            col(Checkin.member_id),
            col(Checkin.period),
            col(Checkin.status),
            col(Checkin.confidence),
            col(Checkin.note),
            col(Checkin.shared),
        )
        .where(col(Checkin.member_id).in_(member_ids), col(Checkin.created_at) >= since)
        .order_by(col(Checkin.created_at), col(Checkin.id)),
    )
    return challenges, checkins


async def log_view(
    *, session: AsyncSession, viewer_id: int, team_id: int, what: str, now: datetime
) -> None:
    """Record that someone looked at a team's summary or export."""
    session.add(ManagerView(member_id=viewer_id, team_id=team_id, what=what, viewed_at=now))
    await session.flush()


async def views_of_my_teams(
    *, session: AsyncSession, member_id: int
) -> Sequence[tuple[str | None, str, str, datetime]]:
    """(viewer, team, what, when) for every view of a team the member belongs to, newest
    first; the viewer is None when they have been forgotten."""
    mine = select(TeamMembership.team_id).where(
        TeamMembership.member_id == member_id, TeamMembership.role == TeamRole.MEMBER
    )
    rows = (
        await session.exec(
            select(Member.display_name, Team.name, ManagerView.what, ManagerView.viewed_at)
            .select_from(ManagerView)
            .outerjoin(Member, col(ManagerView.member_id) == col(Member.id))
            .join(Team, col(Team.id) == col(ManagerView.team_id))
            .where(col(ManagerView.team_id).in_(mine))
            .order_by(col(ManagerView.viewed_at).desc())
            .limit(50)
        )
    ).all()
    return rows


async def forget_viewer(*, session: AsyncSession, member_id: int) -> None:
    """Keep a forgotten viewer's entries in the view log, without their id."""
    await session.exec(
        update(ManagerView).where(col(ManagerView.member_id) == member_id).values(member_id=None)
    )
