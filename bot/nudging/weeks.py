"""Weeks in a member's own timezone: the ISO week label, its Monday, and streaks."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo


def local_date(now: datetime, tz: str) -> date:
    """The calendar date at `now` in timezone `tz`."""
    return now.astimezone(ZoneInfo(tz)).date()


def period_of(day: date) -> str:
    """The ISO week label of a date, e.g. `2026-W48`."""
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def period(now: datetime, tz: str) -> str:
    """The member's local ISO week at `now`."""
    return period_of(local_date(now, tz))


def week_monday(now: datetime, tz: str) -> date:
    """The Monday of the member's local ISO week at `now`."""
    day = local_date(now, tz)
    return day - timedelta(days=day.weekday())


def monday_of(label: str) -> date:
    """The Monday that starts the ISO week `2026-W48`."""
    year, week = label.split("-W")
    return date.fromisocalendar(int(year), int(week), 1)


def previous_period(label: str) -> str:
    """The ISO week before `label`."""
    return period_of(monday_of(label) - timedelta(days=7))


def streak(done_periods: Iterable[str], current: str) -> int:
    """Consecutive weeks with a completed challenge, ending this week or last week.

    This week not being done yet does not break the streak; missing last week does.
    """
    done = set(done_periods)
    label = current if current in done else previous_period(current)
    count = 0
    while label in done:
        count += 1
        label = previous_period(label)
    return count
