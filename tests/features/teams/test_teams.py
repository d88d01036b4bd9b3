"""Teams: the permission matrix, mentions, and forgetting a member who is in a team."""

from __future__ import annotations

import pytest

from adapters.console.app import console_actor
from bot.commands.dispatch import handle_text
from bot.commands.services import Services
from bot.core.errors import UserError
from bot.features.teams.people import parse_mentions
from storage.kinds import NudgeKind
from tests.support.chat import rows_mentioning
from tests.support.teams import as_, mias_summary, setup_teams

ALLOWED = {
    # command: who may run it
    "team create research": {"admin"},
    "team add ml-platform @cy": {"admin", "manager"},
    "team remove ml-platform @bob": {"admin", "manager"},
    "team managers ml-platform add @ann": {"admin"},
    "team ml-platform": {"admin", "manager"},
    "team export ml-platform": {"admin", "manager"},
    "team privacy": {"admin", "manager", "other-manager", "member"},
    "team": {"admin", "manager", "other-manager", "member"},
    "team digest": {"manager", "other-manager"},  # for those who manage a team
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
    if refused:  # says who may, never a traceback
        assert "admin" in out or "manage" in out
        assert "Traceback" not in out


async def test_roster_counts_active_members_and_names_managers(any_services: Services) -> None:
    await setup_teams(any_services)
    await as_(any_services, "ann", "start")
    out = await mias_summary(any_services)
    assert "1 started of 2: ann; invited, not started: bob" in out and "Managers: mia" in out


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
    assert [key for key, _, _ in parse_mentions(text)] == ids


@pytest.mark.parametrize("text", ["", "<@>", "@@", "a/b"])
def test_bad_mentions_say_what_to_type(text: str) -> None:
    with pytest.raises(UserError) as info:
        parse_mentions(text)
    assert info.value.hint


async def test_confidence_needs_three_answers_and_notes_need_share(
    services: Services, clock, tmp_path
) -> None:
    from datetime import timedelta

    await setup_teams(services)
    await as_(services, "mia", "team add ml-platform @cy")
    for user in ("ann", "bob", "cy"):
        await as_(services, user, "start stage=mid path=mlops-engineer")
    clock.at -= timedelta(days=7)  # last week
    await as_(services, "ann", "checkin blocked 2 waiting on GPU quota share")
    await as_(services, "bob", "checkin blocked 1 private worry")
    clock.at += timedelta(days=7)
    two = await mias_summary(services)
    assert "Confidence, last 4 complete weeks: hidden: 2 answers, shown from 3" in two
    assert "ann (blocked, earlier): waiting on GPU quota" in two
    assert "private worry" not in two and "bob (" not in two
    clock.at -= timedelta(days=7)
    await as_(services, "cy", "checkin on-track 5")
    clock.at += timedelta(days=7)
    three = await mias_summary(services)
    assert "2.7/5 over 3 answers" in three


async def test_export_csv_matches_the_database(services: Services, tmp_path) -> None:
    import csv

    from adapters.console.app import save_attachments

    await setup_teams(services)
    await as_(services, "ann", "start stage=mid path=mlops-engineer")
    await as_(services, "ann", "assess mlops 2")
    reply = await handle_text(
        "team export ml-platform", actor=console_actor("mia"), services=services
    )
    save_attachments(reply, tmp_path)
    rows = list(csv.DictReader((tmp_path / "team-ml-platform.csv").open()))
    assert len(rows) == 2 * len(services.catalog.skills)
    mlops = next(r for r in rows if r["member"] == "ann" and r["skill"] == "mlops")
    target = services.catalog.specializations["mlops-engineer"].targets["mid"]["mlops"]
    assert (int(mlops["level"]), int(mlops["target"]), int(mlops["gap"])) == (
        2,
        target,
        max(0, target - 2),
    )
    bob = next(r for r in rows if r["member"] == "bob" and r["skill"] == "mlops")
    assert bob["target"] == "" and bob["level"] == "not rated"  # no profile: no target
    python = next(r for r in rows if r["member"] == "ann" and r["skill"] == "python")
    assert python["level"] == "not rated" and python["gap"] == ""  # never counted as 0
    assert "note" not in " ".join(rows[0])  # check-in notes never go into the CSV


async def test_summary_names_gaps_and_peer_mentors(services: Services) -> None:
    await setup_teams(services)
    for user, level in (("ann", 3), ("bob", 1)):
        await as_(services, user, "start stage=mid path=mlops-engineer")
        await as_(services, user, f"assess mlops {level}")
    out = await mias_summary(services)
    assert "Largest gaps to target" in out
    assert "ann could help bob with MLOps" in out


async def test_every_manager_view_is_logged_and_members_can_see_it(any_services: Services) -> None:
    await setup_teams(any_services)
    await mias_summary(any_services)
    await as_(any_services, "mia", "team export ml-platform")
    mine = await as_(any_services, "ann", "mydata")
    assert "mia viewed the summary of ml-platform" in mine.replace("@", "")
    assert "viewed the export of ml-platform" in mine
    assert "No manager has viewed" in await as_(any_services, "otto", "mydata")


async def test_the_summary_carries_the_chart_as_png_bytes(services: Services) -> None:
    from bot.core.reply import Image

    await setup_teams(services)
    reply = await handle_text("team ml-platform", actor=console_actor("mia"), services=services)
    image = next(b for b in reply.blocks if isinstance(b, Image))
    assert image.data[:8] == b"\x89PNG\r\n\x1a\n" and image.draw is None
    assert image.filename.startswith("team-ml-platform-") and image.filename.endswith(".png")


async def test_people_added_are_told_by_whom_and_what_managers_see(
    services: Services, clock
) -> None:
    from datetime import timedelta

    from bot.features.nudges.messages import take_inbox
    from tests.support.nudges import dispatch_at

    await setup_teams(services)
    result = await dispatch_at(clock, services, {}, worker="w", now=clock.at + timedelta(seconds=1))
    assert sorted(d.member for d in result.deliveries if d.kind == NudgeKind.TEAM_ADDED) == [
        "console:ann",
        "console:bob",
    ]
    waiting = await take_inbox(services, actor=console_actor("ann"), now=clock.at)
    text = waiting[0].plain_text()
    assert waiting[0].title == "You were added to a team"
    assert "ml-platform**, added by root" in text or "ml-platform, added by root" in text
    assert "at least 3 answers" in text
    await as_(services, "root", "team add ml-platform @ann", admin=True)  # again: no second message
    again = await dispatch_at(clock, services, {}, worker="w", now=clock.at + timedelta(seconds=2))
    assert again.deliveries == []


async def test_the_digest_goes_once_a_week_to_each_manager(any_services: Services, clock) -> None:
    from datetime import UTC, datetime, timedelta

    from scheduler.planner import plan_digests
    from tests.support.nudges import rows

    await setup_teams(any_services)
    await as_(any_services, "otto", "start tz=UTC")
    await as_(any_services, "otto", "team digest off")
    monday = datetime(2026, 11, 30, 9, 5, tzinfo=UTC)
    assert await plan_digests(any_services.db, now=monday) == 1  # mia; otto opted out
    assert await plan_digests(any_services.db, now=monday + timedelta(hours=2)) == 0  # once a week
    assert await plan_digests(any_services.db, now=monday + timedelta(days=7)) == 1  # next week
    digests = [r for r in await rows(any_services) if r.kind == NudgeKind.DIGEST]
    assert [r.period for r in digests] == ["2026-W49", "2026-W50"]
    reply = await handle_text("team digest", actor=console_actor("mia"), services=any_services)
    assert reply.title == "Your teams this week" and "ml-platform" in reply.plain_text()
    assert "don't manage a team" in await as_(any_services, "ann", "team digest")
