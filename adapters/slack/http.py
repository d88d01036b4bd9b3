"""The HTTP front of the Bolt app: size limit, signature check, replay check, then Bolt.

Nothing in a request is parsed before its signature holds: a malformed or unsigned body
gets 400/401/413 and one short log line, never a traceback. A signed request runs at
most once: its signature is kept in the database for Slack's 5-minute window, so this
holds across several web workers. The signature's one insert runs while Bolt parses the
request, and no listener runs before it says this is the first sight; a database that
can't record it runs nothing: a slash command is told "can't save right now", anything else
gets 503 with Retry-After (first_sight.py). Slack's own retries (`X-Slack-Retry-Num`) reach
Bolt, which acknowledges them without running (app.py), except one resent because we
answered the first attempt with an error.
"""

from __future__ import annotations

import asyncio
import json
import logging
import time
from urllib.parse import parse_qs

from aiohttp import web
from slack_bolt.adapter.aiohttp import to_aiohttp_response
from slack_bolt.async_app import AsyncApp
from slack_bolt.request.async_request import AsyncBoltRequest
from slack_sdk.signature import SignatureVerifier

from adapters.slack.app import close_app
from adapters.slack.first_sight import FIRST_SIGHT, resent_after_refusal
from bot.commands.services import Services
from bot.runtime.replay import ReplayGuard

_log = logging.getLogger(__name__)

MAX_BODY = 256 * 1024  # Slack's largest payloads (a full modal's state) are far smaller
MAX_AGE_SECONDS = 300


def build_web_app(
    bolt: AsyncApp, *, services: Services, signing_secret: str, path: str = "/slack/events"
) -> web.Application:
    """An aiohttp app serving `path` with every check before Bolt sees the request."""
    verifier = SignatureVerifier(signing_secret)
    replays = ReplayGuard(services)

    async def handle(request: web.Request) -> web.StreamResponse:
        checked = await _signed_body(request, verifier)
        if isinstance(checked, web.Response):
            return checked
        return await _dispatch(bolt, request, checked, replays)

    app = web.Application(client_max_size=MAX_BODY)
    app.router.add_post(path, handle)

    async def close_bolt(_: web.Application) -> None:
        await close_app(bolt)

    app.on_cleanup.append(close_bolt)
    _add_oauth_routes(app, bolt)
    return app


async def _signed_body(request: web.Request, verifier: SignatureVerifier) -> str | web.Response:
    """The request's body once its size, headers, age, signature and shape hold; else
    the refusal to send."""
    if request.content_length is not None and request.content_length > MAX_BODY:
        return _refuse(413, "body too large")
    try:
        raw = await request.read()
    except web.HTTPRequestEntityTooLarge:
        return _refuse(413, "body too large")
    timestamp = request.headers.get("X-Slack-Request-Timestamp", "")
    signature = request.headers.get("X-Slack-Signature", "")
    if not timestamp.isascii() or not timestamp.isdigit() or not signature.startswith("v0="):
        return _refuse(400, "missing or malformed signature headers")
    if abs(time.time() - int(timestamp)) > MAX_AGE_SECONDS:
        return _refuse(401, "stale timestamp")
    try:
        body = raw.decode("utf-8")
    except UnicodeDecodeError:
        return _refuse(400, "body is not UTF-8")
    if not verifier.is_valid(body=body, timestamp=timestamp, signature=signature):
        return _refuse(401, "bad signature")
    if not _well_formed(body, request.content_type):
        return _refuse(400, "malformed body")
    return body


async def _dispatch(
    bolt: AsyncApp, request: web.Request, body: str, replays: ReplayGuard
) -> web.StreamResponse:
    """Hand a signed request to Bolt while its replay check's write runs alongside.

    Bolt's first middleware (app.py) waits for the check's verdict before any listener
    runs. Slack's own retries are acknowledged without running (app.py), so they need no
    check."""
    signature = request.headers["X-Slack-Signature"]
    retry = request.headers.get("X-Slack-Retry-Num")
    if retry and resent_after_refusal(dict(request.headers)):
        retry = None  # we refused the first attempt: this one is checked and runs
    verdict = None if retry else asyncio.ensure_future(replays.first_sight(signature=signature))
    bolt_request = AsyncBoltRequest(
        body=body,
        query=request.query_string,
        headers=dict(request.headers),
        context={FIRST_SIGHT: verdict} if verdict is not None else None,
    )
    try:
        return await to_aiohttp_response(await bolt.async_dispatch(bolt_request))
    finally:
        if verdict is not None:
            # Collected here too, in case Bolt answered without asking (a URL check).
            await asyncio.wait([verdict])
            if not verdict.cancelled():
                verdict.exception()


def _add_oauth_routes(app: web.Application, bolt: AsyncApp) -> None:
    """Serve the install page and Slack's redirect back when OAuth installs are set up:
    plain GETs, answered by Bolt's flow (its state cookie and store make them safe
    without a request signature)."""
    flow = bolt.oauth_flow
    if flow is None:
        return

    async def oauth(request: web.Request) -> web.StreamResponse:
        bolt_request = AsyncBoltRequest(
            body="", query=request.query_string, headers=dict(request.headers)
        )
        if request.path == flow.install_path:
            answer = await flow.handle_installation(bolt_request)
        else:
            answer = await flow.handle_callback(bolt_request)
        return await to_aiohttp_response(answer)

    app.router.add_get(flow.install_path, oauth)
    app.router.add_get(flow.redirect_uri_path, oauth)


def _refuse(status: int, why: str) -> web.Response:
    _log.info("slack request refused (%s): %s", status, why)
    return web.Response(status=status, text=why)


def _well_formed(body: str, content_type: str) -> bool:
    """A form body whose `payload`, if any, is a JSON object; or a JSON object."""
    try:
        if content_type == "application/json":
            return isinstance(json.loads(body), dict)
        form = parse_qs(body, strict_parsing=bool(body), errors="strict")
        payload = form.get("payload")
        return payload is None or isinstance(json.loads(payload[0]), dict)
    except (ValueError, UnicodeDecodeError):
        return False
