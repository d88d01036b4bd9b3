"""Serve the dashboard alone (`mentorbot web`, or `mentorbot run` with PORT and no Slack
over HTTP), with /healthz, /readyz and /metrics beside it."""

from __future__ import annotations

import logging

from adapters.web.app import standalone_app
from adapters.web.base import PREFIX
from bot.commands.services import Services
from bot.runtime.health import Readiness, add_health_routes, serve_until_cancelled

_log = logging.getLogger(__name__)


async def serve_web(
    services: Services, *, port: int, readiness: Readiness, grace: float = 8.0
) -> None:
    """Serve the dashboard on `port` until cancelled."""
    app = standalone_app(services)
    add_health_routes(app, readiness)
    routes = f"{PREFIX}/, /healthz, /readyz, /metrics"
    await serve_until_cancelled(app, port=port, grace=grace, serving="web dashboard", routes=routes)
