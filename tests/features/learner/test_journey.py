"""The learner's whole journey through the terminal chat, on SQLite and PostgreSQL."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.commands.services import Services
from tests.support.chat import rows_mentioning, say
from tests.support.services import MovableClock


async def test_whole_journey(any_services: Services, clock: MovableClock, tmp_path: Path) -> None:
    s = any_services
    out = await say(s, "plan")
    assert "Welcome to mentorbot" in out and "start stage=mid" in out

    out = await say(s, "start stage=mid path=mlops-engineer tz=Europe/Berlin day=mon time=09:00")
    assert "Mid-level AI Engineer" in out and "MLOps engineer" in out
    assert "Europe/Berlin" in out and "Mondays at 09:00" in out

    out = await say(s, "assess python 2", "assess mlops 1", "assess")
    assert "Rating saved" in out
    assert "rated 2 of 20" in out

    out = await say(s, "plan")
    assert "Your learning plan" in out
    assert "a senior MLOps engineer" in out
    assert "This week's focus" in out
    assert "You are at 2; a senior MLOps engineer works at" in out or "works at" in out

    out = await say(s, "challenge")
    assert "This week's challenge (2026-W48)" in out
    first = await say(s, "challenge")
    assert first.splitlines()[2:4] == out.splitlines()[2:4]  # the same one all week

    out = await say(s, "challenge done https://github.com/alice/mlops-demo/pull/1")
    assert "Challenge done" in out and "Evidence saved" in out
    out = await say(s, "challenge done")
    assert "already marked this week's challenge done" in out

    out = await say(s, "checkin slow 3 busy sprint share")
    assert "Check-in saved" in out and "3/5" in out and "Shared with your managers" in out

    out = await say(s, "tip", "tip")
    tips = [line for line in out.splitlines() if "<https://" in line]
    assert len(tips) == 2 and tips[0] != tips[1]

    clock.at += timedelta(days=7)
    await say(s, "challenge", "challenge done")
    out = await say(s, "progress")
    assert "2 weeks in a row" in out
    assert "Challenges done: 2" in out
    assert "Plan completion" in out

    out = await say(s, "mydata export", out_dir=tmp_path)
    exported = json.loads((tmp_path / "alice" / "mentorbot-alice.json").read_text())
    assert exported["member"]["user_id"] == "alice"
    assert {r["skill"] for r in exported["skillrating"]} == {"python", "mlops"}
    assert exported["checkin"][0]["note"] == "busy sprint"
    assert exported["profile"][0]["timezone"] == "Europe/Berlin"

    out = await say(s, "mydata forget")
    assert "mydata forget confirm" in out
    assert await rows_mentioning(s, "alice") != {}
    out = await say(s, "mydata forget confirm")
    assert "Everything about you is gone" in out
    assert await rows_mentioning(s, "alice") == {}


async def test_forget_leaves_other_members_alone(any_services: Services) -> None:
    s = any_services
    for user in ("alice", "bob"):
        await say(s, "start", "assess python 3", "challenge", "checkin on-track", "tip", user=user)
    await say(s, "mydata forget confirm", user="alice")
    assert await rows_mentioning(s, "alice") == {}
    left = await rows_mentioning(s, "bob")
    assert {"member", "profile", "skillrating", "challengeassignment", "checkin"} <= set(left)


async def test_weeks_follow_the_members_timezone(services: Services, clock: MovableClock) -> None:
    # Sunday 23:30 UTC is already Monday in Auckland: a new week there, not in London.
    clock.at = datetime(2026, 11, 29, 23, 30, tzinfo=UTC)
    await say(services, "start tz=Pacific/Auckland", user="kiri")
    await say(services, "start tz=Europe/London", user="lon")
    assert "2026-W49" in await say(services, "challenge", user="kiri")
    assert "2026-W48" in await say(services, "challenge", user="lon")


async def test_streak_breaks_after_a_missed_week(services: Services, clock: MovableClock) -> None:
    await say(services, "start")
    for _ in range(3):
        await say(services, "challenge", "challenge done")
        clock.at += timedelta(days=7)
    assert "3 weeks in a row" in await say(services, "progress")  # this week not done yet
    clock.at += timedelta(days=7)
    assert "0 weeks in a row" in await say(services, "progress")


async def test_plan_updates_when_ratings_change(services: Services) -> None:
    await say(services, "start stage=junior path=data-engineer")
    before = await say(services, "plan")
    assert "Plan completion  [--------------------] 0/" in before
    await say(services, "assess sql-data 4", "assess python 4")
    after = await say(services, "plan")
    assert "Plan completion  [" in after and "] 0/" not in after


async def test_plan_orders_prerequisites_first(services: Services, catalog) -> None:
    from bot.domain.planning import build_steps

    steps = build_steps(catalog, levels={}, specialization="mlops-engineer", target_stage="mid")
    seen: dict[str, int] = {}
    for i, step in enumerate(steps):
        for pre in catalog.skills[step.skill].prerequisites_at(step.to_level):
            if catalog.specializations["mlops-engineer"].targets["mid"][pre] >= step.to_level:
                assert pre in seen, (
                    f"{step.skill} step {step.to_level} before its prerequisite {pre}"
                )
        seen.setdefault(step.skill, i)
    assert steps[0].skill in {"python", "statistics", "linear-algebra"}
    assert all(s.reason.startswith("You have not rated it yet") for s in steps)


@pytest.mark.parametrize(
    ("line", "says"),
    [
        ("start tz=Mars/Olympus", "not a timezone"),
        ("start stage=wizard", "I don't know the stage"),
        ("profile set day funday", "not a weekday"),
        ("profile set time 25:00", "not a time of day"),
        ("profile set colour blue", "I don't know the field"),
        ("assess python 5", "from 1 to 4"),
        ("assess pyton 2", "Did you mean python"),
        ("checkin great 9", "from 1 to 5"),
        ("checkin maybe", "maybe is not a check-in status"),
        ("plan target intern", "I don't know the stage"),
        ("challenge skip", "no challenge this week"),
    ],
)
async def test_bad_input_keeps_data_and_says_what_to_type(
    services: Services, line: str, says: str
) -> None:
    await say(services, "start stage=mid tz=Europe/Berlin")
    out = await say(services, line, "profile")
    assert says in out, out
    assert "Traceback" not in out
    assert "Europe/Berlin" in out and "Mid-level" in out  # nothing lost


async def test_every_command_that_needs_a_profile_guides_a_newcomer(services: Services) -> None:
    from bot.commands.registry import Needs

    needing = [s for s in services.registry.all() if s.needs is Needs.PROFILE]
    assert len(needing) >= 10
    for spec in needing:
        line = spec.examples[-1] if spec.examples else spec.name
        out = await say(services, line, user="newcomer")
        assert "Welcome to mentorbot" in out and "start stage=" in out, spec.name


async def test_this_week_follows_the_real_clock_when_time_moves(catalog, sqlite_url: str) -> None:
    import time_machine

    from bot.core.clock import SystemClock
    from tests.support.services import open_services

    async with open_services(catalog, sqlite_url, MovableClock(datetime.now(UTC))) as opened:
        services = replace(opened, clock=SystemClock())
        with time_machine.travel(datetime(2026, 12, 31, 23, 30, tzinfo=UTC), tick=False):
            await say(services, "start tz=Asia/Tokyo")
            # 08:30 on 1 January 2027 in Tokyo: ISO week 2026-W53 still.
            assert "2026-W53" in await say(services, "challenge")
        with time_machine.travel(datetime(2027, 1, 3, 15, 30, tzinfo=UTC), tick=False):
            # Monday 4 January 00:30 in Tokyo: a new week, a new challenge.
            assert "2027-W01" in await say(services, "challenge")


def test_a_remembered_plan_is_the_plan_built_afresh(catalog) -> None:
    from bot.domain import planning

    levels = {"python": 2, "statistics": 1}
    args = dict(levels=levels, specialization="mlops-engineer", target_stage="senior")
    first = planning.build_steps(catalog, **args)
    first.clear()  # a caller's copy: changing it changes nothing remembered
    again = planning.build_steps(catalog, **args)
    assert again == planning._build_steps(catalog, **args) and again
    other = catalog.model_copy()  # another catalog (a reload) is never served old steps
    assert planning.build_steps(other, **args) == again
    assert planning.build_steps(catalog, **{**args, "levels": {"python": 3}}) != again


async def test_a_first_rating_says_so_and_a_change_says_from_what(services: Services) -> None:
    await say(services, "start stage=mid path=ml-engineer")
    first = " ".join((await say(services, "assess mlops 2")).split())
    assert "(your first rating)" in first and "0 →" not in first  # unrated is not 0
    again = " ".join((await say(services, "assess mlops 3")).split())
    assert "(2 → 3)" in again
    same = " ".join((await say(services, "assess mlops 3")).split())
    assert "(unchanged)" in same
