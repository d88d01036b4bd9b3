"""The request a command handler gets: the command, its checked arguments, services and now.

It lives apart from `bot.commands.registry` because it carries the `Services`, and the services
carry the registry: in one module the two would import each other.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from bot.core.command import Command

if TYPE_CHECKING:
    from bot.commands.services import Services


@dataclass(frozen=True)
class Request:
    """What every handler gets: the command, its checked arguments, services and now.

    A command registered with Needs.MEMBER or Needs.PROFILE also gets the member's
    `bot.commands.learner.Learner` as a second argument."""

    command: Command
    args: Mapping[str, Any]
    services: Services
    now: datetime
