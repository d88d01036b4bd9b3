"""The schedule index: each member's next due instant per kind, kept beside their profile.

`reindex` works it out again after anything it depends on changed (a command that touched
the nudge preferences, a pause after a failed delivery); `advance` moves it past what a
tick has just planned. Both use the calendar, so the index and `nudges preview` agree.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Protocol

from sqlmodel.ext.asyncio.session import AsyncSession

from bot.nudging.calendar import (
    KINDS,
    Due,
    HasPrefs,
    Prefs,
    first_due,
    prefs_of,
)
from bot.nudging.kinds import OutboxStatus
from bot.nudging.weeks import monday_of, week_monday
from storage import schedule as repo
from storage.tables import Profile

_log = logging.getLogger(__name__)

# A nudge at most this late still goes out; an older one is recorded as skipped.
LATE_LIMIT = timedelta(hours=24)


class Scheduled(HasPrefs, Protocol):
    """What the index needs of a member: preferences, when they joined, pause and opt-out
    (a Profile, or a row the tick reads without building one)."""

    @property
    def created_at(self) -> datetime: ...
    @property
    def paused_until(self) -> date | None: ...
    @property
    def opted_out(self) -> bool: ...


def schedule_key(profile: Profile | None) -> tuple[object, ...] | None:
    """Everything the index depends on, to tell whether a command changed it."""
    if profile is None:
        return None
    return (
        profile.timezone,
        profile.nudge_weekday,
        profile.nudge_time,
        profile.country,
        profile.quiet_start,
        profile.quiet_end,
        profile.paused_until,
        profile.opted_out,
    )


def next_due(
    profile: Scheduled, kind: str, *, now: datetime, taken: frozenset[str] = frozenset()
) -> Due | None:
    """The next instant `kind` is due for this member as of `now` (a little late is fine)."""
    if profile.opted_out:
        return None
    prefs = prefs_of(profile)
    earliest = max(profile.created_at, now - LATE_LIMIT)
    # A week's later kinds can fall into the next week (a Sunday weekday plus offsets), so
    # the search starts a week before the one `earliest` is in.
    return first_due(
        prefs,
        kind,
        start=week_monday(earliest, prefs.timezone) - timedelta(weeks=1),
        not_before=earliest,
        paused_until=profile.paused_until,
        taken=taken,
    )


async def reindex(
    *, session: AsyncSession, member_id: int, profile: Profile | None, now: datetime
) -> None:
    """Recompute a member's index rows (none if they opted out, paused for good or left)."""
    if profile is None or profile.opted_out:
        await repo.replace(session=session, member_id=member_id, rows=[])
        return
    earliest = week_monday(max(profile.created_at, now - LATE_LIMIT), profile.timezone)
    taken = await repo.planned_periods(
        session=session, member_id=member_id, since=earliest - timedelta(weeks=1)
    )
    rows = []
    for kind in KINDS:
        due = next_due(profile, kind, now=now, taken=frozenset(taken.get(kind, ())))
        if due is not None:
            rows.append(repo.Row(member_id, kind, due.at, due.period))
    await repo.replace(session=session, member_id=member_id, rows=rows)


@dataclass
class Planned:
    """What one index row yields at a tick: outbox rows (pending or skipped) and what's next."""

    rows: list[tuple[Due, str]]  # (due, PENDING or SKIPPED)
    following: Due | None


def plan_row(profile: Scheduled, kind: str, due: Due, *, now: datetime) -> Planned:
    """Everything of `kind` due by `now`, starting at `due`. After a long downtime, weeks
    before last week are passed over without a record, so nothing stale piles up."""
    floor = now - LATE_LIMIT - timedelta(days=7)
    current: Due | None = due
    if due.at < floor:
        current = next_due(profile, kind, now=floor + LATE_LIMIT)
    if current is None:
        return Planned([], None)
    return follow(prefs_of(profile), kind, current, paused_until=profile.paused_until, now=now)


def follow(
    prefs: Prefs, kind: str, due: Due, *, paused_until: date | None, now: datetime
) -> Planned:
    """`due` and the weeks after it up to `now` (each a day late at most is pending, older
    ones skipped), and the first occurrence after `now`."""
    out: list[tuple[Due, str]] = []
    current: Due | None = due
    while current is not None and current.at <= now:
        out.append(
            (
                current,
                OutboxStatus.SKIPPED if now - current.at >= LATE_LIMIT else OutboxStatus.PENDING,
            )
        )
        current = first_due(
            prefs,
            kind,
            start=monday_of(current.period) + timedelta(weeks=1),
            not_before=current.at,
            paused_until=paused_until,
        )
    return Planned(out, current)
