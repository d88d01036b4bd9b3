"""Turn a submitted Form's values into the Commands it stands for, without re-parsing them.

Field values go straight into the Command's arguments: nothing a member typed is quoted
and split again, so apostrophes, quotes and any other text survive the round trip.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace

from bot.commands.parser import assign, parse
from bot.commands.registry import Registry
from bot.core.command import Actor, Command, Source


def form_commands(
    command: str,
    values: Mapping[str, str],
    *,
    each_input: bool,
    actor: Actor,
    registry: Registry,
) -> list[Command]:
    """`start` with `stage=…, tz=…` as arguments, or one `assess <name> <value>` per input.

    `command` is ours (the form's own command line); raises UserError like the parser."""
    base = parse(command, actor=actor, registry=registry, source=Source.FORM)
    spec = registry.get(base.path)
    assert spec is not None  # parse only returns known commands
    filled = {k: v.strip() for k, v in values.items() if v and v.strip()}
    if each_input:
        return [
            replace(base, args={**base.args, **assign(spec, [name, value])})
            for name, value in filled.items()
        ]
    # `name=value` is split at its first `=` only, so the value stays whole.
    args = assign(spec, [f"{name}={value}" for name, value in filled.items()])
    return [replace(base, args={**base.args, **args})]
