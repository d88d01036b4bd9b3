"""A message written to the bot in DM: a command, or the note of this week's check-in.

Right after a check-in nudge, whatever the member writes back that is not a command is
their answer: it becomes the note of this week's check-in (private unless it ends with
`share`). It runs through the ordinary `checkin` command, so the rules are the same.
"""

from __future__ import annotations

from datetime import timedelta

from bot.commands.dispatch import handle
from bot.commands.parser import parse
from bot.commands.services import Services
from bot.core.command import Actor, Command, Source
from bot.core.errors import UserError
from bot.core.reply import Reply
from bot.domain.checkins import split_share, status_of
from bot.nudging.kinds import NudgeKind
from bot.nudging.weeks import period
from storage import learning, members, replies

# How long after a check-in nudge a free-text reply still counts as its answer.
REPLY_WINDOW = timedelta(hours=24)
CHECKIN_NUDGES = (NudgeKind.CHECKIN, NudgeKind.CHECKIN_REMINDER)


async def handle_dm(text: str, *, actor: Actor, services: Services) -> Reply:
    """Run a DM: a command if it is one, else a check-in answer if one is expected.

    Raises UserError like `handle`: the parser's, when the text is neither."""
    try:
        command = parse(text, actor=actor, registry=services.registry, source=Source.DM)
    except UserError as not_a_command:
        answer = await checkin_answer(text, actor=actor, services=services)
        if answer is None:
            raise not_a_command
        command = answer
    return await handle(command, services=services)


async def checkin_answer(text: str, *, actor: Actor, services: Services) -> Command | None:
    """The `checkin` command a free-text reply stands for, or None if none is expected.

    A reply that starts with a status (`slow 3 busy week`) is a whole check-in. Any other
    reply is the note of the check-in already saved this week; with none saved yet, the
    member is asked to lead with a status (raised as UserError).
    """
    now = services.clock.now()
    async with services.db.transaction() as session:
        member = await members.find_member(session=session, **actor.identity())
        if member is None or member.id is None:
            return None
        profile = await members.get_profile(session=session, member_id=member.id)
        if profile is None:
            return None
        label = period(now, profile.timezone)
        nudge = await replies.last_sent(
            session=session, member_id=member.id, kinds=CHECKIN_NUDGES, since=now - REPLY_WINDOW
        )
        if nudge is None or nudge.period != label:
            return None
        saved = await learning.checkin_for(session=session, member_id=member.id, period=label)
    words = text.split()
    status = status_of(words[0]) if words else None
    if status is not None:
        args = {"status": status}
        if words[1:]:
            args["details"] = " ".join(words[1:])
        return Command(actor=actor, path=("checkin",), args=args, source=Source.DM, text=text)
    kept, shared = split_share(words)
    note = " ".join(kept)
    if saved is None:
        raise _needs_status()
    args = {"status": saved.status, "note": note, "share": "yes" if shared else "no"}
    if saved.confidence is not None:
        args["confidence"] = str(saved.confidence)
    return Command(actor=actor, path=("checkin",), args=args, source=Source.DM, text=text)


def _needs_status() -> UserError:
    return UserError(
        "Thanks! I'll keep that as this week's check-in note once I know how the week is going.",
        hint="Reply again starting with `on-track`, `slow` or `blocked`, e.g. "
        "`slow 3 busy sprint` (add `share` at the end to let your managers see the note).",
    )
