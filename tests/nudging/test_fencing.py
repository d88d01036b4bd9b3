"""Nudges are built on a read snapshot; what they give the member (this week's challenge, a
tip) is written with the send's fence, and fences that arrive together share one write."""

from __future__ import annotations

import asyncio
import logging
import sqlite3
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import event, make_url
from sqlmodel import select

from bot.commands.dispatch import handle_text
from bot.commands.learner import Keep
from bot.commands.services import Services
from bot.core.command import Actor
from bot.core.reply import Reply
from bot.features.nudges.messages import NudgeBuild, build_nudge
from scheduler.delivery import Outcome
from scheduler.dispatcher import dispatch
from scheduler.fencing import Fenced, Fencer
from scheduler.grouping import GroupCommit
from storage import outbox
from storage.db import StaleSnapshot
from storage.tables import ChallengeAssignment, Outbox, SkillRating, Workspace
from tests.fakes.messenger import FakeMessenger
from tests.support.nudges import berlin_member, one_nudge_queued
from tests.support.services import MovableClock

LEASE = timedelta(minutes=5)
U1 = Actor(platform="slack", workspace_id="T1", user_id="U1", display_name="U1")


async def claim(services: Services, worker: str, now: object) -> list[Outbox]:
    async with services.db.statements() as conn:
        return await outbox.claim(session=conn, worker=worker, now=now, lease=LEASE, limit=10)  # type: ignore[arg-type]


async def assignments(services: Services) -> list[ChallengeAssignment]:
    async with services.db.transaction() as session:
        return list((await session.exec(select(ChallengeAssignment))).all())


def title_of(services: Services, row: ChallengeAssignment) -> str:
    return services.catalog.challenges[row.challenge_id].title


# --- group commit ----------------------------------------------------------------------


async def test_callers_that_arrive_during_a_write_share_the_next_one() -> None:
    writes: list[list[int]] = []
    first_write_may_end = asyncio.Event()

    async def write(items: Any) -> list[int]:
        writes.append(list(items))
        if len(writes) == 1:
            await first_write_may_end.wait()
        return [n * 10 for n in items]

    group: GroupCommit[int, int] = GroupCommit(write)
    first = asyncio.create_task(group.submit(1))
    await asyncio.sleep(0)  # the first caller is writing
    later = [asyncio.create_task(group.submit(n)) for n in (2, 3, 4)]
    await asyncio.sleep(0)
    first_write_may_end.set()
    assert await first == 10
    assert [await t for t in later] == [20, 30, 40]
    assert writes == [[1], [2, 3, 4]]


async def test_a_failed_write_fails_its_batch_only() -> None:
    calls = 0

    async def write(items: Any) -> list[str]:
        nonlocal calls
        calls += 1
        if calls == 1:
            raise RuntimeError("disk full")
        return ["ok" for _ in items]

    group: GroupCommit[int, str] = GroupCommit(write)
    with pytest.raises(RuntimeError, match="disk full"):
        await group.submit(1)
    assert await group.submit(2) == "ok"


async def test_a_writer_cancelled_mid_write_leaves_the_others_to_the_next_write() -> None:
    writes: list[list[int]] = []
    first_may_end = asyncio.Event()
    stuck = asyncio.Event()

    async def write(items: Any) -> list[int]:
        writes.append(list(items))
        if len(writes) == 1:
            await first_may_end.wait()
        elif len(writes) == 2:
            await stuck.wait()  # never set: the caller writing this batch is cancelled
        return list(items)

    group: GroupCommit[int, int] = GroupCommit(write)
    first = asyncio.create_task(group.submit(1))
    await asyncio.sleep(0)  # 1 is being written; 2 and 3 wait for the next write
    second = asyncio.create_task(group.submit(2))
    third = asyncio.create_task(group.submit(3))
    await asyncio.sleep(0)
    first_may_end.set()
    assert await first == 1
    await asyncio.sleep(0)  # 2 now writes the batch [2, 3]
    assert writes == [[1], [2, 3]]
    second.cancel()
    assert await asyncio.wait_for(third, 10) == 3  # bounded: a lost item would hang here
    assert writes == [[1], [2, 3], [3]]
    with pytest.raises(asyncio.CancelledError):
        await second


# --- the fence -------------------------------------------------------------------------


async def test_one_fence_write_holds_this_workers_rows_and_refuses_the_others(
    any_services: Services, clock: MovableClock
) -> None:
    now = await one_nudge_queued(any_services, clock)
    await berlin_member(any_services, clock, "U2")
    from scheduler.planner import plan_due

    await plan_due(any_services.db, now=now)
    mine, theirs = await claim(any_services, "a", now)
    async with any_services.db.statements() as conn:  # another worker holds `theirs`
        await conn.execute(
            Outbox.__table__.update()  # type: ignore[attr-defined]
            .where(Outbox.__table__.c.id == theirs.id)  # type: ignore[attr-defined]
            .values(claimed_by="b")
        )
    clock.at = now
    fencer = Fencer(any_services, "a", LEASE)
    assert mine.id is not None and theirs.id is not None
    answers = await asyncio.gather(fencer.fence(mine.id, []), fencer.fence(theirs.id, []))
    assert answers == [Fenced.HELD, Fenced.LOST]


async def build(services: Services, row: Outbox) -> tuple[Reply | None, list[Keep]]:
    """The worker's build of `row`'s nudge: the reply, and what it keeps for the fence."""
    built = await build_nudge(
        services,
        NudgeBuild(
            kind=row.kind,
            member_id=row.member_id,
            now=services.clock.now(),
            period=row.period,
            snapshot=True,
        ),
    )
    return (built.reply, list(built.keeps)) if built is not None else (None, [])


async def claimed_challenge(services: Services, clock: MovableClock) -> tuple[int, Outbox]:
    """U1's first challenge nudge, claimed by worker "w" at its due minute."""
    now = await one_nudge_queued(services, clock)
    clock.at = now
    (row,) = await claim(services, "w", now)
    assert row.id is not None
    return row.id, row


async def test_a_nudge_writes_its_challenge_with_the_fence_not_while_building(
    any_services: Services, clock: MovableClock
) -> None:
    row_id, row = await claimed_challenge(any_services, clock)
    reply, kept = await build(any_services, row)
    assert reply is not None and len(kept) == 1
    assert await assignments(any_services) == []  # the build wrote nothing
    assert await Fencer(any_services, "w", LEASE).fence(row_id, kept) is Fenced.HELD
    (written,) = await assignments(any_services)
    assert title_of(any_services, written) in reply.plain_text()


async def test_a_challenge_the_member_took_meanwhile_is_the_one_the_nudge_shows(
    any_services: Services, clock: MovableClock
) -> None:
    row_id, row = await claimed_challenge(any_services, clock)
    _, kept = await build(any_services, row)
    # Between the build and the send, the member asks for a challenge and swaps it.
    await handle_text("challenge", actor=U1, services=any_services)
    await handle_text("challenge another", actor=U1, services=any_services)
    fencer = Fencer(any_services, "w", LEASE)
    assert await fencer.fence(row_id, kept) is Fenced.CLASH
    replaced, live = await assignments(any_services)  # nothing of the nudge's written
    assert (replaced.status, live.status) == ("replaced", "assigned")
    # The worker builds the nudge again: now it shows the member's own challenge.
    reply, again = await build(any_services, row)
    assert reply is not None and again == []
    assert await fencer.fence(row_id, again) is Fenced.HELD
    assert title_of(any_services, live) in reply.plain_text()
    assert title_of(any_services, replaced) not in reply.plain_text()


async def test_dispatch_sends_the_challenge_it_records(
    any_services: Services, clock: MovableClock
) -> None:
    now = await one_nudge_queued(any_services, clock)
    clock.at = now
    messenger = FakeMessenger(clock=clock.now)
    result = await dispatch(any_services, {"slack": messenger}, worker="w")
    assert [d.outcome for d in result.deliveries] == [Outcome.SENT]
    (assignment,) = await assignments(any_services)
    assert title_of(any_services, assignment) in messenger.delivered[0].text
    shown = await handle_text("challenge", actor=U1, services=any_services)
    assert title_of(any_services, assignment) in shown.plain_text()
    assert len(await assignments(any_services)) == 1  # the member sees the same one


# --- the snapshot ----------------------------------------------------------------------


async def test_a_snapshot_that_writes_after_another_write_is_refused(
    services: Services,
) -> None:
    """SQLite: a read snapshot may not write over a change it did not see."""
    created = {"platform": "slack", "name": "", "created_at": services.clock.now()}
    with pytest.raises(StaleSnapshot):
        async with services.db.snapshot() as session:
            await session.exec(select(Workspace))  # the snapshot begins here
            async with services.db.transaction() as other:
                other.add(Workspace(external_id="T-other", **created))
            session.add(Workspace(external_id="T-stale", **created))
            await session.flush()
    async with services.db.transaction() as session:
        names = {w.external_id for w in (await session.exec(select(Workspace))).all()}
    assert "T-other" in names and "T-stale" not in names


async def test_a_build_that_must_write_over_a_newer_change_runs_again_in_a_transaction(
    services: Services, clock: MovableClock, caplog: pytest.LogCaptureFixture
) -> None:
    """U1 rated a skill behind the bot's back, so building their nudge updates their plan
    (a write); another process writes right before it: the build runs again and lands."""
    _, row = await claimed_challenge(services, clock)
    async with services.db.transaction() as session:
        session.add(
            SkillRating(member_id=row.member_id, skill="python", level=3, rated_at=clock.now())
        )
    path = make_url(services.settings.database_url).database
    assert path is not None
    raced: list[str] = []

    def another_process_writes(conn: Any, _cursor: Any, statement: str, *_: Any) -> None:
        if raced or not statement.lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE")):
            return
        if not conn.get_execution_options().get("mentorbot_snapshot"):
            return
        raced.append(statement)
        with sqlite3.connect(path) as other:
            # A real change: SQLite writes nothing for an UPDATE that changes no byte.
            other.execute("UPDATE workspace SET name = name || '!'")

    event.listen(services.db.engine.sync_engine, "before_cursor_execute", another_process_writes)
    with caplog.at_level(logging.INFO, logger="bot.commands.dispatch"):
        reply, kept = await build(services, row)
    event.remove(services.db.engine.sync_engine, "before_cursor_execute", another_process_writes)
    assert raced, "the build wrote nothing: this test no longer races it"
    assert "built again" in caplog.text
    assert reply is not None and kept == []  # written at once, in the transaction
    (written,) = await assignments(services)
    assert title_of(services, written) in reply.plain_text()
