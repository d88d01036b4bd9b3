"""The tick: turn due rows of the schedule index into outbox rows (never sending).

It reads only what is due (`next_due <= now`, in batches), so an idle tick costs an
indexed look-up whatever the number of members. Each due row becomes an outbox row, unique
per (member, kind, week), and the index moves on to the next week. A nudge less than 24 h
late is queued; an older one is recorded as skipped so it never goes out as a stale burst
after downtime. One member's bad data (an unknown timezone) is logged and set aside for a
day; it never stops the others.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlmodel.ext.asyncio.session import AsyncSession

from bot.calendar import Due, at_local, period_of, week_monday
from bot.schedule import LATE_LIMIT, next_due, plan_row
from storage import outbox, teams
from storage import schedule as index
from storage.db import Database
from storage.tables import NudgeSchedule, Profile

_log = logging.getLogger(__name__)

BATCH = 2000
# A row whose member's data can't be scheduled (say, an unknown timezone) is looked at again
# this much later, instead of at every tick.
FAULT_DELAY = timedelta(hours=6)


@dataclass
class TickResult:
    """What one tick planned."""

    queued: int = 0
    skipped: int = 0
    members: int = 0
    faults: int = 0


async def plan_due(db: Database, *, now: datetime, batch: int = BATCH) -> TickResult:
    """Write outbox rows for every nudge due at `now` (idempotent: the key is unique)."""
    result = TickResult()
    seen: set[int] = set()
    while True:
        async with db.transaction() as session:
            due = await index.due(session=session, now=now, limit=batch)
            if not due:
                break
            await _plan_batch(session, due, now=now, result=result)
        seen.update(row.member_id for row, _ in due if row.member_id is not None)
        if len(due) < batch:
            break
    result.members = len(seen)
    result.queued += await plan_digests(db, now=now)
    return result


async def _plan_batch(
    session: AsyncSession,
    due: Sequence[tuple[NudgeSchedule, Profile]],
    *,
    now: datetime,
    result: TickResult,
) -> None:
    new: list[dict[str, Any]] = []
    moves: list[index.Row] = []
    done: list[tuple[int, str]] = []
    for row, profile in due:
        member_id, kind = row.member_id, row.kind
        assert member_id is not None
        try:
            start = await _start(session, row, profile, now=now)
            planned = plan_row(profile, kind, start, now=now) if start else None
        except Exception:
            _log.exception("cannot schedule %s for member %s; looking again later", kind, member_id)
            result.faults += 1
            moves.append(index.Row(member_id, kind, now + FAULT_DELAY, row.period))
            continue
        if planned is None:
            done.append((member_id, kind))
            continue
        for item, status in planned.rows:
            new.append(_outbox_row(member_id, kind, item, status, now=now))
        if planned.following is None:
            done.append((member_id, kind))
        else:
            following = planned.following
            moves.append(index.Row(member_id, kind, following.at, following.period))
    new = await _drop_answered_reminders(session, new)
    pending = [r for r in new if r["status"] == "pending"]
    late = [r for r in new if r["status"] == "skipped"]
    result.queued += await outbox.add_ignoring_duplicates(session=session, rows=pending)
    result.skipped += await outbox.add_ignoring_duplicates(session=session, rows=late)
    await index.move(session=session, rows=moves)
    await index.drop(session=session, keys=done)


async def _start(
    session: AsyncSession, row: NudgeSchedule, profile: Profile, *, now: datetime
) -> Due | None:
    """Where planning starts for an index row; a row without a period (backfilled) is
    worked out from the calendar and what is already planned."""
    if row.period is not None:
        return Due(row.period, row.next_due)
    assert row.member_id is not None
    earliest = week_monday(max(profile.created_at, now - LATE_LIMIT), profile.timezone)
    taken = await index.planned_periods(
        session=session, member_id=row.member_id, since=earliest - timedelta(weeks=1)
    )
    return next_due(profile, row.kind, now=now, taken=frozenset(taken.get(row.kind, ())))


def _outbox_row(
    member_id: int, kind: str, due: Due, status: str, *, now: datetime
) -> dict[str, Any]:
    return {
        "member_id": member_id,
        "kind": kind,
        "period": due.period,
        "due_at": due.at,
        "status": status,
        "attempts": 0,
        "claims": 0,
        "created_at": now,
    }


async def _drop_answered_reminders(
    session: AsyncSession, new: list[dict[str, Any]]
) -> list[dict[str, Any]]:
    """A reminder goes only to those who have not checked in that week (one query)."""
    reminders = [r for r in new if r["kind"] == "checkin-reminder"]
    if not reminders:
        return new
    answered = await outbox.checked_in_pairs(
        session=session,
        member_ids={r["member_id"] for r in reminders},
        periods={r["period"] for r in reminders},
    )
    return [
        r
        for r in new
        if r["kind"] != "checkin-reminder" or (r["member_id"], r["period"]) not in answered
    ]


async def plan_digests(db: Database, *, now: datetime) -> int:
    """Queue this week's team digest for every manager who wants it (Monday 09:00 theirs)."""
    async with db.transaction() as session:
        rows = []
        for member_id, profile in await teams.managers_for_digest(session=session):
            tz = profile.timezone if profile else "UTC"
            try:
                monday = week_monday(now, tz)
                when = at_local(monday, "09:00", tz)
            except Exception:
                _log.exception("cannot schedule the digest for member %s", member_id)
                continue
            if when > now or now - when >= LATE_LIMIT:
                continue
            rows.append(
                _outbox_row(member_id, "digest", Due(period_of(monday), when), "pending", now=now)
            )
        return await outbox.add_ignoring_duplicates(session=session, rows=rows)
