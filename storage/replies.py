"""Repository: what a member's free-text DM may be answering (a check-in nudge just sent)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from storage.kinds import OutboxStatus
from storage.tables import Outbox


async def last_sent(
    *, session: AsyncSession, member_id: int, kinds: Iterable[str], since: datetime
) -> Outbox | None:
    """The newest nudge of one of `kinds` delivered to the member at or after `since`."""
    return (
        await session.exec(
            select(Outbox)
            .where(
                Outbox.member_id == member_id,
                col(Outbox.kind).in_(list(kinds)),
                Outbox.status == OutboxStatus.SENT,
                col(Outbox.sent_at) >= since,
            )
            .order_by(col(Outbox.sent_at).desc(), col(Outbox.id).desc())
        )
    ).first()
