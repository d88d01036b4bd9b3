"""The one command registry. Help, the console, Discord's tree and Slack's manifest read it."""

from __future__ import annotations

from bot.commands_learner import learner_commands
from bot.commands_nudges import nudge_commands
from bot.handlers import team_people, team_view, teams
from bot.handlers.explore import TOPICS, explore_command
from bot.handlers.help import help_command
from bot.handlers.home import home_command
from bot.handlers.team_alerts import team_alerts_command
from bot.registry import Arg, ArgKind, Audience, CommandSpec, Needs, Registry

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
    learner_commands(registry)
    nudge_commands(registry)
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
