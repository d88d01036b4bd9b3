"""The shapes of the command registry: arguments and command specs.

The registry itself (which commands exist) is built in `bot.features.catalog`; the request a
handler gets is `bot.commands.request.Request`.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from bot.core.reply import Reply


class ArgKind(StrEnum):
    """How an argument's raw text is checked and converted."""

    WORD = "word"
    TEXT = "text"
    INT = "int"
    CHOICE = "choice"
    SKILL = "skill"
    STAGE = "stage"
    PATH = "path"
    INDUSTRY = "industry"
    COMMAND = "command"


@dataclass(frozen=True)
class Choice:
    """One allowed value of a CHOICE argument and the other words that mean it."""

    value: str
    label: str
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class Arg:
    """One argument of a command."""

    name: str
    kind: ArgKind
    help: str
    required: bool = False
    choices: tuple[Choice, ...] = ()
    rest: bool = False  # takes every remaining word
    minimum: int | None = None
    maximum: int | None = None
    aliases: tuple[str, ...] = ()  # other names accepted in `name=value`

    @property
    def usage(self) -> str:
        """`<name>` when required, `[name]` when optional."""
        label = self.name + ("…" if self.rest else "")
        return f"<{label}>" if self.required else f"[{label}]"


class Needs(StrEnum):
    """What the dispatcher must load before the handler runs."""

    NOTHING = "nothing"
    MEMBER = "member"  # a database session and the member row
    PROFILE = "profile"  # also a profile: newcomers are sent to `start`


class Audience(StrEnum):
    """Who may run a command."""

    EVERYONE = "everyone"
    ADMIN = "admin"


# The dashboard pages matching a command's answer, as (label, path) pairs, from its bound
# arguments and the member's id; chat replies link to them when PUBLIC_URL is set.
Pages = Callable[[Mapping[str, Any], int], tuple[tuple[str, str], ...]]

# `handler(request)` for Needs.NOTHING; `handler(request, learner)` otherwise, with a
# `Learner[Profile]` for Needs.PROFILE (tests/commands/test_registry.py holds every spec to it).
# The request (`bot.commands.request.Request`) carries the services, which carry this registry, so
# the handler type names neither.
Handler = Callable[..., Awaitable[Reply]]


@dataclass(frozen=True)
class CommandSpec:
    """A command: its path, arguments, help, who may run it and its handler."""

    path: tuple[str, ...]
    summary: str
    handler: Handler
    args: tuple[Arg, ...] = ()
    details: str = ""
    examples: tuple[str, ...] = ()
    audience: Audience = Audience.EVERYONE
    aliases: tuple[str, ...] = ()
    group: str = "Explore"
    needs: Needs = Needs.NOTHING
    pages: Pages | None = None

    def links(
        self, args: Mapping[str, Any], member_id: int, public_url: str | None
    ) -> tuple[tuple[str, str], ...]:
        """(label, address) of the dashboard pages matching this command's answer; none
        without PUBLIC_URL."""
        if self.pages is None or not public_url:
            return ()
        return tuple(
            (label, public_url.rstrip("/") + path) for label, path in self.pages(args, member_id)
        )

    @property
    def name(self) -> str:
        """The command as typed, e.g. 'team add'."""
        return " ".join(self.path)

    @property
    def usage(self) -> str:
        """A one-line usage string, e.g. 'explore [topic] [name…]'."""
        return " ".join([self.name, *(a.usage for a in self.args)])


@dataclass
class Registry:
    """Every command, by path. Help, the console, Discord and the Slack manifest read it."""

    specs: dict[tuple[str, ...], CommandSpec] = field(default_factory=dict)

    def add(self, spec: CommandSpec) -> None:
        """Register a command; a path may be registered once."""
        if spec.path in self.specs:
            raise ValueError(f"command {spec.name!r} is registered twice")
        self.specs[spec.path] = spec

    def get(self, path: tuple[str, ...]) -> CommandSpec | None:
        """The command at `path`, if any."""
        return self.specs.get(path)

    def children(self, prefix: tuple[str, ...]) -> list[str]:
        """The words that may follow `prefix` to make a longer command path."""
        n = len(prefix)
        words = {p[n] for p in self.specs if len(p) > n and p[:n] == prefix}
        return sorted(words)

    def aliases_of(self, prefix: tuple[str, ...], word: str) -> tuple[str, ...]:
        """Other names of the command word `word` after `prefix`."""
        spec = self.specs.get((*prefix, word))
        return spec.aliases if spec else ()

    def all(self) -> list[CommandSpec]:
        """Every command, in the order registered (help shows them so)."""
        return list(self.specs.values())
