"""The App Home tab and messages to the bot in DM, through the real Bolt app."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

from slack_sdk.models.views import View
from slack_sdk.web.async_client import AsyncWebClient

from adapters.slack.messenger import SlackMessenger
from bot.commands.services import Services
from scheduler.delivery import Outcome
from scheduler.dispatcher import dispatch
from scheduler.planner import plan_due
from storage import learning, members
from storage.kinds import NudgeKind
from tests.fakes.slack_api import FakeSlack
from tests.support.services import MovableClock
from tests.support.slack import TOKEN, SlackDriver, reply_to, text_of


def home_opened(user: str = "U1") -> dict[str, Any]:
    return {
        "type": "app_home_opened",
        "user": user,
        "channel": "D" + user,
        "tab": "home",
        "event_ts": "1.0",
    }


def dm(text: str, user: str = "U1", **extra: Any) -> dict[str, Any]:
    return {
        "type": "message",
        "channel_type": "im",
        "channel": "D" + user,
        "user": user,
        "text": text,
        "ts": "2.0",
        "event_ts": "2.0",
        **extra,
    }


def buttons(view: dict[str, Any]) -> list[str]:
    return [
        e["value"]
        for b in view["blocks"]
        if b["type"] == "actions"
        for e in b["elements"]
        if e["type"] == "button"
    ]


async def test_home_tab_is_a_valid_view_with_the_week(
    driver: SlackDriver, slack: FakeSlack
) -> None:
    await reply_to(driver, slack, "start stage=mid path=mlops-engineer", user="U2")
    await reply_to(driver, slack, "team create core", user="U2")
    await reply_to(driver, slack, "team managers core add U2", user="U2")
    await reply_to(driver, slack, "start", user="U1")  # a manager adds people who use the bot
    await reply_to(driver, slack, "team add core <@U1>", user="U2")
    before = len(slack.of("views.publish"))
    status, _ = await driver.event(home_opened("U2"))
    assert status == 200
    call = (await slack.wait_for("views.publish", before + 1))[before]
    assert call["user_id"] == "U2"
    view = json.loads(call["view"]) if isinstance(call["view"], str) else call["view"]
    assert view["type"] == "home" and len(view["blocks"]) <= 100
    View(**view).to_dict()  # slack_sdk's own validation of a home view
    assert slack.invalid == []
    text = json.dumps(view)
    for expected in ("Plan focus", "This week's challenge", "Progress", "Next nudges", "core"):
        assert expected in text, expected
    assert {"challenge done", "challenge another"} <= set(buttons(view))
    assert "1 member" in text  # one line per team the manager runs


async def test_home_buttons_run_and_the_tab_refreshes(
    driver: SlackDriver, slack: FakeSlack
) -> None:
    await reply_to(driver, slack, "start stage=junior")
    await driver.event(home_opened())
    first = (await slack.wait_for("views.publish", 2))[-1]
    assert "challenge done" in buttons(
        first["view"] if isinstance(first["view"], dict) else json.loads(first["view"])
    )
    status, _ = await driver.click("mentor:challenge.done:0", "challenge done", home=True)
    assert status == 200
    posted = await slack.wait_for("chat.postMessage")  # no response_url on a Home tab
    assert "Challenge done" in text_of(posted[-1])
    refreshed = (await slack.wait_for("views.publish", 3))[-1]
    view = (
        refreshed["view"] if isinstance(refreshed["view"], dict) else json.loads(refreshed["view"])
    )
    assert "Done this week" in json.dumps(view)


async def test_the_messages_tab_is_ignored_by_the_home_listener(
    driver: SlackDriver, slack: FakeSlack
) -> None:
    await driver.event({**home_opened(), "tab": "messages"})
    await reply_to(driver, slack, "help")  # a later request, to let the event finish
    assert slack.of("views.publish") == []


async def test_a_dm_runs_like_the_command(driver: SlackDriver, slack: FakeSlack) -> None:
    await reply_to(driver, slack, "start stage=mid path=mlops-engineer")
    status, _ = await driver.event(dm("plan"))
    assert status == 200
    answer = (await slack.wait_for("chat.postMessage"))[-1]
    assert answer["channel"] == "DU1" and "learning plan" in text_of(answer).lower()
    # Our own message in the DM (bot_id) and edits (subtype) are not members writing.
    await driver.event(dm("plan", bot_id="B1"))
    await driver.event(dm("plan", subtype="message_changed"))
    await reply_to(driver, slack, "help")
    assert len(slack.of("chat.postMessage")) == 1


async def test_free_text_without_a_nudge_is_not_taken_as_a_note(
    driver: SlackDriver, slack: FakeSlack
) -> None:
    await reply_to(driver, slack, "start")
    await driver.event(dm("pretty busy week, honestly"))
    answer = (await slack.wait_for("chat.postMessage"))[-1]
    assert "help" in text_of(answer)


async def test_a_dm_reply_after_the_checkin_nudge_becomes_its_note(
    driver: SlackDriver, slack: FakeSlack, services: Services, clock: MovableClock
) -> None:
    await reply_to(driver, slack, "start stage=mid path=mlops-engineer tz=UTC day=mon time=09:00")
    friday = datetime(2026, 12, 4, 9, 5, tzinfo=UTC)  # check-in: four days after Monday
    clock.at = friday
    await plan_due(services.db, now=friday)
    client = AsyncWebClient(token=TOKEN, base_url=slack.api_url)
    result = await dispatch(services, {"slack": SlackMessenger(client)}, worker="w")
    assert [d.kind for d in result.deliveries if d.outcome == Outcome.SENT] == [NudgeKind.CHECKIN]
    nudge = slack.of("chat.postMessage")[-1]
    assert "checkin on-track" in text_of(nudge)  # the nudge asks with buttons

    await driver.click("mentor:checkin.slow:0", "checkin slow")
    await slack.wait_for("response_url", 2)
    before = len(slack.of("chat.postMessage"))
    await driver.event(dm("waiting on the GPU quota & a review"))
    answer = (await slack.wait_for("chat.postMessage", before + 1))[before]
    # The button saved the check-in; the reply adds its note (one check-in a week).
    assert "Check-in updated" in text_of(answer) and "Private" in text_of(answer)

    async with services.db.transaction() as session:
        member = await members.find_member(
            session=session, platform="slack", workspace_external_id="T1", user_id="U1"
        )
        assert member is not None and member.id is not None
        saved = (await learning.checkins(session=session, member_id=member.id))[-1]
    assert saved.status == "slow" and saved.period == "2026-W49"
    assert saved.note == "waiting on the GPU quota & a review" and saved.shared is False

    before = len(slack.of("chat.postMessage"))
    await driver.event(dm("blocked 2 still no quota share"))
    answer = (await slack.wait_for("chat.postMessage", before + 1))[before]
    assert "Shared with your managers" in text_of(answer)
    async with services.db.transaction() as session:
        saved = (await learning.checkins(session=session, member_id=member.id))[-1]
    assert (saved.status, saved.confidence, saved.note, saved.shared) == (
        "blocked",
        2,
        "still no quota",
        True,
    )
