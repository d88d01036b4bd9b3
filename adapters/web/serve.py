"""Serve the dashboard alone (`mentorbot web`, or `mentorbot run` with PORT and no Slack
over HTTP), with /healthz, /readyz and /metrics beside it."""

from __future__ import annotations

import asyncio
import logging

from adapters.web.app import standalone_app
from adapters.web.base import PREFIX
from bot.commands.services import Services
from bot.runtime.health import Readiness, add_health_routes, start_http

_log = logging.getLogger(__name__)


async def serve_web(
    services: Services, *, port: int, readiness: Readiness, grace: float = 8.0
) -> None:
    """Serve the dashboard on `port` until cancelled."""
    app = standalone_app(services)
    add_health_routes(app, readiness)
    runner = await start_http(app, port=port, grace=grace)
    _log.info("web dashboard on port %s: %s/, /healthz, /readyz, /metrics", port, PREFIX)
    try:
        await asyncio.Event().wait()
    finally:
        await runner.cleanup()
