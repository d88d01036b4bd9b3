"""Teams set up through the real core, and a command run as one of their people."""

from __future__ import annotations

from adapters.console.app import console_actor
from bot.commands.services import Services
from tests.support.services import seen


async def as_(services: Services, user: str, text: str, *, admin: bool = False) -> str:
    """What `user` sees for `text`: the reply's text, or the error shown to them."""
    reply = await seen(text, actor=console_actor(user, admin=admin), services=services)
    return reply.plain_text()


async def mias_summary(services: Services) -> str:
    """ml-platform's summary as mia, its manager (after `setup_teams`), sees it."""
    return await as_(services, "mia", "team ml-platform")


async def setup_teams(services: Services) -> None:
    for text in (
        "team create ml-platform",
        "team create data",
        "team managers ml-platform add @mia",
        "team managers data add @otto",
        "team add ml-platform @ann @bob",
    ):
        assert "didn't work" not in await as_(services, "root", text, admin=True)
    await as_(services, "cy", "team")  # cy has used the bot, so a manager may add them
