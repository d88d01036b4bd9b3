"""Repository: teams, their members and managers."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import delete, update
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from storage.conflicts import insert_ignore
from storage.kinds import TeamRole
from storage.tables import (
    Member,
    Profile,
    Team,
    TeamMembership,
)


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
                TeamMembership.role == TeamRole.MANAGER,
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


async def managers_for_digest(*, session: AsyncSession) -> Sequence[tuple[int, Profile | None]]:
    """Every team manager who has not turned the digest off, with their profile if any."""
    rows = (
        await session.exec(
            select(TeamMembership.member_id, Profile)
            .outerjoin(Profile, col(Profile.member_id) == col(TeamMembership.member_id))
            .where(TeamMembership.role == TeamRole.MANAGER)
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
            .where(TeamMembership.member_id == member_id, TeamMembership.role == TeamRole.MANAGER)
            .order_by(col(Team.name))
        )
    ).all()


async def managers_of_member(*, session: AsyncSession, member_id: int) -> list[tuple[int, bool]]:
    """The managers of the member's teams (not the member), each with whether they turned
    blocker alerts off."""
    teams_of_member = select(TeamMembership.team_id).where(
        TeamMembership.member_id == member_id, TeamMembership.role == TeamRole.MEMBER
    )
    rows = (
        await session.exec(
            select(TeamMembership.member_id, Profile.alerts_off)
            .outerjoin(Profile, col(Profile.member_id) == col(TeamMembership.member_id))
            .where(
                col(TeamMembership.team_id).in_(teams_of_member),
                TeamMembership.role == TeamRole.MANAGER,
                TeamMembership.member_id != member_id,
            )
            .distinct()
        )
    ).all()
    return [(m, bool(off)) for m, off in rows]


async def shared_team(*, session: AsyncSession, manager_id: int, member_id: int) -> Team | None:
    """A team the manager manages and the member belongs to (by name), if any."""
    managed = select(TeamMembership.team_id).where(
        TeamMembership.member_id == manager_id, TeamMembership.role == TeamRole.MANAGER
    )
    return (
        await session.exec(
            select(Team)
            .join(TeamMembership, col(TeamMembership.team_id) == col(Team.id))
            .where(
                TeamMembership.member_id == member_id,
                TeamMembership.role == TeamRole.MEMBER,
                col(Team.id).in_(managed),
            )
            .order_by(col(Team.name))
        )
    ).first()
