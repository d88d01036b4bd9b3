"""Repository: a whole workspace's nudges paused (app removed) or resumed (installed again)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import ScalarSelect, update
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

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
    ids = [
        int(i)
        for i in (
            await session.exec(
                select(Profile.member_id).where(
                    col(Profile.member_id).in_(members), col(Profile.paused_until).is_(None)
                )
            )
        ).all()
        if i is not None
    ]
    if ids:
        await session.exec(
            update(Profile)
            .where(col(Profile.member_id).in_(ids))
            .values(paused_until=date.max, pause_reason=reason[:300], updated_at=now)
        )
    await session.exec(
        update(Outbox)
        .where(col(Outbox.member_id).in_(members), col(Outbox.status) == "pending")
        .values(status="skipped", last_error=reason[:500], lease_until=None)
    )
    return ids


async def resume_workspace(
    *, session: AsyncSession, workspace_id: int, reason: str, now: datetime
) -> list[int]:
    """Lift the pause `pause_workspace` set with the same `reason`; returns whose."""
    ids = [
        int(i)
        for i in (
            await session.exec(
                select(Profile.member_id).where(
                    col(Profile.member_id).in_(_members_of(workspace_id)),
                    col(Profile.pause_reason) == reason[:300],
                )
            )
        ).all()
        if i is not None
    ]
    if ids:
        await session.exec(
            update(Profile)
            .where(col(Profile.member_id).in_(ids))
            .values(paused_until=None, pause_reason=None, updated_at=now)
        )
    return ids


async def rename_workspace(*, session: AsyncSession, workspace: Workspace, name: str) -> None:
    """Remember the platform's name for a workspace."""
    if name and workspace.name != name:
        workspace.name = name[:200]
        session.add(workspace)
