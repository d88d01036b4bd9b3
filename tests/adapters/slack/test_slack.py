"""/mentor through the real Bolt app in HTTP mode, against a local fake Slack Web API."""

from __future__ import annotations

import asyncio
import json
import time
from typing import Any

import pytest

from bot.commands.registry import Arg, ArgKind, CommandSpec
from bot.commands.services import Services
from bot.features.catalog import build_registry
from tests.fakes.slack_api import FakeSlack
from tests.support.slack import SlackDriver, reply_to, sign, text_of


def every_command_line() -> list[str]:
    lines = []
    for spec in build_registry().all():
        lines.append(spec.examples[-1] if spec.examples else spec.name)
    return lines


@pytest.mark.parametrize("line", every_command_line())
async def test_every_command(driver: SlackDriver, slack: FakeSlack, line: str) -> None:
    await reply_to(driver, slack, "start stage=mid path=mlops-engineer")
    message = await reply_to(driver, slack, line)
    assert message["response_type"] == "ephemeral"
    assert message["blocks"][0]["type"] == "header"
    assert "Something went wrong" not in text_of(message), text_of(message)
    assert slack.invalid == []


async def test_identity_and_timezone_come_from_users_info(
    driver: SlackDriver, slack: FakeSlack
) -> None:
    await reply_to(driver, slack, "start")
    message = await reply_to(driver, slack, "profile", user="U1")
    assert "Europe/Berlin" in text_of(message)
    assert len(slack.of("users.info")) == 1  # asked once, then cached


async def test_start_form_round_trip(
    driver: SlackDriver, slack: FakeSlack, services: Services
) -> None:
    await reply_to(driver, slack, "start")
    view = (await slack.wait_for("views.open"))[0]["view"]
    assert view["type"] == "modal" and len(view["title"]["text"]) <= 24
    assert {b["block_id"] for b in view["blocks"]} == {"stage", "path", "tz", "day", "time"}
    tz_block = next(b for b in view["blocks"] if b["block_id"] == "tz")
    assert tz_block["element"]["initial_value"] == "Europe/Berlin"  # from the Slack profile

    status, body = await driver.submit(
        view,
        {
            "stage": "senior",
            "path": "research-engineer",
            "tz": "America/New_York",
            "day": "fri",
            "time": "08:30",
        },
    )
    assert status == 200 and body == ""
    posted = await slack.wait_for("chat.postEphemeral")
    assert "Research engineer" in text_of(posted[-1])
    profile = await reply_to(driver, slack, "profile")
    for expected in ("Senior AI Engineer", "America/New_York", "Fridays at 08:30"):
        assert expected in text_of(profile)


async def test_a_bad_form_value_is_shown_beside_its_field(
    driver: SlackDriver, slack: FakeSlack
) -> None:
    await reply_to(driver, slack, "start")
    view = (await slack.wait_for("views.open"))[0]["view"]
    status, body = await driver.submit(view, {"tz": "Mars/Olympus", "time": "09:00"})
    assert status == 200
    answer = json.loads(body)
    assert answer["response_action"] == "errors"
    assert "not a timezone" in answer["errors"]["tz"]


async def test_a_form_that_fails_unexpectedly_closes_and_shows_the_reference(
    driver: SlackDriver, slack: FakeSlack, services: Services
) -> None:
    async def broken(request: object) -> None:  # a handler with a bug
        raise RuntimeError("boom")

    tz = Arg("tz", ArgKind.TEXT, "a zone")
    services.registry.add(CommandSpec(path=("broken",), summary="x", handler=broken, args=(tz,)))
    await reply_to(driver, slack, "start")
    view = (await slack.wait_for("views.open"))[0]["view"]
    view["private_metadata"] = json.dumps({"command": "broken", "channel": "C1"})
    status, body = await driver.submit(view, {"tz": "Europe/Paris"})
    assert status == 200 and body == ""  # the form closes: this is not the member's mistake
    shown = text_of((await slack.wait_for("chat.postEphemeral"))[-1])
    assert "Something went wrong" in shown and "ref" in shown and "boom" not in shown


async def test_each_button_runs_its_command(driver: SlackDriver, slack: FakeSlack) -> None:
    await reply_to(driver, slack, "start stage=junior")
    message = await reply_to(driver, slack, "challenge")
    buttons = [
        e
        for b in message["blocks"]
        if b["type"] == "actions"
        for e in b["elements"]
        if e["type"] == "button"
    ]
    assert [b["value"] for b in buttons] == [
        "challenge done",
        "challenge another",
        "challenge skip",
    ]
    assert all(b["action_id"].startswith("mentor:challenge.") for b in buttons)
    expected = {
        "challenge done": "Challenge done",
        "challenge another": "Here's another one",
        "challenge skip": "Skipped",
    }
    for button in reversed(buttons):  # skip, another, done
        before = len(slack.of("response_url"))
        status, _ = await driver.click(button["action_id"], button["value"])
        assert status == 200
        answer = (await slack.wait_for("response_url", before + 1))[before]
        assert expected[button["value"]] in text_of(answer)
    assert slack.invalid == []


async def test_a_select_runs_its_command(driver: SlackDriver, slack: FakeSlack) -> None:
    message = await reply_to(driver, slack, "explore paths")
    select = next(
        e
        for b in message["blocks"]
        if b["type"] == "actions"
        for e in b["elements"]
        if e["type"] == "static_select"
    )
    option = next(o for o in select["options"] if o["value"].endswith("data-engineer"))
    before = len(slack.of("response_url"))
    await driver.click(select["action_id"], option["value"], select=True)
    answer = (await slack.wait_for("response_url", before + 1))[before]
    assert "Data engineer" in text_of(answer)


async def test_bad_signature_is_refused_and_nothing_runs(
    driver: SlackDriver, slack: FakeSlack
) -> None:
    body = "command=%2Fmentor&text=plan&user_id=U1&team_id=T1&response_url=x"
    headers = sign(body, secret="wrong-secret")
    status, _ = await driver.post(body, headers)
    assert status == 401
    await asyncio.sleep(0)  # let any (wrongly) scheduled task start
    assert slack.of("response_url") == [] and slack.of("users.info") == []


async def test_stale_timestamp_is_refused(driver: SlackDriver, slack: FakeSlack) -> None:
    body = "command=%2Fmentor&text=plan&user_id=U1&team_id=T1&response_url=x"
    status, _ = await driver.post(body, sign(body, timestamp=int(time.time()) - 600))
    assert status == 401
    assert slack.of("response_url") == []


async def test_a_slack_retry_never_runs_a_command_twice(
    driver: SlackDriver, slack: FakeSlack
) -> None:
    await reply_to(driver, slack, "start")
    await reply_to(driver, slack, "checkin on-track")
    payload = {
        "type": "block_actions",
        "team": {"id": "T1"},
        "user": {"id": "U1", "username": "alice", "team_id": "T1"},
        "response_url": driver.next_response_url(),
        "trigger_id": "t",
        "actions": [
            {
                "type": "button",
                "action_id": "mentor:checkin.slow:0",
                "value": "checkin slow",
                "action_ts": "1",
            }
        ],
    }
    status, _ = await driver.interaction(
        payload, **{"X-Slack-Retry-Num": "1", "X-Slack-Retry-Reason": "http_timeout"}
    )
    assert status == 200
    progress = await reply_to(driver, slack, "progress")
    assert "*Check-ins*\\n1" in text_of(progress)  # the retried check-in did not run


async def test_an_unexpected_error_shows_a_reference(
    driver: SlackDriver, slack: FakeSlack, services: Services
) -> None:
    async def broken(request: Any) -> Any:
        raise RuntimeError("secret internals")

    services.registry.add(CommandSpec(path=("boom",), summary="x", handler=broken))
    message = await reply_to(driver, slack, "boom")
    text = text_of(message)
    assert "Something went wrong" in text and "ref" in text
    assert "secret internals" not in text and "Traceback" not in text


async def test_long_content_is_paged_within_limits(driver: SlackDriver, slack: FakeSlack) -> None:
    from adapters.slack.render import render_messages
    from bot.core.reply import Fields, Items, Reply, Text

    reply = Reply(
        title="x" * 400,
        blocks=(
            Text("word " * 5000),
            Fields(tuple((f"k{i}", "v" * 3000) for i in range(25))),
            Items(tuple("item " * 100 for _ in range(300))),
        ),
    )
    messages = render_messages(reply)
    assert len(messages) > 1
    for message in messages:
        assert len(message["blocks"]) <= 50
    from slack_sdk.models.blocks import Block

    for message in messages:
        for block in Block.parse_all(message["blocks"]):
            block.to_dict()  # raises if any limit is broken


async def test_export_is_uploaded_as_a_file(driver: SlackDriver, slack: FakeSlack) -> None:
    await reply_to(driver, slack, "start")
    await reply_to(driver, slack, "mydata export")
    done = await slack.wait_for("files.completeUploadExternal")
    assert done and (await slack.wait_for("upload"))[0]["bytes"] > 100


async def test_assess_form_rates_every_changed_skill(driver: SlackDriver, slack: FakeSlack) -> None:
    await reply_to(driver, slack, "start")
    await reply_to(driver, slack, "assess python 2")
    await reply_to(driver, slack, "assess")
    view = (await slack.wait_for("views.open"))[-1]["view"]
    assert len(view["blocks"]) == 20  # a select per skill
    python = next(b for b in view["blocks"] if b["block_id"] == "python")
    assert python["element"]["initial_option"]["value"] == "2"  # pre-filled
    status, body = await driver.submit(view, {"python": "2", "statistics": "3", "cloud": "1"})
    assert (status, body) == (200, "")
    await slack.wait_for("chat.postEphemeral")
    listing = text_of(await reply_to(driver, slack, "assess"))
    assert "rated 3 of 20" in listing
    progress = text_of(await reply_to(driver, slack, "progress"))
    assert progress.count("2026") >= 0 and "Statistics and probability: 3" in progress


async def test_checkin_form_round_trip(driver: SlackDriver, slack: FakeSlack) -> None:
    await reply_to(driver, slack, "start")
    message = await reply_to(driver, slack, "checkin")
    assert [
        e["value"] for b in message["blocks"] if b["type"] == "actions" for e in b["elements"]
    ] == ["checkin on-track", "checkin slow", "checkin blocked"]
    view = (await slack.wait_for("views.open"))[-1]["view"]
    status, body = await driver.submit(
        view,
        {"status": "blocked", "confidence": "2", "note": "waiting on GPU quota", "share": "yes"},
    )
    assert (status, body) == (200, "")
    posted = text_of((await slack.wait_for("chat.postEphemeral"))[-1])
    assert "Blocked" in posted and "2/5" in posted and "Shared with your managers" in posted


async def test_a_quick_reply_comes_in_the_ack(driver: SlackDriver, slack: FakeSlack) -> None:
    status, body = await driver.command("start stage=mid path=mlops-engineer")
    assert status == 200
    message = json.loads(body)  # Slack shows the ack's message at once: no second trip
    assert message["response_type"] == "ephemeral" and "Welcome aboard" in message["text"]
    await slack.wait_for("views.publish")  # the Home tab follows, after the ack
    assert len(slack.of("response_url")) == 1  # the ack's message, and nothing posted


async def test_a_slow_core_acks_at_once_and_answers_at_the_response_url(
    driver: SlackDriver, slack: FakeSlack, monkeypatch: pytest.MonkeyPatch
) -> None:
    from adapters.slack import listeners

    monkeypatch.setattr(listeners, "ACK_BUDGET", 0)  # every core is "slow"
    status, body = await driver.command("start stage=mid path=mlops-engineer")
    assert (status, body) == (200, "")
    posted = await slack.wait_for("response_url")
    assert "Welcome aboard" in posted[0]["text"] and posted[0]["response_type"] == "ephemeral"


async def test_a_long_reply_is_paged_across_the_ack_and_the_response_url(
    driver: SlackDriver, slack: FakeSlack, services: Services
) -> None:
    from bot.core.reply import Reply, Text

    async def long(request: Any) -> Reply:
        return Reply(title="Long", blocks=tuple(Text(f"paragraph {n}") for n in range(120)))

    services.registry.add(CommandSpec(path=("long",), summary="x", handler=long))
    status, body = await driver.command("long")
    assert status == 200 and "paragraph 0" in body  # the first page, in the ack
    pages = await slack.wait_for("response_url", 3)  # the ack's page and two posted ones
    assert "paragraph 119" in text_of(pages[-1]) and not slack.invalid
    posted = "".join(text_of(page) for page in pages)
    assert all(f"paragraph {n}" in posted for n in range(120))
