"""Bolt's first middleware: a request the HTTP front (http.py) saw before runs no listener.

The front starts the replay check's write as a task and hands it over in the Bolt context
under FIRST_SIGHT; this waits for its verdict before any listener runs.

When the database can't record the request, nothing runs (fail closed), and what Slack
gets depends on whether it sends the request again:
- a slash command is never resent, so its answer is the honest "can't save" line, in the
  acknowledgement itself (running nothing is safe against a replay);
- an event or an interaction gets 503 with Retry-After; Slack resends an event with
  `X-Slack-Retry-Reason: http_error`, which runs (see `resent_after_refusal`).
"""

from __future__ import annotations

import json
import logging
from collections.abc import Awaitable, Callable, Mapping, Sequence

from slack_bolt.request.async_request import AsyncBoltRequest
from slack_bolt.response import BoltResponse

from bot.runtime import dberrors

_log = logging.getLogger(__name__)

# The Bolt context key of the replay check's verdict: a task that says whether this is the
# first sight of the request's signature.
FIRST_SIGHT = "mentorbot_first_sight"
RETRY_AFTER_SECONDS = "5"


def resent_after_refusal(headers: Mapping[str, str | Sequence[str]]) -> bool:
    """Whether Slack resends this request because we answered it with an error (the first
    attempt ran nothing, so this one must run), rather than because our answer was slow.

    `headers` is aiohttp's (one value each) or Bolt's (lower-case names, lists of values)."""
    lowered = {name.lower(): value for name, value in headers.items()}
    reason = lowered.get("x-slack-retry-reason")
    values = [reason] if isinstance(reason, str) else list(reason or [])
    return "http_error" in values


async def first_sight_middleware(
    req: AsyncBoltRequest, resp: BoltResponse, next: Callable[[], Awaitable[BoltResponse]]
) -> BoltResponse:
    """Bolt's first middleware: a request the HTTP front saw before runs no listener."""
    verdict = req.context.get(FIRST_SIGHT)
    if verdict is None:
        return await next()
    try:
        first = await verdict
    except Exception as exc:  # the database can't record it: fail closed
        return _refused(req, exc)
    if not first:
        _log.warning("slack request replayed; not run again")
        return BoltResponse(status=200, body="")
    return await next()


def _refused(req: AsyncBoltRequest, exc: Exception) -> BoltResponse:
    cause = dberrors.db_cause(exc)
    if cause is not None:  # counted, and one WARNING a minute per cause
        dberrors.note(cause, what="the Slack replay check")
    else:
        _log.warning("replay check failed, answered 503 (%s)", type(exc).__name__)
    if isinstance(req.body, dict) and req.body.get("command"):
        problem = dberrors.CantSave(cause or "unknown")
        text = f"{problem.problem} {problem.hint}"
        body = json.dumps({"response_type": "ephemeral", "text": text})
        return BoltResponse(status=200, body=body, headers={"Content-Type": "application/json"})
    return BoltResponse(status=503, body="try again", headers={"Retry-After": RETRY_AFTER_SECONDS})


async def skip_slack_retries(
    req: AsyncBoltRequest, resp: BoltResponse, next: Callable[[], Awaitable[BoltResponse]]
) -> BoltResponse:
    """Slack resends a request it thinks timed out; the first one already ran. One it
    resends because we refused it (503: the database couldn't record it) runs now."""
    if req.headers.get("x-slack-retry-num") and not resent_after_refusal(req.headers):
        _log.info("ignoring Slack retry %s", req.headers.get("x-slack-retry-num"))
        return BoltResponse(status=200, body="")
    return await next()
