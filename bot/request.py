"""The request a command handler gets: the command, its checked arguments, services and now.

It lives apart from `bot.registry` because it carries the `Services`, and the services
carry the registry: in one module the two would import each other.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from bot.command import Command

if TYPE_CHECKING:
    from sqlmodel.ext.asyncio.session import AsyncSession

    from bot.services import Services
    from storage.tables import Member, Profile


@dataclass(frozen=True)
class Request:
    """Everything a handler needs: the command, its checked arguments, services and now."""

    command: Command
    args: Mapping[str, Any]
    services: Services
    now: datetime
    session: AsyncSession | None = None
    member: Member | None = None
    profile: Profile | None = None

    def db(self) -> tuple[AsyncSession, Member]:
        """The session and member of a command registered with Needs.MEMBER or PROFILE."""
        assert self.session is not None and self.member is not None, "command needs a member"
        return self.session, self.member

    def onboarded(self) -> tuple[AsyncSession, Member, Profile]:
        """Session, member and profile of a command registered with Needs.PROFILE."""
        session, member = self.db()
        assert self.profile is not None, "command needs a profile"
        return session, member, self.profile
