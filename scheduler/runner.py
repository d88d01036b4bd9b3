"""APScheduler wiring: two fixed jobs (tick, dispatch). Schedules are data in the schedule
index, not jobs; the managers' digest is planned by the tick like any nudge."""

from __future__ import annotations

import asyncio
import logging
import math
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from apscheduler.schedulers.asyncio import AsyncIOScheduler

from bot.commands.services import Services
from bot.core.ports import Messenger
from bot.runtime import metrics
from bot.runtime.dberrors import db_cause
from bot.runtime.outage import Outage
from scheduler.dispatcher import BATCH, default_lease, dispatch
from scheduler.fencing import Fencer
from scheduler.pacing import Pacer
from scheduler.planner import plan_due
from storage import outbox

_log = logging.getLogger(__name__)


class _RoutineSkips(logging.Filter):
    """APScheduler warns each time a job's run is skipped because its last run still goes
    on. With max_instances=1 and coalesce that is the design (a long drain, a backoff
    after an outage), not news for an operator."""

    def filter(self, record: logging.LogRecord) -> bool:
        return "maximum number of running instances reached" not in record.getMessage()


logging.getLogger("apscheduler.scheduler").addFilter(_RoutineSkips())

# Messages a second each platform is sent at most (Slack allows about 1 per second per DM
# channel and more across channels; Discord's global limit is 50 per second).
RATES = {"slack": 20.0, "discord": 40.0}
# Seconds of sends, at the platform's pace, a lane claims at a time (0.25 beat 0.5 in
# bench/bench_nudges.py: less is left to one worker at the end of a backlog).
CLAIM_AHEAD = 0.25


async def tick(services: Services) -> None:
    """Plan whatever is due now; a failure is logged and the next tick tries again (while
    the database is down, after a backoff, and logged as one outage: bot/runtime/outage.py)."""
    outage = services.outage
    if not outage.may_try():
        return
    try:
        with metrics.TICK_SECONDS.time():
            result = await plan_due(services.db, now=services.clock.now())
        if result.queued or result.skipped or result.faults:
            _log.info(
                "tick queued %s, skipped %s, set aside %s",
                result.queued,
                result.skipped,
                result.faults,
            )
        outage.recovered()
    except Exception as exc:
        _failed(outage, exc, what="tick")


def _failed(outage: Outage, exc: Exception, *, what: str) -> None:
    cause = db_cause(exc)
    if cause is None:
        _log.exception("%s failed", what)
    else:
        outage.failed(cause, what=what)


@dataclass(frozen=True)
class Worker:
    """One scheduler worker: what its delivery jobs need."""

    services: Services
    messengers: Mapping[str, Messenger]
    name: str
    pacers: Mapping[str, Pacer] = field(default_factory=dict)


async def deliver(worker: Worker) -> None:
    """Deliver what is claimable now, batch after batch until nothing is left."""
    services = worker.services
    if not services.outage.may_try():
        return
    try:
        with metrics.DISPATCH_SECONDS.time():
            await drain(services, worker.messengers, worker=worker.name, pacers=worker.pacers)
        async with services.db.transaction() as session:
            pending, oldest = await outbox.backlog(session=session)
        age = (services.clock.now() - oldest).total_seconds() if oldest is not None else 0.0
        metrics.outbox_backlog(pending=pending, oldest_seconds=max(0.0, age))
        services.outage.recovered()
    except Exception as exc:
        _failed(services.outage, exc, what="dispatch")


async def drain(
    services: Services,
    messengers: Mapping[str, Messenger],
    *,
    worker: str,
    pacers: Mapping[str, Pacer] | None = None,
    lanes: int = 2,
) -> int:
    """Dispatch until nothing is claimable; returns how many deliveries were handled.

    Two lanes claim and deliver side by side, so the next batch starts while the last
    sends of the previous one finish, and the platform's pace is never left idle. Each
    claims about a quarter second of sends at its pace: rows claimed far ahead would wait
    here while other workers sit idle (and, at the end of a backlog, one worker would
    finish alone).
    """
    handled = 0
    limit = claim_size(pacers)
    fencer = Fencer(services, worker, default_lease(services))  # shared: fences go together

    async def lane() -> None:
        nonlocal handled
        while deliveries := (
            await dispatch(
                services, messengers, worker=worker, pacers=pacers, limit=limit, fencer=fencer
            )
        ).deliveries:
            handled += len(deliveries)

    await asyncio.gather(*(lane() for _ in range(lanes)))
    return handled


def claim_size(pacers: Mapping[str, Pacer] | None, *, ahead: float = CLAIM_AHEAD) -> int:
    """How many rows a lane claims at once: `ahead` seconds at the fastest pace, at least
    one and at most a batch (everything a batch holds when nothing is paced)."""
    if not pacers:
        return BATCH
    fastest = max(p.rate for p in pacers.values())
    return max(1, min(BATCH, math.ceil(fastest * ahead)))


async def catch_up(worker: Worker) -> None:
    """A tick then a dispatch, so a process that starts delivers what is due at once."""
    await tick(worker.services)
    await deliver(worker)


def _shielded(job: Callable[..., Awaitable[None]]) -> Callable[..., Awaitable[None]]:
    # APScheduler cancels running jobs when it shuts down; shielded, a delivery in flight
    # finishes within the process's grace period instead (see bot/cli/lifecycle.py).
    async def run(*args: Any) -> None:
        inner = asyncio.ensure_future(job(*args))
        try:
            await asyncio.shield(inner)
        except asyncio.CancelledError:
            if inner.cancelled():  # the job itself was stopped (past the grace period)
                raise
            # The scheduler is shutting down: routine, not an error for its executor to
            # log with a traceback. The process waits for the job (bot/cli/lifecycle.py).
            _log.info("the %s job finishes while the scheduler stops", job.__name__)

    run.__name__ = run.__qualname__ = job.__name__
    return run


def build_scheduler(
    services: Services, messengers: Mapping[str, Messenger], *, worker: str
) -> AsyncIOScheduler:
    """The scheduler with its two fixed jobs, at the intervals the settings give, and a
    catch-up run at start."""
    settings = services.settings
    slot, slots = settings.send_slot
    pacers = {name: Pacer(rate, slot=slot, slots=slots) for name, rate in RATES.items()}
    jobs = Worker(services, messengers, worker, pacers)
    scheduler = AsyncIOScheduler(timezone="UTC")
    options = {"max_instances": 1, "coalesce": True, "misfire_grace_time": 30}
    every: tuple[tuple[str, Callable[..., Awaitable[None]], object, float], ...] = (
        ("tick", tick, services, settings.scheduler_tick_seconds),
        ("dispatch", deliver, jobs, settings.scheduler_dispatch_seconds),
    )
    for name, job, arg, seconds in every:
        scheduler.add_job(
            _shielded(job), "interval", seconds=seconds, args=[arg], id=name, **options
        )
    scheduler.add_job(_shielded(catch_up), args=[jobs], id="catch-up")
    return scheduler


async def run_scheduler(
    services: Services, messengers: Mapping[str, Messenger], *, worker: str
) -> None:
    """Start the jobs and run until cancelled (cancelling stops new runs only)."""
    scheduler = build_scheduler(services, messengers, worker=worker)
    scheduler.start()
    _log.info("scheduler %s started", worker)
    try:
        await asyncio.Event().wait()
    finally:
        scheduler.shutdown(wait=False)
