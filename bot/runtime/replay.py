"""Each signed platform request runs once, across every web worker (Slack's HTTP mode)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from bot.commands.services import Services
from storage import ops

PRUNE_EVERY = timedelta(minutes=1)


@dataclass
class ReplayGuard:
    """Remembers signatures in the shared database; prunes the old ones now and then (at
    most once a minute per process), so a request costs one indexed insert."""

    services: Services
    pruned_at: datetime | None = None

    async def first_sight(self, *, signature: str) -> bool:
        """Remember a request's signature; False if one with it already ran (a replayed
        request, which must not run again)."""
        now = self.services.clock.now()
        async with self.services.db.statements() as conn:
            if self.pruned_at is None or now - self.pruned_at >= PRUNE_EVERY:
                await ops.prune(conn=conn, now=now)
                self.pruned_at = now
            return await ops.first_sight(conn=conn, signature=signature, now=now)
