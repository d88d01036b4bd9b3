"""What a nudge says, and the terminal chat's inbox of nudges waiting to be read."""

from __future__ import annotations

from datetime import datetime

from bot.command import Actor, Command, Source
from bot.dispatch import handle
from bot.reply import Reply
from bot.services import Services
from storage import members
from storage import outbox as repo

INBOX_PLATFORMS = frozenset({"console"})
# Each nudge shows the reply of the command the member would type.
NUDGE_COMMANDS = {
    "challenge": ("challenge",),
    "tip": ("tip",),
    "checkin": ("checkin",),
    "checkin-reminder": ("checkin",),
    "team-added": ("team", "privacy"),
    "digest": ("team", "digest"),
}
TITLES = {
    "challenge": "Your challenge for this week",
    "tip": "Something to read this week",
    "checkin": "How is your week going?",
    "checkin-reminder": "A quick check-in before the week ends?",
    "team-added": "You were added to a team",
    "digest": "Your teams this week",
}


async def nudge_reply(services: Services, *, actor: Actor, kind: str) -> Reply:
    """The message for a nudge of `kind`, in the member's own context."""
    command = Command(actor=actor, path=NUDGE_COMMANDS[kind], source=Source.DM)
    reply = await handle(command, services=services)
    return Reply(title=TITLES[kind], blocks=reply.blocks, ephemeral=False, kind="nudge")


async def take_inbox(services: Services, *, actor: Actor, now: datetime) -> list[Reply]:
    """Nudges waiting for a terminal-chat member, oldest first; marks them delivered."""
    async with services.db.transaction() as session:
        workspace = await members.find_workspace(
            session=session, platform=actor.platform, external_id=actor.workspace_id
        )
        if workspace is None or workspace.id is None:
            return []
        member = await members.get_member(
            session=session,
            platform=actor.platform,
            workspace_id=workspace.id,
            user_id=actor.user_id,
        )
        if member is None or member.id is None:
            return []
        waiting = await repo.waiting_in_inbox(session=session, member_id=member.id, now=now)
    return [await nudge_reply(services, actor=actor, kind=kind) for kind in waiting]
