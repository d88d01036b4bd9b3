"""Signing in: the sign-in page, one-time links, Sign in with Slack (OpenID Connect),
Discord OAuth2 (`identify`), and signing out.

The state (and Slack's nonce) ride in a signed, HttpOnly cookie for ten minutes, so a
callback that doesn't match the browser that started the sign-in is refused. Slack's
`id_token` comes straight from Slack's token endpoint over TLS, so its claims are taken
as Slack's word (OpenID Connect Core 3.1.3.7), after checking issuer, audience and nonce.
"""

from __future__ import annotations

import base64
import json
import logging
import secrets
from typing import Any
from urllib.parse import urlencode

import aiohttp
from aiohttp import web

from adapters.web.base import PREFIX, SERVICES, SIGNER, render, session_of
from adapters.web.session import COOKIE
from bot.domain.dashboard import signin_callback_path
from bot.features.access.signin import discord_member, redeem_link, slack_member

_log = logging.getLogger(__name__)

STATE = "mentorbot_signin"
STATE_SECONDS = 600
SLACK_ISSUER = "https://slack.com"


def _secure(request: web.Request) -> bool:
    public = request.app[SERVICES].settings.public_url or ""
    # Behind a TLS-terminating proxy the request itself is plain http: its header says so.
    proxied = request.headers.get("X-Forwarded-Proto", "").lower() == "https"
    return request.secure or proxied or public.startswith("https://")


def _redirect_uri(request: web.Request, provider: str) -> str:
    public = request.app[SERVICES].settings.public_url
    base = public.rstrip("/") if public else f"{request.scheme}://{request.host}"
    return f"{base}{signin_callback_path(provider)}"


def _start(request: web.Request, member_id: int) -> web.StreamResponse:
    """Sign `member_id` in: a fresh session cookie, then the start page."""
    services = request.app[SERVICES]
    value = request.app[SIGNER].new_session(member_id, now=services.clock.now())
    response = _redirect(f"{PREFIX}/")
    response.set_cookie(
        COOKIE,
        value,
        max_age=int(services.settings.web_session_hours * 3600),
        path=PREFIX,
        httponly=True,
        secure=_secure(request),
        samesite="Lax",
    )
    response.del_cookie(STATE, path=PREFIX)
    return response


def _redirect(location: str, *, status: int = 303) -> web.Response:
    """A redirect that can carry cookies (a raised HTTPFound drops what was set on it)."""
    return web.Response(status=status, headers={"Location": location})


async def _refused(request: web.Request, why: str) -> web.Response:
    _log.info("web sign-in refused: %s", why)
    return await render(
        request,
        "login.html",
        status=403,
        problem="That sign-in didn't work: the link was used, expired or not ours.",
        **_providers(request),
    )


def _providers(request: web.Request) -> dict[str, bool]:
    settings = request.app[SERVICES].settings
    return {
        "slack": settings.slack_signin_enabled,
        "discord": bool(settings.discord_client_id and settings.discord_client_secret),
    }


async def login_page(request: web.Request) -> web.StreamResponse:
    """The sign-in page: Slack, Discord, or a one-time link from the terminal."""
    if session_of(request) is not None:
        raise web.HTTPFound(f"{PREFIX}/")
    return await render(request, "login.html", problem="", **_providers(request))


async def login_link(request: web.Request) -> web.StreamResponse:
    """A one-time link from `mentorbot web login`: works once, within 10 minutes."""
    services = request.app[SERVICES]
    member = await redeem_link(
        services, token=request.match_info["token"], now=services.clock.now()
    )
    if member is None:
        return await _refused(request, "one-time link unknown, used or expired")
    return _start(request, member)


async def logout(request: web.Request) -> web.StreamResponse:
    """Sign out (a form with its CSRF token, so no other site can sign you out)."""
    session = session_of(request)
    form = await request.post()
    if session is None or not request.app[SIGNER].csrf_ok(session, str(form.get("csrf", ""))):
        raise web.HTTPForbidden()
    response = _redirect(f"{PREFIX}/login")
    response.del_cookie(COOKIE, path=PREFIX)
    return response


def _authorize(
    request: web.Request, provider: str, url: str, params: dict[str, str]
) -> web.StreamResponse:
    state, nonce = secrets.token_urlsafe(24), secrets.token_urlsafe(24)
    params = {**params, "state": state, "redirect_uri": _redirect_uri(request, provider)}
    if provider == "slack":
        params["nonce"] = nonce
    response = _redirect(f"{url}?{urlencode(params)}", status=302)
    signed = request.app[SIGNER].dumps(
        {"p": provider, "s": state, "n": nonce, "t": request.app[SERVICES].clock.now().timestamp()}
    )
    response.set_cookie(
        STATE,
        signed,
        max_age=STATE_SECONDS,
        path=PREFIX,
        httponly=True,
        secure=_secure(request),
        samesite="Lax",
    )
    return response


def _pending(request: web.Request, provider: str) -> dict[str, Any] | None:
    """The sign-in this browser started with `provider`, if the callback matches it."""
    value = request.app[SIGNER].loads(request.cookies.get(STATE, ""))
    now = request.app[SERVICES].clock.now().timestamp()
    if value is None or value.get("p") != provider or value.get("s") != request.query.get("state"):
        return None
    issued = value.get("t")
    if not isinstance(issued, int | float) or not 0 <= now - issued <= STATE_SECONDS:
        return None
    return value


async def slack_start(request: web.Request) -> web.StreamResponse:
    """Off to Slack's OpenID Connect authorize page."""
    settings = request.app[SERVICES].settings
    url, client_id = settings.slack_openid_url, settings.slack_client_id
    return _off_to(request, "slack", url, client_id=client_id, scope="openid profile")


def _off_to(
    request: web.Request, provider: str, url: str, *, client_id: str | None, scope: str
) -> web.StreamResponse:
    """The redirect to `provider`'s authorize page (404 when it is not set up)."""
    if not _providers(request)[provider]:
        raise web.HTTPNotFound()
    params = {"response_type": "code", "scope": scope, "client_id": client_id or ""}
    return _authorize(request, provider, url, params)


def _claims(id_token: str) -> dict[str, Any]:
    try:
        body = id_token.split(".")[1]
        value = json.loads(base64.urlsafe_b64decode(body + "=" * (-len(body) % 4)))
    except (IndexError, ValueError):
        return {}
    return value if isinstance(value, dict) else {}


async def slack_callback(request: web.Request) -> web.StreamResponse:
    """Slack's redirect back: the code for an id_token, its claims for a member."""
    services = request.app[SERVICES]
    settings = services.settings
    pending = _pending(request, "slack")
    code = request.query.get("code")
    if pending is None or not code or not _providers(request)["slack"]:
        return await _refused(request, "slack callback without our state")
    secret = settings.slack_client_secret
    form = {
        "client_id": settings.slack_client_id or "",
        "client_secret": secret.get_secret_value() if secret else "",
        "code": code,
        "redirect_uri": _redirect_uri(request, "slack"),
    }
    api = settings.slack_api_url or "https://slack.com/api/"
    answer = await _post(f"{api.rstrip('/')}/openid.connect.token", form)
    claims = _claims(str(answer.get("id_token", ""))) if answer.get("ok") else {}
    if (
        claims.get("iss") != SLACK_ISSUER
        or claims.get("aud") != settings.slack_client_id
        or claims.get("nonce") != pending.get("n")
    ):
        return await _refused(request, "slack id_token missing or not for us")
    member = await slack_member(
        services,
        team_id=str(claims.get("https://slack.com/team_id", "")),
        user_id=str(claims.get("https://slack.com/user_id", "")),
    )
    if member is None:
        return await _refused(request, "slack user unknown to mentorbot")
    return _start(request, member)


async def discord_start(request: web.Request) -> web.StreamResponse:
    """Off to Discord's OAuth2 authorize page, asking only `identify`."""
    settings = request.app[SERVICES].settings
    url, client_id = settings.discord_authorize_url, settings.discord_client_id
    return _off_to(request, "discord", url, client_id=client_id, scope="identify")


async def discord_callback(request: web.Request) -> web.StreamResponse:
    """Discord's redirect back: the code for a token, /users/@me for a member."""
    services = request.app[SERVICES]
    settings = services.settings
    code = request.query.get("code")
    if _pending(request, "discord") is None or not code or not _providers(request)["discord"]:
        return await _refused(request, "discord callback without our state")
    secret = settings.discord_client_secret
    api = settings.discord_api_url.rstrip("/")
    token = await _post(
        f"{api}/oauth2/token",
        {
            "grant_type": "authorization_code",
            "code": code,
            "redirect_uri": _redirect_uri(request, "discord"),
            "client_id": settings.discord_client_id or "",
            "client_secret": secret.get_secret_value() if secret else "",
        },
    )
    access = token.get("access_token")
    me = await _get(f"{api}/users/@me", str(access)) if access else {}
    user_id = str(me.get("id", ""))
    member = await discord_member(services, user_id=user_id) if user_id.isdigit() else None
    if member is None:
        return await _refused(request, "discord user unknown to mentorbot")
    return _start(request, member)


async def _post(url: str, form: dict[str, str]) -> dict[str, Any]:
    return await _call("POST", url, data=form)


async def _get(url: str, bearer: str) -> dict[str, Any]:
    return await _call("GET", url, headers={"Authorization": f"Bearer {bearer}"})


async def _call(method: str, url: str, **options: Any) -> dict[str, Any]:
    """A provider's JSON answer, or {} when it can't be had (the sign-in is then refused)."""
    timeout = aiohttp.ClientTimeout(total=10)
    try:
        async with (
            aiohttp.ClientSession(timeout=timeout) as http,
            http.request(method, url, **options) as response,
        ):
            value = await response.json(content_type=None)
    except (aiohttp.ClientError, TimeoutError, ValueError) as exc:
        _log.warning("sign-in call to the provider failed: %s", type(exc).__name__)
        return {}
    return value if isinstance(value, dict) else {}


def add_routes(app: web.Application) -> None:
    """The sign-in routes, under the dashboard's prefix."""
    app.router.add_get("/login", login_page)
    app.router.add_get("/login/link/{token}", login_link)
    app.router.add_post("/logout", logout)
    app.router.add_get("/auth/slack", slack_start)
    app.router.add_get("/auth/slack/callback", slack_callback)
    app.router.add_get("/auth/discord", discord_start)
    app.router.add_get("/auth/discord/callback", discord_callback)
