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
from dataclasses import dataclass, fields
from datetime import datetime, timedelta
from typing import Any

from sqlmodel.ext.asyncio.session import AsyncSession

from bot.nudging.calendar import Due, at_local, prefs_of
from bot.nudging.index import LATE_LIMIT, follow, next_due, plan_row
from bot.nudging.kinds import NudgeKind, OutboxStatus
from bot.nudging.weeks import period_of, week_monday
from bot.runtime import metrics
from bot.runtime.dberrors import db_cause
from storage import outbox, teams
from storage import schedule as index
from storage.db import Database

_log = logging.getLogger(__name__)

BATCH = 2000
# Rows planned per transaction (groups are small; see _plan_groups).
ROWS_PER_TRANSACTION = 10_000
# A row whose member's data can't be scheduled (say, an unknown timezone) is looked at again
# this much later, instead of at every tick.
FAULT_DELAY = timedelta(hours=6)


@dataclass
class TickResult:
    """What one tick planned."""

    queued: int = 0
    skipped: int = 0
    members: int = 0  # due index rows looked at (a member once per kind that was due)
    faults: int = 0


async def plan_due(db: Database, *, now: datetime, batch: int = BATCH) -> TickResult:
    """Write outbox rows for every nudge due at `now` (idempotent: the key is unique)."""
    result = TickResult()
    # Long overdue rows (downtime) and backfilled ones are planned one by one; the rest in
    # groups that share every preference, so the calendar runs once per group.
    since = now - LATE_LIMIT - timedelta(days=7)
    async with db.transaction() as session:
        groups, others = await index.due_groups(session=session, now=now, since=since)
    while others:
        async with db.transaction() as session:
            due = await index.due(session=session, now=now, before=since, limit=batch)
            if due:
                await _plan_batch(session, due, now=now, result=result)
        result.members += len(due)
        if len(due) < batch:
            break
    plans = [_plan_of(group, now=now, result=result) for group in groups]
    await _plan_groups(db, plans, now=now, batch=batch, result=result)
    result.queued += await plan_digests(db, now=now)
    return result


@dataclass
class _GroupPlan:
    """What the calendar says for one group: its outbox rows and where its index moves."""

    group: index.DueGroup
    nudges: list[tuple[str, datetime, str]]  # (period, due_at, status)
    following: Due | None


def _plan_of(group: index.DueGroup, *, now: datetime, result: TickResult) -> _GroupPlan:
    """One calendar computation for a whole group; a group that can't be scheduled is
    looked at again later, all of it."""
    try:
        first = Due(group.period, group.next_due)
        planned = follow(
            prefs_of(group), group.kind, first, paused_until=group.paused_until, now=now
        )
    except Exception:
        _log.exception(
            "cannot schedule %s for %s member(s) in %s; looking again later",
            group.kind,
            group.size,
            group.timezone,
        )
        result.faults += group.size
        return _GroupPlan(group, [], Due(group.period, now + FAULT_DELAY))
    nudges = [(d.period, d.at, status) for d, status in planned.rows]
    return _GroupPlan(group, nudges, planned.following)


async def _plan_groups(
    db: Database, plans: list[_GroupPlan], *, now: datetime, batch: int, result: TickResult
) -> None:
    """Write the groups' outbox rows and move their index rows, a statement per chunk of
    `batch` rows and a transaction per `ROWS_PER_TRANSACTION`.

    Members of a group are spread over the whole table, so each transaction rewrites pages
    all over the index and the outbox's unique index; committing (and checkpointing the
    WAL) once per group cost more than the statements themselves. Small groups therefore
    share a transaction, which still holds the write lock for a fraction of a second.
    """
    # One order for every worker, so two ticking at once lock groups in the same order.
    plans.sort(key=lambda p: _order(p.group))
    waiting = list(reversed(plans))
    while waiting:
        rows = 0
        planned: dict[str, int] = {}
        async with db.transaction() as session:
            while waiting and rows < ROWS_PER_TRANSACTION:
                plan = waiting[-1]
                size, added = await index.advance_group(
                    session=session,
                    group=plan.group,
                    limit=batch,
                    nudges=plan.nudges,
                    to=plan.following.at if plan.following else None,
                    period=plan.following.period if plan.following else None,
                    now=now,
                )
                rows += size
                result.members += size
                result.queued += added.get(OutboxStatus.PENDING, 0)
                result.skipped += added.get(OutboxStatus.SKIPPED, 0)
                kind = plan.group.kind
                planned[kind] = planned.get(kind, 0) + added.get(OutboxStatus.PENDING, 0)
                if size < batch:
                    waiting.pop()
        # The index holds no platform, so planning is counted for "all".
        for kind, count in planned.items():
            metrics.nudge("planned", kind=kind, platform="all", count=count)


def _order(group: index.DueGroup) -> tuple[object, ...]:
    # NULLs first, and never compared with a value.
    values = (getattr(group, f.name) for f in fields(group) if f.name != "size")
    return tuple((value is not None, value) for value in values)


async def _plan_batch(
    session: AsyncSession,
    due: Sequence[index.DueRow],
    *,
    now: datetime,
    result: TickResult,
) -> None:
    new: list[dict[str, Any]] = []
    moves: list[index.Row] = []
    done: list[tuple[int, str]] = []
    for row in due:
        member_id, kind = row.member_id, row.kind
        try:
            start = await _start(session, row, now=now)
            planned = plan_row(row, kind, start, now=now) if start else None
        except Exception as exc:
            if db_cause(exc) is not None:
                raise  # the database, not this row: the whole tick tries again later
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
    pending = [r for r in new if r["status"] == OutboxStatus.PENDING]
    late = [r for r in new if r["status"] == OutboxStatus.SKIPPED]
    result.queued += await outbox.add_ignoring_duplicates(session=session, rows=pending)
    for kind in {r["kind"] for r in pending}:  # the index holds no platform: "all"
        metrics.nudge(
            "planned", kind=kind, platform="all", count=sum(r["kind"] == kind for r in pending)
        )
    result.skipped += await outbox.add_ignoring_duplicates(session=session, rows=late)
    await index.move(session=session, rows=moves)
    await index.drop(session=session, keys=done)


async def _start(session: AsyncSession, row: index.DueRow, *, now: datetime) -> Due | None:
    """Where planning starts for an index row; a row without a period (backfilled) is
    worked out from the calendar and what is already planned."""
    if row.period is not None:
        return Due(row.period, row.next_due)
    earliest = week_monday(max(row.created_at, now - LATE_LIMIT), row.timezone)
    taken = await index.planned_periods(
        session=session, member_id=row.member_id, since=earliest - timedelta(weeks=1)
    )
    return next_due(row, row.kind, now=now, taken=frozenset(taken.get(row.kind, ())))


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
    reminders = [r for r in new if r["kind"] == NudgeKind.CHECKIN_REMINDER]
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
        if r["kind"] != NudgeKind.CHECKIN_REMINDER or (r["member_id"], r["period"]) not in answered
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
                _outbox_row(
                    member_id,
                    NudgeKind.DIGEST,
                    Due(period_of(monday), when),
                    OutboxStatus.PENDING,
                    now=now,
                )
            )
        return await outbox.add_ignoring_duplicates(session=session, rows=rows)
