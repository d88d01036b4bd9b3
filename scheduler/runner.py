"""APScheduler wiring: a few fixed jobs (tick, dispatch, weekly digest hook). Schedules are
data in the members' rows, not jobs."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Mapping
from typing import Any

from apscheduler.schedulers.asyncio import AsyncIOScheduler

from bot import metrics
from bot.ports import Messenger
from bot.services import Services
from scheduler.dispatcher import dispatch
from scheduler.planner import plan_due
from storage import outbox

_log = logging.getLogger(__name__)

TICK_SECONDS = 60
DISPATCH_SECONDS = 15


async def tick(services: Services) -> None:
    """Plan whatever is due now; a failure is logged and the next tick tries again."""
    try:
        with metrics.TICK_SECONDS.time():
            result = await plan_due(services.db, now=services.clock.now())
        metrics.nudge("planned", kind="any", platform="any", count=result.queued)
        if result.queued or result.skipped:
            _log.info("tick queued %s, skipped %s", result.queued, result.skipped)
    except Exception:
        _log.exception("tick failed")


async def deliver(services: Services, messengers: Mapping[str, Messenger], worker: str) -> None:
    """Deliver what is claimable now."""
    try:
        with metrics.DISPATCH_SECONDS.time():
            await dispatch(services, messengers, worker=worker, now=services.clock.now())
        async with services.db.transaction() as session:
            pending, oldest = await outbox.backlog(session=session)
        age = (services.clock.now() - oldest).total_seconds() if oldest is not None else 0.0
        metrics.outbox_backlog(pending=pending, oldest_seconds=max(0.0, age))
    except Exception:
        _log.exception("dispatch failed")


async def catch_up(services: Services, messengers: Mapping[str, Messenger], worker: str) -> None:
    """A tick then a dispatch, so a process that starts delivers what is due at once."""
    await tick(services)
    await deliver(services, messengers, worker)


def _shielded(job: Callable[..., Awaitable[None]]) -> Callable[..., Awaitable[None]]:
    async def run(*args: Any) -> None:
        await asyncio.shield(job(*args))

    run.__name__ = run.__qualname__ = job.__name__
    return run


async def weekly_digest(services: Services) -> None:
    """The managers' weekly digest arrives with the teams issue; the hook is here."""


def build_scheduler(
    services: Services, messengers: Mapping[str, Messenger], *, worker: str
) -> AsyncIOScheduler:
    """The scheduler with its three fixed jobs."""
    scheduler = AsyncIOScheduler(timezone="UTC")
    # APScheduler cancels running jobs when it shuts down; shielded, a delivery in flight
    # finishes within the process's grace period instead (see bot/lifecycle.py).
    options = {"max_instances": 1, "coalesce": True, "misfire_grace_time": 30}
    scheduler.add_job(
        _shielded(tick), "interval", seconds=TICK_SECONDS, args=[services], id="tick", **options
    )
    scheduler.add_job(
        _shielded(deliver),
        "interval",
        seconds=DISPATCH_SECONDS,
        args=[services, messengers, worker],
        id="dispatch",
        **options,
    )
    scheduler.add_job(
        weekly_digest, "cron", day_of_week="mon", hour=6, args=[services], id="digest", **options
    )
    return scheduler


async def run_scheduler(
    services: Services, messengers: Mapping[str, Messenger], *, worker: str
) -> None:
    """Start the jobs, catching up at once (a tick, then a dispatch); run until cancelled.

    Cancelling stops new job runs only: a delivery in flight runs in its own task.
    """
    scheduler = build_scheduler(services, messengers, worker=worker)
    scheduler.add_job(_shielded(catch_up), args=[services, messengers, worker], id="catch-up")
    scheduler.start()
    _log.info("scheduler %s started", worker)
    try:
        await asyncio.Event().wait()
    finally:
        scheduler.shutdown(wait=False)
