"""Nudges at scale. Plan --members members all due in the same hour (the first tick), time
an idle tick (nothing new due), then deliver --deliver nudges with --workers dispatchers
through the real Slack messenger to a local fake Slack that enforces --rate messages a
second (429 + Retry-After past it). Prints a JSON object as its last line.

    .venv/bin/python bench/bench_nudges.py [--members N] [--deliver N] [--rate R]
                                           [--workers W] [--postgres] [--disk-load]

--disk-load runs a neighbour that keeps the disk busy (big writes, fsynced) while the
nudges are delivered: the figure a host with noisy neighbours sees.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import json
import resource
import statistics
import sys
import time
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from slack_sdk.web.async_client import AsyncWebClient
from sqlalchemy import func, insert, select, update

from adapters.slack.messenger import SlackMessenger
from bench.shared import scratch_sqlite
from bot.commands.services import Services
from bot.features.catalog import build_registry
from bot.features.learner.learning import sync_plan
from bot.nudging.calendar import KINDS
from bot.nudging.index import next_due
from bot.runtime.settings import Settings
from content import load_catalog
from scheduler.pacing import Pacer
from scheduler.planner import plan_due
from scheduler.runner import drain
from storage.db import Database
from storage.kinds import OutboxStatus
from storage.migrate import upgrade
from storage.tables import Member, NudgeSchedule, Outbox, Profile, Workspace
from tests.fakes.slack_api import FakeSlack

JOINED = datetime(2026, 11, 29, tzinfo=UTC)  # Sunday: nothing of last week is due
MONDAY_10_UTC = datetime(2026, 11, 30, 10, 0, tzinfo=UTC)  # every challenge due 08:00-08:59 UTC
CHUNK = 5000


@dataclass
class RunningClock:
    """A clock that starts at `at` and runs with real time, as a live scheduler's does."""

    at: datetime
    started: float = 0.0

    def __post_init__(self) -> None:
        self.started = time.monotonic()

    def now(self) -> datetime:
        return self.at + timedelta(seconds=time.monotonic() - self.started)


def profile_row(i: int) -> dict[str, object]:
    return {
        "member_id": i,
        "stage": "junior",
        "specialization": "ai-engineer",
        "timezone": "Europe/Berlin",
        "nudge_weekday": 0,
        "nudge_time": f"09:{i % 60:02d}",
        "opted_out": False,
        "digest_off": False,
        "created_at": JOINED,
        "updated_at": JOINED,
    }


async def seed(db: Database, members: int) -> None:
    """Members, profiles and their schedule index, as `start` would leave them."""
    async with db.transaction() as session:
        conn = await session.connection()
        await conn.execute(
            insert(Workspace),
            [{"id": 1, "platform": "slack", "external_id": "T1", "name": "", "created_at": JOINED}],
        )
        for first in range(1, members + 1, CHUNK):
            ids = range(first, min(first + CHUNK, members + 1))
            await conn.execute(
                insert(Member),
                [
                    {
                        "id": i,
                        "platform": "slack",
                        "workspace_id": 1,
                        "user_id": f"U{i}",
                        "display_name": f"u{i}",
                        "created_at": JOINED,
                    }
                    for i in ids
                ],
            )
            profiles = [profile_row(i) for i in ids]
            await conn.execute(insert(Profile), profiles)
            index = []
            for row in profiles:
                profile = Profile.model_validate(row)
                for kind in KINDS:
                    due = next_due(profile, kind, now=JOINED)
                    if due is not None:
                        index.append(
                            {
                                "member_id": row["member_id"],
                                "kind": kind,
                                "next_due": due.at,
                                "period": due.period,
                            }
                        )
            await conn.execute(insert(NudgeSchedule), index)


async def run(args: argparse.Namespace, url: str) -> dict[str, object]:
    db = Database.open(url)
    await upgrade(db.engine)
    await seed(db, args.members)

    started = time.perf_counter()
    planned = await plan_due(db, now=MONDAY_10_UTC)
    plan_seconds = time.perf_counter() - started
    idle = []
    for n in range(5):
        started = time.perf_counter()
        again = await plan_due(db, now=MONDAY_10_UTC + timedelta(seconds=60 * (n + 1)))
        idle.append(time.perf_counter() - started)
        assert again.queued == 0, again

    # Deliver a batch: the first --deliver rows; the rest are held back for this run.
    async with db.transaction() as session:
        conn = await session.connection()
        pending = select(Outbox.id).where(Outbox.status == OutboxStatus.PENDING).order_by(Outbox.id)
        cutoff = (await conn.execute(pending.offset(args.deliver).limit(1))).scalar()
        if cutoff is not None:
            await conn.execute(
                update(Outbox)
                .where(Outbox.status == OutboxStatus.PENDING, Outbox.id >= cutoff)
                .values(status="held")
            )

    # The members about to be nudged have a plan, as `start` leaves them.
    catalog = load_catalog()
    async with db.transaction() as session:
        conn = await session.connection()
        chosen = (
            await conn.execute(
                select(Outbox.member_id).where(Outbox.status == OutboxStatus.PENDING)
            )
        ).scalars()
        for member_id in list(chosen):
            profile = await session.get(Profile, member_id)
            assert profile is not None
            await sync_plan(
                session=session,
                catalog=catalog,
                member_id=member_id,
                profile=profile,
                now=JOINED,
            )

    # The workers are processes of their own, as `mentorbot scheduler` runs them: they
    # pace to 98 % of the rate together, each taking every --workers-th slot of it (see
    # scheduler/pacing.py), and start delivering together once every one is up (a
    # process's start-up is not delivery). The fake Slack runs here.
    # The fake's clock is the referee: a collection over the seeded rows' garbage would
    # stall it for tens of milliseconds and then count a queue of posts as one burst.
    gc.collect()
    gc.freeze()
    disk_load = await start_disk_load() if args.disk_load else None
    async with FakeSlack(rate_limit=args.rate) as slack:
        times: list[float] = []
        slack.on_post = lambda _data: times.append(time.perf_counter())
        paced = args.rate * 0.98
        children = [
            await asyncio.create_subprocess_exec(
                sys.executable,
                __file__,
                "--work",
                f"w{i}",
                "--url",
                url,
                "--api",
                slack.api_url,
                "--rate",
                str(paced),
                "--slot",
                str(i),
                "--workers",
                str(args.workers),
                stdin=asyncio.subprocess.PIPE,
                stdout=asyncio.subprocess.PIPE,
            )
            for i in range(args.workers)
        ]
        for child in children:
            assert child.stdout is not None
            await child.stdout.readline()  # "ready"
        for child in children:
            assert child.stdin is not None
            child.stdin.write(b"go\n")
            await child.stdin.drain()
        await asyncio.gather(*(child.wait() for child in children))
        posted = slack.of("chat.postMessage")
        elapsed = (times[-1] - times[0]) * len(times) / max(1, len(times) - 1) if times else 0.0
        rejected = slack.rejected
    if disk_load is not None:
        disk_load.kill()
        await disk_load.wait()
    async with db.transaction() as session:
        conn = await session.connection()
        statuses = dict(
            (await conn.execute(select(Outbox.status, func.count()).group_by(Outbox.status))).all()
        )
    await db.close()

    channels = Counter(p["channel"] for p in posted)
    count = len(channels)
    return {
        "benchmark": "nudges",
        "database": "postgresql" if args.postgres else "sqlite",
        "members": args.members,
        "planned": planned.queued,
        "plan_seconds": round(plan_seconds, 2),
        "idle_tick_seconds": round(statistics.median(idle), 4),
        "max_rss_mib": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "disk_load": args.disk_load,
        "deliver": args.deliver,
        "workers": args.workers,
        "allowed_per_second": args.rate,
        "achieved_per_second": round(count / elapsed, 1) if elapsed else 0.0,
        "achieved_allowed_ratio": round(count / elapsed / args.rate, 3) if elapsed else 0.0,
        "rejected_429": rejected,
        "duplicates": sum(n - 1 for n in channels.values()),
        "lost": args.deliver - statuses.get(OutboxStatus.SENT, 0),
        "statuses": statuses,
    }


# A neighbour on the same disk: big writes, each batch fsynced (as a backup or a log
# shipper would). It drains the kernel's dirty pages, which stalls every other writer.
DISK_LOAD = """
import os, sys, tempfile
block = os.urandom(8 << 20)
with tempfile.TemporaryFile(prefix="mentorbot-bench-load-") as f:
    while True:
        f.seek(0)
        for _ in range(8):
            f.write(block)
        f.flush()
        os.fsync(f.fileno())
"""


async def start_disk_load() -> asyncio.subprocess.Process:
    return await asyncio.create_subprocess_exec(sys.executable, "-c", DISK_LOAD)


async def work(args: argparse.Namespace) -> None:
    """One worker process: deliver until nothing is left to claim for 3 s."""
    db = Database.open(args.url)
    services = Services(
        load_catalog(),
        build_registry(),
        RunningClock(MONDAY_10_UTC),
        Settings(_env_file=None, database_url=args.url),  # type: ignore[call-arg]
        db,
    )
    gc.collect()
    gc.freeze()  # as bot/startup.build_services does for every mentorbot process
    client = AsyncWebClient(token="xoxb-bench-not-real", base_url=args.api)
    messengers = {"slack": SlackMessenger(client)}
    print("ready", flush=True)
    await asyncio.to_thread(sys.stdin.readline)  # "go", once every worker is ready
    pacers = {"slack": Pacer(args.rate, slot=args.slot, slots=args.workers)}
    quiet_since = time.perf_counter()
    while time.perf_counter() - quiet_since < 3:  # rows backing off come back later
        if await drain(services, messengers, worker=args.work, pacers=pacers):
            quiet_since = time.perf_counter()
        else:
            await asyncio.sleep(0.05)
    await messengers["slack"].close()
    await db.close()


async def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--work", help=argparse.SUPPRESS)
    parser.add_argument("--url", help=argparse.SUPPRESS)
    parser.add_argument("--api", help=argparse.SUPPRESS)
    parser.add_argument("--slot", type=int, default=0, help=argparse.SUPPRESS)
    parser.add_argument("--members", type=int, default=100_000)
    parser.add_argument("--deliver", type=int, default=600)
    parser.add_argument("--rate", type=float, default=20.0, help="messages/s the fake allows")
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--postgres", action="store_true", help="on a throwaway PostgreSQL")
    parser.add_argument(
        "--disk-load",
        action="store_true",
        help="while delivering, another process writes 64 MiB and fsyncs it, over and over",
    )
    args = parser.parse_args()
    if args.work:
        await work(args)
        return
    if args.postgres:
        from tests.support.pg import postgres_server

        with postgres_server() as url:
            result = await run(args, url)
    else:
        with scratch_sqlite("nudges.db") as url:
            result = await run(args, url)
    print(json.dumps(result))


if __name__ == "__main__":
    asyncio.run(main())
