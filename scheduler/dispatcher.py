"""The dispatcher: claim due outbox rows and deliver them through each platform's Messenger.

A claim is a lease. Right before each send the worker checks and extends its lease in a
short transaction of its own; a worker that lost it (it ran out, or another worker took
the row) never sends: that is the fence (scheduler/fencing.py). The nudge is built on a
read snapshot, and what it gives the member (this week's challenge, a tip) is written in
the fence's transaction, so a build never holds SQLite's one write lock. The send runs
outside any transaction, bounded by a timeout well inside the lease, and the row is
marked after. A row claimed before may already have gone out (a worker died between the
platform accepting it and the mark), so its retry first asks the platform, by the
delivery key, and sends only if it did not.

Deliveries run concurrently, a bounded number at a time, paced to each platform's rate.
Rate limits and transient errors back off here and only here (Retry-After honoured); a
permanent error marks the row dead and pauses the member's nudges with the reason. One
member's failure (bad data, a failing core, a closed DM) is that row's retry or death,
never the batch's; a nudge is never sent as an error text.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta

from bot.commands.learner import Recipient
from bot.commands.services import Services
from bot.core.errors import DeliveryError
from bot.core.ports import Messenger
from bot.core.reply import Reply
from bot.features.nudges.messages import INBOX_PLATFORMS, NudgeBuild, build_nudge
from bot.nudging.kinds import OutboxStatus
from bot.nudging.recipients import pause_undeliverable
from bot.runtime import metrics
from bot.runtime.dberrors import db_cause
from scheduler.delivery import Delivery, DispatchResult, Outcome, backoff, send_within
from scheduler.fencing import Fenced, Fencer
from scheduler.pacing import Pacer
from storage import members, outbox
from storage.tables import Outbox

_log = logging.getLogger(__name__)

MAX_ATTEMPTS = 6
BATCH = 20
IN_FLIGHT = 8
# Builds of one nudge when what it gives keeps clashing with the member's own commands.
BUILDS = 3
# A row for a platform this worker does not serve waits this long for a worker that does.
NO_MESSENGER_DELAY = timedelta(minutes=5)


def default_lease(services: Services) -> timedelta:
    """How long a claim holds a row, from the settings."""
    return timedelta(seconds=services.settings.nudge_lease_seconds)


async def dispatch(
    services: Services,
    messengers: Mapping[str, Messenger],
    *,
    worker: str,
    limit: int = BATCH,
    lease: timedelta | None = None,
    pacers: Mapping[str, Pacer] | None = None,
    in_flight: int = IN_FLIGHT,
    fencer: Fencer | None = None,
) -> DispatchResult:
    """Claim up to `limit` due rows and deliver them concurrently; returns what happened.
    `fencer`: the worker's, when several dispatches run side by side (their fences are
    written together)."""
    lease = fencer.lease if fencer else lease or default_lease(services)
    async with services.db.statements() as conn:
        claimed = await outbox.claim(
            session=conn, worker=worker, now=services.clock.now(), lease=lease, limit=limit
        )
    if not claimed:
        return DispatchResult()
    # Who each row is for, in one read for the batch (not one more per delivery).
    async with services.db.snapshot() as session:
        loaded = await members.recipients(
            session=session, member_ids={row.member_id for row in claimed}
        )
    recipients = {member_id: Recipient(*found) for member_id, found in loaded.items()}
    gate = asyncio.Semaphore(in_flight)
    job = _Job(
        services,
        messengers,
        worker=worker,
        lease=lease,
        pacers=pacers or {},
        fencer=fencer or Fencer(services, worker, lease),
    )

    async def one(row: Outbox) -> Delivery | None:
        async with gate:
            try:
                return await job.deliver(row, recipients.get(row.member_id))
            except Exception as exc:
                if (cause := db_cause(exc)) is not None:  # an outage: logged as one
                    services.outage.failed(cause, what="dispatch")
                    return None
                _log.exception(
                    "nudge %s (%s for member %s) failed", row.id, row.kind, row.member_id
                )
                return None

    try:
        outcomes = await asyncio.gather(*(one(row) for row in claimed))
    finally:
        # What went out is marked in one statement for the batch. A worker that dies
        # before this leaves those rows pending: their retry asks the platform first.
        await job.mark_sent()
    return DispatchResult([d for d in outcomes if d is not None])


@dataclass
class _Job:
    """One dispatch pass's deliveries: each row built, fenced, sent and settled, and the
    rows that went out, to be marked together at the end of the pass."""

    services: Services
    messengers: Mapping[str, Messenger]
    worker: str
    lease: timedelta
    pacers: Mapping[str, Pacer]
    fencer: Fencer
    sent: list[int] = field(default_factory=list)

    def now(self) -> datetime:
        return self.services.clock.now()

    async def deliver(self, row: Outbox, recipient: Recipient | None) -> Delivery:
        assert row.id is not None
        db = self.services.db
        if recipient is None:
            return Delivery(f"member {row.member_id}", row.kind, row.period, Outcome.GONE)
        # Platforms installed per workspace (Slack OAuth) reach it with that one's token.
        member, where, who = recipient.member, recipient.workspace, recipient.label
        if member.platform in INBOX_PLATFORMS:
            # The terminal chat has no push: the nudge waits in its inbox until next opened.
            async with db.transaction() as session:
                await outbox.mark_sent(
                    session=session, row_id=row.id, now=self.now(), status=OutboxStatus.INBOX
                )
            return Delivery(who, row.kind, row.period, Outcome.INBOX)
        messenger = self.messengers.get(member.platform)
        if messenger is None:
            await self._later(row.id, NO_MESSENGER_DELAY)
            return Delivery(who, row.kind, row.period, Outcome.NO_MESSENGER)
        built = await self._build_and_fence(row, recipient)
        if isinstance(built, Delivery):
            return built
        key = f"{row.member_id}:{row.kind}:{row.period}"
        try:
            if row.claims > 1 and await messenger.already_sent(
                user_id=member.user_id, key=key, since=row.due_at, workspace_id=where
            ):
                outcome = Outcome.ALREADY_SENT
            else:
                await send_within(
                    messenger,
                    self.pacers.get(member.platform),
                    budget=self.lease.total_seconds() / 3,
                    user_id=member.user_id,
                    reply=built,
                    key=key,
                    workspace_id=where,
                )
                outcome = Outcome.SENT
        except DeliveryError as exc:
            return await self._failed(row.id, exc, recipient=recipient)
        self.sent.append(row.id)
        metrics.nudge(outcome.replace("-", "_"), kind=row.kind, platform=member.platform)
        return Delivery(who, row.kind, row.period, outcome)

    async def _build_and_fence(self, row: Outbox, recipient: Recipient) -> Reply | Delivery:
        """The nudge, built on a snapshot and fenced (what it gives the member written with
        the fence); or the outcome when it must not go out."""
        assert row.id is not None
        who = recipient.label
        nudge = NudgeBuild(
            kind=row.kind,
            member_id=row.member_id,
            now=self.now(),
            period=row.period,
            recipient=recipient,
            snapshot=True,
        )
        for _ in range(BUILDS):
            try:
                built = await build_nudge(self.services, replace(nudge, now=self.now()))
            except Exception as exc:
                if db_cause(exc) is not None:
                    raise  # the database, not the nudge: the row waits for its lease
                _log.exception(
                    "building the %s nudge for member %s failed", row.kind, row.member_id
                )
                failure = DeliveryError(
                    f"building the nudge failed: {type(exc).__name__}", retry=True
                )
                return await self._failed(row.id, failure, recipient=recipient)
            if built is None:
                return Delivery(who, row.kind, row.period, Outcome.GONE)
            fenced = await self.fencer.fence(row.id, list(built.keeps))
            if fenced is Fenced.HELD:
                return built.reply
            if fenced is Fenced.LOST:
                _log.warning("nudge %s: lease lost by %s, not sending", row.id, self.worker)
                return Delivery(who, row.kind, row.period, Outcome.LEASE_LOST)
            # CLASH: the member was given something meanwhile: build the nudge again.
        failure = DeliveryError("the member's data kept changing while building", retry=True)
        return await self._failed(row.id, failure, recipient=recipient)

    async def mark_sent(self) -> None:
        """Mark every row this job sent, in one statement."""
        sent, self.sent = self.sent, []
        if sent:
            async with self.services.db.statements() as conn:
                await outbox.mark_many_sent(session=conn, row_ids=sent, now=self.now())

    async def _later(self, row_id: int, delay: timedelta) -> None:
        async with self.services.db.transaction() as session:
            row = await outbox.get(session=session, row_id=row_id)
            if row is not None and row.status == OutboxStatus.PENDING:
                row.lease_until, row.next_attempt_at = None, self.now() + delay
                session.add(row)

    async def _failed(self, row_id: int, exc: DeliveryError, *, recipient: Recipient) -> Delivery:
        now = self.now()
        async with self.services.db.transaction() as session:
            row = await outbox.get(session=session, row_id=row_id)
            assert row is not None
            rate_limited = exc.retry and exc.retry_after is not None
            if not rate_limited:
                row.attempts += 1  # the platform's pace is nobody's fault: no attempt spent
            row.last_error = exc.reason[:500]
            row.lease_until = None
            if not exc.retry or row.attempts >= MAX_ATTEMPTS:
                row.status = OutboxStatus.DEAD
                if not exc.retry:
                    await pause_undeliverable(
                        session=session, member_id=row.member_id, reason=exc.reason, now=now
                    )
                outcome = Outcome.DEAD
            else:
                row.next_attempt_at = now + backoff(row.attempts, exc.retry_after)
                outcome = Outcome.RETRY
            session.add(row)
        platform, who = recipient.member.platform, recipient.label
        metrics.delivery_error(platform=platform, reason=exc.reason)
        metrics.nudge(
            "retried" if outcome is Outcome.RETRY else OutboxStatus.DEAD,
            kind=row.kind,
            platform=platform,
        )
        _log.warning("nudge %s (%s for %s): %s (%s)", row_id, row.kind, who, outcome, exc.reason)
        return Delivery(who, row.kind, row.period, outcome)
