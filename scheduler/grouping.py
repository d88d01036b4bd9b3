"""Group commit: callers that arrive while one write is running wait, and the next write
takes all of them at once. When the database is quick each caller gets a write of its
own; when it is slow (a busy disk, another process holding SQLite's lock), the callers
that pile up share one, so a slow spell costs fewer writes instead of a queue of them."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Sequence
from typing import Generic, TypeVar

T = TypeVar("T")
R = TypeVar("R")


class GroupCommit(Generic[T, R]):
    """`await group.submit(item)` runs `write` on a batch holding `item` and returns what
    `write` answered for it (its answers come back in the order of the batch). If the
    write raises, every caller in that batch gets the error; a caller cancelled while it
    writes a batch leaves the rest of it in line for the next write."""

    def __init__(self, write: Callable[[Sequence[T]], Awaitable[Sequence[R]]]) -> None:
        self._write = write
        self._waiting: list[tuple[T, asyncio.Future[R]]] = []
        self._lock = asyncio.Lock()

    async def submit(self, item: T) -> R:
        answer: asyncio.Future[R] = asyncio.get_running_loop().create_future()
        self._waiting.append((item, answer))
        batch: list[tuple[T, asyncio.Future[R]]] = []
        try:
            async with self._lock:
                # A batch written while this caller waited for the lock may have taken it.
                if not answer.done():
                    batch, self._waiting = self._waiting, []
                    await self._run(batch)
        except BaseException:
            # Cancelled: this caller's item leaves the line, and if it was writing a
            # batch, the others' items go back in line for the next of them to write.
            others = [(i, a) for i, a in batch if a is not answer and not a.done()]
            self._waiting = others + [(i, a) for i, a in self._waiting if a is not answer]
            raise
        return await answer

    async def _run(self, batch: list[tuple[T, asyncio.Future[R]]]) -> None:
        try:
            answers = await self._write([item for item, _ in batch])
        except Exception as exc:
            for _, answer in batch:
                answer.set_exception(exc)
            return
        for (_, answer), result in zip(batch, answers, strict=True):
            answer.set_result(result)
