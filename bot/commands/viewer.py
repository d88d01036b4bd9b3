"""Who signed in to the web dashboard, and the Learner a page runs as for them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from bot.commands.learner import Learner
from bot.core.command import Actor
from storage.tables import Profile

if TYPE_CHECKING:
    from sqlmodel.ext.asyncio.session import AsyncSession

    from content.schema import Catalog


@dataclass(frozen=True)
class Viewer:
    """A signed-in member: their row's id, their workspace, and whether ADMIN_IDS lists
    them (the web has no platform saying so). Pages are answered for this identity only."""

    member_id: int
    workspace_id: int
    platform: str
    workspace_external_id: str
    user_id: str
    name: str
    admin: bool = False
    manages: bool = False  # manages a team of their workspace: the Teams page is theirs

    @property
    def actor(self) -> Actor:
        """The viewer as the actor of a command run from a page (`challenge done`)."""
        return Actor(
            platform=self.platform,
            workspace_id=self.workspace_external_id,
            user_id=self.user_id,
            display_name=self.name,
            is_admin=self.admin,
        )

    def learner(
        self, *, session: AsyncSession, catalog: Catalog, profile: Profile | None, now: datetime
    ) -> Learner[Profile | None]:
        """The viewer as the Learner the chat's use cases take."""
        return Learner(
            session=session,
            catalog=catalog,
            member_id=self.member_id,
            workspace_id=self.workspace_id,
            profile=profile,
            now=now,
        )
