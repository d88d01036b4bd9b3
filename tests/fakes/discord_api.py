"""A local fake of Discord's REST API: interaction callbacks, follow-ups, DMs, messages and
a DM's history. Failures can be queued for message posts (a 429 as Discord sends it, a 403)."""

from __future__ import annotations

import asyncio
import json
import time
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web

from tests.fakes.server import FakeServer


def reply(
    body: dict[str, Any] | list[dict[str, Any]],
    status: int = 200,
    headers: dict[str, str] | None = None,
) -> web.Response:
    # discord.py reads JSON only when the content type is exactly application/json.
    return web.Response(
        body=json.dumps(body).encode(),
        status=status,
        headers={"Content-Type": "application/json", **(headers or {})},
    )


DISCORD_EPOCH_MS = 1420070400000


def snowflake(n: int) -> str:
    """A message id as Discord makes one: the time it was made, then a counter."""
    return str(((int(time.time() * 1000) - DISCORD_EPOCH_MS) << 22) + n % (1 << 22))


BOT_USER = {
    "id": "900000000000000001",
    "username": "mentorbot",
    "discriminator": "0",
    "global_name": "mentorbot",
    "avatar": None,
    "bot": True,
}


def message_payload(channel_id: str, body: dict[str, Any], n: int) -> dict[str, Any]:
    return {
        "id": snowflake(n),
        "channel_id": channel_id,
        "type": 0,
        "content": body.get("content") or "",
        "author": BOT_USER,
        "attachments": [],
        "embeds": body.get("embeds") or [],
        "mentions": [],
        "mention_roles": [],
        "pinned": False,
        "mention_everyone": False,
        "tts": False,
        "timestamp": "2026-11-28T12:00:00+00:00",
        "edited_timestamp": None,
        "flags": body.get("flags") or 0,
        "components": body.get("components") or [],
    }


@dataclass
class FakeDiscord(FakeServer):
    """Records what the bot sends; start with `async with FakeDiscord() as discord_api`."""

    calls: list[tuple[str, dict[str, Any]]] = field(default_factory=list)
    forbidden_dms: set[str] = field(default_factory=set)
    # Answers queued for the next message posts: (status, JSON body, headers).
    failures: list[tuple[int, dict[str, Any], dict[str, str]]] = field(default_factory=list)
    # Messages kept per channel, newest first, as GET /channels/{id}/messages returns them.
    history: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    shards: int = 1  # what GET /gateway/bot recommends
    # Guild id -> its member ids, for GET /guilds/{guild}/members/{user}; a guild not
    # listed has everyone in it.
    guild_members: dict[str, set[str]] = field(default_factory=dict)

    @property
    def base(self) -> str:
        return self.url("/api/v10").rstrip("/")

    def of(self, kind: str) -> list[dict[str, Any]]:
        return [body for k, body in self.calls if k == kind]

    def rate_limit(self, retry_after: float) -> None:
        """The next message post gets Discord's 429 (JSON, and the `Via` header Discord's
        edge adds: without it discord.py takes the 429 for a Cloudflare ban)."""
        body = {"message": "You are being rate limited.", "retry_after": retry_after}
        headers = {"Via": "1.1 google", "Retry-After": str(int(retry_after))}
        self.failures.append((429, {**body, "global": False}, headers))

    def fail(self, status: int, body: dict[str, Any]) -> None:
        """The next message post gets this error answer."""
        self.failures.append((status, body, {}))

    async def __aenter__(self) -> FakeDiscord:
        app = web.Application()
        app.router.add_get("/api/v10/users/@me", self._me)
        app.router.add_get("/api/v10/oauth2/applications/@me", self._application)
        app.router.add_post("/api/v10/interactions/{id}/{token}/callback", self._callback)
        app.router.add_post("/api/v10/webhooks/{app}/{token}", self._followup)
        app.router.add_post("/api/v10/users/@me/channels", self._dm)
        app.router.add_post("/api/v10/channels/{channel}/messages", self._message)
        app.router.add_get("/api/v10/channels/{channel}/messages", self._history)
        app.router.add_get("/api/v10/guilds/{guild}/members/{user}", self._member)
        app.router.add_get("/api/v10/gateway", self._gateway)
        app.router.add_get("/api/v10/gateway/bot", self._gateway)
        app.router.add_get("/gateway-ws", self._websocket)
        await self._serve(app)
        self.gateway_url = self.url("/gateway-ws").replace("http://", "ws://")
        return self

    gateway_url: str = ""
    dispatch_queue: asyncio.Queue[dict[str, Any]] = field(default_factory=asyncio.Queue)

    async def _websocket(self, request: web.Request) -> web.WebSocketResponse:
        """A minimal gateway: HELLO, wait for IDENTIFY, READY, then queued dispatches."""
        ws = web.WebSocketResponse()
        await ws.prepare(request)
        await ws.send_str(
            json.dumps({"op": 10, "d": {"heartbeat_interval": 45000}, "s": None, "t": None})
        )
        seq = 0
        async for msg in ws:
            data = json.loads(msg.data)
            await self._record(f"gateway_op_{data['op']}", data.get("d") or {})
            if data["op"] == 1:
                await ws.send_str(json.dumps({"op": 11, "d": None, "s": None, "t": None}))
            if data["op"] == 2:
                seq += 1
                ready = {
                    "v": 10,
                    "user": BOT_USER,
                    "guilds": [],
                    "session_id": "fake-session",
                    "resume_gateway_url": self.gateway_url,
                    "application": {"id": BOT_USER["id"], "flags": 0},
                    "private_channels": [],
                    "relationships": [],
                }
                if (data.get("d") or {}).get("shard"):
                    ready["shard"] = data["d"]["shard"]  # a sharded session hears its shard back
                await ws.send_str(json.dumps({"op": 0, "t": "READY", "s": seq, "d": ready}))
                while True:
                    event = await self.dispatch_queue.get()
                    seq += 1
                    await ws.send_str(
                        json.dumps({"op": 0, "t": event["t"], "s": seq, "d": event["d"]})
                    )
        return ws

    async def _record(self, kind: str, body: dict[str, Any]) -> None:
        self.calls.append((kind, body))
        await self._arrived()

    async def _json(self, request: web.Request) -> dict[str, Any]:
        if request.content_type.startswith("multipart"):
            reader = await request.multipart()
            body: dict[str, Any] = {"files": []}
            async for part in reader:
                if part.name == "payload_json":
                    body.update(json.loads(await part.text()))
                else:
                    body["files"].append(len(await part.read()))
            return body
        return dict(await request.json()) if request.can_read_body else {}

    async def _member(self, request: web.Request) -> web.Response:
        guild, user_id = request.match_info["guild"], request.match_info["user"]
        await self._record("member", {"guild": guild, "user": user_id})
        known = self.guild_members.get(guild)
        if known is not None and user_id not in known:
            return reply({"message": "Unknown Member", "code": 10007}, 404)
        member = {"user": {"id": user_id, "username": f"u{user_id[-4:]}", "discriminator": "0"}}
        return reply({**member, "roles": [], "joined_at": "2024-01-01T00:00:00+00:00"})

    async def _me(self, request: web.Request) -> web.Response:
        return reply(BOT_USER)

    async def _application(self, request: web.Request) -> web.Response:
        return reply(
            {
                "id": BOT_USER["id"],
                "name": "mentorbot",
                "icon": None,
                "description": "",
                "rpc_origins": [],
                "bot_public": True,
                "bot_require_code_grant": False,
                "owner": BOT_USER,
                "summary": "",
                "verify_key": "0" * 64,
                "flags": 0,
                "team": None,
            }
        )

    async def _gateway(self, request: web.Request) -> web.Response:
        return reply(
            {
                "url": self.gateway_url,
                "shards": self.shards,
                "session_start_limit": {
                    "total": 1000,
                    "remaining": 1000,
                    "reset_after": 0,
                    "max_concurrency": 1,
                },
            }
        )

    async def _callback(self, request: web.Request) -> web.Response:
        body = await self._json(request)
        await self._record("callback", body)
        return reply(
            {
                "interaction": {"id": request.match_info["id"], "type": 2},
                "resource": {"type": body.get("type", 4)},
            }
        )

    async def _followup(self, request: web.Request) -> web.Response:
        body = await self._json(request)
        await self._record("followup", body)
        return reply(message_payload("1", body, len(self.calls)))

    async def _dm(self, request: web.Request) -> web.Response:
        body = await self._json(request)
        await self._record("create_dm", body)
        recipient = str(body.get("recipient_id"))
        return reply(
            {
                "id": "8" + recipient[-17:],
                "type": 1,
                "last_message_id": None,
                "recipients": [
                    {"id": recipient, "username": "u", "discriminator": "0", "avatar": None}
                ],
            }
        )

    async def _message(self, request: web.Request) -> web.Response:
        body = await self._json(request)
        channel = request.match_info["channel"]
        if any(channel.endswith(u[-17:]) for u in self.forbidden_dms):
            return reply({"message": "Cannot send messages to this user", "code": 50007}, 403)
        if self.failures:
            status, answer, headers = self.failures.pop(0)
            return reply(answer, status, headers)
        await self._record("message", {**body, "channel": channel})
        message = message_payload(channel, body, len(self.calls))
        self.history.setdefault(channel, []).insert(0, message)
        return reply({**message, "nonce": body.get("nonce")})

    async def _history(self, request: web.Request) -> web.Response:
        """Newest first, after the `after` id if given (Discord keeps no nonce here)."""
        after = int(request.query.get("after") or 0)
        limit = int(request.query.get("limit") or 50)
        kept = self.history.get(request.match_info["channel"], [])
        return reply([m for m in kept if int(m["id"]) > after][:limit])
