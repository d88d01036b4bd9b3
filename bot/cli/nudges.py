"""`mentorbot nudges`: one tick (cron-friendly), the outbox's state, one member's preview."""

from __future__ import annotations

import sys
from dataclasses import replace
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Annotated

import typer

from bot.cli import common
from bot.cli.common import examples, group, now_or_real

if TYPE_CHECKING:
    from bot.commands.services import Services
    from storage.tables import Outbox, Profile

nudges_app = group(
    "Weekly nudges: one tick, or a preview.",
    "mentorbot nudges tick                          # plan and deliver what is due now",
    "mentorbot nudges tick --now 2026-11-30T09:05Z  # as if it were then",
    "mentorbot nudges preview alice --weeks 3",
)


@nudges_app.command(
    "tick",
    epilog=examples(
        "mentorbot nudges tick",
        "mentorbot nudges tick --now 2026-11-30T09:05Z --worker cron",
    ),
)
def nudges_tick(
    now: Annotated[str | None, typer.Option(help="Pretend it is this ISO-8601 instant.")] = None,
    worker: Annotated[str, typer.Option(help="This worker's name.")] = "cli",
) -> None:
    """Plan and deliver due nudges once (cron-friendly): one line per delivery, then totals."""
    from bot.core.clock import FixedClock

    services = common.services(common.settings())
    # One clock for the tick, the dispatch and the handlers that build each nudge.
    services = replace(services, clock=FixedClock(now_or_real(now)))
    common.run_on(services, lambda: _tick(services, worker=worker))


async def _tick(services: Services, *, worker: str) -> None:
    from bot.cli.parts import messengers_of
    from bot.cli.progress import progress
    from scheduler.dispatcher import dispatch
    from scheduler.planner import plan_due
    from storage import outbox

    messengers, closers = await messengers_of(services)
    try:
        with progress("Planning due nudges"):
            planned = await plan_due(services.db, now=services.clock.now())
        async with services.db.transaction() as session:
            pending, _oldest = await outbox.backlog(session=session)
        sent = 0
        with progress("Delivering nudges", total=pending) as advance:
            while True:
                result = await dispatch(services, messengers, worker=worker)
                for d in result.deliveries:
                    print(f"{d.member} {d.kind} {d.period} {d.outcome}")
                sent += len(result.deliveries)
                advance(len(result.deliveries))
                if not result.deliveries:
                    break
        print(
            f"planned {planned.queued}, skipped as stale {planned.skipped}, "
            f"handled {sent} delivery attempt(s); {planned.members} due schedule row(s) read"
            + (f", {planned.faults} set aside (see the log)" if planned.faults else "")
        )
    finally:
        for closer in closers:
            await closer.close()


@nudges_app.command("status", epilog=examples("mentorbot nudges status"))
def nudges_status() -> None:
    """For operators: outbox rows by status, the oldest waiting row, and dead rows."""
    from storage import outbox

    services = common.services(common.settings())
    moment = now_or_real(None)

    async def read() -> tuple[dict[str, int], datetime | None, list[Outbox]]:
        async with services.db.transaction() as session:
            counts = await outbox.status_counts(session=session)
            oldest = await outbox.oldest_pending(session=session)
            dead = await outbox.dead_rows(session=session)
        return counts, oldest, dead

    counts, oldest, dead = common.run_on(services, read)
    lines = ["outbox: " + (", ".join(f"{n} {k}" for k, n in sorted(counts.items())) or "empty")]
    if oldest is not None:
        lines.append(
            f"oldest pending: due {oldest:%Y-%m-%d %H:%M} UTC, {_age(moment - oldest)} ago"
        )
    else:
        lines.append("oldest pending: none")
    for row in dead:
        lines.append(
            f"dead: member {row.member_id} {row.kind} {row.period} after {row.attempts} "
            f"attempt(s): {row.last_error or 'no reason recorded'}"
        )
    print("\n".join(lines))


def _age(delta: timedelta) -> str:
    seconds = max(0, int(delta.total_seconds()))
    if seconds < 120:
        return f"{seconds} s"
    if seconds < 7200:
        return f"{seconds // 60} min"
    return f"{seconds // 3600} h"


@nudges_app.command(
    "preview",
    epilog=examples(
        "mentorbot nudges preview alice",
        "mentorbot nudges preview U0G9QF9C6 --platform slack --weeks 4",
    ),
)
def nudges_preview(
    user: Annotated[str, typer.Argument(help="A user id (terminal chat: the --as name).")],
    weeks: Annotated[int, typer.Option(help="How many weeks ahead.")] = 2,
    platform: Annotated[str, typer.Option(help="console, slack or discord.")] = "console",
    now: Annotated[str | None, typer.Option(help="Preview from this ISO-8601 instant.")] = None,
) -> None:
    """The next sends for one member, in their local time and in UTC."""
    from zoneinfo import ZoneInfo

    from bot.nudging.calendar import prefs_of, upcoming
    from storage.members import profile_of

    services = common.services(common.settings())
    moment = now_or_real(now)

    async def read() -> Profile | None:
        async with services.db.transaction() as session:
            return await profile_of(session=session, platform=platform, user_id=user)

    row = common.run_on(services, read)
    lines = []
    if row is not None:
        zone = ZoneInfo(row.timezone)
        lines = [
            f"{period} {kind:9s} {when.astimezone(zone):%a %Y-%m-%d %H:%M} {row.timezone}"
            f"  = {when:%Y-%m-%d %H:%M} UTC"
            for period, kind, when in upcoming(prefs_of(row), moment, weeks)
        ]
    if not lines:
        print(
            f"error: no {platform} member {user!r} with a profile (they need `start`)",
            file=sys.stderr,
        )
        raise typer.Exit(1)
    print("\n".join(lines))
