"""Who hears of what, decided here and stored by storage: a shared blocker goes to the
member's managers who want alerts, and a member whose messages can't be delivered at all
stops getting nudges until they resume."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime

from sqlmodel.ext.asyncio.session import AsyncSession

from bot.nudging.index import reindex
from bot.nudging.kinds import NudgeKind, OutboxKey
from storage import outbox, teams
from storage.tables import Profile


def blocker_recipients(managers: Iterable[tuple[int, bool]], *, member_id: int) -> list[int]:
    """Of the managers of a member's teams (each with whether they turned alerts off),
    those who hear of the member's shared blocker: each once, never the member themself."""
    return sorted({m for m, alerts_off in managers if not alerts_off and m != member_id})


async def alert_managers(
    *, session: AsyncSession, member_id: int, checkin_id: int, now: datetime
) -> int:
    """Queue one blocker alert per manager who hears of it, keyed by the check-in: however
    often it is saved, each manager hears once. Returns how many were new."""
    managers = await teams.managers_of_member(session=session, member_id=member_id)
    return await outbox.queue_now(
        session=session,
        member_ids=blocker_recipients(managers, member_id=member_id),
        kind=NudgeKind.BLOCKER,
        period=OutboxKey(checkin_id=checkin_id).column,
        now=now,
    )


async def pause_undeliverable(
    *, session: AsyncSession, member_id: int, reason: str, now: datetime
) -> None:
    """A message to the member failed for good (they left, blocked the bot): pause their
    nudges, saying why, until they `nudges resume`; nothing more is queued for them."""
    profile = await session.get(Profile, member_id)
    if profile is None:
        return
    profile.paused_until = date.max
    profile.pause_reason = f"delivery failed: {reason}"[:300]
    profile.updated_at = now
    session.add(profile)
    await reindex(session=session, member_id=member_id, profile=profile, now=now)
