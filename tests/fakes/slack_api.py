"""A local fake of the Slack Web API (and of response_urls and upload URLs).

It answers the methods mentorbot calls, records every call with the token it carried, and
checks every message and view it receives by parsing it back with slack_sdk's block models
(which enforce Slack's limits). Failures can be queued per method to test retries and
permanent errors. With `installs` it plays the OAuth side too: oauth.v2.access exchanges a
code for that workspace's bot token, and once any token is issued only issued tokens work.
"""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl

from aiohttp import web
from slack_sdk.models.blocks import Block
from slack_sdk.models.views import View

from tests.fakes.server import FakeServer


@dataclass
class Call:
    """One request the fake received."""

    method: str
    data: dict[str, Any]
    token: str | None = None


@dataclass
class FakeSlack(FakeServer):
    """The fake server's state; start it with `async with FakeSlack() as slack`."""

    users: dict[str, dict[str, Any]] = field(default_factory=dict)
    calls: list[Call] = field(default_factory=list)
    invalid: list[str] = field(default_factory=list)
    failures: dict[str, list[tuple[int, dict[str, Any], dict[str, str]]]] = field(
        default_factory=dict
    )
    rate_limit: float | None = None  # chat.postMessage per second; beyond it, 429
    rejected: int = 0
    hold: dict[str, asyncio.Event] = field(default_factory=dict)  # answer once it is set
    # OAuth: code -> oauth.v2.access answer; tokens issued -> their team id.
    installs: dict[str, dict[str, Any]] = field(default_factory=dict)
    installed: list[str] = field(default_factory=list)  # the team of every install, in order
    tokens: dict[str, str] = field(default_factory=dict)
    client_id: str = "111.222"
    client_secret: str = "test-client-secret-not-real"
    oauth: bool = False
    # A slow Slack: seconds chat.postMessage takes to answer (the post is accepted first).
    post_delay: float = 0.0
    # Called with each accepted post, before the answer: e.g. to kill the sender there.
    on_post: Callable[[dict[str, Any]], None] | None = None
    # What `ts` says: the epoch seconds of a post (tests pass their own clock).
    clock: Callable[[], float] = time.time
    history: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    _window: list[float] = field(default_factory=list)

    @property
    def base_url(self) -> str:
        return self.url("/")

    @property
    def api_url(self) -> str:
        return self.base_url + "api/"

    def response_url(self, name: str = "r1") -> str:
        return self.base_url + f"response/{name}"

    def fail(
        self, method: str, status: int, body: dict[str, Any], headers: dict[str, str] | None = None
    ) -> None:
        """Answer the next call of `method` with this failure."""
        self.failures.setdefault(method, []).append((status, body, headers or {}))

    def of(self, method: str) -> list[dict[str, Any]]:
        return [c.data for c in self.calls if c.method == method]

    def tokens_of(self, method: str) -> list[str | None]:
        """The token each call of `method` carried, in order."""
        return [c.token for c in self.calls if c.method == method]

    def install(self, code: str, *, team: str, name: str, installer: str = "U1") -> str:
        """Make `code` exchangeable for a new bot token of `team`; returns the token (a
        reinstall gets a different one, as on Slack)."""
        again = self.installed.count(team)
        self.installed.append(team)
        token = f"xoxb-{team}-{again + 1}-fake-not-real" if again else f"xoxb-{team}-fake-not-real"
        self.oauth = True
        self.installs[code] = {
            "ok": True,
            "app_id": "A1",
            "authed_user": {"id": installer},
            "scope": "commands,chat:write,im:write,im:history,users:read,files:write",
            "token_type": "bot",
            "access_token": token,
            "bot_user_id": f"UBOT{team}",
            "team": {"id": team, "name": name},
            "enterprise": None,
            "is_enterprise_install": False,
        }
        return token

    def revoke(self, team: str) -> None:
        """The workspace removed the app: its tokens stop working."""
        self.tokens = {t: tm for t, tm in self.tokens.items() if tm != team}

    async def __aenter__(self) -> FakeSlack:
        app = web.Application()
        app.router.add_route("*", "/api/{method}", self._api)
        app.router.add_post("/response/{name}", self._response)
        app.router.add_post("/upload/{file_id}", self._upload)
        await self._serve(app)
        return self

    async def acked(self, status: int, content_type: str, body: str) -> None:
        """The HTTP answer to a request sent to the app, as Slack takes it: a message in an
        ack's body shows like one posted to the response_url, and is recorded as one."""
        if status != 200 or not content_type.startswith("application/json") or not body:
            return
        data = json.loads(body)
        if isinstance(data, dict) and ("text" in data or "blocks" in data):
            await self._record("response_url", data)

    async def _record(self, method: str, data: dict[str, Any], token: str | None = None) -> None:
        self.calls.append(Call(method, data, token))
        self._check(method, data)
        await self._arrived()

    def _check(self, method: str, data: dict[str, Any]) -> None:
        try:
            blocks = data.get("blocks")
            if isinstance(blocks, str):
                blocks = json.loads(blocks)
            if blocks is not None:
                if len(blocks) > 50:
                    raise ValueError(f"{len(blocks)} blocks in one message")
                for block in Block.parse_all(blocks):
                    block.to_dict()
            view = data.get("view")
            if view is not None:
                view = json.loads(view) if isinstance(view, str) else view
                if len(view.get("blocks", [])) > 100:
                    raise ValueError("more than 100 blocks in a modal")
                View(**view).to_dict()
        except Exception as exc:
            self.invalid.append(f"{method}: {type(exc).__name__}: {exc}")

    async def _body(self, request: web.Request) -> dict[str, Any]:
        if request.content_type == "application/json":
            return dict(await request.json())
        form = dict(parse_qsl(await request.text())) if request.can_read_body else {}
        return {**dict(request.query), **form}

    async def _api(self, request: web.Request) -> web.Response:
        method = request.match_info["method"]
        data = await self._body(request)
        token = _token(request, data)
        if method == "oauth.v2.access":
            await self._record(method, data, token)
            return web.json_response(self._oauth(request, data))
        if self.oauth and token not in self.tokens:
            # Once workspaces install through OAuth, only a token Slack issued is valid.
            await self._record("invalid_auth", {**data, "method": method}, token)
            return web.json_response({"ok": False, "error": "invalid_auth"})
        if method == "chat.postMessage" and self.rate_limit and self._limited():
            self.rejected += 1
            await self._record("rate_limited", data)
            return web.json_response(
                {"ok": False, "error": "ratelimited"}, status=429, headers={"Retry-After": "1"}
            )
        await self._record(method, data, token)
        gate = self.hold.get(method)
        if gate is not None:
            await gate.wait()
        queued = self.failures.get(method)
        if queued:
            status, body, headers = queued.pop(0)
            return web.json_response(body, status=status, headers=headers)
        answer = self._answer(method, data)
        if method == "auth.test" and token in self.tokens:
            team = self.tokens[token]
            answer.update(team_id=team, user_id=f"UBOT{team}", bot_id=f"B{team}")
        if method == "chat.postMessage":
            self._keep(data, answer["ts"])
            if self.on_post is not None:
                self.on_post(data)
            if self.post_delay:
                await asyncio.sleep(self.post_delay)
        return web.json_response(answer)

    def _keep(self, data: dict[str, Any], ts: str) -> None:
        """Remember a post in its channel's history, as conversations.history returns it."""
        message = {"type": "message", "ts": ts, "text": data.get("text", ""), "bot_id": "B1"}
        metadata = data.get("metadata")
        if isinstance(metadata, str):
            metadata = json.loads(metadata)
        if metadata:
            message["metadata"] = metadata
        self.history.setdefault(str(data.get("channel")), []).insert(0, message)

    def posts_to(self, channel: str) -> list[dict[str, Any]]:
        """Every accepted chat.postMessage to one channel."""
        return [p for p in self.of("chat.postMessage") if p.get("channel") == channel]

    def _oauth(self, request: web.Request, data: dict[str, Any]) -> dict[str, Any]:
        import base64

        auth = request.headers.get("Authorization", "")
        expected = base64.b64encode(f"{self.client_id}:{self.client_secret}".encode()).decode()
        credentials = auth == f"Basic {expected}" or (
            data.get("client_id") == self.client_id
            and data.get("client_secret") == self.client_secret
        )
        if not credentials:
            return {"ok": False, "error": "invalid_client_id"}
        answer = self.installs.pop(str(data.get("code")), None)
        if answer is None:
            return {"ok": False, "error": "invalid_code"}
        self.tokens[answer["access_token"]] = answer["team"]["id"]
        return answer

    def _limited(self) -> bool:
        import time

        now = time.monotonic()
        self._window = [t for t in self._window if now - t < 1.0]
        assert self.rate_limit is not None
        if len(self._window) >= self.rate_limit:
            return True
        self._window.append(now)
        return False

    def _answer(self, method: str, data: dict[str, Any]) -> dict[str, Any]:
        if method == "auth.test":
            return {
                "ok": True,
                "team_id": "T1",
                "user_id": "UBOT",
                "bot_id": "B1",
                "team": "t",
                "user": "mentorbot",
                "url": "https://t.slack.com/",
            }
        if method == "users.info":
            user = self.users.get(str(data.get("user")))
            return {"ok": True, "user": user} if user else {"ok": False, "error": "user_not_found"}
        if method == "conversations.open":
            return {"ok": True, "channel": {"id": "D" + str(data.get("users"))}}
        if method in {"chat.postMessage", "chat.postEphemeral"}:
            ts = f"{self.clock():.6f}"
            return {"ok": True, "channel": data.get("channel"), "ts": ts}
        if method == "conversations.history":
            oldest = float(data.get("oldest") or 0)
            limit = int(data.get("limit") or 100)
            found = [
                m for m in self.history.get(str(data.get("channel")), []) if float(m["ts"]) > oldest
            ]
            return {"ok": True, "messages": found[:limit], "has_more": len(found) > limit}
        if method == "views.open":
            return {"ok": True, "view": {"id": "V1"}}
        if method == "views.publish":
            return {"ok": True, "view": {"id": "VHOME", "type": "home"}}
        if method == "files.getUploadURLExternal":
            return {"ok": True, "upload_url": self.base_url + "upload/F1", "file_id": "F1"}
        if method == "files.completeUploadExternal":
            return {"ok": True, "files": [{"id": "F1", "title": "file"}]}
        return {"ok": False, "error": "unknown_method"}

    async def _response(self, request: web.Request) -> web.Response:
        await self._record("response_url", dict(await request.json()))
        return web.Response(text="ok")

    async def _upload(self, request: web.Request) -> web.Response:
        await self._record("upload", {"bytes": len(await request.read())})
        return web.Response(text="OK")


def _token(request: web.Request, data: dict[str, Any]) -> str | None:
    """The token a Web API call carried: `Authorization: Bearer …` or a `token` field."""
    auth = request.headers.get("Authorization", "")
    if auth.startswith("Bearer "):
        return auth.removeprefix("Bearer ")
    token = data.get("token")
    return str(token) if token else None
