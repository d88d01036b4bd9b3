"""What every dashboard page shares: its keys, security headers, who is signed in, and
rendering a template.

Every answer carries the security headers (a CSP without 'unsafe-inline', no framing, no
referrer beyond our origin). A page someone may not see and a page that doesn't exist
are the same 404, so an outsider learns nothing from the difference.
"""

from __future__ import annotations

import asyncio
import logging
import secrets
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import aiohttp_jinja2
from aiohttp import web

from adapters.web.session import COOKIE, Session, Signer
from bot.commands.services import Services
from bot.commands.viewer import Viewer
from bot.domain.dashboard import WEB
from bot.features.access.signin import viewer_of

_log = logging.getLogger(__name__)

PREFIX = WEB  # the core links chat replies to the same addresses
HERE = Path(__file__).parent
SERVICES = web.AppKey("services", Services)
SIGNER = web.AppKey("signer", Signer)
VIEWER = web.RequestKey("viewer", Viewer)
HEADERS = {
    "Content-Security-Policy": (
        "default-src 'none'; style-src 'self'; img-src 'self' data:; "
        "form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
    ),
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    "X-Content-Type-Options": "nosniff",
    "Cache-Control": "no-store",
}
Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


async def html(
    request: web.Request, template: str, context: dict[str, Any], *, status: int = 200
) -> web.Response:
    """A template rendered in a worker thread: a long page (a 100-row matrix is tens of
    milliseconds of Python) must not hold the event loop the Slack front shares."""
    compiled = request.config_dict[aiohttp_jinja2.APP_KEY].get_template(template)
    text = await asyncio.to_thread(compiled.render, context)
    return web.Response(text=text, status=status, content_type="text/html", charset="utf-8")


async def not_found(request: web.Request) -> web.Response:
    """The one answer for "no such page" and "not yours to see": the same bytes whoever
    asks, signed in or not."""
    context: dict[str, Any] = {"viewer": None, "csrf": "", "prefix": PREFIX}
    return await html(request, "notfound.html", context, status=404)


@web.middleware
async def guard(request: web.Request, handler: Handler) -> web.StreamResponse:
    try:
        response = await handler(request)
    except (web.HTTPNotFound, web.HTTPForbidden):
        response = await not_found(request)
    except web.HTTPException as exc:  # a redirect: it carries the headers too
        _headers(exc)
        raise
    _headers(response)
    return response


def _headers(response: web.StreamResponse) -> None:
    for name, value in HEADERS.items():
        response.headers.setdefault(name, value)


def signer_of(services: Services) -> Signer:
    """The signer for session cookies: WEB_SECRET, or a random key for this process."""
    secret = services.settings.web_secret
    if secret is None or not secret.get_secret_value():
        # INFO, not WARNING: a bot that serves only chat needs no dashboard secret.
        _log.info("no WEB_SECRET: dashboard sessions end when this process stops")
        return Signer(secrets.token_bytes(32))
    return Signer(secret.get_secret_value().encode("utf-8"))


def session_of(request: web.Request) -> Session | None:
    """The request's valid session, if any."""
    services = request.app[SERVICES]
    return request.app[SIGNER].session(
        request.cookies.get(COOKIE),
        now=services.clock.now(),
        hours=services.settings.web_session_hours,
    )


async def signed_in(request: web.Request) -> tuple[Viewer, Session]:
    """The signed-in viewer; a GET without one is sent to the sign-in page, else 404."""
    session = session_of(request)
    viewer = None
    if session is not None:
        viewer = await viewer_of(request.app[SERVICES], member_id=session.member_id)
    if viewer is None or session is None:
        if request.method == "GET":
            raise web.HTTPFound(f"{PREFIX}/login")
        raise web.HTTPForbidden()
    request[VIEWER] = viewer
    return viewer, session


async def render(
    request: web.Request, template: str, *, status: int = 200, **context: Any
) -> web.Response:
    """A page, with the viewer and their CSRF token for its forms."""
    session = session_of(request)
    csrf = request.app[SIGNER].csrf(session) if session is not None else ""
    context.setdefault("viewer", request.get(VIEWER))
    return await html(request, template, {**context, "csrf": csrf, "prefix": PREFIX}, status=status)
