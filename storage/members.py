"""Repository: workspaces, members and profiles, and a member's whole data (export, forget)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import delete, func, text
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from storage.conflicts import insert_ignore
from storage.tables import MEMBER_TABLES, Member, Profile, Workspace
from storage.team_reads import forget_viewer
from storage.teams import forget_adder


async def get_or_create_workspace(
    *, session: AsyncSession, platform: str, external_id: str, now: datetime
) -> Workspace:
    """The workspace row for a platform's team/guild id, created on first sight."""
    found = await find_workspace(session=session, platform=platform, external_id=external_id)
    if found is not None:
        return found
    await insert_ignore(
        session=session,
        table=Workspace,
        values={"platform": platform, "external_id": external_id, "name": "", "created_at": now},
    )
    created = await find_workspace(session=session, platform=platform, external_id=external_id)
    assert created is not None
    return created


async def find_workspace(
    *, session: AsyncSession, platform: str, external_id: str
) -> Workspace | None:
    """A workspace by platform id, or None."""
    return (
        await session.exec(
            select(Workspace).where(
                Workspace.platform == platform, Workspace.external_id == external_id
            )
        )
    ).first()


async def get_member(
    *, session: AsyncSession, platform: str, workspace_id: int, user_id: str
) -> Member | None:
    """A member by platform identity, or None."""
    return (
        await session.exec(
            select(Member).where(
                Member.platform == platform,
                Member.workspace_id == workspace_id,
                Member.user_id == user_id,
            )
        )
    ).first()


async def known_member(
    *, session: AsyncSession, platform: str, workspace_external_id: str, user_id: str
) -> tuple[Member, Profile | None] | None:
    """A member by platform identity and their profile (None before onboarding), in one
    query; None before their first contact."""
    row = (
        await session.exec(
            select(Member, Profile)
            .join(Workspace, col(Workspace.id) == col(Member.workspace_id))
            .outerjoin(Profile, col(Profile.member_id) == col(Member.id))
            .where(
                Workspace.platform == platform,
                Workspace.external_id == workspace_external_id,
                Member.platform == platform,
                Member.user_id == user_id,
            )
        )
    ).first()
    return (row[0], row[1]) if row is not None else None


async def find_by_name(*, session: AsyncSession, workspace_id: int, name: str) -> list[Member]:
    """Members of a workspace whose user id or display name is `name` (any case)."""
    lowered = name.lower()
    rows = (
        await session.exec(
            select(Member).where(
                Member.workspace_id == workspace_id,
                (func.lower(Member.user_id) == lowered)
                | (func.lower(Member.display_name) == lowered),
            )
        )
    ).all()
    return list(rows)


async def get_or_create_member(
    *,
    session: AsyncSession,
    platform: str,
    workspace_external_id: str,
    user_id: str,
    display_name: str,
    now: datetime,
) -> Member:
    """The member row for a platform identity, created on first contact."""
    workspace = await get_or_create_workspace(
        session=session, platform=platform, external_id=workspace_external_id, now=now
    )
    assert workspace.id is not None
    member = await get_member(
        session=session, platform=platform, workspace_id=workspace.id, user_id=user_id
    )
    if member is None:
        await insert_ignore(
            session=session,
            table=Member,
            values={
                "platform": platform,
                "workspace_id": workspace.id,
                "user_id": user_id,
                "display_name": display_name or user_id,
                "created_at": now,
            },
        )
        member = await get_member(
            session=session, platform=platform, workspace_id=workspace.id, user_id=user_id
        )
        assert member is not None
    elif display_name and member.display_name != display_name:
        member.display_name = display_name
        session.add(member)
    return member


async def get_profile(*, session: AsyncSession, member_id: int) -> Profile | None:
    """A member's profile, or None before onboarding."""
    return await session.get(Profile, member_id)


async def profile_of(*, session: AsyncSession, platform: str, user_id: str) -> Profile | None:
    """The profile of a platform user in any workspace (the first found), or None."""
    profiles = select(Profile).join(Member, col(Member.id) == col(Profile.member_id))
    mine = profiles.where(Member.user_id == user_id, Member.platform == platform)
    return (await session.exec(mine)).first()


async def save_profile(*, session: AsyncSession, profile: Profile) -> Profile:
    """Insert or update a profile; a first save racing another inserts once, then both
    update."""
    if profile.member_id is not None and await session.get(Profile, profile.member_id) is None:
        await insert_ignore(session=session, table=Profile, values=profile.model_dump())
    merged = await session.merge(profile)
    await session.flush()
    return merged


async def export_member(*, session: AsyncSession, member_id: int) -> dict[str, Any]:
    """Every row that holds the member's data, as plain JSON-ready dicts by table."""
    member = await session.get(Member, member_id)
    assert member is not None
    data: dict[str, Any] = {"member": member.model_dump(mode="json")}
    for table in reversed(MEMBER_TABLES):
        rows = (
            await session.exec(select(table).where(col(table.member_id) == member_id))  # type: ignore[attr-defined]
        ).all()
        data[str(table.__tablename__)] = [row.model_dump(mode="json") for row in rows]
    return data


async def forget_member(*, session: AsyncSession, member_id: int) -> int:
    """Delete every row that holds the member's data; return how many rows went."""
    await forget_adder(session=session, member_id=member_id)
    # The view log belongs to the members who were viewed: a forgotten viewer's entries
    # stay, without their id ("a former manager").
    await forget_viewer(session=session, member_id=member_id)
    removed = await _forget_installer(session=session, member_id=member_id)
    for table in MEMBER_TABLES:
        result = await session.exec(
            delete(table).where(col(table.member_id) == member_id)  # type: ignore[attr-defined]
        )
        removed += result.rowcount or 0
    result = await session.exec(delete(Member).where(col(Member.id) == member_id))
    removed += result.rowcount or 0
    return removed


# Slack's installation store (migration 0009) records who clicked "Add to Slack". The bot
# token is found by team, never by that user, so the row stays and loses the person.
FORMER_INSTALLER = "former-member"


async def _forget_installer(*, session: AsyncSession, member_id: int) -> int:
    """Replace a forgotten Slack member's id (and any user token) in the installation rows
    they created; return how many rows changed."""
    row = (
        await session.exec(
            select(Member.platform, Member.user_id, Workspace.external_id)
            .join(Workspace, col(Workspace.id) == col(Member.workspace_id))
            .where(col(Member.id) == member_id)
        )
    ).first()
    if row is None or row[0] != "slack":
        return 0
    connection = await session.connection()
    result = await connection.execute(
        text(
            "UPDATE slack_installations SET user_id = :former, user_token = NULL, "
            "user_scopes = NULL, user_refresh_token = NULL, user_token_expires_at = NULL "
            "WHERE team_id = :team AND user_id = :user"
        ).bindparams(former=FORMER_INSTALLER, team=row[2], user=row[1])
    )
    return result.rowcount or 0


async def home_workspace(*, session: AsyncSession, platform: str, user_id: str) -> str | None:
    """The workspace where a platform user set up their profile (newest first), if any."""
    row = (
        await session.exec(
            select(Workspace.external_id)
            .join(Member, col(Member.workspace_id) == col(Workspace.id))
            .join(Profile, col(Profile.member_id) == col(Member.id))
            .where(Member.platform == platform, Member.user_id == user_id)
            .order_by(col(Profile.updated_at).desc())
        )
    ).first()
    return row


async def member_name(*, session: AsyncSession, member_id: int | None) -> str | None:
    """A member's display name (or user id), or None."""
    if member_id is None:
        return None
    member = await session.get(Member, member_id)
    return (member.display_name or member.user_id) if member else None


async def member_with_workspace(
    *, session: AsyncSession, member_id: int
) -> tuple[Member, str] | None:
    """A member by id with their workspace's platform id, or None if they are gone."""
    row = (
        await session.exec(
            select(Member, Workspace.external_id)
            .join(Workspace, col(Workspace.id) == col(Member.workspace_id))
            .where(col(Member.id) == member_id)
        )
    ).first()
    return (row[0], row[1]) if row is not None else None


async def recipients(
    *, session: AsyncSession, member_ids: set[int]
) -> dict[int, tuple[Member, str]]:
    """Members by id with their workspace's platform id (those still there)."""
    if not member_ids:
        return {}
    rows = (
        await session.exec(
            select(Member, Workspace.external_id)
            .join(Workspace, col(Workspace.id) == col(Member.workspace_id))
            .where(col(Member.id).in_(member_ids))
        )
    ).all()
    return {m.id: (m, w) for m, w in rows if m.id is not None}


async def find_member(
    *, session: AsyncSession, platform: str, workspace_external_id: str, user_id: str
) -> Member | None:
    """A member by their platform identity (workspace by its platform id), or None."""
    members = select(Member).join(Workspace, col(Workspace.id) == col(Member.workspace_id))
    found = members.where(
        Member.platform == platform,
        Workspace.external_id == workspace_external_id,
        Member.user_id == user_id,
    )
    return (await session.exec(found)).first()
