"""A command is one declaration, beside its handler: `profile_spec`, `member_spec` or
`plain_spec` say what the dispatcher loads, and type the handler to match, so mypy checks
that every handler takes what it will be given. `pages` names the dashboard pages that
match a command's answer: its reply links to them when PUBLIC_URL is set."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from bot.commands.learner import Learner
from bot.commands.registry import Arg, Audience, CommandSpec, Needs, Pages
from bot.commands.request import Request
from bot.core.reply import Reply
from storage.tables import Profile

# The groups help lists commands under, in the order it shows them.
GETTING_AROUND, YOU, GROW, DATA = "Getting around", "You", "Learn and grow", "Your data"
NUDGES, TEAMS = "Weekly nudges", "Teams"


def plain_spec(
    path: tuple[str, ...],
    summary: str,
    handler: Callable[[Request], Awaitable[Reply]],
    *,
    args: tuple[Arg, ...] = (),
    details: str = "",
    examples: tuple[str, ...] = (),
    audience: Audience = Audience.EVERYONE,
    aliases: tuple[str, ...] = (),
    group: str = GETTING_AROUND,
) -> CommandSpec:
    """A command that needs nothing loaded: `handler(request)`."""
    return CommandSpec(
        path, summary, handler, args, details, examples, audience, aliases, group, Needs.NOTHING
    )


def member_spec(
    path: tuple[str, ...],
    summary: str,
    handler: Callable[[Request, Learner[Profile | None]], Awaitable[Reply]],
    *,
    args: tuple[Arg, ...] = (),
    details: str = "",
    examples: tuple[str, ...] = (),
    audience: Audience = Audience.EVERYONE,
    aliases: tuple[str, ...] = (),
    group: str = GETTING_AROUND,
    pages: Pages | None = None,
) -> CommandSpec:
    """A command for any member, started or not: `handler(request, learner)`, where the
    learner's profile may be None."""
    return CommandSpec(
        path,
        summary,
        handler,
        args,
        details,
        examples,
        audience,
        aliases,
        group,
        Needs.MEMBER,
        pages,
    )


def profile_spec(
    path: tuple[str, ...],
    summary: str,
    handler: Callable[[Request, Learner[Profile]], Awaitable[Reply]],
    *,
    args: tuple[Arg, ...] = (),
    details: str = "",
    examples: tuple[str, ...] = (),
    audience: Audience = Audience.EVERYONE,
    aliases: tuple[str, ...] = (),
    group: str = GETTING_AROUND,
    pages: Pages | None = None,
) -> CommandSpec:
    """A command for a member who ran `start`: `handler(request, learner)` with their
    profile (a newcomer is welcomed and sent to `start` instead)."""
    return CommandSpec(
        path,
        summary,
        handler,
        args,
        details,
        examples,
        audience,
        aliases,
        group,
        Needs.PROFILE,
        pages,
    )
