"""A local fake of an OpenAI-compatible `/v1/chat/completions` server.

Script what the next requests get with `answer` (cited JSON, or any content), `raw` (a
body that is not a chat completion), `status` (429, 500, …) or `hang` (no answer until
the fake closes, so the client's own timeout fires; tests pass a tiny timeout and never
sleep). Unscripted requests get no sentences. Every request is recorded with its
Authorization header, so tests can assert exactly what text reached the model.
"""

from __future__ import annotations

import asyncio
import json
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web

from tests.fakes.server import FakeServer


@dataclass
class Received:
    """One request the fake received."""

    body: dict[str, Any]
    authorization: str | None

    @property
    def text(self) -> str:
        """Everything the messages carried, joined: what the model was shown."""
        return "\n".join(str(m.get("content", "")) for m in self.body.get("messages", []))


@dataclass
class FakeOpenAI(FakeServer):
    """Start with `async with FakeOpenAI() as model`; `base_url` is the /v1 to configure."""

    received: list[Received] = field(default_factory=list)
    script: list[tuple[str, Any]] = field(default_factory=list)
    _closing: asyncio.Event = field(default_factory=asyncio.Event)

    @property
    def base_url(self) -> str:
        return self.url("/v1")

    def of(self, kind: str) -> list[dict[str, Any]]:
        return [r.body for r in self.received] if kind == "chat" else []

    def answer(self, sentences: list[dict[str, Any]] | str) -> None:
        """The next request gets a chat completion whose content is these sentences as JSON
        (or, given a string, exactly that content)."""
        content = sentences if isinstance(sentences, str) else json.dumps({"sentences": sentences})
        self.script.append(("content", content))

    def raw(self, body: str) -> None:
        """The next request gets this body with status 200, whatever it is."""
        self.script.append(("raw", body))

    def status(self, code: int) -> None:
        """The next request gets this HTTP status (429 comes with Retry-After)."""
        self.script.append(("status", code))

    def hang(self) -> None:
        """The next request gets no answer until the fake closes."""
        self.script.append(("hang", None))

    async def __aenter__(self) -> FakeOpenAI:
        app = web.Application()
        app.router.add_post("/v1/chat/completions", self._chat)
        await self._serve(app)
        return self

    async def __aexit__(self, *exc: object) -> None:
        self._closing.set()
        await super().__aexit__(*exc)

    async def _chat(self, request: web.Request) -> web.StreamResponse:
        body = await request.json()
        self.received.append(Received(body, request.headers.get("Authorization")))
        await self._arrived()
        kind, value = self.script.pop(0) if self.script else ("content", '{"sentences": []}')
        if kind == "hang":
            await self._closing.wait()
            return web.Response(status=503)
        if kind == "status":
            headers = {"Retry-After": "7"} if value == 429 else {}
            return web.json_response(
                {"error": {"message": "scripted"}}, status=value, headers=headers
            )
        if kind == "raw":
            return web.Response(text=value, content_type="application/json")
        return web.json_response(_completion(body.get("model", "?"), value))


def _completion(model: str, content: str) -> dict[str, Any]:
    return {
        "id": "chatcmpl-fake",
        "object": "chat.completion",
        "model": model,
        "choices": [
            {
                "index": 0,
                "message": {"role": "assistant", "content": content},
                "finish_reason": "stop",
            }
        ],
    }
