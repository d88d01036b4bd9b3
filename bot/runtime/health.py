"""/healthz, /readyz and /metrics: added to the Slack HTTP app, or served on METRICS_PORT.

Readiness means the database answers, its schema is the one this code needs, it takes a
write (a one-row probe, at most every few seconds), and every platform part reports itself
connected. Routes are added to an aiohttp application, so
the server they live on can carry other routes too (Slack events, OAuth).
"""

from __future__ import annotations

import asyncio
import logging
import os
import socket
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime

from aiohttp import web
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest

from bot.runtime.dberrors import db_cause
from storage.db import Database
from storage.ops import beat

_log = logging.getLogger(__name__)

DB_TIMEOUT_SECONDS = 3.0
PROBE_EVERY_SECONDS = 5.0  # a write probe at most this often; /readyz answers within 10 s

Check = Callable[[], Awaitable[bool]]


@dataclass
class Readiness:
    """What `/readyz` checks: the database, its schema, and each platform part."""

    db: Database
    platforms: dict[str, Check] = field(default_factory=dict)
    process: str = field(default_factory=lambda: f"{socket.gethostname()}:{os.getpid()}")
    probe_every: float = PROBE_EVERY_SECONDS
    monotonic: Callable[[], float] = time.monotonic
    _head: str | None = None  # the code's newest migration, read once
    _probed: tuple[float, str | None] | None = None  # (when, problem) of the last probe

    async def problems(self) -> list[str]:
        """Why the process is not ready; empty when it is."""
        from storage.migrate import current_revision, head_revision

        found: list[str] = []
        try:
            current = await asyncio.wait_for(current_revision(self.db.engine), DB_TIMEOUT_SECONDS)
        except Exception as exc:  # any driver error means "not reachable" here
            _log.debug("readiness: database check failed: %s", type(exc).__name__)
            return [f"database unreachable ({type(exc).__name__})"]
        if self._head is None:
            self._head = head_revision()
        if current != self._head:
            found.append(f"schema at {current or 'nothing'}, code needs {self._head}")
        elif problem := await self._write_problem():
            found.append(problem)
        for name, connected in self.platforms.items():
            try:
                ok = await connected()
            except Exception:
                ok = False
            if not ok:
                found.append(f"{name} not connected")
        return found

    async def _write_problem(self) -> str | None:
        """Why the database refuses a write, or None; probed at most every `probe_every`
        seconds, the answer in between is the last one."""
        at = self.monotonic()
        if self._probed is not None and at - self._probed[0] < self.probe_every:
            return self._probed[1]
        problem: str | None = None
        try:
            async with self.db.statements() as conn:
                write = beat(conn=conn, process=self.process, now=datetime.now(UTC))
                await asyncio.wait_for(write, DB_TIMEOUT_SECONDS)
        except Exception as exc:  # what the driver says is the reason, not a crash
            cause = db_cause(exc) or type(exc).__name__
            problem = f"database refuses writes ({cause})"
            _log.debug("readiness: write probe failed: %s", cause)
        self._probed = (at, problem)
        return problem


def add_health_routes(app: web.Application, readiness: Readiness) -> None:
    """Add GET /healthz, /readyz and /metrics to `app`."""

    async def healthz(_: web.Request) -> web.Response:
        return web.json_response({"status": "ok"})

    async def readyz(_: web.Request) -> web.Response:
        problems = await readiness.problems()
        if problems:
            return web.json_response({"status": "unavailable", "problems": problems}, status=503)
        return web.json_response({"status": "ready"})

    async def metrics(_: web.Request) -> web.Response:
        return web.Response(body=generate_latest(), headers={"Content-Type": CONTENT_TYPE_LATEST})

    app.router.add_get("/healthz", healthz)
    app.router.add_get("/readyz", readyz)
    app.router.add_get("/metrics", metrics)


async def start_http(
    app: web.Application, *, port: int, host: str | None = None, grace: float = 8.0
) -> web.AppRunner:
    """Serve `app` on `port` (all interfaces by default); return the runner to clean up."""
    runner = web.AppRunner(app, access_log=None, shutdown_timeout=grace)
    await runner.setup()
    await web.TCPSite(runner, host=host, port=port).start()
    return runner


async def serve_until_cancelled(
    app: web.Application, *, port: int, grace: float = 8.0, serving: str, routes: str
) -> None:
    """Serve `app` on `port`, say what and which routes once it listens, and run until
    cancelled; then stop accepting and give requests in flight `grace` seconds."""
    runner = await start_http(app, port=port, grace=grace)
    _log.info("%s on port %s: %s", serving, port, routes)
    try:
        await asyncio.Event().wait()
    finally:
        await runner.cleanup()


def health_app(readiness: Readiness) -> web.Application:
    """An application with only the health routes (for METRICS_PORT)."""
    app = web.Application()
    add_health_routes(app, readiness)
    return app
