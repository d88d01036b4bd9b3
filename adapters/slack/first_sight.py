"""Bolt's first middleware: a request the HTTP front (http.py) saw before runs no listener.

The front starts the replay check's write as a task and hands it over in the Bolt context
under FIRST_SIGHT; this waits for its verdict before any listener runs.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable

from slack_bolt.request.async_request import AsyncBoltRequest
from slack_bolt.response import BoltResponse

_log = logging.getLogger(__name__)

# The Bolt context key of the replay check's verdict: a task that says whether this is the
# first sight of the request's signature.
FIRST_SIGHT = "mentorbot_first_sight"


async def first_sight_middleware(
    req: AsyncBoltRequest, resp: BoltResponse, next: Callable[[], Awaitable[BoltResponse]]
) -> BoltResponse:
    """Bolt's first middleware: a request the HTTP front saw before runs no listener."""
    verdict = req.context.get(FIRST_SIGHT)
    if verdict is None:
        return await next()
    try:
        first = await verdict
    except Exception as exc:  # the database can't record it: fail closed, Slack retries
        _log.warning("replay check failed, answered 503 (%s)", type(exc).__name__)
        return BoltResponse(status=503, body="try again", headers={"Retry-After": "5"})
    if not first:
        _log.warning("slack request replayed; not run again")
        return BoltResponse(status=200, body="")
    return await next()
