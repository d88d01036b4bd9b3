"""The tick: find members whose nudges are due and write outbox rows (never sending).

It walks members in id order, a batch at a time, so memory stays flat however many there
are. A nudge less than LATE_LIMIT late is queued; an older one is recorded as skipped so it
can never go out as a stale burst after downtime.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from bot.calendar import at_local, due_at, period_of, prefs_of, week_monday
from storage import outbox, teams
from storage.db import Database
from storage.tables import Profile

_log = logging.getLogger(__name__)

LATE_LIMIT = timedelta(hours=24)
BATCH = 1000


@dataclass
class TickResult:
    """What one tick planned."""

    queued: int = 0
    skipped: int = 0
    members: int = 0


async def plan_due(db: Database, *, now: datetime, batch: int = BATCH) -> TickResult:
    """Write outbox rows for every nudge due at `now` (idempotent: the key is unique)."""
    result = TickResult()
    after = 0
    while True:
        async with db.transaction() as session:
            rows = await outbox.members_after(
                session=session, after_id=after, limit=batch, today=now.date()
            )
            if not rows:
                break
            new: list[dict[str, Any]] = []
            for member, profile, _ in rows:
                assert member.id is not None
                after = member.id
                result.members += 1
                new.extend(_due_rows(member.id, profile, now))
            # A reminder goes only to those who have not checked in that week: one query
            # for the whole batch.
            reminders = [r for r in new if r["kind"] == "checkin-reminder"]
            if reminders:
                answered = await outbox.checked_in_pairs(
                    session=session,
                    member_ids={r["member_id"] for r in reminders},
                    periods={r["period"] for r in reminders},
                )
                new = [
                    r
                    for r in new
                    if r["kind"] != "checkin-reminder"
                    or (r["member_id"], r["period"]) not in answered
                ]
            pending = [r for r in new if r["status"] == "pending"]
            late = [r for r in new if r["status"] == "skipped"]
            result.queued += await outbox.add_ignoring_duplicates(session=session, rows=pending)
            result.skipped += await outbox.add_ignoring_duplicates(session=session, rows=late)
    result.queued += await plan_digests(db, now=now)
    return result


async def plan_digests(db: Database, *, now: datetime) -> int:
    """Queue this week's team digest for every manager who wants it (Monday 09:00 theirs)."""
    async with db.transaction() as session:
        rows = []
        for member_id, profile in await teams.managers_for_digest(session=session):
            tz = profile.timezone if profile else "UTC"
            monday = week_monday(now, tz)
            when = at_local(monday, "09:00", tz)
            if when > now or now - when >= LATE_LIMIT:
                continue
            rows.append(
                {
                    "member_id": member_id,
                    "kind": "digest",
                    "period": period_of(monday),
                    "due_at": when,
                    "status": "pending",
                    "attempts": 0,
                    "created_at": now,
                }
            )
        return await outbox.add_ignoring_duplicates(session=session, rows=rows)


def _due_rows(member_id: int, profile: Profile, now: datetime) -> list[dict[str, Any]]:
    prefs = prefs_of(profile)
    out: list[dict[str, Any]] = []
    this_monday = week_monday(now, prefs.timezone)
    # Last week too: a nudge due late on Sunday may still be inside the 24 h window.
    for monday in (this_monday - timedelta(days=7), this_monday):
        label = period_of(monday)
        for kind in ("challenge", "tip", "checkin", "checkin-reminder"):
            when = due_at(prefs, kind, monday)
            if when > now or when < profile.created_at:
                continue  # not due yet, or due before the member joined
            paused = profile.paused_until
            if paused is not None and when.astimezone(ZoneInfo(prefs.timezone)).date() <= paused:
                continue
            late = now - when >= LATE_LIMIT
            out.append(
                {
                    "member_id": member_id,
                    "kind": kind,
                    "period": label,
                    "due_at": when,
                    "status": "skipped" if late else "pending",
                    "attempts": 0,
                    "created_at": now,
                }
            )
    return out
