"""APScheduler wiring: two fixed jobs (tick, dispatch). Schedules are data in the schedule
index, not jobs; the managers' digest is planned by the tick like any nudge."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Mapping

from apscheduler.schedulers.asyncio import AsyncIOScheduler

from bot.ports import Messenger
from bot.services import Services
from scheduler.dispatcher import dispatch
from scheduler.pacing import Pacer
from scheduler.planner import plan_due

_log = logging.getLogger(__name__)

# Messages a second each platform is sent at most (Slack allows about 1 per second per DM
# channel and more across channels; Discord's global limit is 50 per second).
RATES = {"slack": 20.0, "discord": 40.0}


async def tick(services: Services) -> None:
    """Plan whatever is due now; a failure is logged and the next tick tries again."""
    try:
        result = await plan_due(services.db, now=services.clock.now())
        if result.queued or result.skipped or result.faults:
            _log.info(
                "tick queued %s, skipped %s, set aside %s",
                result.queued,
                result.skipped,
                result.faults,
            )
    except Exception:
        _log.exception("tick failed")


async def deliver(
    services: Services,
    messengers: Mapping[str, Messenger],
    worker: str,
    pacers: Mapping[str, Pacer] | None = None,
) -> None:
    """Deliver what is claimable now, batch after batch until nothing is left."""
    try:
        while (await dispatch(services, messengers, worker=worker, pacers=pacers)).deliveries:
            pass
    except Exception:
        _log.exception("dispatch failed")


def build_scheduler(
    services: Services, messengers: Mapping[str, Messenger], *, worker: str
) -> AsyncIOScheduler:
    """The scheduler with its two fixed jobs, at the intervals the settings give."""
    settings = services.settings
    pacers = {name: Pacer(rate) for name, rate in RATES.items()}
    scheduler = AsyncIOScheduler(timezone="UTC")
    options = {"max_instances": 1, "coalesce": True, "misfire_grace_time": 30}
    scheduler.add_job(
        tick,
        "interval",
        seconds=settings.scheduler_tick_seconds,
        args=[services],
        id="tick",
        **options,
    )
    scheduler.add_job(
        deliver,
        "interval",
        seconds=settings.scheduler_dispatch_seconds,
        args=[services, messengers, worker, pacers],
        id="dispatch",
        **options,
    )
    return scheduler


async def run_scheduler(
    services: Services, messengers: Mapping[str, Messenger], *, worker: str
) -> None:
    """Start the jobs and run until cancelled."""
    scheduler = build_scheduler(services, messengers, worker=worker)
    scheduler.start()
    _log.info("scheduler %s started", worker)
    try:
        await asyncio.Event().wait()
    finally:
        scheduler.shutdown(wait=False)
