"""Weeks in a member's own timezone: the period label, its start, and streaks."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo


def local_date(now: datetime, tz: str) -> date:
    """The calendar date at `now` in timezone `tz`."""
    return now.astimezone(ZoneInfo(tz)).date()


def period_of_date(day: date) -> str:
    """The ISO week label of a date, e.g. `2026-W48`."""
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def period(now: datetime, tz: str) -> str:
    """The member's local ISO week at `now`."""
    return period_of_date(local_date(now, tz))


def week_start(now: datetime, tz: str) -> date:
    """The Monday of the member's local week at `now`."""
    day = local_date(now, tz)
    return day - timedelta(days=day.weekday())


def previous_period(label: str) -> str:
    """The ISO week before `label`."""
    year, week = label.split("-W")
    monday = date.fromisocalendar(int(year), int(week), 1)
    return period_of_date(monday - timedelta(days=7))


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
