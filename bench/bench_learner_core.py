"""Latency of `plan`, `progress` and `challenge` as handled by the core, at 10,000 members.

Seeds members with a profile, ratings with history and a year of challenges and check-ins,
then times each command for a sample of members through the real dispatcher on SQLite
(or on DATABASE_URL if set, e.g. a PostgreSQL one). Prints a JSON object as its last line.

    .venv/bin/python bench/bench_learner_core.py [--members N] [--samples N] [--postgres]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
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
from bot.core.clock import FixedClock
from bot.core.command import Actor
from bot.nudging.weeks import period_of
from content import load_catalog
from storage.db import Database
from storage.kinds import ChallengeStatus
from storage.tables import ChallengeAssignment, Checkin, Member, Profile, SkillRating, Workspace

NOW = datetime(2026, 11, 27, 12, 0, tzinfo=UTC)


async def seed(db: Database, members: int, rng: random.Random) -> None:
    catalog = load_catalog()
    skills = list(catalog.skills)
    stages = [s.id for s in catalog.ordered_stages()][:3]
    paths = list(catalog.specializations)
    start = NOW - timedelta(days=365)
    async with db.transaction() as session:
        conn = await session.connection()
        await conn.execute(insert(Workspace), [local_workspace(start)])
        batch = 2000
        for first in range(1, members + 1, batch):
            ids = range(first, min(first + batch, members + 1))
            await conn.execute(
                insert(Member),
                [
                    dict(
                        id=i,
                        platform="console",
                        workspace_id=1,
                        user_id=f"u{i}",
                        display_name=f"u{i}",
                        created_at=start,
                    )
                    for i in ids
                ],
            )
            await conn.execute(
                insert(Profile),
                [
                    dict(
                        member_id=i,
                        stage=rng.choice(stages),
                        specialization=rng.choice(paths),
                        timezone="Europe/Berlin",  # nudges: the table's defaults
                        created_at=start,
                        updated_at=start,
                    )
                    for i in ids
                ],
            )
            ratings, assignments, checkins = [], [], []
            for i in ids:
                for skill in skills:
                    level = rng.randint(1, 2)
                    for k in range(rng.randint(1, 3)):  # history: the level rises over the year
                        ratings.append(
                            dict(
                                member_id=i,
                                skill=skill,
                                level=min(4, level + k),
                                source="self",
                                rated_at=start + timedelta(days=120 * k + rng.randint(0, 100)),
                            )
                        )
                for week in range(52):
                    day = (start + timedelta(weeks=week)).date()
                    label = period_of(day)
                    skill = rng.choice(skills)
                    pool = catalog.challenges_for(skill, 2)
                    done = rng.random() < 0.6
                    when = datetime.combine(day, datetime.min.time(), UTC)
                    assignments.append(
                        dict(
                            member_id=i,
                            challenge_id=rng.choice(pool).id,
                            skill=skill,
                            level=2,
                            period=label,
                            status=ChallengeStatus.DONE if done else ChallengeStatus.SKIPPED,
                            evidence=None,
                            assigned_at=when,
                            completed_at=when + timedelta(days=3) if done else None,
                        )
                    )
                    if rng.random() < 0.5:
                        checkins.append(
                            dict(
                                member_id=i,
                                period=label,
                                status=rng.choice(["on-track", "slow", "blocked"]),
                                confidence=rng.randint(1, 5),
                                note=None,
                                shared=False,
                                created_at=when,
                            )
                        )
            await conn.execute(insert(SkillRating), ratings)
            await conn.execute(insert(ChallengeAssignment), assignments)
            await conn.execute(insert(Checkin), checkins)


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--members", type=int, default=10_000)
    parser.add_argument("--samples", type=int, default=300)
    parser.add_argument(
        "--postgres", action="store_true", help="run on a throwaway PostgreSQL server"
    )
    args = parser.parse_args()
    if args.postgres:
        from tests.support.pg import postgres_server

        with postgres_server() as url:
            await run(args, url)
    else:
        with scratch_sqlite() as url:
            await run(args, os.environ.get("DATABASE_URL") or url)


async def run(args: argparse.Namespace, url: str) -> None:
    rng = random.Random(42)
    services = await open_services(url, FixedClock(NOW))
    t0 = time.perf_counter()
    await seed(services.db, args.members, rng)
    seeded = time.perf_counter() - t0
    results: dict[str, dict[str, float]] = {}
    sample = rng.sample(range(1, args.members + 1), min(args.samples, args.members))
    for command in ("plan", "progress", "challenge"):
        timings = []
        for i in sample:
            actor = Actor("console", "local", f"u{i}", f"u{i}")
            start = time.perf_counter()
            await handle_text(command, actor=actor, services=services)
            timings.append((time.perf_counter() - start) * 1000)
        results[command] = {
            "median_ms": round(statistics.median(timings), 2),
            "p99_ms": round(pct(timings, 0.99), 2),
        }
        print(
            f"{command:10s} median {results[command]['median_ms']:7.2f} ms"
            f"   p99 {results[command]['p99_ms']:7.2f} ms",
            file=sys.stderr,
        )
    await services.db.close()
    backend = url.split(":", 1)[0]
    print(
        json.dumps(
            {
                "benchmark": "learner_core",
                "backend": backend,
                "members": args.members,
                "samples": len(sample),
                "seed_seconds": round(seeded, 1),
                **results,
            }
        )
    )


if __name__ == "__main__":
    asyncio.run(main())
