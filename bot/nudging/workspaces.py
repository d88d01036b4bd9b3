"""Workspaces: installing or removing the app resumes or pauses its members' nudges; the
workspace a direct message belongs to."""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Protocol

from sqlmodel.ext.asyncio.session import AsyncSession

from bot.nudging.index import reindex
from storage import members
from storage import workspaces as repo
from storage.db import Database

_log = logging.getLogger(__name__)

# The pause reason `profile` and `nudges` show; also how a reinstall finds what to resume.
REMOVED = "the app was removed from this workspace"


async def workspace_installed(
    db: Database, *, platform: str, external_id: str, name: str, now: datetime
) -> int:
    """Record an installation; nudges paused by a removal resume. Returns how many."""
    async with db.transaction() as session:
        workspace = await members.get_or_create_workspace(
            session=session, platform=platform, external_id=external_id, now=now
        )
        assert workspace.id is not None
        await repo.rename_workspace(session=session, workspace=workspace, name=name)
        resumed = await _change(session, repo.resume_workspace, workspace.id, now=now)
    _log.info(
        "%s workspace %s installed; %s member(s) resumed", platform, external_id, len(resumed)
    )
    return len(resumed)


async def workspace_removed(db: Database, *, platform: str, external_id: str, now: datetime) -> int:
    """Pause every member's nudges in a workspace that removed the app. Returns how many."""
    async with db.transaction() as session:
        workspace = await members.find_workspace(
            session=session, platform=platform, external_id=external_id
        )
        if workspace is None or workspace.id is None:
            return 0
        paused = await _change(session, repo.pause_workspace, workspace.id, now=now)
    _log.warning(
        "%s workspace %s removed the app; %s member(s) paused", platform, external_id, len(paused)
    )
    return len(paused)


async def dm_workspace(db: Database, *, platform: str, user_id: str) -> str | None:
    """The workspace a direct message belongs to, which the DM itself does not say: the one
    where the member last set up their profile. None if they never ran `start`."""
    async with db.transaction() as session:
        return await members.home_workspace(session=session, platform=platform, user_id=user_id)


class _PauseChange(Protocol):
    """`repo.pause_workspace` or `repo.resume_workspace`."""

    async def __call__(
        self, *, session: AsyncSession, workspace_id: int, reason: str, now: datetime
    ) -> list[int]: ...


async def _change(
    session: AsyncSession, change: _PauseChange, workspace_id: int, *, now: datetime
) -> list[int]:
    """Pause or resume a workspace's members for `REMOVED`; their schedule index follows."""
    member_ids = await change(session=session, workspace_id=workspace_id, reason=REMOVED, now=now)
    for member_id in member_ids:
        profile = await members.get_profile(session=session, member_id=member_id)
        await reindex(session=session, member_id=member_id, profile=profile, now=now)
    return member_ids
