"""p95 latency of the web dashboard's Teams page and skill matrix for a 1,000-member team
with a year of history (the team-summary bench's data), on SQLite, through the real aiohttp
app served in-process on loopback, and the longest event-loop stall meanwhile (a ticker
asks to wake every 10 ms; its lateness is the stall). The manager signs in with a
one-time link, as `mentorbot web login --as` gives one. Prints a JSON object as its last
line: `team_page_p95_ms`, `matrix_p95_ms`, `loop_stall_max_ms`, `loop_stalls_over_50ms`,
`members`.

    .venv/bin/python bench/bench_dashboard.py [--members N] [--requests N]
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import json
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from aiohttp import ClientSession, CookieJar, web

from adapters.web.app import standalone_app
from bench.bench_team_summary import NOW, TICK, seed, ticker
from bench.shared import open_services, pct, scratch_sqlite
from bot.commands.services import Services
from bot.core.clock import FixedClock
from bot.features.access.signin import issue_link

PAGES = {"team_page": "/web/teams", "matrix": "/web/teams/big/matrix?sort=skill&skill=python"}


async def serve(services: Services) -> tuple[web.AppRunner, str]:
    """The dashboard on a free loopback port, as `mentorbot web` serves it."""
    runner = web.AppRunner(standalone_app(services), access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = runner.addresses[0][1]
    return runner, f"http://127.0.0.1:{port}"


async def timed(http: ClientSession, path: str, count: int) -> list[float]:
    """Milliseconds per GET of `path`, one after another, each answer read in full."""
    took = []
    for _ in range(count):
        started = time.perf_counter()
        async with http.get(path, allow_redirects=False) as response:
            body = await response.read()
            assert response.status == 200 and body, (path, response.status)
        took.append((time.perf_counter() - started) * 1000)
    return took


async def measure(services: Services, members: int, requests: int) -> dict[str, object]:
    """Sign the manager in, warm up, then time each page with the ticker watching."""
    runner, base = await serve(services)
    token = await issue_link(services, who=f"u{members + 1}", now=NOW)
    gc.collect()
    gc.freeze()  # as `mentorbot` does after start-up (bot/cli/startup.py)
    result: dict[str, object] = {"benchmark": "dashboard", "members": members}
    lags: list[float] = []
    try:
        jar = CookieJar(unsafe=True)  # loopback by IP: keep its cookies
        async with ClientSession(base_url=base, cookie_jar=jar) as http:
            async with http.get(f"/web/login/link/{token}", allow_redirects=False) as signed:
                assert signed.status == 303, await signed.text()
            for name, path in PAGES.items():
                await timed(http, path, 3)  # warm-up: templates compiled, caches filled
                stop = asyncio.Event()
                ticking = asyncio.create_task(ticker(lags, stop))
                await asyncio.sleep(TICK * 2)
                took = await timed(http, path, requests)
                stop.set()
                await ticking
                result[f"{name}_p95_ms"] = round(pct(took, 0.95), 1)
                result[f"{name}_median_ms"] = round(statistics.median(took), 1)
    finally:
        await runner.cleanup()
    result["requests_each"] = requests
    result["loop_stall_max_ms"] = round(max(lags) * 1000, 1)
    result["loop_stalls_over_50ms"] = sum(1 for lag in lags if lag > 0.050)
    return result


async def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--members", type=int, default=1000)
    parser.add_argument("--requests", type=int, default=50)
    args = parser.parse_args()
    with scratch_sqlite("dashboard.db") as url:
        services = await open_services(url, FixedClock(NOW))
        try:
            await seed(services.db, args.members)
            result = await measure(services, args.members, args.requests)
        finally:
            await services.db.close()
    print(json.dumps(result))


if __name__ == "__main__":
    asyncio.run(main())
