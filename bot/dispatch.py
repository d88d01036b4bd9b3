"""Run a Command through its handler; turn every failure into a reply, never a traceback."""

from __future__ import annotations

import logging
import secrets

from bot.binding import bind
from bot.command import Actor, Command, Source
from bot.errors import UserError
from bot.parser import parse
from bot.registry import Audience, Request
from bot.reply import Context, Reply, Text
from bot.services import Services

_log = logging.getLogger(__name__)


async def handle_text(
    text: str, *, actor: Actor, services: Services, source: Source = Source.TEXT
) -> Reply:
    """Parse `text` and run it; bad input becomes a reply saying what to type."""
    try:
        command = parse(text, actor=actor, registry=services.registry, source=source)
    except UserError as exc:
        return error_reply(exc)
    return await handle(command, services=services)


async def handle(command: Command, *, services: Services) -> Reply:
    """Run one command. UserError becomes a private hint; anything else a reference id."""
    try:
        spec = services.registry.get(command.path)
        if spec is None:
            raise UserError(f"I don't know the command `{command.name}`.", hint="Type `help`.")
        if spec.audience is Audience.ADMIN and not is_admin(command.actor, services):
            raise UserError(
                f"`{spec.name}` is for workspace admins only.",
                hint="Ask an admin of your workspace to run it.",
            )
        args = bind(spec, command.args, catalog=services.catalog, registry=services.registry)
        request = Request(command=command, args=args, services=services, now=services.clock.now())
        return await spec.handler(request)
    except UserError as exc:
        return error_reply(exc)
    except Exception:
        ref = secrets.token_hex(4)
        _log.exception("command %r failed (ref %s)", command.name, ref)
        return Reply(
            title="Something went wrong",
            blocks=(
                Text(f"Something went wrong on my side (ref `{ref}`). Nothing you typed was lost."),
                Context("Try again in a moment; if it keeps happening, give the ref to an admin."),
            ),
            kind="error",
        )


def is_admin(actor: Actor, services: Services) -> bool:
    """An actor is an admin if the platform says so or the settings list them."""
    key = f"{actor.platform}:{actor.workspace_id}:{actor.user_id}"
    return actor.is_admin or key in services.settings.admin_ids


def error_reply(exc: UserError) -> Reply:
    """The private reply for bad input."""
    blocks: list[Text | Context] = [Text(exc.problem)]
    if exc.hint:
        blocks.append(Context(exc.hint))
    return Reply(title="That didn't work", blocks=tuple(blocks), kind="error")
