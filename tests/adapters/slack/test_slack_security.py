"""Attacks on the Slack side, through the real Bolt app and its HTTP front (fake Slack API)."""

from __future__ import annotations

import logging
from typing import Any
from urllib.parse import urlencode

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlmodel import select

from adapters.slack.manifest import build_manifest
from adapters.slack.text import command_text
from bot.commands.services import Services
from bot.core.errors import UserError
from bot.features.catalog import build_registry
from bot.features.teams.people import parse_mentions
from storage.tables import Checkin, Member
from tests.fakes.slack_api import FakeSlack
from tests.support.hostile import check_slack
from tests.support.slack import USERS, SlackDriver, reply_to, sign, text_of

EVIL = "[Verify](https://evil.example/>|<!channel>|<@U2>)"


def _add_user(
    slack: FakeSlack, uid: str, *, name: str, team: str = "T1", admin: bool = False
) -> None:
    slack.users[uid] = {
        "id": uid,
        "team_id": team,
        "name": uid.lower(),
        "real_name": name,
        "tz": "UTC",
        "is_admin": admin,
        "profile": {"display_name": name},
    }
    USERS.setdefault(uid, {"name": uid.lower(), "team_id": "T1"})  # requests come from T1


async def _rows(services: Services, model: Any) -> list[Any]:
    async with services.db.transaction() as session:
        return list((await session.exec(select(model))).all())


async def test_a_hostile_display_name_is_inert_in_team_add(
    driver: SlackDriver, slack: FakeSlack
) -> None:
    _add_user(slack, "U7", name=EVIL)
    await reply_to(driver, slack, "team", user="U7")  # U7 has used the bot
    await reply_to(driver, slack, "team create ml", user="U2")
    message = await reply_to(driver, slack, "team add ml <@U7|whoever>", user="U2")
    assert "Added to" in text_of(message)
    check_slack(message)
    assert "&lt;!channel&gt;" in text_of(message)
    summary = await reply_to(driver, slack, "team ml", user="U2")
    check_slack(summary)


async def test_a_replayed_signed_request_runs_once(
    driver: SlackDriver, slack: FakeSlack, services: Services
) -> None:
    await reply_to(driver, slack, "start")
    body = urlencode(
        {
            "team_id": "T1",
            "user_id": "U1",
            "user_name": "alice",
            "command": "/mentor",
            "text": "checkin slow 3 replayed note",
            "response_url": driver.next_response_url(),
            "trigger_id": "t",
            "channel_id": "C1",
        }
    )
    headers = sign(body)
    before = len(slack.of("response_url"))
    for _ in range(3):
        status, _ = await driver.post(body, headers)
        assert status == 200
    await reply_to(driver, slack, "progress")  # a later request, answered after the others
    answers = slack.of("response_url")[before:]
    assert len(answers) == 2  # the check-in once, then progress
    assert "Check-in saved" in text_of(answers[0])


BAD_BODIES: list[tuple[bytes, dict[str, str]]] = [
    (b"payload=[]", {}),
    (b"payload={not json", {}),
    (b"\xff\xfe\xfd", {}),
    (b"payload=%7B%7D", {"X-Slack-Request-Timestamp": "abc", "X-Slack-Signature": "v0=00"}),
    (b"command=/mentor&text=plan", {"X-Slack-Request-Timestamp": "", "X-Slack-Signature": ""}),
    (b"a=1", {"X-Slack-Request-Timestamp": "99999999999999999999999", "X-Slack-Signature": "v0=1"}),
]


@pytest.mark.parametrize(("body", "headers"), BAD_BODIES)
async def test_malformed_unsigned_requests_get_4xx_without_a_traceback(
    driver: SlackDriver,
    slack: FakeSlack,
    caplog: pytest.LogCaptureFixture,
    body: bytes,
    headers: dict[str, str],
) -> None:
    caplog.set_level(logging.DEBUG)
    async with driver.http.post(
        driver.url,
        data=body,
        headers={"Content-Type": "application/x-www-form-urlencoded", **headers},
    ) as resp:
        assert resp.status in (400, 401)
    assert not [r for r in caplog.records if r.exc_info or r.levelno >= logging.ERROR]
    assert "Traceback" not in caplog.text
    assert slack.of("response_url") == []


async def test_a_signed_but_malformed_payload_is_400(
    driver: SlackDriver, caplog: pytest.LogCaptureFixture
) -> None:
    body = "payload=%5B%5D"  # payload=[]
    status, _ = await driver.post(body, sign(body))
    assert status == 400
    assert "Traceback" not in caplog.text


async def test_a_huge_body_is_refused(driver: SlackDriver) -> None:
    body = "text=" + "x" * 400_000
    status, _ = await driver.post(body, sign(body))
    assert status == 413


async def test_curly_apostrophes_survive_the_checkin_modal(
    driver: SlackDriver, slack: FakeSlack, services: Services
) -> None:
    await reply_to(driver, slack, "start")
    await reply_to(driver, slack, "checkin")
    view = (await slack.wait_for("views.open"))[-1]["view"]
    note = "I’m stuck, can’t get GPU quota “today”"
    status, body = await driver.submit(view, {"status": "blocked", "note": note})
    assert status == 200, body
    await slack.wait_for("chat.postEphemeral")
    assert [c.note for c in await _rows(services, Checkin)] == [note]


async def test_the_admin_flag_counts_only_for_its_own_team(
    driver: SlackDriver, slack: FakeSlack
) -> None:
    _add_user(slack, "U9", name="mallory", team="T2", admin=True)  # admin elsewhere
    message = await reply_to(driver, slack, "team create stolen", user="U9")
    assert "admins only" in text_of(message)


async def test_a_name_is_never_stored_as_a_made_up_member(
    driver: SlackDriver, slack: FakeSlack, services: Services
) -> None:
    await reply_to(driver, slack, "team create ml", user="U2")
    message = await reply_to(driver, slack, "team add ml @ann", user="U2")
    assert "don't know who" in text_of(message) and "Mention them" in text_of(message)
    assert "ann" not in {m.user_id for m in await _rows(services, Member)}


async def test_escaped_slash_text_keeps_mentions_as_ids(
    driver: SlackDriver, slack: FakeSlack, services: Services
) -> None:
    await reply_to(driver, slack, "team", user="U1")
    await reply_to(driver, slack, "team create ml", user="U2")
    message = await reply_to(driver, slack, "team add ml <@U1|alice>", user="U2")
    assert "Added to" in text_of(message) and "alice" in text_of(message)
    typed = await reply_to(driver, slack, "team add ml &lt;@U7&gt;", user="U2")  # not a mention
    assert "didn't work" in text_of(typed)
    assert "U7" not in {m.user_id for m in await _rows(services, Member)}
    await reply_to(driver, slack, "start")
    await reply_to(driver, slack, "checkin slow 2 p99 &lt; 5ms &amp; &gt; 1ms")
    assert [c.note for c in await _rows(services, Checkin)] == ["p99 < 5ms & > 1ms"]


def test_the_manifest_asks_slack_to_escape() -> None:
    command = build_manifest(build_registry())["features"]["slash_commands"][0]
    assert command["should_escape"] is True


@given(st.text())
def test_typed_text_survives_slack_escaping(text: str) -> None:
    escaped = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    assert command_text(escaped) == text.replace("<@", "<\u2060@")


@given(st.text(), st.sampled_from(["slack", "discord", "console"]))
def test_mentions_parse_or_say_what_to_type(text: str, platform: str) -> None:
    try:
        found = parse_mentions(text, platform=platform)
    except UserError as exc:
        assert exc.hint
    else:
        assert found and all(key for key, _, _ in found)
