"""The dispatcher: claim due outbox rows and deliver them through each platform's Messenger.

A claim is a lease: a worker that dies after claiming lets its rows go when the lease ends,
and another worker delivers them. Rate limits and transient errors back off (honouring
Retry-After); a permanent error marks the row dead and pauses the member's nudges with the
reason, which `profile` shows. One member's failure never stops the others.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from bot.command import Actor
from bot.errors import DeliveryError
from bot.nudges import INBOX_PLATFORMS, nudge_reply
from bot.ports import Messenger
from bot.services import Services
from scheduler.pacing import Pacer
from storage import outbox
from storage.tables import Member, Profile, Workspace

_log = logging.getLogger(__name__)

LEASE = timedelta(minutes=5)
MAX_ATTEMPTS = 6
BASE_BACKOFF = timedelta(seconds=30)


@dataclass
class Delivery:
    """One outcome, for `nudges tick` to print."""

    member: str
    kind: str
    period: str
    outcome: str


@dataclass
class DispatchResult:
    """What one dispatch pass did."""

    deliveries: list[Delivery] = field(default_factory=list)

    def count(self, outcome: str) -> int:
        """How many deliveries ended with `outcome`."""
        return sum(1 for d in self.deliveries if d.outcome == outcome)


def backoff(attempts: int, retry_after: float | None) -> timedelta:
    """Exponential backoff from 30 s, never sooner than the platform's Retry-After."""
    wait: timedelta = BASE_BACKOFF * int(2 ** max(0, attempts - 1))
    if retry_after is not None:
        wait = max(wait, timedelta(seconds=retry_after))
    return wait


async def dispatch(
    services: Services,
    messengers: Mapping[str, Messenger],
    *,
    worker: str,
    now: datetime,
    limit: int = 100,
    lease: timedelta = LEASE,
    pacers: Mapping[str, Pacer] | None = None,
) -> DispatchResult:
    """Claim up to `limit` due rows and deliver each; returns what happened."""
    db = services.db
    async with db.transaction() as session:
        claimed = [
            r.id
            for r in await outbox.claim(
                session=session, worker=worker, now=now, lease=lease, limit=limit
            )
        ]
    result = DispatchResult()
    for row_id in claimed:
        assert row_id is not None
        try:
            result.deliveries.append(
                await _deliver_one(services, messengers, row_id, now=now, pacers=pacers or {})
            )
        except Exception:
            _log.exception("nudge %s failed", row_id)
    return result


async def _deliver_one(
    services: Services,
    messengers: Mapping[str, Messenger],
    row_id: int,
    *,
    now: datetime,
    pacers: Mapping[str, Pacer],
) -> Delivery:
    async with services.db.transaction() as session:
        row = await outbox.get(session=session, row_id=row_id)
        assert row is not None
        member = await session.get(Member, row.member_id)
        assert member is not None
        workspace = await session.get(Workspace, member.workspace_id)
        assert workspace is not None
    actor = Actor(
        platform=member.platform,
        workspace_id=workspace.external_id,
        user_id=member.user_id,
        display_name=member.display_name,
    )
    messenger = messengers.get(member.platform)
    who = f"{member.platform}:{member.user_id}"
    if member.platform in INBOX_PLATFORMS:
        # The terminal chat has no push: the nudge waits in its inbox until next opened.
        async with services.db.transaction() as session:
            stored = await outbox.get(session=session, row_id=row_id)
            assert stored is not None
            stored.status, stored.lease_until = "inbox", None
            session.add(stored)
        return Delivery(who, row.kind, row.period, "inbox")
    if messenger is None:
        return Delivery(who, row.kind, row.period, "no-messenger")
    reply = await nudge_reply(services, actor=actor, kind=row.kind)
    key = f"{row.member_id}:{row.kind}:{row.period}"
    try:
        pacer = pacers.get(member.platform)
        if pacer is not None:
            async with pacer:
                await messenger.send(
                    user_id=member.user_id, reply=reply, key=key, workspace_id=actor.workspace_id
                )
        else:
            await messenger.send(
                user_id=member.user_id, reply=reply, key=key, workspace_id=actor.workspace_id
            )
    except DeliveryError as exc:
        return await _failed(services, row_id, exc, who=who, now=now)
    async with services.db.transaction() as session:
        stored = await outbox.get(session=session, row_id=row_id)
        assert stored is not None
        stored.status, stored.sent_at, stored.lease_until = "sent", now, None
        stored.attempts += 1
        session.add(stored)
    return Delivery(who, row.kind, row.period, "sent")


async def _failed(
    services: Services, row_id: int, exc: DeliveryError, *, who: str, now: datetime
) -> Delivery:
    async with services.db.transaction() as session:
        row = await outbox.get(session=session, row_id=row_id)
        assert row is not None
        row.attempts += 1
        row.last_error = exc.reason[:500]
        row.lease_until = None
        if not exc.retry or row.attempts >= MAX_ATTEMPTS:
            row.status = "dead"
            profile = await session.get(Profile, row.member_id)
            if profile is not None and not exc.retry:
                profile.paused_until = date.max
                profile.pause_reason = f"delivery failed: {exc.reason}"[:300]
                profile.updated_at = now
                session.add(profile)
            outcome = "dead"
        else:
            row.next_attempt_at = now + backoff(row.attempts, exc.retry_after)
            outcome = "retry"
        session.add(row)
        _log.warning("nudge %s for %s: %s (%s)", row_id, who, outcome, exc.reason)
        return Delivery(who, row.kind, row.period, outcome)
