"""`nudges …`: when your weekly nudges come, pausing them, holidays and quiet hours."""

from __future__ import annotations

import re
from datetime import date, timedelta
from zoneinfo import ZoneInfo

from bot.commands.declare import (
    NUDGES,
    profile_spec,
)
from bot.commands.learner import Learner
from bot.commands.registry import Arg, ArgKind
from bot.commands.request import Request
from bot.core.errors import UserError
from bot.core.reply import Block, Context, Fields, Items, Reply
from bot.domain.fields import parse_country, parse_time, parse_weekday, weekday_name
from bot.nudging.calendar import prefs_of, upcoming
from storage import members
from storage.tables import Profile

MAX_PAUSE_WEEKS = 52


def _summary(learner: Learner[Profile], title: str) -> Reply:
    profile, now = learner.profile, learner.now
    zone = ZoneInfo(profile.timezone)
    if profile.opted_out:
        state = "off (`nudges on` turns them back on)"
    elif profile.paused_until is not None and profile.paused_until >= now.date():
        reason = f" — {profile.pause_reason}" if profile.pause_reason else ""
        until = (
            "further notice"
            if profile.paused_until == date.max
            else profile.paused_until.isoformat()
        )
        state = f"paused until {until}{reason} (`nudges resume`)"
    else:
        state = "on"
    rows = [
        ("Nudges", state),
        (
            "Challenge",
            f"{weekday_name(profile.nudge_weekday)}s at {profile.nudge_time} ({profile.timezone})",
        ),
        ("Reading tip", "two days later"),
        ("Check-in", "four days later, with one reminder if unanswered"),
        (
            "Holidays",
            f"public holidays in {profile.country} move a nudge to the next working day"
            if profile.country
            else "not set (`nudges country DE`)",
        ),
        (
            "Quiet hours",
            f"{profile.quiet_start}-{profile.quiet_end}" if profile.quiet_start else "none",
        ),
    ]
    nxt = [
        f"{kind} {when.astimezone(zone):%a %d %b %H:%M} local ({when:%H:%M} UTC)"
        for _, kind, when in upcoming(prefs_of(profile), now, 1)
    ]
    blocks: list[Block] = [Fields(tuple(rows))]
    if nxt and state == "on":
        blocks += [Items(tuple(nxt))]
    blocks.append(
        Context(
            "`nudges when <day> <HH:MM>`, `nudges pause 2w`, `nudges off`, "
            "`nudges quiet 22:00-07:00`"
        )
    )
    return Reply(title=title, blocks=tuple(blocks))


async def _save(learner: Learner[Profile], title: str) -> Reply:
    learner.profile.updated_at = learner.now
    await members.save_profile(session=learner.session, profile=learner.profile)
    return _summary(learner, title)


async def nudges_command(request: Request, learner: Learner[Profile]) -> Reply:
    """Show your nudge schedule."""
    return _summary(learner, "Your weekly nudges")


async def nudges_on_command(request: Request, learner: Learner[Profile]) -> Reply:
    """Turn nudges on (and end any pause)."""
    profile = learner.profile
    profile.opted_out, profile.paused_until, profile.pause_reason = False, None, None
    return await _save(learner, "Nudges on")


async def nudges_off_command(request: Request, learner: Learner[Profile]) -> Reply:
    """Turn nudges off."""
    profile = learner.profile
    profile.opted_out = True
    return await _save(learner, "Nudges off")


async def nudges_when_command(request: Request, learner: Learner[Profile]) -> Reply:
    """Move nudges to another weekday and local time."""
    profile = learner.profile
    profile.nudge_weekday = parse_weekday(request.args["day"])
    profile.nudge_time = parse_time(request.args["time"])
    return await _save(learner, "Nudge time changed")


def parse_pause(text: str, today: date) -> date:
    """`2w`, `3 weeks`, `10d` or `until 2027-01-04` into the last paused day."""
    words = text.strip().lower()
    until = re.fullmatch(r"(?:until\s+)?(\d{4}-\d{2}-\d{2})", words, flags=re.ASCII)
    span = re.fullmatch(r"(\d{1,3})\s*(w|wk|wks|weeks?|d|days?)", words, flags=re.ASCII)
    hint = "Type `nudges pause 2w`, `nudges pause 10d` or `nudges pause until 2027-01-04`."
    if until:
        try:
            end = date.fromisoformat(until.group(1))
        except ValueError:
            raise UserError(f"`{until.group(1)}` is not a real date.", hint=hint) from None
    elif span:
        n = int(span.group(1))
        end = (
            today
            + (timedelta(weeks=n) if span.group(2).startswith("w") else timedelta(days=n))
            - timedelta(days=1)
        )
    else:
        raise UserError(f"I can't read `{text.strip()}` as a pause.", hint=hint)
    if end < today:
        raise UserError(f"{end.isoformat()} is in the past.", hint=hint)
    if end > today + timedelta(weeks=MAX_PAUSE_WEEKS):
        raise UserError(
            f"That pause is longer than {MAX_PAUSE_WEEKS} weeks.",
            hint="Use `nudges off` instead, and `nudges on` when you're back.",
        )
    return end


async def nudges_pause_command(request: Request, learner: Learner[Profile]) -> Reply:
    """Pause nudges for a while (a holiday, a busy launch)."""
    profile = learner.profile
    today = learner.now.astimezone(ZoneInfo(profile.timezone)).date()
    profile.paused_until = parse_pause(request.args["span"], today)
    profile.pause_reason = "you paused them"
    return await _save(learner, "Nudges paused")


async def nudges_resume_command(request: Request, learner: Learner[Profile]) -> Reply:
    """End a pause now."""
    profile = learner.profile
    profile.paused_until, profile.pause_reason = None, None
    return await _save(learner, "Nudges resumed")


async def nudges_country_command(request: Request, learner: Learner[Profile]) -> Reply:
    """Skip your country's public holidays."""
    profile = learner.profile
    value = request.args["country"]
    profile.country = None if value.lower() in {"none", "off"} else parse_country(value)
    return await _save(learner, "Holiday calendar set")


async def nudges_quiet_command(request: Request, learner: Learner[Profile]) -> Reply:
    """Set quiet hours (`22:00-07:00`) or turn them off."""
    profile = learner.profile
    value = request.args["hours"].strip()
    if value.lower() in {"off", "none"}:
        profile.quiet_start = profile.quiet_end = None
    else:
        parts = re.split(r"\s*(?:-|–|to)\s*", value)
        if len(parts) != 2:
            raise UserError(
                f"`{value}` is not a span of hours.",
                hint="Type `nudges quiet 22:00-07:00` or `nudges quiet off`.",
            )
        profile.quiet_start, profile.quiet_end = parse_time(parts[0]), parse_time(parts[1])
        if profile.quiet_start == profile.quiet_end:
            raise UserError(
                "Quiet hours must start and end at different times.",
                hint="Type `nudges quiet 22:00-07:00`.",
            )
    return await _save(learner, "Quiet hours set")


# The commands this module answers, as help lists them.
SPECS = (
    profile_spec(
        ("nudges",),
        "When your weekly nudges come.",
        nudges_command,
        group=NUDGES,
    ),
    profile_spec(
        ("nudges", "on"),
        "Turn weekly nudges on.",
        nudges_on_command,
        group=NUDGES,
    ),
    profile_spec(
        ("nudges", "off"),
        "Turn weekly nudges off.",
        nudges_off_command,
        group=NUDGES,
    ),
    profile_spec(
        ("nudges", "when"),
        "Move nudges to another weekday and time.",
        nudges_when_command,
        args=(
            Arg("day", ArgKind.WORD, "weekday", required=True),
            Arg("time", ArgKind.WORD, "local time, HH:MM", required=True),
        ),
        examples=("nudges when tue 08:30",),
        group=NUDGES,
    ),
    profile_spec(
        ("nudges", "pause"),
        "Pause nudges for a while.",
        nudges_pause_command,
        args=(
            Arg("span", ArgKind.TEXT, "e.g. 2w, 10d, until 2027-01-04", required=True, rest=True),
        ),
        examples=("nudges pause 2w", "nudges pause until 2027-01-04"),
        group=NUDGES,
    ),
    profile_spec(
        ("nudges", "resume"),
        "End a pause now.",
        nudges_resume_command,
        group=NUDGES,
    ),
    profile_spec(
        ("nudges", "country"),
        "Skip your country's public holidays.",
        nudges_country_command,
        args=(Arg("country", ArgKind.WORD, "two-letter country code, or off", required=True),),
        examples=("nudges country DE",),
        group=NUDGES,
    ),
    profile_spec(
        ("nudges", "quiet"),
        "Quiet hours: no nudges between two times.",
        nudges_quiet_command,
        args=(Arg("hours", ArgKind.TEXT, "e.g. 22:00-07:00, or off", required=True, rest=True),),
        examples=("nudges quiet 22:00-07:00",),
        group=NUDGES,
    ),
)
