"""The fence: right before a nudge goes out, its worker checks that it still holds the
row's lease and extends it, and writes what the nudge gives the member (Learner.keep).

Fences that reach the database together are written together, one short transaction
for all (group commit): on SQLite every commit passes through the one write lock, and
a slow spell of the disk would otherwise queue one commit per delivery behind it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import timedelta
from enum import Enum

from sqlmodel.ext.asyncio.session import AsyncSession

from bot.commands.learner import Keep
from bot.commands.services import Services
from scheduler.grouping import GroupCommit
from storage import outbox


class Fenced(Enum):
    """What the fence found for one row."""

    HELD = "held"  # the lease is this worker's and extended, the kept rows written: send
    LOST = "lost"  # the lease ran out or another worker took the row: never send it
    CLASH = "clash"  # something written since the build makes it wrong: build it again


@dataclass
class Fencer:
    """The fences of one worker's deliveries."""

    services: Services
    worker: str
    lease: timedelta
    _group: GroupCommit[tuple[int, list[Keep]], Fenced] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self._group = GroupCommit(self._write)

    async def fence(self, row_id: int, kept: list[Keep]) -> Fenced:
        """Fence one row (with the rows its nudge keeps), in the next group write."""
        return await self._group.submit((row_id, kept))

    async def _write(self, items: Sequence[tuple[int, list[Keep]]]) -> list[Fenced]:
        ids = [row_id for row_id, _ in items]
        now = self.services.clock.now()
        if not any(kept for _, kept in items):
            # One statement that commits on its own: on SQLite it holds the write lock
            # only while it runs, not while this event loop serves other deliveries.
            async with self.services.db.statements() as conn:
                held = await outbox.renew(
                    session=conn, row_ids=ids, worker=self.worker, now=now, lease=self.lease
                )
            return [Fenced.HELD if row_id in held else Fenced.LOST for row_id in ids]
        answers = []
        async with self.services.db.transaction() as session:
            held = await outbox.renew(
                session=session, row_ids=ids, worker=self.worker, now=now, lease=self.lease
            )
            for row_id, kept in items:
                if row_id not in held:
                    answers.append(Fenced.LOST)
                elif await _clashes(kept, session):
                    answers.append(Fenced.CLASH)  # its lease stays extended; nothing written
                else:
                    session.add_all([keep.row for keep in kept])
                    answers.append(Fenced.HELD)
        return answers


async def _clashes(kept: list[Keep], session: AsyncSession) -> bool:
    for keep in kept:
        if keep.clash is not None and await keep.clash(session):
            return True
    return False
