"""`team month <team>` and the month's first digest: a cited summary of shared check-ins.

Privacy is what the fake model received: never a private note, never an opted-out
member's text, and nothing at all while the mentor is off.
"""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from sqlmodel import select

from bot.commands.services import Services
from storage.mentor.tables import TeamSummaryRecord
from tests.fakes.openai_api import FakeOpenAI
from tests.support.services import MovableClock
from tests.support.teams import as_

PRIVATE = "my manager must never read this"


@pytest.fixture
def services(model_services: Services) -> Services:
    return model_services


def flat(text: str) -> str:
    return " ".join(text.split())


async def a_team(services: Services, clock: MovableClock, *, started: int = 3) -> None:
    """ml-platform: mia manages; ann, bob, cy (the first `started` of them ran `start`)."""
    names = ["ann", "bob", "cy"]
    for name in names:
        await as_(services, name, "team")
    for text in (
        "team create ml-platform",
        "team managers ml-platform add @mia",
        "team add ml-platform @ann @bob @cy",
    ):
        assert "didn't work" not in await as_(services, "root", text, admin=True)
    for name in names[:started]:
        await as_(services, name, "start stage=mid path=mlops-engineer")
    await as_(services, "ann", "checkin blocked 2 waiting on GPU quota for kubernetes share")
    await as_(services, "bob", f"checkin slow 2 {PRIVATE}")
    if started == 3:
        await as_(services, "cy", "checkin on-track 4 shipped the eval harness share")
    clock.at += timedelta(weeks=1)
    await as_(services, "ann", "checkin blocked 1 still waiting on GPU quota share")


async def test_the_quoted_summary_reads_only_shared_notes_and_names_only_their_authors(
    services: Services, clock: MovableClock, fake: FakeOpenAI
) -> None:
    await a_team(services, clock)
    out = flat(await as_(services, "mia", "team month ml-platform"))
    assert "Blocked: 2 check-ins." in out and "waiting on GPU quota" in out
    assert "shipped the eval harness" in out and "May need help: ann." in out
    assert PRIVATE not in out and "bob" not in out  # bob's note was private
    assert "(checkin:" in out
    assert fake.received == []  # the mentor is off: no request


async def test_with_the_mentor_on_the_model_never_sees_a_private_or_opted_out_note(
    services: Services, clock: MovableClock, fake: FakeOpenAI
) -> None:
    await a_team(services, clock)
    await as_(services, "cy", "mydata ai off")
    await as_(services, "root", "admin ai on", admin=True)
    fake.answer(
        [
            {"text": "GPU quota blocks the team.", "cites": ["checkin:1", "checkin:4"]},
            {"text": "Ann may need help.", "cites": ["checkin:4"]},
        ]
    )
    out = flat(await as_(services, "mia", "team month ml-platform"))
    assert len(fake.received) == 1
    sent = fake.received[0].text
    assert "waiting on GPU quota" in sent  # ann's shared notes go
    assert PRIVATE not in sent and "bob" not in sent  # a private note never does
    assert "eval harness" not in sent and "cy" not in sent.split()  # cy opted out
    assert "GPU quota blocks the team." in out and "Written by fake-7b" in out
    async with services.db.transaction() as session:
        record = (await session.exec(select(TeamSummaryRecord))).one()
    assert record.model == "fake-7b" and record.prompt_version == "ask-1"
    assert record.source_ids == "checkin:1,checkin:4" and record.period == "2026-12"


async def test_a_team_of_fewer_than_three_started_gets_no_summary(
    services: Services, clock: MovableClock, fake: FakeOpenAI
) -> None:
    await a_team(services, clock, started=2)
    await as_(services, "root", "admin ai on", admin=True)
    out = flat(await as_(services, "mia", "team month ml-platform"))
    assert "needs at least 3 members who ran `start`" in out
    assert "GPU" not in out and fake.received == []


async def test_only_managers_see_it(services: Services, clock: MovableClock) -> None:
    await a_team(services, clock)
    out = flat(await as_(services, "ann", "team month ml-platform"))
    assert "GPU" not in out and "didn't work" in out


async def test_the_months_first_digest_carries_it(
    services: Services, clock: MovableClock, fake: FakeOpenAI
) -> None:
    await a_team(services, clock)  # ends on 2026-12-05
    out = flat(await as_(services, "mia", "team digest"))
    assert "the last 4 weeks, from shared check-ins" in out and "May need help: ann." in out
    assert PRIVATE not in out
    clock.at += timedelta(weeks=1)  # 2026-12-12: not the month's first week
    assert "from shared check-ins" not in flat(await as_(services, "mia", "team digest"))


async def test_a_hostile_shared_note_never_pings_the_manager_on_slack(
    services: Services, clock: MovableClock
) -> None:
    from adapters.slack.render import render_messages
    from bot.core.command import Actor
    from tests.support.services import seen

    await a_team(services, clock)
    await as_(services, "cy", "checkin blocked 1 <!channel> @here see *this* share")
    mia = Actor(platform="console", workspace_id="local", user_id="mia", display_name="mia")
    reply = await seen("team month ml-platform", actor=mia, services=services)
    payload = json.dumps(render_messages(reply))
    assert "&lt;!channel&gt;" in payload and "<!channel>" not in payload
    assert "@here" not in payload  # defanged with a word joiner
