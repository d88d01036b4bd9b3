"""The one command registry. Help, the console, Discord's tree and Slack's manifest read it."""

from __future__ import annotations

from bot.handlers.explore import TOPICS, explore_command
from bot.handlers.help import help_command
from bot.registry import Arg, ArgKind, CommandSpec, Registry


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
    return registry
