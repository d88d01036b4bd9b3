"""What the fake platform APIs share: a local HTTP server, and waiting for calls to arrive."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web
from aiohttp.test_utils import TestServer


@dataclass(kw_only=True)
class FakeServer:
    """A fake API on loopback; a subclass routes requests and says what `of` a kind it got."""

    _server: TestServer | None = None
    _changed: asyncio.Condition = field(default_factory=asyncio.Condition)

    def of(self, kind: str) -> list[dict[str, Any]]:
        """The bodies of the calls of `kind` so far, in order."""
        raise NotImplementedError

    async def wait_for(
        self, kind: str, count: int = 1, timeout: float = 10.0
    ) -> list[dict[str, Any]]:
        """Wait until `count` calls of `kind` arrived (work the bot does after answering)."""

        async def enough() -> None:
            async with self._changed:
                await self._changed.wait_for(lambda: len(self.of(kind)) >= count)

        await asyncio.wait_for(enough(), timeout)
        return self.of(kind)

    def url(self, path: str) -> str:
        """The address of `path` on the running server."""
        assert self._server is not None
        return str(self._server.make_url(path))

    async def _serve(self, app: web.Application) -> None:
        self._server = TestServer(app, host="127.0.0.1")
        await self._server.start_server()

    async def _arrived(self) -> None:
        """Wake whoever waits for calls: one was just recorded."""
        async with self._changed:
            self._changed.notify_all()

    async def __aexit__(self, *exc: object) -> None:
        assert self._server is not None
        await self._server.close()
