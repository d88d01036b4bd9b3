"""With PUBLIC_URL set, the chat's team summary, export, digest, progress and plan link
to the matching dashboard page, and each link opens that page for the one who asked."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest

from adapters.console.app import console_actor
from bot.commands.services import Services
from bot.core.reply import Context
from bot.domain.dashboard import matrix_path
from tests.support.services import MovableClock, seen
from tests.support.teams import as_
from tests.support.web import browsing, configured, dashboard, link_for, seed_team

PUBLIC = "https://mentor.example.com/"
LINK = re.compile(r"\[([^\]]+)\]\((https://[^)\s]+)\)")


@pytest.fixture
async def team(services: Services, clock: MovableClock) -> Services:
    await seed_team(services, clock)
    return configured(services, public_url=PUBLIC)


def links(text: str) -> dict[str, str]:
    return dict(LINK.findall(text))


async def test_summaries_link_to_their_pages_and_the_pages_open(team: Services) -> None:
    summary = links(await as_(team, "mia", "team ml-platform"))
    assert summary == {
        "Teams page": "https://mentor.example.com/web/teams",
        "skill matrix": "https://mentor.example.com/web/teams/ml-platform/matrix",
    }
    export = links(await as_(team, "mia", "team export ml-platform"))
    assert export == {"skill matrix": summary["skill matrix"]}
    assert links(await as_(team, "mia", "team digest")) == {"Teams page": summary["Teams page"]}
    progress = links(await as_(team, "ann", "progress"))
    assert list(progress) == ["your timeline"]
    assert links(await as_(team, "ann", "plan")) == {"My plan": f"{PUBLIC}web/plan"}
    # The dashboard served over plain http on loopback: no PUBLIC_URL, so no Secure cookie.
    async with dashboard(configured(team, public_url=None)) as server:
        for who, url in (
            ("mia", summary["Teams page"]),
            ("mia", summary["skill matrix"]),
            ("ann", progress["your timeline"]),
        ):
            async with (
                browsing(server, await link_for(team, who)) as http,
                http.get(urlsplit(url).path, allow_redirects=False) as page,
            ):
                assert page.status == 200, url


async def test_no_public_url_no_link(services: Services, clock: MovableClock) -> None:
    await seed_team(services, clock)
    assert "dashboard" not in await as_(services, "mia", "team ml-platform")
    assert "dashboard" not in await as_(services, "ann", "progress")


def test_a_team_name_is_percent_encoded_in_its_address() -> None:
    assert matrix_path("r&d (x)") == "/web/teams/r%26d%20%28x%29/matrix"


async def test_the_link_is_the_replys_last_note(team: Services) -> None:
    reply = await seen("team ml-platform", actor=console_actor("mia"), services=team)
    last = reply.blocks[-1]
    assert isinstance(last, Context) and last.text.startswith("On the dashboard: [Teams page](")
