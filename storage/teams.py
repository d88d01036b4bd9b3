"""Repository: teams, their members and managers."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import delete, func, update
from sqlalchemy import select as sa_select
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from storage.conflicts import insert_ignore
from storage.kinds import ChallengeStatus, NudgeKind, OutboxKey
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


async def find_team(*, session: AsyncSession, workspace_id: int, name: str) -> Team | None:
    """A team by name (case-insensitive) in a workspace."""
    teams = (await session.exec(select(Team).where(Team.workspace_id == workspace_id))).all()
    return next((t for t in teams if t.name.lower() == name.lower()), None)


async def create_team(
    *, session: AsyncSession, workspace_id: int, name: str, now: datetime
) -> Team:
    """A new team (the one already there, when someone created it at the same moment)."""
    await insert_ignore(
        session=session,
        table=Team,
        values={"workspace_id": workspace_id, "name": name, "created_at": now},
    )
    team = (
        await session.exec(select(Team).where(Team.workspace_id == workspace_id, Team.name == name))
    ).one()
    return team


async def add(
    *,
    session: AsyncSession,
    team_id: int,
    member_id: int,
    role: str,
    added_by: int | None,
    now: datetime,
) -> bool:
    """Give a member a role in a team; False if they already had it."""
    existing = (
        await session.exec(
            select(TeamMembership).where(
                TeamMembership.team_id == team_id,
                TeamMembership.member_id == member_id,
                TeamMembership.role == role,
            )
        )
    ).first()
    if existing is not None:
        return False
    return await insert_ignore(
        session=session,
        table=TeamMembership,
        values={
            "team_id": team_id,
            "member_id": member_id,
            "role": role,
            "added_by": added_by,
            "added_at": now,
        },
    )


async def remove(*, session: AsyncSession, team_id: int, member_id: int, role: str) -> bool:
    """Take a role away; False if the member did not have it."""
    result = await session.exec(
        delete(TeamMembership).where(
            col(TeamMembership.team_id) == team_id,
            col(TeamMembership.member_id) == member_id,
            col(TeamMembership.role) == role,
        )
    )
    return bool(result.rowcount)


async def roster(
    *, session: AsyncSession, team_id: int
) -> Sequence[tuple[Member, str, Profile | None]]:
    """Everyone in a team with their role and profile (if any), managers first."""
    rows = (
        await session.exec(
            select(Member, TeamMembership.role, Profile)
            .join(TeamMembership, col(TeamMembership.member_id) == col(Member.id))
            .outerjoin(Profile, col(Profile.member_id) == col(Member.id))
            .where(TeamMembership.team_id == team_id)
            .order_by(col(TeamMembership.role).desc(), col(Member.display_name))
        )
    ).all()
    return rows


async def manages(*, session: AsyncSession, team_id: int, member_id: int) -> bool:
    """Whether the member manages the team."""
    row = (
        await session.exec(
            select(TeamMembership.id).where(
                TeamMembership.team_id == team_id,
                TeamMembership.member_id == member_id,
                TeamMembership.role == "manager",
            )
        )
    ).first()
    return row is not None


async def teams_of(
    *, session: AsyncSession, member_id: int
) -> Sequence[tuple[Team, TeamMembership]]:
    """The teams a member is in, with their membership (role, who added them, when)."""
    return (
        await session.exec(
            select(Team, TeamMembership)
            .join(TeamMembership, col(TeamMembership.team_id) == col(Team.id))
            .where(TeamMembership.member_id == member_id)
            .order_by(col(Team.name))
        )
    ).all()


async def forget_adder(*, session: AsyncSession, member_id: int) -> None:
    """Drop a forgotten member's id from the rows that say who added whom."""
    await session.exec(
        update(TeamMembership)
        .where(col(TeamMembership.added_by) == member_id)
        .values(added_by=None)
    )


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


async def forget_viewer(*, session: AsyncSession, member_id: int) -> None:
    """Keep a forgotten viewer's entries in the view log, without their id."""
    await session.exec(
        update(ManagerView).where(col(ManagerView.member_id) == member_id).values(member_id=None)
    )


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
    return levels, challenges, checkins


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
        TeamMembership.member_id == member_id, TeamMembership.role == "member"
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


async def notify_added(
    *, session: AsyncSession, member_id: int, team_id: int, now: datetime
) -> None:
    """Queue the 'you were added' message (once per team) through the outbox."""
    from storage.outbox import queue_now

    await queue_now(
        session=session,
        member_ids=[member_id],
        kind=NudgeKind.TEAM_ADDED,
        period=OutboxKey(team_id=team_id).column,
        now=now,
    )


async def managers_for_digest(*, session: AsyncSession) -> Sequence[tuple[int, Profile | None]]:
    """Every team manager who has not turned the digest off, with their profile if any."""
    rows = (
        await session.exec(
            select(TeamMembership.member_id, Profile)
            .outerjoin(Profile, col(Profile.member_id) == col(TeamMembership.member_id))
            .where(TeamMembership.role == "manager")
            .distinct()
        )
    ).all()
    return [(m, p) for m, p in rows if p is None or not p.digest_off]


async def managed_teams(*, session: AsyncSession, member_id: int) -> Sequence[Team]:
    """The teams a member manages."""
    return (
        await session.exec(
            select(Team)
            .join(TeamMembership, col(TeamMembership.team_id) == col(Team.id))
            .where(TeamMembership.member_id == member_id, TeamMembership.role == "manager")
            .order_by(col(Team.name))
        )
    ).all()


async def managers_of_member(*, session: AsyncSession, member_id: int) -> list[tuple[int, bool]]:
    """The managers of the member's teams (not the member), each with whether they turned
    blocker alerts off."""
    teams_of_member = select(TeamMembership.team_id).where(
        TeamMembership.member_id == member_id, TeamMembership.role == "member"
    )
    rows = (
        await session.exec(
            select(TeamMembership.member_id, Profile.alerts_off)
            .outerjoin(Profile, col(Profile.member_id) == col(TeamMembership.member_id))
            .where(
                col(TeamMembership.team_id).in_(teams_of_member),
                TeamMembership.role == "manager",
                TeamMembership.member_id != member_id,
            )
            .distinct()
        )
    ).all()
    return [(m, bool(off)) for m, off in rows]


async def shared_team(*, session: AsyncSession, manager_id: int, member_id: int) -> Team | None:
    """A team the manager manages and the member belongs to (by name), if any."""
    managed = select(TeamMembership.team_id).where(
        TeamMembership.member_id == manager_id, TeamMembership.role == "manager"
    )
    return (
        await session.exec(
            select(Team)
            .join(TeamMembership, col(TeamMembership.team_id) == col(Team.id))
            .where(
                TeamMembership.member_id == member_id,
                TeamMembership.role == "member",
                col(Team.id).in_(managed),
            )
            .order_by(col(Team.name))
        )
    ).first()
