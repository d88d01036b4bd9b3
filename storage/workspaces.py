"""Repository: a whole workspace's nudges paused (app removed) or resumed (installed again)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import ColumnElement, ScalarSelect, update
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from storage.kinds import OutboxStatus
from storage.tables import Member, Outbox, Profile, Workspace


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
