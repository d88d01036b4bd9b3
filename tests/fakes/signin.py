"""Local fakes of the two sign-in providers: Slack's OpenID Connect (authorize page,
`openid.connect.token`) and Discord's OAuth2 (authorize page, /oauth2/token, /users/@me).

The authorize page consents at once as whoever the test chose with `as_user`, and
redirects back with a code, as the real pages do after the person clicks "Allow". The
code works once, only with the redirect URI it was issued for and the right client secret.
"""

from __future__ import annotations

import base64
import json
import secrets
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from aiohttp import web

from tests.fakes.server import FakeServer

SLACK_CLIENT = ("123.456", "slack-client-secret-for-tests")
DISCORD_CLIENT = ("987654321", "discord-client-secret-for-tests")


def _b64(value: dict[str, Any]) -> str:
    return base64.urlsafe_b64encode(json.dumps(value).encode()).decode().rstrip("=")


@dataclass(kw_only=True)
class FakeSignin(FakeServer):
    """Both providers on one loopback server; `async with FakeSignin() as fake`."""

    slack_user: tuple[str, str] = ("T1", "U1")  # team id, user id
    discord_user: str = "4242"
    codes: dict[str, dict[str, Any]] = field(default_factory=dict)
    calls: list[tuple[str, dict[str, Any]]] = field(default_factory=list)
    # Tampering, to prove the callback checks: claims merged into the next id_token.
    claims_override: dict[str, Any] = field(default_factory=dict)

    def of(self, kind: str) -> list[dict[str, Any]]:
        return [data for name, data in self.calls if name == kind]

    @property
    def slack_authorize(self) -> str:
        return self.url("/openid/connect/authorize")

    @property
    def slack_api(self) -> str:
        return self.url("/api/")

    @property
    def discord_authorize(self) -> str:
        return self.url("/oauth2/authorize")

    @property
    def discord_api(self) -> str:
        return self.url("/discord/api")

    async def __aenter__(self) -> FakeSignin:
        app = web.Application()
        app.router.add_get("/openid/connect/authorize", self._slack_authorize)
        app.router.add_post("/api/openid.connect.token", self._slack_token)
        app.router.add_get("/oauth2/authorize", self._discord_authorize)
        app.router.add_post("/discord/api/oauth2/token", self._discord_token)
        app.router.add_get("/discord/api/users/@me", self._discord_me)
        await self._serve(app)
        return self

    def _consent(self, request: web.Request, provider: str, client: str) -> web.Response:
        query = dict(request.query)
        self.calls.append((f"{provider}.authorize", query))
        if query.get("client_id") != client or query.get("response_type") != "code":
            return web.Response(status=400, text="bad client_id or response_type")
        code = secrets.token_urlsafe(12)
        self.codes[code] = {"provider": provider, **query}
        back = {"code": code, "state": query.get("state", "")}
        raise web.HTTPFound(f"{query['redirect_uri']}?{urlencode(back)}")

    def _redeem(
        self, form: dict[str, Any], provider: str, secret: tuple[str, str]
    ) -> dict[str, Any] | None:
        issued = self.codes.pop(str(form.get("code")), None)
        if issued is None or issued["provider"] != provider:
            return None
        if (form.get("client_id"), form.get("client_secret")) != secret:
            return None
        if form.get("redirect_uri") != issued.get("redirect_uri"):
            return None
        return issued

    async def _slack_authorize(self, request: web.Request) -> web.Response:
        if "openid" not in request.query.get("scope", "").split():
            return web.Response(status=400, text="scope must include openid")
        return self._consent(request, "slack", SLACK_CLIENT[0])

    async def _slack_token(self, request: web.Request) -> web.Response:
        form = dict(await request.post())
        self.calls.append(("slack.token", form))
        await self._arrived()
        issued = self._redeem(form, "slack", SLACK_CLIENT)
        if issued is None:
            return web.json_response({"ok": False, "error": "invalid_code"})
        team, user = self.slack_user
        claims = {
            "iss": "https://slack.com",
            "aud": SLACK_CLIENT[0],
            "sub": user,
            "nonce": issued.get("nonce"),
            "https://slack.com/team_id": team,
            "https://slack.com/user_id": user,
            **self.claims_override,
        }
        id_token = f"{_b64({'alg': 'RS256', 'typ': 'JWT'})}.{_b64(claims)}.c2lnbmF0dXJl"
        return web.json_response(
            {"ok": True, "access_token": "xoxp-fake", "token_type": "Bearer", "id_token": id_token}
        )

    async def _discord_authorize(self, request: web.Request) -> web.Response:
        if request.query.get("scope") != "identify":
            return web.Response(status=400, text="mentorbot asks only for identify")
        return self._consent(request, "discord", DISCORD_CLIENT[0])

    async def _discord_token(self, request: web.Request) -> web.Response:
        form = dict(await request.post())
        self.calls.append(("discord.token", form))
        await self._arrived()
        if form.get("grant_type") != "authorization_code":
            return web.json_response({"error": "unsupported_grant_type"}, status=400)
        if self._redeem(form, "discord", DISCORD_CLIENT) is None:
            return web.json_response({"error": "invalid_grant"}, status=400)
        token = f"discord-access-{secrets.token_hex(4)}"
        self.codes[token] = {"provider": "discord-token", "user": self.discord_user}
        return web.json_response(
            {
                "access_token": token,
                "token_type": "Bearer",
                "scope": "identify",
                "expires_in": 604800,
            }
        )

    async def _discord_me(self, request: web.Request) -> web.Response:
        auth = request.headers.get("Authorization", "")
        token = self.codes.get(auth.removeprefix("Bearer "))
        if not auth.startswith("Bearer ") or token is None:
            return web.json_response({"message": "401: Unauthorized", "code": 0}, status=401)
        user = token["user"]
        return web.json_response(
            {"id": user, "username": f"user{user}", "global_name": None, "discriminator": "0"}
        )
