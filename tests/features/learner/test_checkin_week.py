"""One check-in per week (a second replaces the first; the nudge's buttons edit it) and the
blocker alert each manager gets exactly once."""

from __future__ import annotations

from datetime import timedelta

from adapters.console.app import console_actor
from bot.commands.dispatch import handle_text
from bot.commands.services import Services
from bot.core.command import Source
from bot.features.nudges.messages import take_inbox
from storage.kinds import NudgeKind
from tests.support.nudges import dispatch_at, rows
from tests.support.teams import as_, setup_teams


async def test_a_second_checkin_replaces_the_first_and_says_so(services: Services) -> None:
    await as_(services, "ann", "start")
    await as_(services, "ann", "checkin slow 2 busy week")
    out = await as_(services, "ann", "checkin on-track 4")
    assert out.startswith("Check-in updated")
    assert "This replaces your check-in for" in out and "(slow, 2/5, with a note)" in out
    assert "Check-ins: 1" in await as_(services, "ann", "progress")
    checkins = [r for r in await rows_of(services) if r[0] == "on-track"]
    assert checkins == [("on-track", 4, None, False)]


async def test_the_nudges_buttons_edit_this_weeks_checkin(services: Services) -> None:
    await as_(services, "ann", "start")
    await as_(services, "ann", "checkin slow 2 waiting on GPU quota share")
    nudge = await as_(services, "ann", "checkin")
    assert "You checked in for" in nudge and "slow, 2/5, with a note, shared" in nudge
    pressed = await handle_text(
        "checkin blocked", actor=console_actor("ann"), services=services, source=Source.BUTTON
    )
    assert pressed.title == "Check-in updated"
    assert await rows_of(services) == [("blocked", 2, "waiting on GPU quota", True)]


async def test_a_question_says_how_to_answer_it(services: Services) -> None:
    await as_(services, "ann", "start")
    out = await as_(services, "ann", "checkin blocked")
    assert "`checkin blocked <your answer>`" in out


async def test_blocked_and_shared_alerts_each_manager_exactly_once(
    services: Services, clock
) -> None:
    await setup_teams(services)
    await as_(services, "root", "team managers ml-platform add @otto", admin=True)
    await as_(services, "root", "team add data @ann", admin=True)  # mia and otto both manage ann
    await as_(services, "ann", "start")
    await dispatch_at(
        clock, services, {}, worker="w", now=clock.at + timedelta(seconds=1)
    )  # team-added
    out = await as_(services, "ann", "checkin blocked 2 waiting on GPU quota share")
    assert "They get a message that you are blocked." in out
    await as_(services, "ann", "checkin blocked 1 still waiting share")  # same week, same alert
    await as_(services, "bob", "start")
    await as_(services, "bob", "checkin blocked 1 private")  # not shared: no alert
    alerts = [r for r in await rows(services) if r.kind == NudgeKind.BLOCKER]
    assert len(alerts) == 2 and len({r.member_id for r in alerts}) == 2
    result = await dispatch_at(clock, services, {}, worker="w", now=clock.at + timedelta(seconds=2))
    assert sorted(d.member for d in result.deliveries if d.kind == NudgeKind.BLOCKER) == [
        "console:mia",
        "console:otto",
    ]
    (alert,) = await take_inbox(services, actor=console_actor("mia"), now=clock.at)
    text = alert.plain_text()
    assert alert.title == "A member of your team is blocked"
    assert "**ann** (ml-platform) checked in as blocked" in text and "still waiting" in text
    assert await take_inbox(services, actor=console_actor("mia"), now=clock.at) == []
    again = await dispatch_at(clock, services, {}, worker="w", now=clock.at + timedelta(seconds=3))
    assert again.deliveries == []


async def test_managers_can_turn_blocker_alerts_off(services: Services, clock) -> None:
    await setup_teams(services)
    await as_(services, "mia", "start")
    assert "Blocker alerts are off" in await as_(services, "mia", "team alerts off")
    assert "don't manage a team" in await as_(services, "ann", "team alerts off")
    await as_(services, "ann", "start")
    await as_(services, "ann", "checkin blocked waiting on GPU quota share")
    assert [r for r in await rows(services) if r.kind == NudgeKind.BLOCKER] == []
    assert "Blocker alerts are on" in await as_(services, "mia", "team alerts on")


async def rows_of(services: Services) -> list[tuple[str, int | None, str | None, bool]]:
    from sqlmodel import col, select

    from storage.tables import Checkin

    async with services.db.transaction() as session:
        found = (await session.exec(select(Checkin).order_by(col(Checkin.id)))).all()
    return [(c.status, c.confidence, c.note, c.shared) for c in found]
