"""The schedule index agrees with the calendar, whatever members change and when."""

from __future__ import annotations

import asyncio
import shutil
import tempfile
from datetime import UTC, date, datetime, timedelta
from functools import cache
from pathlib import Path
from zoneinfo import ZoneInfo

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlmodel import select

from bot.commands.dispatch import handle_text
from bot.commands.services import Services
from bot.core.command import Actor
from bot.core.errors import UserError
from bot.nudging.calendar import KINDS, due_at, prefs_of
from bot.nudging.weeks import week_monday
from content import Catalog, load_catalog
from storage import schedule
from storage.tables import Member, Profile
from tests.support.services import MovableClock, open_services

ZONES = (
    "Europe/Berlin",
    "America/New_York",
    "Australia/Adelaide",
    "Australia/Lord_Howe",
    "Asia/Kolkata",
    "Pacific/Chatham",
    "UTC",
)
DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
JOINED = datetime(2026, 10, 1, 12, 0, tzinfo=UTC)

times = st.builds(lambda h, m: f"{h:02d}:{m:02d}", st.integers(0, 23), st.sampled_from([0, 30, 45]))
changes = st.one_of(
    st.tuples(st.just("profile set tz"), st.sampled_from(ZONES)),
    st.tuples(st.just("nudges when"), st.builds("{} {}".format, st.sampled_from(DAYS), times)),
    st.tuples(st.just("nudges country"), st.sampled_from(["DE", "US", "IN", "AU", "off"])),
    st.tuples(
        st.just("nudges quiet"),
        st.one_of(st.just("off"), st.builds("{}-{}".format, times, times)),
    ),
    st.tuples(st.just("nudges pause"), st.sampled_from(["3d", "1w", "2w"])),
    st.tuples(st.just("nudges"), st.sampled_from(["resume", "off", "on"])),
)


def reference(profile: Profile, kind: str, now: datetime) -> datetime | None:
    """The calendar's answer, by brute force: the earliest due instant of `kind` that is at
    most a day late, after the member joined and outside their pause (nothing planned)."""
    if profile.opted_out:
        return None
    prefs = prefs_of(profile)
    earliest = max(profile.created_at, now - timedelta(hours=24))
    monday = week_monday(earliest, prefs.timezone)
    candidates = []
    for week in range(-1, 60):
        when = due_at(prefs, kind, monday + timedelta(weeks=week))
        local_day = when.astimezone(ZoneInfo(prefs.timezone)).date()
        if when < earliest:
            continue
        if profile.paused_until is not None and local_day <= profile.paused_until:
            continue
        candidates.append(when)
    return min(candidates, default=None)


async def snapshot(services: Services) -> tuple[object, ...]:
    """The member's nudge preferences, as the test sees them."""
    async with services.db.transaction() as session:
        profile = (await session.exec(select(Profile))).one()
    return (prefs_of(profile), profile.paused_until, profile.opted_out)


async def scenario(
    catalog: Catalog, url: str, steps: list[tuple[str, str, int]]
) -> list[tuple[str, datetime | None, datetime | None]]:
    clock = MovableClock(JOINED)
    actor = Actor("slack", "T1", "U1", "one")
    mismatches = []
    async with open_services(catalog, url, clock) as services:
        await handle_text(
            "start tz=Europe/Berlin day=mon time=09:00", actor=actor, services=services
        )
        before = await snapshot(services)
        for command, value, hours in steps:
            clock.at += timedelta(hours=hours)
            try:
                await handle_text(f"{command} {value}", actor=actor, services=services)
            except UserError:
                if "quiet" not in command:  # only a generated quiet-hours span may be refused
                    raise
            async with services.db.transaction() as session:
                member = (await session.exec(select(Member))).one()
                assert member.id is not None
                profile = await session.get(Profile, member.id)
                index = await schedule.next_for(session=session, member_id=member.id)
            assert profile is not None
            now_prefs = await snapshot(services)
            changed, before = now_prefs != before, now_prefs
            if not changed:
                continue  # nothing to recompute: the index keeps its earlier answer
            for kind in KINDS:
                expected = reference(profile, kind, clock.at)
                if index.get(kind) != expected:
                    mismatches.append((f"{command} {value} / {kind}", index.get(kind), expected))
    return mismatches


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    steps=st.lists(
        st.builds(lambda c, h: (c[0], c[1], h), changes, st.integers(0, 24 * 9)),
        min_size=1,
        max_size=6,
    )
)
def test_the_index_equals_the_calendar(
    sqlite_template: Path, steps: list[tuple[str, str, int]]
) -> None:
    catalog = _catalog()
    folder = Path(tempfile.mkdtemp(prefix="mentorbot-index-"))
    try:
        path = folder / "db.sqlite"
        shutil.copyfile(sqlite_template, path)
        mismatches = asyncio.run(scenario(catalog, f"sqlite+aiosqlite:///{path}", steps))
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    assert mismatches == []


@cache
def _catalog() -> Catalog:
    return load_catalog()


def test_a_pause_for_good_leaves_nothing_scheduled() -> None:
    from bot.nudging.calendar import Prefs, first_due

    prefs = Prefs("Europe/Berlin", 0, "09:00")
    start = date(2026, 11, 30)
    assert first_due(prefs, "tip", start=start, not_before=JOINED, paused_until=date.max) is None
