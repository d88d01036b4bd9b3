"""The nudge engine under faults: bad data, a failing core, slow and crashing deliveries,
through the real Slack messenger and a local fake Slack."""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta

import pytest
from slack_sdk.web.async_client import AsyncWebClient
from sqlalchemy import update
from sqlmodel import select

from adapters.slack.messenger import SlackMessenger
from bot.commands.services import Services
from scheduler.delivery import Outcome
from scheduler.dispatcher import MAX_ATTEMPTS, dispatch
from scheduler.planner import plan_due
from storage.kinds import NudgeKind, OutboxStatus
from storage.tables import Member, Outbox, Profile
from tests.fakes.slack_api import FakeSlack
from tests.support.nudges import MONDAY_9_BERLIN, berlin_member, rows
from tests.support.services import MovableClock

DUE = MONDAY_9_BERLIN + timedelta(minutes=1)


@pytest.fixture
async def slack(clock: MovableClock) -> AsyncIterator[FakeSlack]:
    async with FakeSlack(clock=lambda: clock.now().timestamp()) as fake:
        yield fake


def messenger_for(slack: FakeSlack) -> SlackMessenger:
    return SlackMessenger(AsyncWebClient(token="xoxb-test-not-real", base_url=slack.api_url))


async def members_of(services: Services, clock: MovableClock, count: int) -> None:
    for n in range(count):
        await berlin_member(services, clock, f"U{n}")


async def set_profile(services: Services, user: str, **values: object) -> None:
    """Write a profile straight to the database: data no command would accept today."""
    async with services.db.transaction() as session:
        member = (await session.exec(select(Member).where(Member.user_id == user))).one()
        await session.exec(
            update(Profile).where(Profile.member_id == member.id).values(**values)  # type: ignore[arg-type]
        )


async def test_a_member_with_a_bad_timezone_stops_nobody_else(
    any_services: Services, clock: MovableClock, slack: FakeSlack
) -> None:
    from storage.tables import NudgeSchedule

    await members_of(any_services, clock, 3)
    # An old database: U1 got `Mars/Olympus` from a bad DEFAULT_TIMEZONE before zones were
    # checked, and the index backfill left their rows to be worked out at the first tick.
    await set_profile(any_services, "U1", timezone="Mars/Olympus")
    async with any_services.db.transaction() as session:
        await session.exec(
            update(NudgeSchedule)
            .where(NudgeSchedule.member_id == 2)  # type: ignore[arg-type]
            .values(period=None, next_due=DUE - timedelta(days=1))
        )
    result = await plan_due(any_services.db, now=DUE)
    assert (result.queued, result.faults) == (2, 4)
    clock.at = DUE
    delivered = await dispatch(any_services, {"slack": messenger_for(slack)}, worker="w")
    assert sorted(d.member for d in delivered.deliveries) == ["slack:U0", "slack:U2"]
    assert {p["channel"] for p in slack.of("chat.postMessage")} == {"DU0", "DU2"}
    # Set aside, not spinning: the next tick does not try U1 again at once.
    assert (await plan_due(any_services.db, now=DUE + timedelta(minutes=1))).faults == 0


async def test_an_unknown_platform_timezone_falls_back_and_profile_says_so(
    services: Services,
) -> None:
    from bot.commands.dispatch import handle_text
    from bot.core.command import Actor

    actor = Actor("slack", "T1", "U9", "nine", timezone="Mars/Olympus")
    await handle_text("start", actor=actor, services=services)
    profile = (await handle_text("profile", actor=actor, services=services)).plain_text()
    assert "UTC (the default: your platform reported 'Mars/Olympus'" in profile
    await handle_text("profile set tz Europe/Berlin", actor=actor, services=services)
    profile = (await handle_text("profile", actor=actor, services=services)).plain_text()
    assert "Europe/Berlin" in profile and "the default" not in profile


async def test_a_failing_core_retries_then_dies_and_never_sends_an_error(
    any_services: Services, clock: MovableClock, slack: FakeSlack
) -> None:
    await members_of(any_services, clock, 2)
    # The company's content pack dropped the path U0 was on: building their challenge fails.
    await set_profile(any_services, "U0", specialization="a-path-that-was-removed")
    await plan_due(any_services.db, now=DUE)
    messenger = {"slack": messenger_for(slack)}
    outcomes: Counter[str] = Counter()
    for attempt in range(MAX_ATTEMPTS + 1):
        clock.at = DUE + timedelta(hours=attempt * 8)
        result = await dispatch(any_services, messenger, worker="w")
        outcomes.update(f"{d.member}:{d.outcome}" for d in result.deliveries)
    assert outcomes["slack:U0:retry"] == MAX_ATTEMPTS - 1
    assert outcomes["slack:U0:dead"] == 1 and outcomes["slack:U1:sent"] == 1
    assert [p["channel"] for p in slack.of("chat.postMessage")] == ["DU1"]
    dead = [r for r in await rows(any_services) if r.status == OutboxStatus.DEAD]
    assert len(dead) == 1 and "building the nudge failed" in (dead[0].last_error or "")


async def test_two_workers_and_a_post_slower_than_the_lease_send_each_member_once(
    any_services: Services, clock: MovableClock, slack: FakeSlack
) -> None:
    await members_of(any_services, clock, 12)
    await plan_due(any_services.db, now=DUE)
    slack.post_delay = 1.5  # slower than the whole lease below
    lease = timedelta(seconds=1)
    clock.at = DUE
    workers = [messenger_for(slack), messenger_for(slack)]

    async def work(name: str, messenger: SlackMessenger) -> None:
        for _ in range(3):
            await dispatch(any_services, {"slack": messenger}, worker=name, lease=lease, limit=4)

    await asyncio.gather(*(work(f"w{i}", m) for i, m in enumerate(workers)))
    clock.at = DUE + timedelta(minutes=10)  # past every lease and backoff
    slack.post_delay = 0
    for _ in range(4):
        for i, m in enumerate(workers):
            await dispatch(any_services, {"slack": m}, worker=f"w{i}", lease=lease)
    per_member = Counter(p["channel"] for p in slack.of("chat.postMessage"))
    assert len(per_member) == 12 and set(per_member.values()) == {1}, per_member
    assert {r.status for r in await rows(any_services) if r.kind == NudgeKind.CHALLENGE} == {
        OutboxStatus.SENT
    }


async def test_a_crash_after_slack_accepted_the_post_sends_no_second_message(
    any_services: Services, clock: MovableClock, slack: FakeSlack
) -> None:
    await members_of(any_services, clock, 1)
    await plan_due(any_services.db, now=DUE)
    clock.at = DUE
    worker = asyncio.current_task()
    crashing = asyncio.create_task(
        dispatch(any_services, {"slack": messenger_for(slack)}, worker="doomed")
    )
    # Slack accepts the post, then the worker dies before it can mark the row sent.
    slack.on_post = lambda _data: crashing.cancel()
    with pytest.raises(asyncio.CancelledError):
        await crashing
    assert worker is not None and not worker.cancelled()
    slack.on_post = None
    (row,) = [r for r in await rows(any_services) if r.status != OutboxStatus.SKIPPED]
    assert row.status == OutboxStatus.PENDING and row.claims == 1
    clock.at = DUE + timedelta(minutes=5)  # the dead worker's lease has run out
    result = await dispatch(any_services, {"slack": messenger_for(slack)}, worker="next")
    assert [d.outcome for d in result.deliveries] == [Outcome.ALREADY_SENT]
    assert len(slack.of("chat.postMessage")) == 1
    assert slack.of("conversations.history")  # it asked Slack before deciding
    (row,) = [r for r in await rows(any_services) if r.status != OutboxStatus.SKIPPED]
    assert row.status == OutboxStatus.SENT


async def test_a_worker_that_lost_its_lease_does_not_send(
    any_services: Services, clock: MovableClock, slack: FakeSlack
) -> None:
    from storage import outbox

    await members_of(any_services, clock, 1)
    await plan_due(any_services.db, now=DUE)
    async with any_services.db.transaction() as session:
        (claimed,) = await outbox.claim(
            session=session, worker="slow", now=DUE, lease=timedelta(seconds=30), limit=5
        )
    assert claimed.id is not None
    later = DUE + timedelta(minutes=1)
    async with any_services.db.transaction() as session:  # another worker took it over
        (_again,) = await outbox.claim(
            session=session, worker="fast", now=later, lease=timedelta(seconds=30), limit=5
        )
    async with any_services.db.transaction() as session:
        assert not await outbox.renew(
            session=session, row_ids=[claimed.id], worker="slow", now=later, lease=timedelta(1)
        )
        assert await outbox.renew(
            session=session, row_ids=[claimed.id], worker="fast", now=later, lease=timedelta(1)
        ) == {claimed.id}


async def test_now_gives_the_same_week_everywhere(
    services: Services, clock: MovableClock, slack: FakeSlack, tmp_path: object
) -> None:
    """`nudges tick --now` plans, dispatches and builds the challenge in one week."""
    import os
    import sys

    from storage.tables import ChallengeAssignment

    await berlin_member(services, clock, "U1")
    url = services.settings.database_url
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "SLACK_BOT_TOKEN": "xoxb-test-not-real-000",
        "SLACK_API_URL": slack.api_url,
        "LOG_LEVEL": "WARNING",
    }
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot",
        "nudges",
        "tick",
        "--now",
        "2027-01-04T08:01Z",
        env=env,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    out, err = await asyncio.wait_for(process.communicate(), 60)
    assert process.returncode == 0, err.decode()
    assert "challenge 2027-W01 sent" in out.decode()
    async with services.db.transaction() as session:
        assigned = (await session.exec(select(ChallengeAssignment))).all()
        planned = (await session.exec(select(Outbox))).all()
    assert [a.period for a in assigned] == ["2027-W01"]
    assert [(r.kind, r.period) for r in planned if r.status == OutboxStatus.SENT] == [
        (NudgeKind.CHALLENGE, "2027-W01")
    ]


async def test_the_backfill_migration_schedules_existing_members(tmp_path: object) -> None:
    """Members who joined before the index existed get nudges from the first tick."""
    from pathlib import Path

    from sqlalchemy import insert

    from storage.db import Database
    from storage.migrate import upgrade
    from storage.tables import Workspace

    assert isinstance(tmp_path, Path)
    db = Database.open(f"sqlite+aiosqlite:///{tmp_path / 'old.db'}")
    try:
        await upgrade(db.engine, "0005")
        joined = datetime(2026, 11, 20, tzinfo=UTC)
        async with db.engine.begin() as conn:
            await conn.execute(
                insert(Workspace.__table__),  # type: ignore[attr-defined]
                [{"id": 1, "platform": "slack", "external_id": "T1", "created_at": joined}],
            )
            await conn.execute(
                insert(Member.__table__),  # type: ignore[attr-defined]
                [
                    {
                        "id": n,
                        "platform": "slack",
                        "workspace_id": 1,
                        "user_id": f"U{n}",
                        "created_at": joined,
                    }
                    for n in (1, 2)
                ],
            )
            for n, off in ((1, False), (2, True)):
                await conn.execute(
                    Profile.__table__.insert().values(  # type: ignore[attr-defined]
                        member_id=n,
                        stage="junior",
                        specialization="ai-engineer",
                        timezone="Europe/Berlin",
                        nudge_weekday=0,
                        nudge_time="09:00",
                        opted_out=off,
                        digest_off=False,
                        created_at=joined,
                        updated_at=joined,
                    )
                )
        await upgrade(db.engine)
        result = await plan_due(db, now=DUE)
        assert (result.queued, result.members) == (1, 4)  # member 1, once per kind; 2 opted out
        again = await plan_due(db, now=DUE + timedelta(minutes=1))
        assert (again.queued, again.members) == (0, 0)  # an idle tick reads nothing
    finally:
        await db.close()
