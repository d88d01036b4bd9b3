"""Run a process's parts (Slack, Discord, the scheduler) as one TaskGroup, and stop well.

On SIGTERM or SIGINT: every part stops taking new work (its task is cancelled and its
`finally` closes its server or client), work already running (a command, a delivery) gets
up to the grace period to finish, then the caller's `cleanup` releases unused leases and
closes the database. A part that ends on its own stops the others the same way.
"""

from __future__ import annotations

import asyncio
import logging
import signal
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

_log = logging.getLogger(__name__)


@dataclass
class Part:
    """One long-running piece of a process: runs until cancelled."""

    name: str
    run: Callable[[], Awaitable[None]]


async def serve_parts(
    parts: list[Part],
    *,
    grace: float,
    cleanup: Callable[[], Awaitable[None]],
) -> bool:
    """Run `parts` together until a signal or until one ends; then shut down gracefully.

    Returns False when a part failed (the caller exits non-zero), True otherwise.
    """
    loop = asyncio.get_running_loop()
    stop = asyncio.Event()
    why: list[str] = []
    failed: list[str] = []

    def on_signal(sig: signal.Signals) -> None:
        why.append(sig.name)
        stop.set()

    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, on_signal, sig)

    async def guarded(part: Part) -> None:
        try:
            await part.run()
            why.append(f"{part.name} ended")
        except Exception:
            _log.exception("%s failed", part.name)
            why.append(f"{part.name} failed")
            failed.append(part.name)
        finally:
            stop.set()

    mine = asyncio.current_task()
    try:
        async with asyncio.TaskGroup() as group:
            tasks = [group.create_task(guarded(p), name=p.name) for p in parts]
            await stop.wait()
            _log.info("stopping (%s): no new work; up to %.0f s for work in flight", why[0], grace)
            for task in tasks:
                task.cancel()
        in_flight = asyncio.all_tasks() - {mine}
        if in_flight:
            _done, late = await asyncio.wait(in_flight, timeout=grace)
            for task in late:
                task.cancel()
            if late:
                _log.warning(
                    "%d task(s) still running after %.0f s were cancelled", len(late), grace
                )
                await asyncio.wait(late, timeout=1.0)
    finally:
        for sig in (signal.SIGTERM, signal.SIGINT):
            loop.remove_signal_handler(sig)
        await cleanup()
    if failed:
        _log.error("stopped after %s failed", ", ".join(failed))
        return False
    _log.info("stopped cleanly")
    return True
