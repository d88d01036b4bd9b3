"""`ask` through the real Bolt app and the fake Slack Web API: the extractive default, and a
model's answer (from a fake OpenAI-compatible server) once an admin turned the mentor on."""

from __future__ import annotations

import json
from typing import Any

import pytest

from bot.commands.services import Services
from tests.fakes.openai_api import FakeOpenAI
from tests.fakes.slack_api import FakeSlack
from tests.support.slack import SlackDriver, reply_to, text_of

QUESTION = "ask how do I move from mid-level to senior?"


@pytest.fixture
def services(model_services: Services) -> Services:
    return model_services


def buttons(message: dict[str, Any]) -> list[str]:
    return [
        element["value"]
        for block in message["blocks"]
        if block["type"] == "actions"
        for element in block["elements"]
    ]


async def test_the_extractive_answer_quotes_the_pack_with_link_buttons(
    driver: SlackDriver, slack: FakeSlack, fake: FakeOpenAI
) -> None:
    message = await reply_to(driver, slack, QUESTION)
    text = text_of(message)
    assert message["response_type"] == "ephemeral"
    assert "Quoted from the career pack" in text and "stage:senior" in text
    assert "explore stages senior" in buttons(message)
    assert fake.received == [] and slack.invalid == []


async def test_a_models_answer_shows_escaped_and_cited_never_pinging(
    driver: SlackDriver, slack: FakeSlack, fake: FakeOpenAI
) -> None:
    refused = await reply_to(driver, slack, "admin ai on", user="U1")  # alice is no admin
    assert "for workspace admins only" in text_of(refused)
    on = await reply_to(driver, slack, "admin ai on", user="U2")
    assert "Turned on by bob" in text_of(on)
    fake.answer(
        [
            {"text": "<!channel> Seniors lead complex initiatives.", "cites": ["stage:senior"]},
            {"text": "They design AI platforms.", "cites": ["stage:senior"]},
        ]
    )
    message = await reply_to(driver, slack, QUESTION)
    text = text_of(message)
    assert "Seniors lead complex initiatives." in text and "Written by fake-7b" in text
    assert "<!channel>" not in json.dumps(message) and "&lt;!channel&gt;" in text
    assert "explore stages senior" in buttons(message)
    assert len(fake.received) == 1 and slack.invalid == []


async def test_a_429_from_the_model_still_answers_from_the_pack(
    driver: SlackDriver, slack: FakeSlack, fake: FakeOpenAI
) -> None:
    await reply_to(driver, slack, "admin ai on", user="U2")
    fake.status(429)
    text = text_of(await reply_to(driver, slack, QUESTION))
    assert "Quoted from the career pack" in text and "went wrong" not in text
