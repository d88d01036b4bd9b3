"""What a nudge says, and the terminal chat's inbox of nudges waiting to be read."""

from __future__ import annotations

import logging
from dataclasses import dataclass, replace
from datetime import datetime

from bot.commands.dispatch import run_as_member
from bot.commands.learner import Built, Recipient
from bot.commands.services import Services
from bot.core.command import Actor
from bot.core.errors import MentorError, Unexpected, UserError
from bot.core.reply import Reply, ReplyKind
from bot.features.nudges.blocker import TITLE, blocker_alert
from bot.nudging.kinds import NudgeKind
from storage import members
from storage import outbox as repo

_log = logging.getLogger(__name__)

INBOX_PLATFORMS = frozenset({"console"})
# Each nudge shows the reply of the command the member would type.
NUDGE_COMMANDS: dict[str, tuple[str, ...]] = {
    NudgeKind.CHALLENGE: ("challenge",),
    NudgeKind.TIP: ("tip",),
    NudgeKind.CHECKIN: ("checkin",),
    NudgeKind.CHECKIN_REMINDER: ("checkin",),
    NudgeKind.TEAM_ADDED: ("team", "privacy"),
    NudgeKind.DIGEST: ("team", "digest"),
}
TITLES: dict[str, str] = {
    NudgeKind.CHALLENGE: "Your challenge for this week",
    NudgeKind.TIP: "Something to read this week",
    NudgeKind.CHECKIN: "How is your week going?",
    NudgeKind.CHECKIN_REMINDER: "A quick check-in before the week ends?",
    NudgeKind.TEAM_ADDED: "You were added to a team",
    NudgeKind.DIGEST: "Your teams this week",
    NudgeKind.BLOCKER: TITLE,
}


class NudgeUnavailable(MentorError):
    """A nudge could not be built for a member (it is retried, never sent as an error)."""

    def __init__(self, kind: str, member_id: int, why: str) -> None:
        super().__init__(f"{kind} for member {member_id}: {why}")


@dataclass(frozen=True)
class NudgeBuild:
    """One nudge to build: its kind and outbox key for a member at an instant, with the
    member as the caller loaded them (if it did), and whether to build on a read snapshot
    (the dispatcher does, so what the nudge gives is written with the send's fence)."""

    kind: str
    member_id: int
    now: datetime
    period: str = ""
    recipient: Recipient | None = None
    snapshot: bool = False


async def build_nudge(services: Services, nudge: NudgeBuild) -> Built | None:
    """The message for a nudge, built as the member's own command would answer.

    None if the member is gone (or, for a blocker alert, the check-in no longer says so).
    Raises if the core fails: the caller retries the row, and an error text never goes out
    as a nudge. What the nudge gives the member is in `Built.keeps` (see run_as_member).
    """
    kind, member_id = nudge.kind, nudge.member_id
    if kind == NudgeKind.BLOCKER:
        alert = await blocker_alert(
            services, manager_id=member_id, period=nudge.period, now=nudge.now
        )
        return Built(alert) if alert is not None else None
    try:
        built = await run_as_member(
            NUDGE_COMMANDS[kind],
            member_id=member_id,
            services=services,
            now=nudge.now,
            recipient=nudge.recipient,
            snapshot=nudge.snapshot,
        )
    except (UserError, Unexpected) as exc:
        raise NudgeUnavailable(kind, member_id, exc.problem) from exc
    if built is None:
        return None
    if built.newcomer:  # no profile (any more): nothing to nudge about
        raise NudgeUnavailable(kind, member_id, "the member has no profile")
    reply = Reply(
        title=TITLES[kind], blocks=built.reply.blocks, ephemeral=False, kind=ReplyKind.NUDGE
    )
    return replace(built, reply=reply)


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
            built = await build_nudge(
                services, NudgeBuild(kind=kind, member_id=member_id, now=now, period=period)
            )
        except Exception:
            _log.exception("inbox %s for member %s failed", kind, member_id)
            continue
        if built is not None:
            replies.append(built.reply)
    return replies
