"""The Command: who asked, which command, with which arguments, from where."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import TypedDict


class Source(StrEnum):
    """Where a command came from."""

    TEXT = "text"
    SLASH = "slash"
    BUTTON = "button"
    FORM = "form"
    DM = "dm"


class Identity(TypedDict):
    """A member's platform identity, as `storage.members` looks it up."""

    platform: str
    workspace_external_id: str
    user_id: str


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

    def identity(self) -> Identity:
        """How the repositories find this person's member row."""
        return Identity(
            platform=self.platform, workspace_external_id=self.workspace_id, user_id=self.user_id
        )


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
