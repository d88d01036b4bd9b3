"""Median time of `team <name>` (summary + heatmap PNG) for a 1,000-member team with a year
of history, through the core on SQLite, and the longest event-loop stall while it runs
(a concurrent ticker asks to wake every 10 ms; its lateness is the stall). Prints a JSON
object as its last line, with `summary_ms_median` and `loop_max_lag_ms`; also
`summary_cpu_ms_median`, the process's CPU time per summary (every thread), which moves
far less than the wall clock when other work shares the machine.

    .venv/bin/python bench/bench_team_summary.py [--members N] [--runs N]
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import json
import random
import statistics
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import insert

from bench.shared import local_workspace, open_services, pct, scratch_sqlite
from bot.commands.dispatch import handle_text
from bot.commands.services import Services
from bot.core.clock import FixedClock
from bot.core.command import Actor
from bot.core.reply import Image
from bot.nudging.weeks import period_of
from content import load_catalog
from storage.db import Database
from storage.kinds import ChallengeStatus
from storage.tables import (
    ChallengeAssignment,
    Checkin,
    Member,
    Profile,
    SkillRating,
    Team,
    TeamMembership,
    Workspace,
)

NOW = datetime(2026, 11, 27, 12, 0, tzinfo=UTC)
ZONES = ["UTC", "Europe/Berlin", "America/New_York", "Asia/Kolkata", "Pacific/Auckland"]
TICK = 0.010


async def ticker(lags: list[float], stop: asyncio.Event) -> None:
    """Wake every 10 ms and record how late each wake-up was: the loop's stalls."""
    loop = asyncio.get_running_loop()
    while not stop.is_set():
        asked = loop.time()
        await asyncio.sleep(TICK)
        lags.append(loop.time() - asked - TICK)


async def seed(db: Database, members: int) -> None:
    rng = random.Random(7)
    catalog = load_catalog()
    skills = list(catalog.skills)
    start = NOW - timedelta(days=365)
    async with db.transaction() as session:
        conn = await session.connection()
        await conn.execute(insert(Workspace), [local_workspace(start)])
        await conn.execute(
            insert(Team), [{"id": 1, "workspace_id": 1, "name": "big", "created_at": start}]
        )
        ids = range(1, members + 2)  # the last one is the manager
        await conn.execute(
            insert(Member),
            [
                {
                    "id": i,
                    "platform": "console",
                    "workspace_id": 1,
                    "user_id": f"u{i}",
                    "display_name": f"u{i}",
                    "created_at": start,
                }
                for i in ids
            ],
        )
        await conn.execute(
            insert(Profile),
            [
                {
                    "member_id": i,
                    "stage": rng.choice(["junior", "mid", "senior"]),
                    "specialization": rng.choice(list(catalog.specializations)),
                    "timezone": rng.choice(ZONES),
                    "nudge_weekday": 0,
                    "nudge_time": "09:00",
                    "opted_out": False,
                    "created_at": start,
                    "updated_at": start,
                }
                for i in ids
                if i % 50 or i == members + 1  # every 50th member was invited, never started
            ],
        )
        await conn.execute(
            insert(TeamMembership),
            [
                {
                    "team_id": 1,
                    "member_id": i,
                    "role": "member",
                    "added_by": None,
                    "added_at": start,
                }
                for i in ids[:-1]
            ]
            + [
                {
                    "team_id": 1,
                    "member_id": members + 1,
                    "role": "manager",
                    "added_by": None,
                    "added_at": start,
                }
            ],
        )
        ratings, challenges, checkins = [], [], []
        for i in ids[:-1]:
            for skill in skills:
                if rng.random() < 0.2:  # some skills never rated
                    continue
                for k in range(rng.randint(1, 3)):
                    ratings.append(
                        {
                            "member_id": i,
                            "skill": skill,
                            "level": min(4, 1 + k + rng.randint(0, 1)),
                            "source": "self",
                            "rated_at": start + timedelta(days=100 * k + rng.randint(0, 90)),
                        }
                    )
            for week in range(52):
                day = (start + timedelta(weeks=week)).date()
                when = datetime.combine(day, datetime.min.time(), UTC)
                challenges.append(
                    {
                        "member_id": i,
                        "challenge_id": catalog.challenges_for(skills[week % len(skills)], 2)[0].id,
                        "skill": skills[week % len(skills)],
                        "level": 2,
                        "period": period_of(day),
                        "status": ChallengeStatus.DONE
                        if rng.random() < 0.6
                        else ChallengeStatus.SKIPPED,
                        "evidence": None,
                        "assigned_at": when,
                        "completed_at": None,
                    }
                )
                if rng.random() < 0.5:
                    checkins.append(
                        {
                            "member_id": i,
                            "period": period_of(day),
                            "status": rng.choice(["on-track", "slow", "blocked"]),
                            "confidence": rng.randint(1, 5),
                            "note": "a note",
                            "shared": rng.random() < 0.3,
                            "created_at": when,
                        }
                    )
        await conn.execute(insert(SkillRating), ratings)
        await conn.execute(insert(ChallengeAssignment), challenges)
        await conn.execute(insert(Checkin), checkins)


async def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--members", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    with scratch_sqlite("team.db") as url:
        services = await open_services(url, FixedClock(NOW))
        try:
            await seed(services.db, args.members)
            result = await measure(services, args)
        finally:
            await services.db.close()
    print(json.dumps(result))


async def measure(services: Services, args: argparse.Namespace) -> dict[str, object]:
    """Time `team big` as its manager, with a 10 ms ticker watching the event loop."""
    manager = Actor("console", "local", f"u{args.members + 1}")
    gc.collect()
    gc.freeze()  # as `mentorbot` does after start-up (bot/cli/startup.py)
    timings: list[float] = []
    cpu: list[float] = []
    lags: list[float] = []
    for _ in range(args.runs):
        stop = asyncio.Event()
        ticking = asyncio.create_task(ticker(lags, stop))
        await asyncio.sleep(TICK * 2)  # the ticker is running before the summary starts
        started, used = time.perf_counter(), time.process_time()
        reply = await handle_text("team big", actor=manager, services=services)
        timings.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - used) * 1000)
        stop.set()
        await ticking
        assert any(isinstance(b, Image) and b.data for b in reply.blocks)  # the chart was drawn
    return {
        "benchmark": "team_summary",
        "members": args.members,
        "runs": args.runs,
        "summary_ms_median": round(statistics.median(timings)),
        "summary_ms_min": round(min(timings)),
        "summary_ms_max": round(max(timings)),
        "summary_cpu_ms_median": round(statistics.median(cpu)),
        "loop_max_lag_ms": round(max(lags) * 1000, 1),
        "loop_lag_ms_p99": round(pct(lags, 0.99) * 1000, 1),
    }


if __name__ == "__main__":
    asyncio.run(main())
