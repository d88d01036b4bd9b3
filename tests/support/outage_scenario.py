"""A PostgreSQL restart while the real scheduler delivers: what the suite's outage test and
bench/fault_pg_restart.py both run.

One scheduler worker (the APScheduler jobs of `run_scheduler`) delivers a Monday's
nudges to `members` members through a messenger that answers like a network (a short
await per message). Once some have gone out, PostgreSQL stops (immediate shutdown) for
`outage` seconds and starts again. The bot's clock runs with the real one; after the
restart the test moves it past the lease, so rows claimed before the outage are claimed
again, and their retry asks the platform first.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from sqlalchemy.engine import make_url

from bot.commands.dispatch import handle_text
from bot.commands.services import Services
from bot.core.command import Actor
from bot.core.reply import Reply
from bot.features.catalog import build_registry
from bot.runtime.settings import Settings
from content import load_catalog
from scheduler.planner import plan_due
from scheduler.runner import run_scheduler
from storage.db import Database
from storage.migrate import upgrade
from tests.fakes.messenger import FakeMessenger
from tests.support.pg import Server

MONDAY_9_BERLIN = datetime(2026, 11, 30, 8, 1, tzinfo=UTC)
LEASE_SECONDS = 10.0
WEEKLY = "tz=Europe/Berlin day=mon time=09:00"
WAIT_SECONDS = 120.0


class RunningClock:
    """The bot's clock: `start` plus the real time since, plus any jump the test makes."""

    def __init__(self, start: datetime) -> None:
        self.start, self.began, self.jumped = start, time.monotonic(), timedelta()

    def now(self) -> datetime:
        return self.start + timedelta(seconds=time.monotonic() - self.began) + self.jumped


@dataclass
class SlowMessenger(FakeMessenger):
    """Sends that take a few milliseconds, like a platform's API."""

    latency: float = 0.01

    async def send(
        self, *, user_id: str, reply: Reply, key: str | None = None, workspace_id: str = ""
    ) -> None:
        await asyncio.sleep(self.latency)  # a network round trip, not a wait for time
        await super().send(user_id=user_id, reply=reply, key=key, workspace_id=workspace_id)


@dataclass
class Outcome:
    """What one run gave: per-member message counts and what the process logged."""

    members: int
    per_key: Counter[str | None]  # messages per nudge (member, kind, week)
    reached: set[str]  # members who got their challenge
    loud: list[logging.LogRecord] = field(default_factory=list)  # WARNING and worse
    tracebacks: int = 0
    outage_seconds: float = 0.0

    @property
    def duplicates(self) -> int:
        return sum(n - 1 for n in self.per_key.values() if n > 1)

    @property
    def lost(self) -> int:
        return self.members - len(self.reached)


class _Records(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


async def _until(done: object, what: str, timeout: float = WAIT_SECONDS) -> None:
    async def poll() -> None:
        while not done():  # type: ignore[operator]
            await asyncio.sleep(0.05)

    try:
        await asyncio.wait_for(poll(), timeout)
    except TimeoutError:
        raise AssertionError(f"timed out waiting for {what}") from None


async def _create(admin_url: str, name: str) -> str:
    import asyncpg

    url = make_url(admin_url)
    conn = await asyncpg.connect(host=url.host, port=url.port, user=url.username)
    try:
        await conn.execute(f'CREATE DATABASE "{name}"')
    finally:
        await conn.close()
    return str(url.set(database=name))


async def restart_during_dispatch(server: Server, *, members: int, outage: float) -> Outcome:
    """Run the scenario on `server`; PostgreSQL is down for `outage` seconds."""
    url = await _create(server.url, "outage")
    db = Database.open(url)
    await upgrade(db.engine)
    settings = Settings(  # type: ignore[call-arg]
        _env_file=None,
        database_url=url,
        scheduler_tick_seconds=1,
        scheduler_dispatch_seconds=0.5,
        nudge_lease_seconds=LEASE_SECONDS,
    )
    clock = RunningClock(datetime(2026, 11, 28, tzinfo=UTC))
    services = Services(load_catalog(), build_registry(), clock, settings, db)
    for n in range(members):
        actor = Actor(platform="slack", workspace_id="T1", user_id=f"U{n}", display_name=f"m{n}")
        await handle_text(
            "start tz=Europe/Berlin day=mon time=09:00", actor=actor, services=services
        )
    await plan_due(db, now=MONDAY_9_BERLIN)  # a weekend's planning, before the outage
    clock.start = MONDAY_9_BERLIN - timedelta(seconds=time.monotonic() - clock.began)
    messenger = SlowMessenger(clock=clock.now)
    records = _Records()
    root = logging.getLogger()
    root.addHandler(records)
    before = root.level
    root.setLevel(logging.INFO)
    worker = asyncio.create_task(run_scheduler(services, {"slack": messenger}, worker="w1"))
    try:
        await _until(lambda: len(messenger.delivered) >= members // 4, "the first deliveries")
        server.stop()
        stopped = time.monotonic()
        await asyncio.sleep(outage)  # the outage itself: PostgreSQL is down this long
        server.start()
        down = time.monotonic() - stopped
        clock.jumped = timedelta(seconds=LEASE_SECONDS + 1)  # past the claims' lease
        await _until(lambda: {d.user_id for d in messenger.delivered} >= _all(members), "all")
    finally:
        worker.cancel()
        await asyncio.gather(worker, return_exceptions=True)
        root.removeHandler(records)
        root.setLevel(before)
        await db.close()
    return Outcome(
        members=members,
        per_key=Counter(d.key for d in messenger.delivered),
        reached={d.user_id for d in messenger.delivered if "challenge" in d.title.lower()},
        loud=[r for r in records.records if r.levelno >= logging.WARNING],
        tracebacks=sum(1 for r in records.records if r.exc_info),
        outage_seconds=down,
    )


def _all(members: int) -> set[str]:
    return {f"U{n}" for n in range(members)}
