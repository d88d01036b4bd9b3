"""The Command: who asked, which command, with which arguments, from where."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum


class Source(StrEnum):
    """Where a command came from."""

    TEXT = "text"
    SLASH = "slash"
    BUTTON = "button"
    FORM = "form"
    DM = "dm"


@dataclass(frozen=True)
class Actor:
    """The person behind a command, as their platform identifies them."""

    platform: str
    workspace_id: str
    user_id: str
    display_name: str = ""
    timezone: str | None = None
    locale: str | None = None
    is_admin: bool = False


@dataclass(frozen=True)
class Command:
    """A parsed request: `path` names the command, `args` holds raw values by name."""

    actor: Actor
    path: tuple[str, ...]
    args: Mapping[str, str] = field(default_factory=dict)
    source: Source = Source.TEXT
    text: str = ""

    @property
    def name(self) -> str:
        """The command path as a user types it, e.g. 'team add'."""
        return " ".join(self.path)
