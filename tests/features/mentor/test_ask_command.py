"""`ask`, `admin ai` and `mydata ai` through the real dispatcher, on a real SQLite database,
with the OpenAI-compatible client pointed at a fake model server on loopback.

Each test reads what the member sees, rendered as the terminal chat renders it.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import replace

import pytest
from prometheus_client import REGISTRY

from adapters.console.render import render_plain
from adapters.llm.client import ChatModel
from bot.commands.services import Services
from bot.core.command import Actor
from bot.core.reply import Attachment
from content import Catalog
from tests.fakes.openai_api import FakeOpenAI
from tests.support.services import MovableClock, open_services, seen

ALICE = Actor(platform="console", workspace_id="local", user_id="alice", display_name="alice")
BOSS = Actor(
    platform="console", workspace_id="local", user_id="boss", display_name="boss", is_admin=True
)
QUESTION = "ask how do I move from mid-level to senior?"
GOOD = {"text": "Seniors lead complex initiatives.", "cites": ["stage:senior"]}
GOOD_TOO = {"text": "They design AI platforms.", "cites": ["stage:senior"]}
QUOTED = "Quoted from the career pack"


@pytest.fixture
def services(model_services: Services) -> Services:
    return model_services


async def see(services: Services, text: str, actor: Actor = ALICE) -> str:
    """The reply as the terminal shows it, its lines joined (a wrapped line still matches)."""
    return " ".join(render_plain(await seen(text, actor=actor, services=services)).split())


def warnings(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING]


async def test_ai_is_off_by_default_so_no_request_is_made(
    services: Services, fake: FakeOpenAI
) -> None:
    fake.answer([GOOD, GOOD_TOO])
    out = await see(services, QUESTION)
    assert QUOTED in out and "Senior" in out and "explore stages" in out
    assert "Seniors lead complex initiatives" not in out
    assert fake.received == []


async def test_an_admin_turns_it_on_and_the_answer_is_cited_with_links(
    services: Services, fake: FakeOpenAI
) -> None:
    switched = await see(services, "admin ai on", BOSS)
    assert "AI mentor: on" in switched and "Turned on by boss on 2026-11-28 12:00 UTC" in switched
    assert fake.base_url in switched
    fake.answer([GOOD, GOOD_TOO])
    out = await see(services, QUESTION)
    assert "Seniors lead complex initiatives. [1]" in out
    assert "They design AI platforms. [1]" in out
    assert "[1] Senior AI Engineer (8-12 years) (stage:senior)" in out
    assert "type 'explore stages senior'" in out  # the citation's link, a button in chat
    assert "Written by fake-7b from the cited sources." in out
    assert QUOTED not in out
    assert len(fake.received) == 1
    assert fake.received[0].authorization == "Bearer sk-test"
    assert "mid-level to senior" in fake.received[0].text


async def test_only_an_admin_may_switch_it(services: Services, fake: FakeOpenAI) -> None:
    out = await see(services, "admin ai on")
    assert "admin ai is for workspace admins only." in out
    fake.answer([GOOD])
    assert QUOTED in await see(services, QUESTION)
    assert fake.received == []
    assert "Turned off by boss" in await see(services, "admin ai off", BOSS)


@pytest.mark.parametrize(
    "sentences",
    [
        [{"text": "Just work harder.", "cites": []}],
        [{"text": "Read my blog.", "cites": ["tip:not-in-the-pack"]}],
        [
            {
                "text": "Seniors earn 3 times more; see https://example.com/x.",
                "cites": ["stage:senior"],
            }
        ],
        [{"text": "Seniors need 25 certificates.", "cites": ["stage:senior"]}],
    ],
    ids=["uncited", "out-of-set", "invented-url", "invented-number"],
)
async def test_unsupported_sentences_never_show_and_the_pack_answers(
    services: Services, fake: FakeOpenAI, sentences: list[dict[str, object]]
) -> None:
    await see(services, "admin ai on", BOSS)
    fake.answer(sentences)  # the first attempt
    fake.answer(sentences)  # the one retry
    before = REGISTRY.get_sample_value("mentorbot_llm_dropped_sentences_total") or 0.0
    out = await see(services, QUESTION)
    for sentence in sentences:
        assert str(sentence["text"]) not in out
    assert "example.com" not in out and "25 certificates" not in out
    assert QUOTED in out and "explore stages senior" in out
    assert len(fake.received) == 2
    after = REGISTRY.get_sample_value("mentorbot_llm_dropped_sentences_total") or 0.0
    assert after - before == 2


@pytest.mark.parametrize("failure", ["malformed", "timeout", "429"])
async def test_a_failing_model_gets_the_pack_answer_and_one_warning(
    services: Services, fake: FakeOpenAI, caplog: pytest.LogCaptureFixture, failure: str
) -> None:
    await see(services, "admin ai on", BOSS)
    if failure == "malformed":
        fake.answer('{"sentences": [{"text": "Seniors lead", "cites": ')
    elif failure == "timeout":
        fake.hang()
    else:
        fake.status(429)
    outcome = {"malformed": "malformed", "timeout": "timeout", "429": "rate-limited"}[failure]
    sample = ("mentorbot_llm_requests_total", {"outcome": outcome})
    before = REGISTRY.get_sample_value(*sample) or 0.0
    with caplog.at_level(logging.INFO):
        out = await see(services, QUESTION)
    assert QUOTED in out and "Senior" in out
    assert "Traceback" not in out and "went wrong" not in out
    said = warnings(caplog)
    assert len(said) == 1 and "answered from the pack" in said[0]
    logged = "\n".join(r.getMessage() for r in caplog.records)
    assert "mid-level to senior" not in logged and "Seniors lead" not in logged
    assert (REGISTRY.get_sample_value(*sample) or 0.0) - before == 1


async def test_an_opted_out_member_never_reaches_the_model(
    services: Services, fake: FakeOpenAI
) -> None:
    await see(services, "admin ai on", BOSS)
    out = await see(services, "mydata ai off")
    assert "opted out" in out and "none of your text is sent" in out
    fake.answer([GOOD])
    assert QUOTED in await see(services, QUESTION)
    assert fake.received == []
    assert "you opted out" in await see(services, "mydata")
    assert "opted in" in await see(services, "mydata ai on")
    fake.answer([GOOD, GOOD_TOO])
    assert "Seniors lead complex initiatives" in await see(services, QUESTION)


async def test_the_daily_limit_quotes_the_pack_past_it(
    services: Services, fake: FakeOpenAI, clock: MovableClock
) -> None:
    await see(services, "admin ai on", BOSS)
    for _ in range(3):
        fake.answer([GOOD, GOOD_TOO])
        assert "Written by fake-7b" in await see(services, QUESTION)
    fake.answer([GOOD, GOOD_TOO])
    out = await see(services, QUESTION)
    assert QUOTED in out and "You have used today's 3 model answers" in out
    assert len(fake.received) == 3
    other = Actor(platform="console", workspace_id="local", user_id="bo", display_name="bo")
    assert "Written by fake-7b" in await see(services, QUESTION, other)  # per member
    clock.at = clock.at.replace(day=29)
    fake.answer([GOOD, GOOD_TOO])
    assert "Written by fake-7b" in await see(services, QUESTION)


async def test_an_off_topic_question_is_refused_without_a_request(
    services: Services, fake: FakeOpenAI
) -> None:
    await see(services, "admin ai on", BOSS)
    out = await see(services, "ask what is a good lasagne recipe")
    assert "I can only answer questions about AI engineering careers" in out
    assert fake.received == []


async def test_ask_without_a_question_says_what_to_type(services: Services) -> None:
    out = await see(services, "ask")
    assert "question" in out and "ask" in out and "went wrong" not in out


async def test_mydata_and_team_privacy_say_what_goes_where(
    services: Services, fake: FakeOpenAI
) -> None:
    off = await see(services, "mydata")
    assert f"A model is configured at {fake.base_url} (fake-7b)" in off
    assert "the AI mentor is off in this workspace" in off
    await see(services, "admin ai on", BOSS)
    for command in ("mydata", "team privacy"):
        out = await see(services, command)
        assert f"text goes to {fake.base_url} (model fake-7b)" in out
        assert "only the notes members shared with their managers" in out


async def test_no_model_configured_says_nothing_is_sent(
    catalog: Catalog, sqlite_url: str, clock: MovableClock
) -> None:
    async with open_services(catalog, sqlite_url, clock) as plain:
        assert "LLM_BASE_URL is unset" in await see(plain, "mydata")
        await see(plain, "admin ai on", BOSS)
        assert QUOTED in await see(plain, QUESTION)


async def test_forgetting_a_member_removes_their_opt_out_and_counts(
    services: Services, fake: FakeOpenAI
) -> None:
    await see(services, "admin ai on", BOSS)
    await see(services, QUESTION)
    await see(services, "mydata ai off")
    export = await seen("mydata export", actor=ALICE, services=services)
    data = next(b for b in export.blocks if isinstance(b, Attachment)).data.decode()
    assert '"aioptout"' in data and '"askcount"' in data
    await see(services, "mydata forget confirm")
    assert "Turned on by boss" in await see(services, "admin ai", BOSS)
    await see(services, "mydata forget confirm", BOSS)
    assert "a former admin" in await see(services, "admin ai", replace(ALICE, is_admin=True))


async def test_no_database_lock_is_held_while_the_model_thinks(
    services: Services, fake: FakeOpenAI
) -> None:
    await see(services, "admin ai on", BOSS)
    fake.hang()  # the model answers only when told to
    patient = ChatModel(base_url=fake.base_url, model="fake-7b", timeout=30)
    slow = replace(services, model=patient)
    asking = asyncio.create_task(see(slow, QUESTION))
    await fake.wait_for("chat")
    # Another member writes (a check-in) while the question waits on the model.
    other = Actor(platform="console", workspace_id="local", user_id="bo", display_name="bo")
    await see(services, "start", other)
    assert "Check-in saved" in await asyncio.wait_for(see(services, "checkin on-track 4", other), 5)
    assert not asking.done()
    fake._closing.set()  # the model gives up (503): the pack answers
    assert QUOTED in await asking
    await patient.close()
