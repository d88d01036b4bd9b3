"""Parsers for profile fields: timezone, weekday, time of day, country, years.

Each returns a clean value or raises UserError saying what to type instead.
"""

from __future__ import annotations

import difflib
import re
import zoneinfo
from datetime import time
from functools import cache
from importlib import resources

from bot.core.errors import UserError

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_TIME = re.compile(
    r"^(?P<h>\d{1,2})(?:[:.h](?P<m>\d{2}))?\s*(?P<ampm>am|pm|a\.m\.|p\.m\.)?$", re.ASCII
)


@cache
def _zones() -> dict[str, str]:
    return {z.lower(): z for z in zoneinfo.available_timezones()}


def parse_timezone(value: str) -> str:
    """An IANA timezone name, matched without regard to case (`europe/berlin` works)."""
    cleaned = value.strip().replace(" ", "_")
    zones = _zones()
    if cleaned.upper() in {"UTC", "GMT", "Z", "ETC/UTC", "UCT", "ZULU"}:
        return "UTC"
    fixed = fixed_offset(cleaned)
    if fixed is not None:
        raise UserError(
            f"`{value.strip()}` is a fixed offset with no daylight saving, so your nudges would "
            "drift by an hour for half the year.",
            hint=f"Use a place's zone instead, e.g. `profile set tz {fixed}`.",
        )
    if cleaned.lower() in zones:
        return zones[cleaned.lower()]
    # A city alone: "berlin" -> "Europe/Berlin" when exactly one zone ends with it.
    tails = [z for key, z in zones.items() if key.rsplit("/", 1)[-1] == cleaned.lower()]
    if len(tails) == 1:
        return tails[0]
    close = difflib.get_close_matches(cleaned, list(zones.values()), n=1, cutoff=0.7)
    maybe = f" Did you mean `{close[0]}`?" if close else ""
    raise UserError(
        f"`{value.strip()}` is not a timezone I know.{maybe}",
        hint="Use an IANA name like `Europe/Berlin`, `America/New_York` or `Asia/Kolkata`.",
    )


# Abbreviations and legacy names that zoneinfo accepts but that don't follow a place's
# clock changes (EST is UTC-5 all year), with the zone most people who type them mean.
_ABBREVIATIONS = {
    "est": "America/New_York",
    "edt": "America/New_York",
    "est5edt": "America/New_York",
    "cst": "America/Chicago",
    "cdt": "America/Chicago",
    "cst6cdt": "America/Chicago",
    "mst": "America/Denver",
    "mdt": "America/Denver",
    "mst7mdt": "America/Denver",
    "pst": "America/Los_Angeles",
    "pdt": "America/Los_Angeles",
    "pst8pdt": "America/Los_Angeles",
    "hst": "Pacific/Honolulu",
    "akst": "America/Anchorage",
    "cet": "Europe/Berlin",
    "cest": "Europe/Berlin",
    "met": "Europe/Berlin",
    "eet": "Europe/Athens",
    "eest": "Europe/Athens",
    "wet": "Europe/Lisbon",
    "bst": "Europe/London",
    "ist": "Asia/Kolkata",
    "jst": "Asia/Tokyo",
    "aest": "Australia/Sydney",
}


def fixed_offset(value: str) -> str | None:
    """A suggested place zone if `value` is an abbreviation or fixed offset, else None."""
    key = value.lower()
    if key in _ABBREVIATIONS:
        return _ABBREVIATIONS[key]
    if re.fullmatch(r"(etc/)?(gmt|utc)?[+-]\d{1,2}(:?\d{2})?", key):
        return "Europe/Berlin` or `America/New_York"
    return None


def parse_weekday(value: str) -> int:
    """A weekday as 0 (Monday) to 6 (Sunday), from `mon`, `Monday`, `tu`, …"""
    word = value.strip().lower().rstrip(".")
    matches = [i for i, day in enumerate(WEEKDAYS) if word and day.startswith(word)]
    if len(matches) == 1 and (len(word) >= 2 or word in {"m", "w", "f"}):
        return matches[0]
    raise UserError(
        f"`{value.strip()}` is not a weekday.",
        hint="Type a day like `mon`, `tue`, `wed`, `thu`, `fri`, `sat` or `sun`.",
    )


def weekday_name(day: int) -> str:
    """`Monday` for 0."""
    return WEEKDAYS[day].capitalize()


def parse_time(value: str) -> str:
    """A time of day as HH:MM (24 h), from `09:00`, `9`, `9am`, `5:30pm`, `17.30`."""
    match = _TIME.match(value.strip().lower())
    problem = UserError(
        f"`{value.strip()}` is not a time of day.",
        hint="Type a 24-hour time like `09:00` or `17:30` (or `9am`, `5:30pm`).",
    )
    if match is None:
        raise problem
    hour, minute = int(match["h"]), int(match["m"] or 0)
    if match["ampm"]:
        if not 1 <= hour <= 12:
            raise problem
        hour = hour % 12 + (12 if match["ampm"].startswith("p") else 0)
    if hour > 23 or minute > 59:
        raise problem
    return time(hour, minute).strftime("%H:%M")


@cache
def countries() -> dict[str, str]:
    """ISO 3166-1 alpha-2 codes and names, from the tzdata package."""
    text = resources.files("tzdata").joinpath("zoneinfo/iso3166.tab").read_text("utf-8")
    rows = (line.split("\t") for line in text.splitlines() if line and not line.startswith("#"))
    return {code: name for code, name, *_ in rows}


def parse_country(value: str) -> str:
    """An ISO 3166 two-letter country code (`de`, `DE`, `Germany`, `UK` work)."""
    word = value.strip()
    known = countries()
    code = word.upper()
    if code == "UK":
        code = "GB"
    if code in known:
        return code
    by_name = {name.lower(): c for c, name in known.items()}
    if word.lower() in by_name:
        return by_name[word.lower()]
    raise UserError(
        f"`{word}` is not a country code I know.",
        hint="Type a two-letter ISO code like `DE`, `US`, `IN` or `GB`.",
    )


def parse_years(value: str) -> int:
    """Years of experience, a whole number from 0 to 60."""
    try:
        years = int(value.strip().removesuffix("y").removesuffix("years").strip())
    except ValueError:
        years = -1
    if not 0 <= years <= 60:
        raise UserError(
            f"`{value.strip()}` is not a number of years.",
            hint="Type a whole number from 0 to 60, like `years 6`.",
        )
    return years
