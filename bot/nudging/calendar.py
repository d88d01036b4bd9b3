"""When a member's nudges fall due: their weekday and local time, across DST and holidays.

Pure functions of a member's preferences and an instant. A local time that does not exist
(spring forward) moves forward by the gap; an ambiguous one (fall back) means its first
occurrence, and the outbox key makes sure it fires once.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from functools import cache, lru_cache
from typing import Protocol
from zoneinfo import ZoneInfo

import holidays

from bot.nudging.kinds import WEEKLY, NudgeKind
from bot.nudging.weeks import period_of, week_monday

KINDS: tuple[str, ...] = WEEKLY
# Days after the member's weekday that each kind falls on (same local time).
OFFSETS: dict[str, int] = {
    NudgeKind.CHALLENGE: 0,
    NudgeKind.TIP: 2,
    NudgeKind.CHECKIN: 4,
    NudgeKind.CHECKIN_REMINDER: 5,
}


@dataclass(frozen=True)
class Prefs:
    """What the calendar needs to know about a member."""

    timezone: str
    weekday: int  # Monday = 0
    at: str  # HH:MM
    country: str | None = None
    quiet_start: str | None = None
    quiet_end: str | None = None


class HasPrefs(Protocol):
    """Anything that carries a member's nudge preferences (a profile, an index row)."""

    @property
    def timezone(self) -> str: ...
    @property
    def nudge_weekday(self) -> int: ...
    @property
    def nudge_time(self) -> str: ...
    @property
    def country(self) -> str | None: ...
    @property
    def quiet_start(self) -> str | None: ...
    @property
    def quiet_end(self) -> str | None: ...


def prefs_of(profile: HasPrefs) -> Prefs:
    """The calendar's view of a member's profile."""
    return Prefs(
        timezone=profile.timezone,
        weekday=profile.nudge_weekday,
        at=profile.nudge_time,
        country=profile.country,
        quiet_start=profile.quiet_start,
        quiet_end=profile.quiet_end,
    )


def _hhmm(value: str) -> time:
    hour, minute = value.split(":")
    return time(int(hour), int(minute))


def at_local(day: date, clock: str, tz: str) -> datetime:
    """The UTC instant of a local wall time; a time skipped by DST moves forward."""
    zone = ZoneInfo(tz)
    local = datetime.combine(day, _hhmm(clock), tzinfo=zone)  # fold=0: first if ambiguous
    return local.astimezone(UTC)


@cache
def _holidays(country: str, year: int) -> holidays.HolidayBase | None:
    try:
        return holidays.country_holidays(country, years=year)
    except NotImplementedError:
        return None


def is_day_off(day: date, country: str | None) -> bool:
    """A public holiday in the member's country (weekends count only for shifting)."""
    if not country:
        return False
    table = _holidays(country, day.year)
    return table is not None and day in table


def next_working_day(day: date, country: str | None) -> date:
    """`day` itself if it's no holiday, else the next weekday that is not one either."""
    while is_day_off(day, country):
        day += timedelta(days=1)
        while day.weekday() >= 5:
            day += timedelta(days=1)
    return day


def _out_of_quiet(moment: datetime, prefs: Prefs) -> datetime:
    """Move a time inside the member's quiet hours to the end of them."""
    if not prefs.quiet_start or not prefs.quiet_end:
        return moment
    zone = ZoneInfo(prefs.timezone)
    local = moment.astimezone(zone)
    start, end, now_t = _hhmm(prefs.quiet_start), _hhmm(prefs.quiet_end), local.time()
    inside = (start <= now_t < end) if start < end else (now_t >= start or now_t < end)
    if not inside:
        return moment
    end_day = local.date() if now_t < end else local.date() + timedelta(days=1)
    return at_local(end_day, prefs.quiet_end, prefs.timezone)


def due_at(prefs: Prefs, kind: str, monday: date) -> datetime:
    """When `kind` falls due in the week starting `monday` (UTC)."""
    day = monday + timedelta(days=prefs.weekday + OFFSETS[kind])
    day = next_working_day(day, prefs.country)
    return _out_of_quiet(at_local(day, prefs.at, prefs.timezone), prefs)


@dataclass(frozen=True)
class Due:
    """One nudge's place in time: its local ISO week and the UTC instant it falls due."""

    period: str
    at: datetime


# How many weeks ahead to look for a week that is free (a long pause is jumped over
# directly, so this only has to cover holidays and already planned weeks).
_HORIZON_WEEKS = 8


def first_due(
    prefs: Prefs,
    kind: str,
    *,
    start: date,
    not_before: datetime,
    paused_until: date | None = None,
    taken: frozenset[str] = frozenset(),
) -> Due | None:
    """The first week from Monday `start` in which `kind` falls due at or after `not_before`,
    outside the pause and not in `taken` (weeks already planned); None if paused for good.

    Pure, so it is remembered: members who share preferences share the answer, which is
    what keeps a tick of 100,000 members who all want Monday 09:00 cheap."""
    return _first_due(prefs, kind, start, not_before, paused_until, taken)


@lru_cache(maxsize=65536)
def _first_due(
    prefs: Prefs,
    kind: str,
    start: date,
    not_before: datetime,
    paused_until: date | None,
    taken: frozenset[str],
) -> Due | None:
    zone = ZoneInfo(prefs.timezone)
    if paused_until is not None:
        if paused_until >= date.max - timedelta(days=14):
            return None
        start = max(start, paused_until - timedelta(days=paused_until.weekday() + 7))
    for n in range(_HORIZON_WEEKS):
        monday = start + timedelta(weeks=n)
        label = period_of(monday)
        if label in taken:
            continue
        when = due_at(prefs, kind, monday)
        if when < not_before:
            continue
        if paused_until is not None and when.astimezone(zone).date() <= paused_until:
            continue
        return Due(label, when)
    return None


def upcoming(prefs: Prefs, now: datetime, weeks: int) -> list[tuple[str, str, datetime]]:
    """The next sends (period, kind, UTC instant) from `now`, for `nudges preview`."""
    monday = week_monday(now, prefs.timezone)
    out: list[tuple[str, str, datetime]] = []
    for n in range(weeks + 1):
        week = monday + timedelta(weeks=n)
        for kind in WEEKLY[:3]:
            when = due_at(prefs, kind, week)
            if when > now:
                out.append((period_of(week), kind, when))
    return out[: weeks * 3]
