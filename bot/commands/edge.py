"""What every edge (Slack, Discord, the terminal chat, App Home) does with the core's
answers, written once: show a failure as its error reply, and run a submitted form.

An edge never orders `except` clauses: `shown` turns a member's mistake (`UserError`) and
a failure on our side (`Unexpected`) alike into the reply to show, and `submit_form` says
which of the two stopped a form, because a form shows a mistake beside its field but
closes on a failure.
"""

from __future__ import annotations

from collections.abc import Awaitable, Mapping
from dataclasses import dataclass

from bot.commands.dispatch import error_reply, handle
from bot.commands.forms import form_commands
from bot.commands.services import Services
from bot.core.command import Actor
from bot.core.errors import Unexpected, UserError
from bot.core.reply import Reply


async def shown(work: Awaitable[Reply]) -> Reply:
    """The core's reply, or the error reply for what stopped it."""
    try:
        return await work
    except (UserError, Unexpected) as exc:
        return error_reply(exc)


@dataclass(frozen=True)
class Submission:
    """What a submitted form came to.

    `reply` is the last command's reply (None when the form had nothing to run) and `name`
    that command's name; or `mistake` is the member's UserError to show beside its field;
    or `failed` says something broke on our side, and `reply` says so."""

    reply: Reply | None
    name: str | None = None
    mistake: UserError | None = None
    failed: bool = False


async def submit_form(
    command_line: str,
    values: Mapping[str, str],
    *,
    each_input: bool,
    actor: Actor,
    services: Services,
) -> Submission:
    """Run a form's command(s) in turn; the first failure stops the rest."""
    try:
        commands = form_commands(
            command_line,
            values,
            each_input=each_input,
            actor=actor,
            registry=services.registry,
        )
        done = Submission(reply=None)
        for command in commands:
            done = Submission(reply=await handle(command, services=services), name=command.name)
        return done
    except Unexpected as exc:
        return Submission(reply=error_reply(exc), failed=True)
    except UserError as exc:
        return Submission(reply=error_reply(exc), mistake=exc)
