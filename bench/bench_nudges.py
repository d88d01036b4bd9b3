"""Nudges at scale: plan 100,000 members due in the same hour, then deliver a batch through
the real Slack messenger to a local fake Slack API that enforces a rate limit (429 +
Retry-After). Prints a JSON object as its last line.

    .venv/bin/python bench/bench_nudges.py [--members N] [--deliver N] [--rate R] [--workers W]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import resource
import sys
import tempfile
import time
import tracemalloc
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from slack_sdk.web.async_client import AsyncWebClient
from sqlalchemy import func, insert, select, update

from adapters.slack.messenger import SlackMessenger, install_retry_handlers
from bot.clock import FixedClock
from bot.commands import build_registry
from bot.services import Services
from bot.settings import Settings
from content import load_catalog
from scheduler.dispatcher import dispatch
from scheduler.pacing import Pacer
from scheduler.planner import plan_due
from storage.db import Database
from storage.migrate import upgrade
from storage.tables import Member, Outbox, Profile, Workspace
from tests.fakes.slack_api import FakeSlack

JOINED = datetime(2026, 11, 28, tzinfo=UTC)
MONDAY_10_UTC = datetime(2026, 11, 30, 10, 0, tzinfo=UTC)  # every challenge due 08:00-08:59 UTC


async def seed(db: Database, members: int) -> None:
    async with db.transaction() as session:
        conn = await session.connection()
        await conn.execute(
            insert(Workspace),
            [{"id": 1, "platform": "slack", "external_id": "T1", "name": "", "created_at": JOINED}],
        )
        for first in range(1, members + 1, 5000):
            ids = range(first, min(first + 5000, members + 1))
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
            await conn.execute(
                insert(Profile),
                [
                    {
                        "member_id": i,
                        "stage": "junior",
                        "specialization": "ai-engineer",
                        "timezone": "Europe/Berlin",
                        "nudge_weekday": 0,
                        "nudge_time": f"09:{i % 60:02d}",
                        "opted_out": False,
                        "created_at": JOINED,
                        "updated_at": JOINED,
                    }
                    for i in ids
                ],
            )


async def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--members", type=int, default=100_000)
    parser.add_argument("--deliver", type=int, default=600)
    parser.add_argument("--rate", type=float, default=10.0, help="messages/s the fake API allows")
    parser.add_argument("--workers", type=int, default=4)
    args = parser.parse_args()
    url = f"sqlite+aiosqlite:///{tempfile.mkdtemp(prefix='mentorbot-bench-')}/nudges.db"
    db = Database.open(url)
    await upgrade(db.engine)
    await seed(db, args.members)

    started = time.perf_counter()
    planned = await plan_due(db, now=MONDAY_10_UTC)
    plan_seconds = time.perf_counter() - started
    # Peak memory of a tick, traced on a second (idempotent) pass that walks every member
    # the same way: it stays flat because members stream in batches.
    tracemalloc.start()
    again = await plan_due(db, now=MONDAY_10_UTC)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert again.queued == 0

    # Deliver a batch: the first --deliver rows; the rest are held back for this run.
    async with db.transaction() as session:
        conn = await session.connection()
        cutoff = (
            await conn.execute(select(Outbox.id).order_by(Outbox.id).offset(args.deliver).limit(1))
        ).scalar()
        if cutoff is not None:
            await conn.execute(update(Outbox).where(Outbox.id >= cutoff).values(status="held"))

    services = Services(
        load_catalog(),
        build_registry(),
        FixedClock(MONDAY_10_UTC),
        Settings(_env_file=None, database_url=url),
        db,
    )  # type: ignore[call-arg]
    async with FakeSlack(rate_limit=args.rate) as slack:
        client = AsyncWebClient(token="xoxb-bench-not-real", base_url=slack.api_url)
        install_retry_handlers(client, max_retry_count=5)
        messengers = {"slack": SlackMessenger(client)}
        pacers = {"slack": Pacer(args.rate * 0.97)}
        started = time.perf_counter()

        async def worker(name: str) -> None:
            while (
                await dispatch(
                    services, messengers, worker=name, now=MONDAY_10_UTC, limit=20, pacers=pacers
                )
            ).deliveries:
                pass

        await asyncio.gather(*(worker(f"w{i}") for i in range(args.workers)))
        elapsed = time.perf_counter() - started
        posted = slack.of("chat.postMessage")
        rejected = slack.rejected
    async with db.transaction() as session:
        conn = await session.connection()
        statuses = dict(
            (await conn.execute(select(Outbox.status, func.count()).group_by(Outbox.status))).all()
        )
    await db.close()

    channels = Counter(p["channel"] for p in posted)
    delivered = len(channels)
    result = {
        "benchmark": "nudges",
        "members": args.members,
        "planned": planned.queued,
        "plan_seconds": round(plan_seconds, 2),
        "planned_per_second": round(planned.queued / plan_seconds),
        "plan_peak_python_mib": round(peak / 2**20, 1),
        "max_rss_mib": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "deliver": args.deliver,
        "allowed_per_second": args.rate,
        "achieved_per_second": round(delivered / elapsed, 1),
        "achieved_allowed_ratio": round(delivered / elapsed / args.rate, 3),
        "rejected_429": rejected,
        "duplicates": sum(n - 1 for n in channels.values()),
        "lost": args.deliver - statuses.get("sent", 0),
        "statuses": statuses,
    }
    print(json.dumps(result))


if __name__ == "__main__":
    asyncio.run(main())
