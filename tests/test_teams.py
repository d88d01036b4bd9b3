"""Teams: the permission matrix, mentions, and forgetting a member who is in a team."""

from __future__ import annotations

import pytest

from adapters.console.app import console_actor
from bot.dispatch import handle_text
from bot.errors import UserError
from bot.handlers.teams import parse_mentions
from bot.services import Services
from tests.test_journey import rows_mentioning


async def as_(services: Services, user: str, text: str, *, admin: bool = False) -> str:
    reply = await handle_text(text, actor=console_actor(user, admin=admin), services=services)
    return reply.plain_text()


async def setup_teams(services: Services) -> None:
    for text in (
        "team create ml-platform",
        "team create data",
        "team managers ml-platform add @mia",
        "team managers data add @otto",
        "team add ml-platform @ann @bob",
    ):
        assert "didn't work" not in await as_(services, "root", text, admin=True)


ALLOWED = {
    # command: who may run it
    "team create research": {"admin"},
    "team add ml-platform @cy": {"admin", "manager"},
    "team remove ml-platform @bob": {"admin", "manager"},
    "team managers ml-platform add @ann": {"admin"},
    "team ml-platform": {"admin", "manager"},
    "team privacy": {"admin", "manager", "other-manager", "member"},
}
WHO = {
    "member": ("ann", False),
    "manager": ("mia", False),
    "other-manager": ("otto", False),
    "admin": ("root", True),
}


@pytest.mark.parametrize("command", list(ALLOWED))
@pytest.mark.parametrize("role", list(WHO))
async def test_permission_matrix(services: Services, command: str, role: str) -> None:
    await setup_teams(services)
    user, admin = WHO[role]
    out = await as_(services, user, command, admin=admin)
    refused = "didn't work" in out
    assert refused == (role not in ALLOWED[command]), out
    if refused:
        assert "admin" in out  # says who may, never a traceback


async def test_roster_counts_active_members_and_names_managers(any_services: Services) -> None:
    await setup_teams(any_services)
    await as_(any_services, "ann", "start")
    out = await as_(any_services, "mia", "team ml-platform")
    assert "1 active of 2" in out and "mia" in out and "bob" in out


async def test_a_member_sees_their_teams_and_what_managers_see(services: Services) -> None:
    await setup_teams(services)
    assert "**ml-platform** (member)" in await as_(services, "ann", "team")
    assert "at least 3 answers" in await as_(services, "ann", "team privacy")


async def test_forgetting_a_team_member_leaves_no_trace(any_services: Services) -> None:
    await setup_teams(any_services)
    await as_(any_services, "mia", "team add ml-platform @cy")
    await as_(any_services, "mia", "mydata forget confirm")
    assert await rows_mentioning(any_services, "mia") == {}
    assert "cy" in await as_(any_services, "root", "team ml-platform", admin=True)


@pytest.mark.parametrize(
    ("text", "ids"),
    [("@ann @bob", ["ann", "bob"]), ("<@U123|ann>, <@!42>", ["U123", "42"]), ("ann ann", ["ann"])],
)
def test_mentions(text: str, ids: list[str]) -> None:
    assert parse_mentions(text) == ids


@pytest.mark.parametrize("text", ["", "<@>", "@@", "a/b"])
def test_bad_mentions_say_what_to_type(text: str) -> None:
    with pytest.raises(UserError) as info:
        parse_mentions(text)
    assert info.value.hint
