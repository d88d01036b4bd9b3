"""The one command registry. Help, the console, Discord's tree and Slack's manifest read it."""

from __future__ import annotations

from bot.handlers import nudges, team_people, team_view, teams
from bot.handlers.assess import assess_command
from bot.handlers.challenge import (
    challenge_another_command,
    challenge_command,
    challenge_done_command,
    challenge_skip_command,
    tip_command,
)
from bot.handlers.checkin import SHARE, STATUSES, checkin_command, progress_command
from bot.handlers.explore import TOPICS, explore_command
from bot.handlers.help import help_command
from bot.handlers.home import home_command
from bot.handlers.mydata import mydata_command, mydata_export_command, mydata_forget_command
from bot.handlers.onboarding import profile_command, profile_set_command, start_command
from bot.handlers.plan import plan_command, plan_refresh_command, plan_target_command
from bot.handlers.team_alerts import team_alerts_command
from bot.profile_fields import FIELDS
from bot.registry import Arg, ArgKind, Audience, Choice, CommandSpec, Needs, Registry

_PROFILE = Needs.PROFILE


def build_registry() -> Registry:
    """Every command mentorbot knows, with its arguments and help."""
    registry = Registry()
    registry.add(
        CommandSpec(
            path=("help",),
            summary="List every command, or explain one.",
            handler=help_command,
            args=(Arg("command", ArgKind.COMMAND, "the command to explain", rest=True),),
            examples=("help", "help explore"),
            aliases=("?", "commands"),
            group="Getting around",
        )
    )
    registry.add(
        CommandSpec(
            path=("home",),
            summary="Your week at a glance: focus, challenge, progress, next nudges, teams.",
            handler=home_command,
            details="In Slack the same view is the app's Home tab.",
            aliases=("overview", "dashboard"),
            group="Getting around",
            needs=_PROFILE,
        )
    )
    registry.add(
        CommandSpec(
            path=("explore",),
            summary="Browse the career: stages, skills, paths, industries, growth.",
            handler=explore_command,
            args=(
                Arg("topic", ArgKind.CHOICE, "what to browse", choices=TOPICS),
                Arg("name", ArgKind.TEXT, "a stage, skill, path or industry", rest=True),
            ),
            details=(
                "With no topic, an overview of the role. With a topic, its list. "
                "With a name, that entry in full: a skill shows its rubric, prerequisites, "
                "challenges and reading tips; a path shows its target levels at every stage."
            ),
            examples=(
                "explore",
                "explore paths",
                "explore paths mlops-engineer",
                "explore skills nlp",
                "explore ML Engineer",
                "explore growth",
            ),
            aliases=("browse", "learn"),
            group="Getting around",
        )
    )
    _learner_commands(registry)
    _nudge_commands(registry)
    _team_commands(registry)
    return registry


def _team_commands(registry: Registry) -> None:
    """Teams and their managers."""
    name = Arg("name", ArgKind.WORD, "the team's name", required=True)
    people = Arg("people", ArgKind.TEXT, "people, as @mentions", required=True, rest=True)
    member = Needs.MEMBER
    for spec in (
        CommandSpec(
            path=("team",),
            summary="Your teams, or one team's people (its managers).",
            handler=team_view.team_command,
            args=(Arg("name", ArgKind.WORD, "a team's name"),),
            group="Teams",
            needs=member,
            aliases=("teams",),
        ),
        CommandSpec(
            path=("team", "create"),
            summary="Create a team.",
            handler=teams.team_create_command,
            args=(name,),
            audience=Audience.ADMIN,
            group="Teams",
            needs=member,
            examples=("team create ml-platform",),
        ),
        CommandSpec(
            path=("team", "add"),
            summary="Add people to a team.",
            handler=teams.team_add_command,
            args=(name, people),
            group="Teams",
            needs=member,
            examples=("team add ml-platform @ann @bob",),
        ),
        CommandSpec(
            path=("team", "leave"),
            summary="Leave a team you are a member of.",
            handler=team_people.team_leave_command,
            args=(name,),
            group="Teams",
            needs=member,
            examples=("team leave ml-platform",),
        ),
        CommandSpec(
            path=("team", "remove"),
            summary="Take people out of a team.",
            handler=teams.team_remove_command,
            args=(name, people),
            group="Teams",
            needs=member,
            examples=("team remove ml-platform @bob",),
        ),
        CommandSpec(
            path=("team", "managers"),
            summary="Appoint or remove a team's managers.",
            handler=teams.team_managers_command,
            args=(
                name,
                Arg(
                    "action", ArgKind.CHOICE, "add or remove", required=True, choices=teams.ACTIONS
                ),
                people,
            ),
            audience=Audience.ADMIN,
            group="Teams",
            needs=member,
            examples=("team managers ml-platform add @ann",),
        ),
        CommandSpec(
            path=("team", "export"),
            summary="The team as CSV (its managers).",
            handler=team_view.team_export_command,
            args=(name,),
            group="Teams",
            needs=member,
            examples=("team export ml-platform",),
        ),
        CommandSpec(
            path=("team", "digest"),
            summary="The weekly digest of the teams you manage (on/off).",
            handler=team_view.team_digest_command,
            args=(Arg("switch", ArgKind.CHOICE, "on or off", choices=teams.SWITCH),),
            group="Teams",
            needs=member,
            examples=("team digest", "team digest off"),
        ),
        CommandSpec(
            path=("team", "alerts"),
            summary="A message when a member of your team shares being blocked (on/off).",
            handler=team_alerts_command,
            args=(Arg("switch", ArgKind.CHOICE, "on or off", choices=teams.SWITCH),),
            group="Teams",
            needs=member,
            examples=("team alerts", "team alerts off"),
        ),
        CommandSpec(
            path=("team", "privacy"),
            summary="Exactly what your managers can see.",
            handler=teams.team_privacy_command,
            group="Teams",
            needs=member,
        ),
    ):
        registry.add(spec)


def _nudge_commands(registry: Registry) -> None:
    """When weekly nudges come, and pausing them."""
    group = "Weekly nudges"
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
            CommandSpec(
                path=path,
                summary=summary,
                handler=handler,
                args=args,
                examples=examples,
                group=group,
                needs=_PROFILE,
            )
        )


def _learner_commands(registry: Registry) -> None:
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
