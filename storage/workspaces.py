"""Repository: a whole workspace's nudges paused (app removed) or resumed (installed again),
and what the dashboard looks up across a workspace: its teams, a member's team, a
platform user's members."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from sqlalchemy import ColumnElement, ScalarSelect, update
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from storage.kinds import OutboxStatus
from storage.tables import Member, Outbox, Profile, Team, TeamMembership, Workspace


def _members_of(workspace_id: int) -> ScalarSelect[Any]:
    return select(Member.id).where(Member.workspace_id == workspace_id).scalar_subquery()


async def pause_workspace(
    *, session: AsyncSession, workspace_id: int, reason: str, now: datetime
) -> list[int]:
    """Pause every member's nudges with `reason` and drop their pending deliveries.

    Members who already paused themselves keep their own pause (and reason). Returns the
    ids of the members paused here (their schedule index needs recomputing).
    """
    members = _members_of(workspace_id)
    ids = await _set_pause(
        session,
        members,
        col(Profile.paused_until).is_(None),
        until=date.max,
        reason=reason[:300],
        now=now,
    )
    await session.exec(
        update(Outbox)
        .where(col(Outbox.member_id).in_(members), col(Outbox.status) == OutboxStatus.PENDING)
        .values(status=OutboxStatus.SKIPPED, last_error=reason[:500], lease_until=None)
    )
    return ids


async def resume_workspace(
    *, session: AsyncSession, workspace_id: int, reason: str, now: datetime
) -> list[int]:
    """Lift the pause `pause_workspace` set with the same `reason`; returns whose."""
    paused_here = col(Profile.pause_reason) == reason[:300]
    members = _members_of(workspace_id)
    return await _set_pause(session, members, paused_here, until=None, reason=None, now=now)


async def _set_pause(
    session: AsyncSession,
    members: ScalarSelect[Any],
    which: ColumnElement[bool],
    *,
    until: date | None,
    reason: str | None,
    now: datetime,
) -> list[int]:
    """Set the pause of those `members`' profiles that match `which`; returns whose."""
    found = await session.exec(
        select(Profile.member_id).where(col(Profile.member_id).in_(members), which)
    )
    ids = [int(i) for i in found.all() if i is not None]
    if ids:
        await session.exec(
            update(Profile)
            .where(col(Profile.member_id).in_(ids))
            .values(paused_until=until, pause_reason=reason, updated_at=now)
        )
    return ids


async def rename_workspace(*, session: AsyncSession, workspace: Workspace, name: str) -> None:
    """Remember the platform's name for a workspace."""
    if name and workspace.name != name:
        workspace.name = name[:200]
        session.add(workspace)


async def members_of_user(*, session: AsyncSession, platform: str, user_id: str) -> list[Member]:
    """Every member row of one platform user (a Discord user is one per server), oldest first."""
    return list(
        (
            await session.exec(
                select(Member)
                .where(Member.platform == platform, Member.user_id == user_id)
                .order_by(col(Member.id))
            )
        ).all()
    )


async def workspace_teams(*, session: AsyncSession, workspace_id: int) -> Sequence[Team]:
    """Every team of a workspace, by name (what its admins may open)."""
    return (
        await session.exec(
            select(Team).where(Team.workspace_id == workspace_id).order_by(col(Team.name))
        )
    ).all()


async def team_of_member(
    *, session: AsyncSession, workspace_id: int, member_id: int
) -> Team | None:
    """A team of the workspace the member belongs to as a member, if any."""
    return (
        await session.exec(
            select(Team)
            .join(TeamMembership, col(TeamMembership.team_id) == col(Team.id))
            .where(
                Team.workspace_id == workspace_id,
                TeamMembership.member_id == member_id,
                TeamMembership.role == "member",
            )
            .order_by(col(Team.name))
        )
    ).first()
