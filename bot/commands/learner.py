"""The learner a command runs for, loaded once per command by the dispatcher."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Generic, TypedDict, TypeVar

from sqlmodel import SQLModel

from bot.core.command import Actor
from bot.core.reply import Reply
from storage.tables import Member, Profile

if TYPE_CHECKING:
    from sqlmodel.ext.asyncio.session import AsyncSession

    from content.schema import Catalog

P = TypeVar("P", bound=Profile | None)
# Whether a row written since the command read makes the one it gives wrong.
Clash = Callable[["AsyncSession"], Awaitable[bool]]


@dataclass(frozen=True)
class Recipient:
    """A member a message goes to, as loaded for a batch: their row and the platform's id
    of their workspace (so building their nudge needs no query to find them)."""

    member: Member
    workspace: str

    @property
    def actor(self) -> Actor:
        """The member as the actor of the command their nudge runs."""
        member = self.member
        return Actor(
            platform=member.platform,
            workspace_id=self.workspace,
            user_id=member.user_id,
            display_name=member.display_name,
        )

    @property
    def label(self) -> str:
        """How logs and `nudges tick` name them: `slack:U123`."""
        return f"{self.member.platform}:{self.member.user_id}"


@dataclass(frozen=True)
class Keep:
    """A row a nudge's build gives the member (this week's challenge, a tip), to be written
    with the send's fence, unless `clash` finds that a row written meanwhile makes it wrong
    (then the nudge is built again)."""

    row: SQLModel
    clash: Clash | None = None


@dataclass(frozen=True)
class Built:
    """A command run for a member loaded by id (a nudge's build).

    `keeps`: what it gives the member, left for the caller to write with its send when it
    ran on a read snapshot. `newcomer`: the member has no profile, so the command only
    welcomed them and there is nothing to nudge about."""

    reply: Reply
    keeps: tuple[Keep, ...] = ()
    newcomer: bool = False


@dataclass(frozen=True)
class Learner(Generic[P]):
    """The member behind a command, inside the command's one transaction.

    `Learner[Profile]` is what a command registered with `Needs.PROFILE` gets (newcomers
    never reach it); `Learner[Profile | None]` is for `Needs.MEMBER`, where the member may
    not have run `start` yet.
    """

    session: AsyncSession
    catalog: Catalog
    member_id: int
    workspace_id: int
    profile: P
    now: datetime
    # A nudge's build reads a snapshot: what it gives waits here for the send's fence.
    kept: list[Keep] | None = None

    async def keep(self, row: SQLModel, *, clash: Clash | None = None) -> None:
        """Record something the member was given: at once in a command's transaction; in a
        nudge's build, with the fence right before the send (see scheduler.dispatcher)."""
        if self.kept is None:
            self.session.add(row)
            await self.session.flush()
        else:
            self.kept.append(Keep(row, clash))


class LearningArgs(TypedDict):
    """The keyword arguments `bot.features.learner.learning`'s use cases take for one member."""

    session: AsyncSession
    catalog: Catalog
    member_id: int
    profile: Profile
    now: datetime


def learning_args(learner: Learner[Profile]) -> LearningArgs:
    """The learner as keyword arguments of `learning`: `sync_plan(**learning_args(learner))`."""
    return {
        "session": learner.session,
        "catalog": learner.catalog,
        "member_id": learner.member_id,
        "profile": learner.profile,
        "now": learner.now,
    }
