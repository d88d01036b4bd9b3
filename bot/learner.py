"""The learner a command runs for, loaded once per command by the dispatcher."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Generic, TypedDict, TypeVar

from storage.tables import Profile

if TYPE_CHECKING:
    from sqlmodel.ext.asyncio.session import AsyncSession

    from content.schema import Catalog

P = TypeVar("P", bound=Profile | None)


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
