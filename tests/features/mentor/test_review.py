"""`progress review [weeks]`: the member's own quarter as a cited draft, and as Markdown."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest

from adapters.console.render import render_plain
from bot.commands.services import Services
from bot.core.command import Actor
from bot.core.reply import Attachment
from tests.fakes.openai_api import FakeOpenAI
from tests.support.services import MovableClock, seen

ALICE = Actor(platform="console", workspace_id="local", user_id="alice", display_name="alice")
BOSS = Actor(
    platform="console", workspace_id="local", user_id="boss", display_name="boss", is_admin=True
)


@pytest.fixture
def services(model_services: Services) -> Services:
    return model_services


async def see(services: Services, text: str, actor: Actor = ALICE) -> str:
    return " ".join(render_plain(await seen(text, actor=actor, services=services)).split())


async def a_quarter(services: Services, clock: MovableClock) -> None:
    """Alice starts, rates MLOps 1 then 2 weeks later, does a challenge, checks in."""
    await see(services, "start stage=mid path=mlops-engineer")
    await see(services, "assess mlops 1")
    clock.at += timedelta(weeks=2)
    await see(services, "assess mlops 2")
    await see(services, "challenge")
    await see(services, "challenge done")
    await see(services, "checkin blocked 2 waiting on GPU quota share")
    clock.at += timedelta(weeks=1)
    await see(services, "checkin slow 2 my secret worry about kubernetes")


async def test_the_draft_cites_challenges_levels_checkins_and_the_plan(
    services: Services, clock: MovableClock, fake: FakeOpenAI
) -> None:
    await a_quarter(services, clock)
    out = await see(services, "progress review")
    assert "Your review draft: the last 13 weeks" in out
    assert "from level 1 to 2 on 2026-12-12" in out  # the level change, with its date
    assert "Challenge done:" in out and "Done on 2026-12-12" in out
    assert "waiting on GPU quota" in out and "my secret worry" in out  # private: it is hers
    assert "Next: raise" in out and "(plan:" in out
    assert "(rating:" in out and "(checkin:" in out and "(done:" in out
    assert fake.received == []  # the mentor is off: no request


async def test_a_new_member_sees_the_next_few_steps_not_the_whole_plan(
    services: Services,
) -> None:
    await see(services, "start stage=junior path=ml-engineer")
    out = await see(services, "progress review")
    assert out.count("Next: raise") == 3  # a 17-step plan: the next three, `plan` has all
    assert "type 'plan'" in out


async def test_the_export_is_markdown_bytes(services: Services, clock: MovableClock) -> None:
    await a_quarter(services, clock)
    reply = await seen("progress review 6 markdown", actor=ALICE, services=services)
    file = next(b for b in reply.blocks if isinstance(b, Attachment))
    text = file.data.decode("utf-8")
    assert file.filename.endswith(".md") and text.startswith("# Review draft: 6 weeks to ")
    assert "## Sources" in text and "`rating:" in text and "[1]" in text


async def test_a_shorter_window_leaves_the_old_out(services: Services, clock: MovableClock) -> None:
    await a_quarter(services, clock)
    clock.at += timedelta(weeks=5)
    out = await see(services, "progress review 2")
    assert "waiting on GPU quota" not in out and "on 2026-12-12" not in out
    assert "Next: raise" in out  # the plan ahead stays


async def test_with_the_mentor_on_a_model_writes_it_from_the_sources(
    services: Services, clock: MovableClock, fake: FakeOpenAI
) -> None:
    await a_quarter(services, clock)
    rating = re.findall(r"\(rating:(\d+)\)", await see(services, "progress review"))[-1]
    await see(services, "admin ai on", BOSS)
    fake.answer(
        [
            {"text": "You raised MLOps from level 1 to 2.", "cites": [f"rating:{rating}"]},
            {"text": "You finished 40 challenges.", "cites": [f"rating:{rating}"]},
            {"text": "You ran the GPU cluster.", "cites": ["checkin:999"]},
            {"text": "Your MLOps level went up on 2026-12-12.", "cites": [f"rating:{rating}"]},
        ]
    )
    out = await see(services, "progress review")
    assert len(fake.received) == 1, out
    assert "You raised MLOps from level 1 to 2. [1]" in out, out
    assert "Written by fake-7b" in out
    assert "40 challenges" not in out and "GPU cluster" not in out  # invented: dropped
    assert "2 unsupported sentence(s) were left out" in out
    assert "my secret worry" in fake.received[0].text  # her own review: her private note


async def test_bad_weeks_say_what_to_type(services: Services) -> None:
    await see(services, "start")
    out = await see(services, "progress review 99")
    assert "weeks" in out and "52" in out and "went wrong" not in out
