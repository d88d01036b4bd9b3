"""The learner's own commands: profile, assessment, plan, challenges, tips, check-ins,
progress and their data."""

from __future__ import annotations

from bot.handlers.assess import assess_command
from bot.handlers.challenge import (
    challenge_another_command,
    challenge_command,
    challenge_done_command,
    challenge_skip_command,
    tip_command,
)
from bot.handlers.checkin import SHARE, STATUSES, checkin_command, progress_command
from bot.handlers.mydata import mydata_command, mydata_export_command, mydata_forget_command
from bot.handlers.onboarding import profile_command, profile_set_command, start_command
from bot.handlers.plan import plan_command, plan_refresh_command, plan_target_command
from bot.profile_fields import FIELDS
from bot.registry import Arg, ArgKind, Choice, CommandSpec, Needs, Registry

_PROFILE = Needs.PROFILE


def learner_commands(registry: Registry) -> None:
    """Profile, assessment, plan, challenges, tips, check-ins, progress and my data."""
    me, grow, data = "You", "Learn and grow", "Your data"
    for spec in (
        CommandSpec(
            path=("start",),
            summary="Set up your profile: stage, path, timezone and nudge time.",
            handler=start_command,
            args=(
                Arg("stage", ArgKind.STAGE, "your career stage", aliases=("level",)),
                Arg("path", ArgKind.PATH, "your path", aliases=("specialization", "track")),
                Arg("tz", ArgKind.WORD, "your IANA timezone", aliases=("timezone",)),
                Arg("day", ArgKind.WORD, "weekday for weekly nudges", aliases=("weekday",)),
                Arg("time", ArgKind.WORD, "local time for nudges, HH:MM"),
                Arg("years", ArgKind.WORD, "years of experience", aliases=("experience",)),
                Arg("country", ArgKind.WORD, "two-letter country code, for holidays"),
            ),
            details="Every field is optional; what you leave out gets a sensible default.",
            examples=(
                "start",
                "start stage=mid path=mlops-engineer tz=Europe/Berlin day=mon time=09:00",
                "start years=3",
            ),
            aliases=("onboard", "setup"),
            group=me,
            needs=Needs.MEMBER,
        ),
        CommandSpec(
            path=("profile",),
            summary="Show your profile.",
            handler=profile_command,
            aliases=("me", "settings"),
            group=me,
            needs=_PROFILE,
        ),
        CommandSpec(
            path=("profile", "set"),
            summary="Change one profile field.",
            handler=profile_set_command,
            args=(
                Arg("field", ArgKind.CHOICE, "the field to change", required=True, choices=FIELDS),
                Arg("value", ArgKind.TEXT, "its new value", required=True, rest=True),
            ),
            examples=(
                "profile set tz America/New_York",
                "profile set path research-engineer",
                "profile set time 8:30",
                "profile set country DE",
            ),
            group=me,
            needs=_PROFILE,
        ),
        CommandSpec(
            path=("assess",),
            summary="Rate yourself: list every skill, or rate one from 1 to 4.",
            handler=assess_command,
            args=(
                Arg("skill", ArgKind.SKILL, "the skill to rate"),
                Arg("level", ArgKind.INT, "your level, 1 to 4", minimum=1, maximum=4),
            ),
            examples=("assess", "assess python", "assess python 3", "assess nlp 2"),
            aliases=("rate",),
            group=grow,
            needs=_PROFILE,
        ),
        CommandSpec(
            path=("plan",),
            summary="Your learning plan: what to learn next, in order, and why.",
            handler=plan_command,
            group=grow,
            needs=_PROFILE,
        ),
        CommandSpec(
            path=("plan", "refresh"),
            summary="Rebuild your plan from your current ratings.",
            handler=plan_refresh_command,
            group=grow,
            needs=_PROFILE,
        ),
        CommandSpec(
            path=("plan", "target"),
            summary="Aim your plan at a stage.",
            handler=plan_target_command,
            args=(Arg("stage", ArgKind.STAGE, "the stage to aim at", required=True, rest=True),),
            examples=("plan target senior",),
            group=grow,
            needs=_PROFILE,
        ),
        CommandSpec(
            path=("challenge",),
            summary="This week's challenge for your focus skill.",
            handler=challenge_command,
            group=grow,
            needs=_PROFILE,
        ),
        CommandSpec(
            path=("challenge", "done"),
            summary="Mark this week's challenge done, with a link or note.",
            handler=challenge_done_command,
            args=(Arg("evidence", ArgKind.TEXT, "a link or a short note", rest=True),),
            examples=("challenge done https://github.com/me/repo/pull/4",),
            aliases=("finish", "complete"),
            group=grow,
            needs=_PROFILE,
        ),
        CommandSpec(
            path=("challenge", "skip"),
            summary="Skip this week's challenge.",
            handler=challenge_skip_command,
            group=grow,
            needs=_PROFILE,
        ),
        CommandSpec(
            path=("challenge", "another"),
            summary="Swap this week's challenge for a different one.",
            handler=challenge_another_command,
            aliases=("new", "next", "swap"),
            group=grow,
            needs=_PROFILE,
        ),
        CommandSpec(
            path=("tip",),
            summary="A reading tip for your focus skill, or for the one you name.",
            handler=tip_command,
            args=(Arg("skill", ArgKind.SKILL, "a skill", rest=True),),
            examples=("tip", "tip statistics"),
            aliases=("read", "reading"),
            group=grow,
            needs=_PROFILE,
        ),
        CommandSpec(
            path=("checkin",),
            summary="Say how your week is going.",
            handler=checkin_command,
            args=(
                Arg("status", ArgKind.CHOICE, "how it is going", choices=STATUSES),
                Arg("details", ArgKind.TEXT, "confidence 1-5, a note, `share`", rest=True),
                Arg("confidence", ArgKind.INT, "how sure you feel, 1 to 5", minimum=1, maximum=5),
                Arg("note", ArgKind.TEXT, "a few words on your week"),
                Arg("share", ArgKind.CHOICE, "let your managers see the note", choices=SHARE),
            ),
            details=(
                "With no status, asks with buttons (and a form in Slack and Discord). "
                "Confidence and note are optional. Notes stay private unless you end with "
                "`share`, which lets your managers see them."
            ),
            examples=(
                "checkin on-track",
                "checkin slow 3 busy sprint",
                "checkin blocked 2 no GPU access share",
            ),
            aliases=("check-in",),
            group=grow,
            needs=_PROFILE,
        ),
        CommandSpec(
            path=("progress",),
            summary="Your streak, challenges done, levels over time and plan completion.",
            handler=progress_command,
            aliases=("stats",),
            group=grow,
            needs=_PROFILE,
        ),
        CommandSpec(
            path=("mydata",),
            summary="See what mentorbot stores about you.",
            handler=mydata_command,
            aliases=("privacy", "data"),
            group=data,
            needs=Needs.MEMBER,
        ),
        CommandSpec(
            path=("mydata", "export"),
            summary="Everything stored about you, as JSON.",
            handler=mydata_export_command,
            group=data,
            needs=Needs.MEMBER,
        ),
        CommandSpec(
            path=("mydata", "forget"),
            summary="Delete everything stored about you (asks to confirm).",
            handler=mydata_forget_command,
            args=(
                Arg(
                    "confirm",
                    ArgKind.CHOICE,
                    "send `confirm` to go ahead",
                    choices=(Choice("confirm", "Confirm"),),
                ),
            ),
            examples=("mydata forget", "mydata forget confirm"),
            aliases=("delete",),
            group=data,
            needs=Needs.MEMBER,
        ),
    ):
        registry.add(spec)
