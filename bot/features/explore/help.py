"""`help [command]`: generated from the command registry."""

from __future__ import annotations

from bot.commands.declare import (
    GETTING_AROUND,
    plain_spec,
)
from bot.commands.registry import Arg, ArgKind, Audience, CommandSpec, Registry
from bot.commands.request import Request
from bot.core.reply import Context, Divider, Fields, Items, Reply, Text


async def help_command(request: Request) -> Reply:
    """List every command by group, or explain one command in full."""
    registry = request.services.registry
    name = request.args.get("command")
    if name:
        spec = next(s for s in registry.all() if s.name == name)
        return _one(spec, registry)
    groups: dict[str, list[CommandSpec]] = {}
    for spec in registry.all():
        groups.setdefault(spec.group, []).append(spec)
    blocks: list[Text | Items | Divider | Context] = [
        Text("Type a command below (in Slack or Discord, after `/mentor`).")
    ]
    for group, specs in groups.items():
        lines = []
        for spec in specs:
            admin = " _(admins)_" if spec.audience is Audience.ADMIN else ""
            lines.append(f"`{spec.usage}` — {spec.summary}{admin}")
        blocks.append(Text(f"**{group}**"))
        blocks.append(Items(tuple(lines)))
    blocks.append(Context("`help <command>` explains one command, with examples."))
    return Reply(title="mentorbot commands", blocks=tuple(blocks))


def _one(spec: CommandSpec, registry: Registry) -> Reply:
    blocks: list[Text | Fields | Items | Context] = [Text(spec.summary)]
    if spec.details:
        blocks.append(Text(spec.details))
    blocks.append(Text(f"Usage: `{spec.usage}`"))
    if spec.args:
        rows = []
        for arg in spec.args:
            choice = ""
            if arg.choices:
                choice = " One of: " + ", ".join(f"`{c.value}`" for c in arg.choices) + "."
            need = "required" if arg.required else "optional"
            rows.append((arg.name, f"{arg.help} ({need}).{choice}"))
        blocks.append(Fields(tuple(rows)))
    if spec.examples:
        blocks.append(Items(tuple(f"`{e}`" for e in spec.examples)))
    subs = [registry.get((*spec.path, word)) for word in registry.children(spec.path)]
    if any(subs):
        blocks.append(Text(f"**`{spec.name}` also has these subcommands**"))
        blocks.append(Items(tuple(_sub_line(sub) for sub in subs if sub is not None)))
    if spec.aliases:
        blocks.append(Context("Also answers to: " + ", ".join(f"`{a}`" for a in spec.aliases)))
    if spec.audience is Audience.ADMIN:
        blocks.append(Context("Only workspace admins may run this."))
    return Reply(title=f"help: {spec.name}", blocks=tuple(blocks))


def _sub_line(spec: CommandSpec) -> str:
    """One subcommand: its usage, what it does, and an example."""
    example = spec.examples[0] if spec.examples else spec.name
    admin = " _(admins)_" if spec.audience is Audience.ADMIN else ""
    return f"`{spec.usage}` — {spec.summary}{admin} For example: `{example}`."


# The commands this module answers, as help lists them.
SPECS = (
    plain_spec(
        ("help",),
        "List every command, or explain one.",
        help_command,
        args=(Arg("command", ArgKind.COMMAND, "the command to explain", rest=True),),
        examples=("help", "help explore"),
        aliases=("?", "commands"),
        group=GETTING_AROUND,
    ),
)
