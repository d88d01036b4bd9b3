"""The Slack Messenger against the fake Web API: DMs, uploads, and how failures are told apart."""

from __future__ import annotations

import pytest
from slack_sdk.web.async_client import AsyncWebClient

from adapters.slack.messenger import SlackMessenger, install_retry_handlers
from bot.core.errors import DeliveryError
from bot.core.reply import Reply, Text
from tests.fakes.slack_api import FakeSlack
from tests.support.slack import TOKEN

REPLY = Reply(title="Your weekly challenge", blocks=(Text("**Do the thing.**"),))


def messenger(slack: FakeSlack, *, retries: bool = False) -> SlackMessenger:
    client = AsyncWebClient(token=TOKEN, base_url=slack.api_url)
    if retries:
        install_retry_handlers(client, max_retry_count=2)
    return SlackMessenger(client)


async def test_send_opens_the_dm_and_posts_valid_blocks(slack: FakeSlack) -> None:
    await messenger(slack).send(user_id="U1", reply=REPLY)
    assert slack.of("conversations.open")[0]["users"] == "U1"
    posted = slack.of("chat.postMessage")[0]
    assert posted["channel"] == "DU1" and "*Do the thing.*" in str(posted["blocks"])
    assert slack.invalid == []


@pytest.mark.parametrize("error", ["user_not_found", "account_inactive", "cannot_dm_bot"])
async def test_permanent_errors_are_not_retried(slack: FakeSlack, error: str) -> None:
    slack.fail("conversations.open", 200, {"ok": False, "error": error})
    with pytest.raises(DeliveryError) as info:
        await messenger(slack, retries=True).send(user_id="U1", reply=REPLY)
    assert info.value.retry is False and info.value.reason == error
    assert len(slack.of("conversations.open")) == 1


async def test_rate_limit_is_retried_after_retry_after(slack: FakeSlack) -> None:
    slack.fail("chat.postMessage", 429, {"ok": False, "error": "ratelimited"}, {"Retry-After": "0"})
    await messenger(slack, retries=True).send(user_id="U1", reply=REPLY)
    assert len(slack.of("chat.postMessage")) == 2


async def test_rate_limit_without_retries_says_when_to_try_again(slack: FakeSlack) -> None:
    slack.fail("chat.postMessage", 429, {"ok": False, "error": "ratelimited"}, {"Retry-After": "7"})
    with pytest.raises(DeliveryError) as info:
        await messenger(slack).send(user_id="U1", reply=REPLY)
    assert info.value.retry is True and info.value.retry_after == 7.0


async def test_server_errors_are_retryable(slack: FakeSlack) -> None:
    slack.fail("chat.postMessage", 200, {"ok": False, "error": "internal_error"})
    with pytest.raises(DeliveryError) as info:
        await messenger(slack).send(user_id="U1", reply=REPLY)
    assert info.value.retry is True


async def test_upload_a_file(slack: FakeSlack) -> None:
    chart = b"\x89PNG\r\n\x1a\n" + b"0" * 200
    await messenger(slack).upload(
        user_id="U1", data=chart, filename="chart.png", title="Team skills"
    )
    assert slack.of("files.completeUploadExternal")
    assert slack.of("upload")[0]["bytes"] == 208
