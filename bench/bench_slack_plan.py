"""`/mentor plan` through the Bolt HTTP stack, next to a bare Bolt app that only acks.

Both run in the same process and run, on loopback, with signed requests. For mentorbot
the time is from sending the slash command to the reply arriving, through the HTTP front
it serves (size limit, signature, replay check, then Bolt and the core): in the ack's
body, or at the response_url of a local fake Slack API when the core takes longer than
the ack budget. For the bare app it is the HTTP round trip of an empty ack. Prints a
JSON object as its last line.

    .venv/bin/python bench/bench_slack_plan.py [--requests N] [--postgres]
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import itertools
import json
import statistics
import sys
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import aiohttp
from aiohttp.test_utils import TestServer
from slack_bolt.async_app import AsyncApp
from slack_sdk.web.async_client import AsyncWebClient

from adapters.slack.app import build_app
from adapters.slack.http import build_web_app
from bench.shared import open_services, pct, scratch_sqlite
from bot.commands.services import Services
from bot.core.clock import SystemClock
from tests.fakes.slack_api import FakeSlack
from tests.support.slack import SECRET, TOKEN, USERS, sign


def body(text: str, response_url: str, trigger_id: str) -> str:
    return urlencode(
        {
            "team_id": "T1",
            "user_id": "U1",
            "user_name": "alice",
            "command": "/mentor",
            "text": text,
            "channel_id": "C1",
            "response_url": response_url,
            "trigger_id": trigger_id,  # unique, as Slack's are: no two signatures alike
        }
    )


WARM_UP = 30  # requests to each app before the measured ones


def carries_message(content_type: str, answer: str) -> bool:
    """Whether an ack's body is the reply itself (as Slack shows it)."""
    return content_type == "application/json" and '"blocks"' in answer


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument(
        "--postgres",
        action="store_true",
        help="run on a throwaway PostgreSQL server (the scale-out setup) instead of SQLite",
    )
    args = parser.parse_args()
    if args.postgres:
        from tests.support.pg import postgres_server

        with postgres_server() as url:
            await run(args, url, "postgresql")
    else:
        with scratch_sqlite() as url:
            await run(args, url, "sqlite")


async def run(args: argparse.Namespace, url: str, database: str) -> None:
    services = await open_services(url, SystemClock())
    try:
        result = await measure(services, args)
    finally:
        await services.db.close()
    print(json.dumps({**result, "database": database}))


async def measure(services: Services, args: argparse.Namespace) -> dict[str, Any]:
    """Median and p99 of `/mentor plan` through our Bolt app against a bare Bolt app."""
    async with FakeSlack(users={k: dict(v) for k, v in USERS.items()}) as slack:
        client = AsyncWebClient(token=TOKEN, base_url=slack.api_url)
        bolt = build_app(services, token=TOKEN, signing_secret=SECRET, client=client)
        # The HTTP front `mentorbot` serves: size limit, signature, replay check, then Bolt.
        front = build_web_app(bolt, services=services, signing_secret=SECRET)
        mentor = TestServer(front, host="127.0.0.1")
        bare_app = AsyncApp(
            signing_secret=SECRET,
            client=AsyncWebClient(token=TOKEN, base_url=slack.api_url),
        )

        @bare_app.command("/mentor")
        async def only_ack(ack):  # type: ignore[no-untyped-def]
            await ack()

        bare = TestServer(bare_app.web_app(), host="127.0.0.1")
        await mentor.start_server()
        await bare.start_server()
        triggers = (f"t{n}" for n in itertools.count())
        async with aiohttp.ClientSession() as http:

            async def send(server: TestServer, text: str, wait_reply: bool) -> float:
                before = len(slack.of("response_url"))
                payload = body(text, slack.response_url("bench"), next(triggers))
                start = time.perf_counter()
                async with http.post(
                    str(server.make_url("/slack/events")),
                    data=payload.encode(),
                    headers=sign(payload),
                ) as resp:
                    assert resp.status == 200
                    answer = await resp.text()
                arrived = time.perf_counter()
                if wait_reply and not carries_message(resp.content_type, answer):
                    await slack.wait_for("response_url", before + 1)
                    arrived = time.perf_counter()
                return (arrived - start) * 1000

            for text in ("start stage=mid path=mlops-engineer", "assess python 2"):
                await send(mentor, text, True)  # the member, the plan, users.info's cache
            for _ in range(WARM_UP):  # to the steady state: caches, pools, statements
                await send(mentor, "plan", True)
                await send(bare, "plan", False)
            gc.collect()
            gc.freeze()  # as every mentorbot process does after start-up (bot/cli/startup.py)
            mentor_ms, bare_ms = [], []
            for _ in range(args.requests):  # interleaved, so both see the same machine
                mentor_ms.append(await send(mentor, "plan", True))
                bare_ms.append(await send(bare, "plan", False))
        await mentor.close()
        await bare.close()
    result: dict[str, Any] = {
        "benchmark": "slack_plan_latency",
        "requests": args.requests,
        "mentor_plan_ms": {
            "median": round(statistics.median(mentor_ms), 2),
            "p99": round(pct(mentor_ms, 0.99), 2),
        },
        "bare_ack_ms": {
            "median": round(statistics.median(bare_ms), 2),
            "p99": round(pct(bare_ms, 0.99), 2),
        },
    }
    result["ratio_median"] = round(
        result["mentor_plan_ms"]["median"] / result["bare_ack_ms"]["median"], 2
    )
    result["ratio_p99"] = round(result["mentor_plan_ms"]["p99"] / result["bare_ack_ms"]["p99"], 2)
    return result


if __name__ == "__main__":
    asyncio.run(main())
