"""What a nudge says, and the terminal chat's inbox of nudges waiting to be read."""

from __future__ import annotations

import logging
from datetime import datetime

from bot.alerts import TITLE, blocker_alert
from bot.command import Actor, Command, Source
from bot.dispatch import run_as_member
from bot.errors import MentorError, UserError
from bot.learner import Keep
from bot.reply import Reply
from bot.services import Services
from storage import members
from storage import outbox as repo
from storage.tables import Member

_log = logging.getLogger(__name__)

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
    "blocker": TITLE,
}


class NudgeUnavailable(MentorError):
    """A nudge could not be built for a member (it is retried, never sent as an error)."""

    def __init__(self, kind: str, member_id: int, why: str) -> None:
        super().__init__(f"{kind} for member {member_id}: {why}")


async def build_nudge(
    services: Services,
    *,
    member_id: int,
    kind: str,
    now: datetime,
    period: str = "",
    known: tuple[Member, str] | None = None,
    kept: list[Keep] | None = None,
) -> Reply | None:
    """The message for a nudge of `kind`, built as the member's own command would answer.

    None if the member is gone (or, for a blocker alert, the check-in no longer says so).
    Raises if the core fails: the caller retries the row, and an error text never goes out
    as a nudge. `known`: the member and their workspace id, if the caller loaded them.
    `kept`: build on a read snapshot and leave what the nudge gives (this week's challenge,
    a tip) there for the caller to write with its send (see run_as_member).
    """
    if kind == "blocker":
        return await blocker_alert(services, manager_id=member_id, period=period, now=now)
    command = Command(actor=_NOBODY, path=NUDGE_COMMANDS[kind], source=Source.DM)
    try:
        reply = await run_as_member(
            command, member_id=member_id, services=services, now=now, known=known, kept=kept
        )
    except UserError as exc:
        raise NudgeUnavailable(kind, member_id, exc.problem) from exc
    if reply is None:
        return None
    if reply.kind == "welcome":  # no profile (any more): nothing to nudge about
        raise NudgeUnavailable(kind, member_id, "the core answered with its welcome")
    return Reply(title=TITLES[kind], blocks=reply.blocks, ephemeral=False, kind="nudge")


async def take_inbox(services: Services, *, actor: Actor, now: datetime) -> list[Reply]:
    """Nudges waiting for a terminal-chat member, oldest first; marks them delivered."""
    async with services.db.transaction() as session:
        member = await members.find_member(session=session, **actor.identity())
        if member is None or member.id is None:
            return []
        member_id = member.id
        waiting = await repo.waiting_in_inbox(session=session, member_id=member_id, now=now)
    replies = []
    for kind, period in waiting:
        try:
            reply = await build_nudge(
                services, member_id=member_id, kind=kind, now=now, period=period
            )
        except Exception:
            _log.exception("inbox %s for member %s failed", kind, member_id)
            continue
        if reply is not None:
            replies.append(reply)
    return replies


# The command runs as the member loaded by id; this placeholder is replaced there.
_NOBODY = Actor(platform="", workspace_id="", user_id="")
