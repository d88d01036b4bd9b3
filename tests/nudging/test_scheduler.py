"""Weekly nudges: local time across DST, holidays, pauses, the late policy, exactly once."""

from __future__ import annotations

import asyncio
from collections import Counter
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

import pytest
import time_machine

from bot.commands.dispatch import handle_text
from bot.commands.services import Services
from bot.core.errors import DeliveryError
from bot.nudging.calendar import Prefs, at_local, due_at
from bot.nudging.weeks import week_monday
from scheduler.delivery import Outcome
from scheduler.planner import plan_due
from storage import outbox
from storage.kinds import NudgeKind, OutboxStatus
from tests.fakes.messenger import FakeMessenger
from tests.support.nudges import (
    MONDAY_9_BERLIN,
    berlin_member,
    dispatch_at,
    join,
    one_nudge_queued,
    rows,
    slack_actor,
)
from tests.support.services import MovableClock

# --- the calendar: DST both ways, in three zones (one with a half-hour offset) ---------


@pytest.mark.parametrize(
    ("tz", "before", "after"),
    [
        ("Europe/Berlin", date(2026, 10, 19), date(2026, 10, 26)),  # autumn: +2 -> +1
        ("Europe/Berlin", date(2027, 3, 22), date(2027, 3, 29)),  # spring: +1 -> +2
        ("America/New_York", date(2026, 10, 26), date(2026, 11, 2)),  # -4 -> -5
        ("America/New_York", date(2027, 3, 8), date(2027, 3, 15)),  # -5 -> -4
        ("Australia/Adelaide", date(2026, 9, 28), date(2026, 10, 5)),  # +9:30 -> +10:30
        ("Australia/Adelaide", date(2027, 3, 29), date(2027, 4, 5)),  # +10:30 -> +9:30
        ("Australia/Lord_Howe", date(2026, 9, 28), date(2026, 10, 5)),  # half-hour DST
    ],
)
def test_the_local_time_holds_across_dst(tz: str, before: date, after: date) -> None:
    from zoneinfo import ZoneInfo

    prefs = Prefs(timezone=tz, weekday=0, at="09:00")
    first, second = due_at(prefs, "challenge", before), due_at(prefs, "challenge", after)
    for moment in (first, second):
        local = moment.astimezone(ZoneInfo(tz))
        assert (local.weekday(), local.hour, local.minute) == (0, 9, 0)
    assert second - first != timedelta(days=7)  # the UTC instant moved with the clocks


def test_a_time_that_does_not_exist_moves_forward() -> None:
    # 02:30 on 28 March 2027 does not exist in Berlin (02:00 -> 03:00).
    moment = at_local(date(2027, 3, 28), "02:30", "Europe/Berlin")
    assert moment == datetime(2027, 3, 28, 1, 30, tzinfo=UTC)  # = 03:30 CEST


async def test_an_ambiguous_time_fires_once(services: Services, clock: MovableClock) -> None:
    # 02:30 on Sunday 25 October 2026 happens twice in Berlin.
    await join(
        services,
        clock,
        "U1",
        "tz=Europe/Berlin day=sun time=02:30",
        datetime(2026, 10, 19, tzinfo=UTC),
    )
    first = datetime(2026, 10, 25, 0, 30, tzinfo=UTC)  # 02:30 CEST
    second = datetime(2026, 10, 25, 1, 30, tzinfo=UTC)  # 02:30 CET
    assert (
        due_at(Prefs("Europe/Berlin", 6, "02:30"), "challenge", week_monday(first, "Europe/Berlin"))
        == first
    )
    await plan_due(services.db, now=first)
    await plan_due(services.db, now=second)
    assert [r.kind for r in await rows(services)].count(NudgeKind.CHALLENGE) == 1


def test_a_public_holiday_moves_the_nudge_to_the_next_working_day() -> None:
    prefs = Prefs(timezone="Europe/Berlin", weekday=4, at="09:00", country="DE")
    moment = due_at(prefs, "challenge", date(2026, 12, 21))  # Friday 25 Dec: Christmas
    assert moment.astimezone(UTC).date() == date(2026, 12, 28)  # Monday
    assert due_at(
        Prefs("Europe/Berlin", 4, "09:00"), "challenge", date(2026, 12, 21)
    ).date() == date(2026, 12, 25)


def test_quiet_hours_push_a_nudge_to_their_end() -> None:
    prefs = Prefs(
        timezone="Asia/Kolkata", weekday=0, at="06:00", quiet_start="22:00", quiet_end="07:30"
    )
    moment = due_at(prefs, "challenge", date(2026, 11, 30))
    assert moment == datetime(2026, 11, 30, 2, 0, tzinfo=UTC)  # 07:30 IST


# --- planning and delivery, on SQLite and PostgreSQL ------------------------------------


async def test_two_ticks_at_the_same_instant_send_once(
    any_services: Services, clock: MovableClock
) -> None:
    await berlin_member(any_services, clock, "U1")
    now = MONDAY_9_BERLIN + timedelta(minutes=1)
    results = await asyncio.gather(
        plan_due(any_services.db, now=now), plan_due(any_services.db, now=now)
    )
    assert sum(r.queued for r in results) == 1
    messenger = FakeMessenger(clock=clock.now)
    await dispatch_at(clock, any_services, {"slack": messenger}, worker="a", now=now)
    await dispatch_at(clock, any_services, {"slack": messenger}, worker="b", now=now)
    assert [(u, k) for u, _, k in messenger.sent] == [
        ("U1", f"{(await rows(any_services))[0].member_id}:challenge:2026-W49")
    ]


async def test_late_policy(any_services: Services, clock: MovableClock) -> None:
    await berlin_member(any_services, clock, "U1", datetime(2026, 11, 29, 12, tzinfo=UTC))
    await berlin_member(any_services, clock, "U2", datetime(2026, 11, 29, 12, tzinfo=UTC))
    await handle_text("nudges off", actor=slack_actor("U2"), services=any_services)
    # Down from Monday morning until Tuesday 08:30 (23.5 h late): still sent.
    result = await plan_due(any_services.db, now=MONDAY_9_BERLIN + timedelta(hours=23, minutes=30))
    assert (result.queued, result.skipped) == (1, 0)
    # Down until Wednesday: Monday's challenge is stale (skipped), Wednesday's tip is due.
    result = await plan_due(any_services.db, now=datetime(2026, 12, 2, 8, 5, tzinfo=UTC))
    kinds = {(r.kind, r.status) for r in await rows(any_services)}
    assert (NudgeKind.CHALLENGE, OutboxStatus.PENDING) in kinds
    assert (NudgeKind.TIP, OutboxStatus.PENDING) in kinds
    planned = await rows(any_services)
    assert len({r.member_id for r in planned}) == 1  # U2 opted out: nothing for them


async def test_groups_larger_than_a_chunk_and_a_transaction_plan_each_member_once(
    any_services: Services, clock: MovableClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    import scheduler.planner
    from storage import schedule

    # Groups (09:00, 09:01, 09:02 Berlin, per kind) of 3, 2 and 2 members, planned in chunks
    # of 2 rows, and a transaction closes after 3 rows: chunks and transactions cut across
    # groups.
    for n in range(7):
        await join(
            any_services,
            clock,
            f"U{n}",
            f"tz=Europe/Berlin day=mon time=09:0{n % 3}",
            datetime(2026, 11, 28, tzinfo=UTC),
        )
    monkeypatch.setattr(scheduler.planner, "ROWS_PER_TRANSACTION", 3)
    now = MONDAY_9_BERLIN + timedelta(minutes=5)
    result = await plan_due(any_services.db, now=now, batch=2)
    # Saturday's check-in reminder of last week (the day they joined) is over a day late.
    assert (result.queued, result.skipped, result.members, result.faults) == (7, 7, 14, 0)
    planned = await rows(any_services)
    assert Counter((r.kind, r.period, r.status) for r in planned) == {
        (NudgeKind.CHALLENGE, "2026-W49", OutboxStatus.PENDING): 7,
        (NudgeKind.CHECKIN_REMINDER, "2026-W48", OutboxStatus.SKIPPED): 7,
    }
    assert len({r.member_id for r in planned}) == 7
    async with any_services.db.transaction() as session:
        for member_id in {r.member_id for r in planned}:
            due = await schedule.next_for(session=session, member_id=member_id)
            assert due["challenge"] > now + timedelta(days=6)  # next Monday
    assert (await plan_due(any_services.db, now=now, batch=2)).members == 0


async def test_stale_nudges_are_skipped_not_burst(services: Services, clock: MovableClock) -> None:
    await berlin_member(services, clock, "U1", datetime(2026, 11, 29, 12, tzinfo=UTC))
    result = await plan_due(services.db, now=datetime(2026, 12, 6, 12, 0, tzinfo=UTC))  # Saturday
    assert result.queued == 0 and result.skipped >= 3
    messenger = FakeMessenger(clock=clock.now)
    await dispatch_at(
        clock,
        services,
        {"slack": messenger},
        worker="a",
        now=datetime(2026, 12, 6, 12, 0, tzinfo=UTC),
    )
    assert messenger.sent == []


async def test_pause_and_resume(services: Services, clock: MovableClock) -> None:
    await berlin_member(services, clock, "U1")
    reply = await handle_text("nudges pause 2w", actor=slack_actor("U1"), services=services)
    assert "paused until 2026-12-11" in reply.plain_text()
    for week in range(2):
        result = await plan_due(services.db, now=MONDAY_9_BERLIN + timedelta(weeks=week, minutes=5))
        assert result.queued == 0
    await handle_text("nudges resume", actor=slack_actor("U1"), services=services)
    result = await plan_due(
        services.db, now=MONDAY_9_BERLIN + timedelta(weeks=1, days=2, minutes=5)
    )
    assert result.queued == 1  # Wednesday's tip, now that the pause is over


async def test_a_worker_killed_between_claim_and_send_delivers_once_after_the_lease(
    any_services: Services, clock: MovableClock
) -> None:
    now = await one_nudge_queued(any_services, clock)
    async with any_services.db.transaction() as session:  # the worker claims... and dies
        claimed = await outbox.claim(
            session=session, worker="dead", now=now, lease=timedelta(minutes=5), limit=10
        )
    assert len(claimed) == 1
    messenger = FakeMessenger(clock=clock.now)
    await dispatch_at(
        clock, any_services, {"slack": messenger}, worker="b", now=now + timedelta(minutes=1)
    )
    assert messenger.sent == []  # still leased
    await dispatch_at(
        clock, any_services, {"slack": messenger}, worker="b", now=now + timedelta(minutes=6)
    )
    await dispatch_at(
        clock, any_services, {"slack": messenger}, worker="c", now=now + timedelta(minutes=7)
    )
    assert len(messenger.sent) == 1


@pytest.mark.parametrize(
    "failure",
    [
        DeliveryError("ratelimited", retry=True, retry_after=120),
        DeliveryError("internal_error", retry=True),
    ],
)
async def test_rate_limits_and_server_errors_deliver_after_retries(
    any_services: Services, clock: MovableClock, failure: DeliveryError
) -> None:
    now = await one_nudge_queued(any_services, clock)
    messenger = FakeMessenger(failures=[failure, failure], clock=clock.now)
    outcomes = []
    for step in range(6):
        moment = now + timedelta(minutes=3 * step)
        outcomes += [
            d.outcome
            for d in (
                await dispatch_at(clock, any_services, {"slack": messenger}, worker="w", now=moment)
            ).deliveries
        ]
    assert outcomes == [Outcome.RETRY, Outcome.RETRY, Outcome.SENT]
    row = (await rows(any_services))[0]
    # A rate limit is the platform's pace, not a failed attempt.
    assert row.status == OutboxStatus.SENT and row.attempts == (1 if failure.retry_after else 3)
    if failure.retry_after:
        assert len(messenger.sent) == 1


async def test_a_permanent_error_goes_dead_and_pauses_the_member(
    any_services: Services, clock: MovableClock
) -> None:
    now = await one_nudge_queued(any_services, clock)
    messenger = FakeMessenger(
        failures=[DeliveryError("account_inactive", retry=False)], clock=clock.now
    )
    result = await dispatch_at(clock, any_services, {"slack": messenger}, worker="w", now=now)
    assert [d.outcome for d in result.deliveries] == [Outcome.DEAD]
    profile = await handle_text("profile", actor=slack_actor("U1"), services=any_services)
    assert "delivery failed: account_inactive" in profile.plain_text()
    later = await plan_due(any_services.db, now=now + timedelta(days=2))
    assert later.queued == 0


async def test_console_members_get_an_inbox(services: Services, clock: MovableClock) -> None:
    from tests.support.chat import say

    clock.at = datetime(2026, 11, 28, tzinfo=UTC)
    await say(services, "start tz=Europe/Berlin day=mon time=09:00")
    now = MONDAY_9_BERLIN + timedelta(minutes=1)
    await plan_due(services.db, now=now)
    result = await dispatch_at(clock, services, {}, worker="w", now=now)
    assert [d.outcome for d in result.deliveries] == [Outcome.INBOX]
    from adapters.console.app import (
        console_actor,
        run_console,  # noqa: F401  (the chat shows the inbox on open)
    )
    from bot.features.nudges.messages import take_inbox

    waiting = await take_inbox(services, actor=console_actor("alice"), now=now)
    assert [r.title for r in waiting] == ["Your challenge for this week"]
    assert await take_inbox(services, actor=console_actor("alice"), now=now) == []


async def test_four_workers_claim_without_overlap_on_postgres(
    postgres_url: str, catalog, clock: MovableClock
) -> None:
    from tests.support.services import open_services

    async with open_services(catalog, postgres_url, clock) as services:
        for n in range(120):
            await join(
                services,
                clock,
                f"U{n}",
                "tz=Europe/Berlin day=mon time=09:00",
                datetime(2026, 11, 28, tzinfo=UTC),
            )
        now = MONDAY_9_BERLIN + timedelta(minutes=1)
        assert (await plan_due(services.db, now=now)).queued == 120
        messenger = FakeMessenger(clock=clock.now)
        await asyncio.gather(
            *(
                dispatch_at(
                    clock, services, {"slack": messenger}, worker=f"w{i}", now=now, limit=10
                )
                for i in range(4)
                for _ in range(4)
            )
        )
        keys = Counter(k for _, _, k in messenger.sent)
        assert len(keys) == 120 and set(keys.values()) == {1}


async def test_the_scheduler_jobs_follow_the_real_clock(
    services: Services, clock: MovableClock
) -> None:
    """The APScheduler jobs read the real clock: move it with time-machine, never sleep."""
    from bot.core.clock import SystemClock
    from scheduler.runner import Worker, deliver, tick

    await berlin_member(services, clock)
    services = replace(services, clock=SystemClock())
    messenger = FakeMessenger()  # the real clock, moved by time-machine
    with time_machine.travel(MONDAY_9_BERLIN - timedelta(minutes=1), tick=False):
        await tick(services)
        await deliver(Worker(services, {"slack": messenger}, "w"))
    assert messenger.sent == []  # 08:59 in Berlin: not yet
    with time_machine.travel(MONDAY_9_BERLIN + timedelta(minutes=1), tick=False):
        await tick(services)
        await deliver(Worker(services, {"slack": messenger}, "w"))
    assert [title for _, title, _ in messenger.sent] == ["Your challenge for this week"]


async def test_the_checkin_reminder_goes_only_if_unanswered(
    services: Services, clock: MovableClock
) -> None:
    await berlin_member(services, clock, "U1", datetime(2026, 11, 29, 12, tzinfo=UTC))
    await berlin_member(services, clock, "U2", datetime(2026, 11, 29, 12, tzinfo=UTC))
    clock.at = datetime(2026, 12, 4, 9, 0, tzinfo=UTC)
    await handle_text("checkin on-track 4", actor=slack_actor("U1"), services=services)
    await plan_due(services.db, now=datetime(2026, 12, 5, 8, 30, tzinfo=UTC))  # Saturday
    reminders = [r for r in await rows(services) if r.kind == NudgeKind.CHECKIN_REMINDER]
    assert len(reminders) == 1  # only U2, who did not answer
