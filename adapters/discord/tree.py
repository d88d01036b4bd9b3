"""The /mentor app-command group, generated from the command registry.

`plan`, `plan refresh` and `plan target` become `/mentor plan show|refresh|target`:
Discord can't invoke a group itself, so a command that also has sub-commands is `show`.
"""

from __future__ import annotations

import inspect
from collections.abc import Awaitable, Callable, Mapping
from typing import Any, Literal

import discord
from discord import app_commands

from bot.commands.registry import Arg, ArgKind, CommandSpec, Registry

Runner = Callable[[discord.Interaction, tuple[str, ...], Mapping[str, str]], Awaitable[None]]
Completer = Callable[[ArgKind, str], list[tuple[str, str]]]

ROOT = "mentor"
SHOW = "show"


def _annotation(arg: Arg) -> Any:
    if arg.kind is ArgKind.INT:
        low = arg.minimum if arg.minimum is not None else -(2**31)
        high = arg.maximum if arg.maximum is not None else 2**31
        return app_commands.Range[int, low, high]
    if arg.kind is ArgKind.CHOICE and 0 < len(arg.choices) <= 25:
        return Literal[tuple(c.value for c in arg.choices)]
    return str


def _command(
    spec: CommandSpec, name: str, run: Runner, complete: Completer
) -> app_commands.Command[Any, ..., Any]:
    async def callback(interaction: discord.Interaction, **values: Any) -> None:
        await run(interaction, spec.path, {k: str(v) for k, v in values.items() if v is not None})

    ordered = sorted(spec.args, key=lambda a: not a.required)  # Discord wants required first
    params = [
        inspect.Parameter(
            "interaction", inspect.Parameter.POSITIONAL_OR_KEYWORD, annotation=discord.Interaction
        )
    ]
    for arg in ordered[:25]:
        params.append(
            inspect.Parameter(
                arg.name,
                inspect.Parameter.POSITIONAL_OR_KEYWORD,
                annotation=_annotation(arg),
                default=inspect.Parameter.empty if arg.required else None,
            )
        )
    callback.__signature__ = inspect.Signature(params)  # type: ignore[attr-defined]
    callback.__discord_app_commands_param_description__ = {  # type: ignore[attr-defined]
        a.name: a.help[:100] for a in ordered
    }
    command: app_commands.Command[Any, ..., Any] = app_commands.Command(
        name=name,
        description=spec.summary[:100],
        callback=callback,
    )
    for arg in ordered:
        if arg.kind in {ArgKind.SKILL, ArgKind.STAGE, ArgKind.PATH, ArgKind.INDUSTRY}:
            command.autocomplete(arg.name)(_completer(arg.kind, complete))  # type: ignore[arg-type]
    return command


def _completer(
    kind: ArgKind, complete: Completer
) -> Callable[..., Awaitable[list[app_commands.Choice[str]]]]:
    async def suggest(
        interaction: discord.Interaction, current: str
    ) -> list[app_commands.Choice[str]]:
        return [
            app_commands.Choice(name=name[:100], value=value)
            for name, value in complete(kind, current)
        ][:25]

    return suggest


def build_group(registry: Registry, run: Runner, complete: Completer) -> app_commands.Group:
    """The `mentor` group with a sub-command (or sub-group) per registry command."""
    root = app_commands.Group(name=ROOT, description="Your AI-engineering mentor")
    groups: dict[str, app_commands.Group] = {}
    for spec in registry.all():
        word = spec.path[0]
        has_children = bool(registry.children((word,)))
        if not has_children:
            root.add_command(_command(spec, word, run, complete))
            continue
        group = groups.get(word)
        if group is None:
            group = app_commands.Group(name=word, description=spec.summary[:100])
            root.add_command(group)
            groups[word] = group
        name = SHOW if len(spec.path) == 1 else spec.path[1]
        group.add_command(_command(spec, name, run, complete))
    return root
