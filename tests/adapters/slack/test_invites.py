"""Invitations stay in their workspace: `team add` with an id of another workspace (or of
nobody) is refused with a reply that says so, and that id gets no DM."""

from __future__ import annotations

import json
from typing import Any

from tests.fakes.slack_api import FakeSlack
from tests.support.slack import SlackDriver


async def _reply(driver: SlackDriver, slack: FakeSlack, text: str, user: str) -> str:
    before = len(slack.of("response_url"))
    status, _ = await driver.command(text, user=user)
    assert status == 200
    message: dict[str, Any] = (await slack.wait_for("response_url", before + 1))[before]
    return message.get("text", "") + json.dumps(message.get("blocks", []))


async def test_an_id_of_another_workspace_is_not_invited(
    driver: SlackDriver, slack: FakeSlack
) -> None:
    admin = "U2"  # an admin of T1
    await _reply(driver, slack, "start", admin)
    await _reply(driver, slack, "team create core", admin)
    for foreign in ("U3", "U404"):  # U3 is in T2; U404 is nobody Slack knows
        text = await _reply(driver, slack, f"team add core <@{foreign}>", admin)
        assert "isn't a member of this workspace" in text, text
    text = await _reply(driver, slack, "team members core", admin)
    assert "U3" not in text and "U404" not in text
    assert slack.posts_to("DU3") == [] and slack.posts_to("DU404") == []
    # Someone of this workspace who never used the bot is invited as before.
    text = await _reply(driver, slack, "team add core <@U1>", admin)
    assert "isn't a member" not in text and "Invited" in text, text
    asked = [call.get("user") for call in slack.of("users.info")]
    assert "U3" in asked and "U404" in asked
