"""A member in Berlin, the outbox rows, and the tick and dispatch run at a moved instant."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.commands.dispatch import handle_text
from bot.commands.services import Services
from bot.core.command import Actor
from scheduler.dispatcher import DispatchResult, dispatch
from scheduler.planner import plan_due
from storage.tables import Outbox
from tests.fakes.messenger import FakeMessenger
from tests.support.services import MovableClock


async def dispatch_at(
    clock: MovableClock,
    services: Services,
    messengers: dict[str, FakeMessenger],
    *,
    now: datetime,
    **options: object,
) -> DispatchResult:
    """Move the one clock to `now`, then dispatch (tick, dispatch and handlers share it)."""
    clock.at = now
    return await dispatch(services, messengers, **options)  # type: ignore[arg-type]


async def rows(services: Services) -> list[Outbox]:
    from sqlmodel import select

    async with services.db.transaction() as session:
        return list((await session.exec(select(Outbox).order_by(Outbox.id))).all())  # type: ignore[arg-type]


async def berlin_member(
    services: Services, clock: MovableClock, user: str = "U1", joined: datetime | None = None
) -> None:
    """A member nudged on Mondays at 09:00 Berlin time, who joined before the first one."""
    await join(
        services,
        clock,
        user,
        "tz=Europe/Berlin day=mon time=09:00",
        joined or datetime(2026, 11, 28, tzinfo=UTC),
    )


MONDAY_9_BERLIN = datetime(2026, 11, 30, 8, 0, tzinfo=UTC)


async def join(
    services: Services, clock: MovableClock, user: str, settings: str, at: datetime
) -> None:
    clock.at = at
    await handle_text(f"start {settings}", actor=slack_actor(user), services=services)


def slack_actor(user: str) -> Actor:
    return Actor(platform="slack", workspace_id="T1", user_id=user, display_name=user)


async def one_nudge_queued(services: Services, clock: MovableClock) -> datetime:
    """U1's first Monday nudge planned into the outbox; returns the moment it was planned."""
    await berlin_member(services, clock, "U1")
    now = MONDAY_9_BERLIN + timedelta(minutes=1)
    await plan_due(services.db, now=now)
    return now
