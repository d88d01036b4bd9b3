"""Who may sign in to the web dashboard, and as whom.

Three ways in, each ending at a member the bot already knows: a one-time link made by
`mentorbot web login --as NAME` (it works once, for 10 minutes; only its hash is kept),
Sign in with Slack (the workspace and user ids Slack vouches for) and Discord (the user
id; a Discord user is a member once per server, and the first server they used wins).
Nobody the bot doesn't know gets in.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta

from bot.commands.services import Services
from bot.commands.viewer import Viewer
from bot.core.errors import UserError
from storage import members, ops, teams, workspaces

LINK_MINUTES = 10
CONSOLE = ("console", "local")


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def _identity(who: str) -> tuple[str, str, str]:
    """`alice` (the terminal chat's alice) or `platform:workspace:user`."""
    parts = who.strip().split(":")
    if len(parts) == 3 and all(parts):
        return parts[0], parts[1], parts[2]
    if len(parts) == 1 and parts[0]:
        return (*CONSOLE, parts[0])
    raise UserError(
        f"`{who}` is neither a terminal chat name nor platform:workspace:user.",
        hint="Try `mentorbot web login --as alice` or `--as slack:T0123:U0456`.",
    )


async def issue_link(services: Services, *, who: str, now: datetime) -> str:
    """A new one-time sign-in token for the member `who` names; UserError if unknown."""
    platform, workspace, user_id = _identity(who)
    async with services.db.transaction() as session:
        member = await members.find_member(
            session=session, platform=platform, workspace_external_id=workspace, user_id=user_id
        )
        if member is None or member.id is None:
            raise UserError(
                f"mentorbot doesn't know `{who}` yet.",
                hint=f"They chat first, e.g. `mentorbot console --as {user_id}`.",
            )
        token = secrets.token_urlsafe(32)
        await ops.add_login(
            session=session,
            token_hash=_hash(token),
            member_id=member.id,
            expires_at=now + timedelta(minutes=LINK_MINUTES),
        )
    return token


async def redeem_link(services: Services, *, token: str, now: datetime) -> int | None:
    """The member a one-time token signs in, marking it used; None if unknown, used or old."""
    if not token or len(token) > 100:
        return None
    async with services.db.transaction() as session:
        return await ops.redeem_login(session=session, token_hash=_hash(token), now=now)


async def slack_member(services: Services, *, team_id: str, user_id: str) -> int | None:
    """The member Slack's OpenID claims name, in that very workspace, if the bot knows them."""
    async with services.db.snapshot() as session:
        member = await members.find_member(
            session=session, platform="slack", workspace_external_id=team_id, user_id=user_id
        )
    return member.id if member is not None else None


async def discord_member(services: Services, *, user_id: str) -> int | None:
    """The member a Discord user is (their first server with the bot), if any."""
    async with services.db.snapshot() as session:
        found = await workspaces.members_of_user(
            session=session, platform="discord", user_id=user_id
        )
    return found[0].id if found else None


async def viewer_of(services: Services, *, member_id: int) -> Viewer | None:
    """The signed-in member as pages see them, or None once they are gone (forgotten)."""
    async with services.db.snapshot() as session:
        found = await members.member_with_workspace(session=session, member_id=member_id)
        managed = await teams.managed_teams(session=session, member_id=member_id)
    if found is None:
        return None
    member, workspace = found
    assert member.id is not None
    key = f"{member.platform}:{workspace}:{member.user_id}"
    return Viewer(
        member_id=member.id,
        workspace_id=member.workspace_id,
        platform=member.platform,
        workspace_external_id=workspace,
        user_id=member.user_id,
        name=member.display_name or member.user_id,
        admin=key in services.settings.admin_ids,
        manages=any(t.workspace_id == member.workspace_id for t in managed),
    )
