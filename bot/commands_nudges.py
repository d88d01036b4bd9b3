"""The weekly-nudge commands: when nudges come, and pausing them."""

from __future__ import annotations

from bot.handlers import nudges
from bot.registry import Arg, ArgKind, CommandSpec, Needs, Registry


def nudge_commands(registry: Registry) -> None:
    """When weekly nudges come, and pausing them."""
    group, needs = "Weekly nudges", Needs.PROFILE
    word = ArgKind.WORD
    for path, summary, handler, args, examples in (
        (("nudges",), "When your weekly nudges come.", nudges.nudges_command, (), ()),
        (("nudges", "on"), "Turn weekly nudges on.", nudges.nudges_on_command, (), ()),
        (("nudges", "off"), "Turn weekly nudges off.", nudges.nudges_off_command, (), ()),
        (
            ("nudges", "when"),
            "Move nudges to another weekday and time.",
            nudges.nudges_when_command,
            (
                Arg("day", word, "weekday", required=True),
                Arg("time", word, "local time, HH:MM", required=True),
            ),
            ("nudges when tue 08:30",),
        ),
        (
            ("nudges", "pause"),
            "Pause nudges for a while.",
            nudges.nudges_pause_command,
            (
                Arg(
                    "span", ArgKind.TEXT, "e.g. 2w, 10d, until 2027-01-04", required=True, rest=True
                ),
            ),
            ("nudges pause 2w", "nudges pause until 2027-01-04"),
        ),
        (("nudges", "resume"), "End a pause now.", nudges.nudges_resume_command, (), ()),
        (
            ("nudges", "country"),
            "Skip your country's public holidays.",
            nudges.nudges_country_command,
            (Arg("country", word, "two-letter country code, or off", required=True),),
            ("nudges country DE",),
        ),
        (
            ("nudges", "quiet"),
            "Quiet hours: no nudges between two times.",
            nudges.nudges_quiet_command,
            (Arg("hours", ArgKind.TEXT, "e.g. 22:00-07:00, or off", required=True, rest=True),),
            ("nudges quiet 22:00-07:00",),
        ),
    ):
        registry.add(
            CommandSpec(path, summary, handler, args, examples=examples, group=group, needs=needs)
        )
