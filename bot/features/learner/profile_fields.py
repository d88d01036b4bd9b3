"""The profile's editable fields: names, aliases, and how each is checked and applied."""

from __future__ import annotations

from bot.commands.binding import resolve_path, resolve_stage
from bot.commands.registry import Choice
from bot.core.errors import UserError
from bot.domain.fields import (
    fixed_offset,
    parse_country,
    parse_time,
    parse_timezone,
    parse_weekday,
    parse_years,
    weekday_name,
)
from content.schema import Catalog
from storage.tables import Profile

FIELDS = (
    Choice("stage", "Stage", ("level", "rung")),
    Choice("path", "Path", ("specialization", "specialisation", "track", "spec")),
    Choice("target", "Target stage", ("goal", "target-stage")),
    Choice("tz", "Timezone", ("timezone", "zone", "time-zone")),
    Choice("day", "Nudge day", ("weekday", "nudge-day")),
    Choice("time", "Nudge time", ("hour", "nudge-time")),
    Choice("years", "Years of experience", ("experience", "yoe")),
    Choice("country", "Country", ("cc", "country-code")),
)


def apply_field(profile: Profile, field: str, value: str, *, catalog: Catalog) -> None:
    """Check `value` for `field` and set it on `profile`, or raise UserError."""
    match field:
        case "stage":
            profile.stage = resolve_stage(value, catalog)
        case "path":
            profile.specialization = resolve_path(value, catalog)
        case "target":
            target = resolve_stage(value, catalog)
            if catalog.stages[target].rank < catalog.stages[profile.stage].rank:
                raise UserError(
                    f"`{target}` is below your stage (`{profile.stage}`).",
                    hint="Aim at your stage or one above it, e.g. `profile set target senior`.",
                )
            profile.target_stage = target
        case "tz":
            profile.timezone = parse_timezone(value)
            profile.timezone_note = None
        case "day":
            profile.nudge_weekday = parse_weekday(value)
        case "time":
            profile.nudge_time = parse_time(value)
        case "years":
            profile.years = parse_years(value)
        case "country":
            profile.country = parse_country(value)
        case _:  # pragma: no cover - FIELDS and this match are kept together
            raise AssertionError(field)


def stage_for_years(catalog: Catalog, years: int) -> str:
    """The stage whose year range holds `years` (the last one past the top)."""
    for stage in catalog.ordered_stages():
        if years < (stage.years.max if stage.years.max is not None else 10**6):
            return stage.id
    return catalog.ordered_stages()[-1].id


def _zone_warning(zone: str) -> str:
    """A note for a zone saved before fixed offsets were refused (`EST`)."""
    suggestion = fixed_offset(zone)
    if suggestion is None:
        return ""
    return f" (a fixed offset with no daylight saving; `profile set tz {suggestion}` follows it)"


def describe(profile: Profile, catalog: Catalog) -> tuple[tuple[str, str], ...]:
    """The profile as label/value pairs for a Fields block."""
    following = catalog.next_stage(profile.stage)
    if profile.target_stage in catalog.stages:
        target_name = catalog.stages[profile.target_stage].name
    elif following is not None:
        target_name = f"the next stage, {following.name}"
    else:
        target_name = "growing within your stage (it is the top one)"
    rows = [
        ("Stage", catalog.stages[profile.stage].name),
        ("Path", catalog.specializations[profile.specialization].name),
        ("Aiming at", target_name),
        (
            "Timezone",
            profile.timezone
            + _zone_warning(profile.timezone)
            + (
                f" (the default: {profile.timezone_note}; set yours with `profile set tz`)"
                if profile.timezone_note
                else ""
            ),
        ),
        ("Nudges", f"{weekday_name(profile.nudge_weekday)}s at {profile.nudge_time}"),
        ("Years of experience", "not set" if profile.years is None else str(profile.years)),
        ("Country", profile.country or "not set"),
    ]
    if profile.opted_out:
        rows.append(("Nudges off", "you opted out"))
    if profile.paused_until is not None:
        reason = f" ({profile.pause_reason})" if profile.pause_reason else ""
        rows.append(("Paused until", f"{profile.paused_until.isoformat()}{reason}"))
    return tuple(rows)
