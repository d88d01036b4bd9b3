"""`help [command]`: generated from the command registry."""

from __future__ import annotations

from bot.registry import Audience, CommandSpec, Request
from bot.reply import Context, Divider, Fields, Items, Reply, Text


async def help_command(request: Request) -> Reply:
    """List every command by group, or explain one command in full."""
    registry = request.services.registry
    name = request.args.get("command")
    if name:
        spec = next(s for s in registry.all() if s.name == name)
        return _one(spec)
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


def _one(spec: CommandSpec) -> Reply:
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
    if spec.aliases:
        blocks.append(Context("Also answers to: " + ", ".join(f"`{a}`" for a in spec.aliases)))
    if spec.audience is Audience.ADMIN:
        blocks.append(Context("Only workspace admins may run this."))
    return Reply(title=f"help: {spec.name}", blocks=tuple(blocks))
