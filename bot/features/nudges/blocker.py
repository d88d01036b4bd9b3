"""The blocker alert: a member checked in `blocked … share`, so each of their managers hears
of it once, in a direct message through the outbox."""

from __future__ import annotations

from datetime import datetime

from bot.commands.services import Services
from bot.core.markup import user
from bot.core.reply import Actions, Button, Context, Reply, ReplyKind, Text
from bot.nudging.kinds import OutboxKey
from storage import learning, members
from storage import teams as repo

TITLE = "A member of your team is blocked"


async def blocker_alert(
    services: Services, *, manager_id: int, period: str, now: datetime
) -> Reply | None:
    """The alert for the check-in named by the outbox period (`C<id>`); None when there is
    nothing to tell any more (the check-in is gone, no longer blocked, or no longer shared)."""
    del now  # the message says what the check-in says now, whenever it goes out
    checkin_id = OutboxKey.of(period).checkin_id
    if checkin_id is None:
        return None
    async with services.db.transaction() as session:
        checkin = await learning.get_checkin(session=session, checkin_id=checkin_id)
        if checkin is None or checkin.status != "blocked" or not checkin.shared:
            return None
        name = await members.member_name(session=session, member_id=checkin.member_id)
        team = await repo.shared_team(
            session=session, manager_id=manager_id, member_id=checkin.member_id
        )
    if name is None or team is None:
        return None
    note = f": “{user(checkin.note)}”" if checkin.note else " (no note)."
    return Reply(
        title=TITLE,
        blocks=(
            Text(
                f"**{user(name)}** ({user(team.name)}) checked in as blocked and shared it with "
                f"you{note}"
            ),
            Actions((Button(f"See {team.name}", f"team {team.name}"),)),
            Context(
                f"Week {checkin.period}. One message per check-in; "
                "`team alerts off` stops these messages."
            ),
        ),
        ephemeral=False,
        kind=ReplyKind.NUDGE,
    )
