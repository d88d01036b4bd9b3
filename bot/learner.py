"""The learner a command runs for, loaded once per command by the dispatcher."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Generic, TypedDict, TypeVar

from sqlmodel import SQLModel

from storage.tables import Profile

if TYPE_CHECKING:
    from sqlmodel.ext.asyncio.session import AsyncSession

    from content.schema import Catalog

P = TypeVar("P", bound=Profile | None)
# Whether a row written since the command read makes the one it gives wrong.
Clash = Callable[["AsyncSession"], Awaitable[bool]]


@dataclass(frozen=True)
class Keep:
    """A row a nudge's build gives the member (this week's challenge, a tip), to be written
    with the send's fence, unless `clash` finds that a row written meanwhile makes it wrong
    (then the nudge is built again)."""

    row: SQLModel
    clash: Clash | None = None


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
    """The keyword arguments `bot.learning`'s use cases take for one member."""

    session: AsyncSession
    catalog: Catalog
    member_id: int
    profile: Profile
    now: datetime


def learning_args(learner: Learner[Profile]) -> LearningArgs:
    """The learner as `bot.learning` keyword arguments: `sync_plan(**learning_args(learner))`."""
    return {
        "session": learner.session,
        "catalog": learner.catalog,
        "member_id": learner.member_id,
        "profile": learner.profile,
        "now": learner.now,
    }
