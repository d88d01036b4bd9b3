"""Each signed platform request runs once, across every web worker (Slack's HTTP mode)."""

from __future__ import annotations

from bot.services import Services
from storage import replay


async def first_sight(services: Services, *, signature: str) -> bool:
    """Remember a request's signature; False if one with it already ran within the replay
    window (a replayed request, which must not run again)."""
    async with services.db.transaction() as session:
        return await replay.first_sight(
            session=session, signature=signature, now=services.clock.now()
        )
