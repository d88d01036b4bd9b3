"""Repository: teams, their members and managers."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import delete, update
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from storage.tables import Member, Team, TeamMembership


async def find_team(*, session: AsyncSession, workspace_id: int, name: str) -> Team | None:
    """A team by name (case-insensitive) in a workspace."""
    teams = (await session.exec(select(Team).where(Team.workspace_id == workspace_id))).all()
    return next((t for t in teams if t.name.lower() == name.lower()), None)


async def create_team(
    *, session: AsyncSession, workspace_id: int, name: str, now: datetime
) -> Team:
    """A new team."""
    team = Team(workspace_id=workspace_id, name=name, created_at=now)
    session.add(team)
    await session.flush()
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
    session.add(
        TeamMembership(
            team_id=team_id, member_id=member_id, role=role, added_by=added_by, added_at=now
        )
    )
    await session.flush()
    return True


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


async def roster(*, session: AsyncSession, team_id: int) -> Sequence[tuple[Member, str]]:
    """Everyone in a team with their role, managers first."""
    rows = (
        await session.exec(
            select(Member, TeamMembership.role)
            .join(TeamMembership, col(TeamMembership.member_id) == col(Member.id))
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


async def teams_of(*, session: AsyncSession, member_id: int) -> Sequence[tuple[Team, str]]:
    """The teams a member is in, with their role."""
    return (
        await session.exec(
            select(Team, TeamMembership.role)
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
