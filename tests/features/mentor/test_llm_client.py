"""`ask` through the OpenAI-compatible client and a fake model server on loopback.

Each test asserts the lines the member reads, so a model's invention never shows.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator

import pytest

from adapters.llm.client import ChatModel
from bot.core.mentor import FailureReason, ModelFailed
from bot.domain.asking import as_text, ask
from bot.domain.extract import NO_MODEL_NOTE, REFUSAL, Library, answer
from bot.domain.sources import pack_urls
from bot.runtime.settings import Settings
from content import load_catalog
from tests.fakes.openai_api import FakeOpenAI
from tests.support.net import free_port

CATALOG = load_catalog()
LIBRARY = Library.of(CATALOG)
URLS = pack_urls(CATALOG)
QUESTION = "How do I move from mid-level to senior?"
GOOD = {"text": "Seniors lead complex initiatives after 8-12 years.", "cites": ["stage:senior"]}
GOOD_TOO = {"text": "They design AI platforms.", "cites": ["stage:senior"]}
UNCITED = {"text": "Just work harder.", "cites": []}
OUTSIDE = {"text": "Read my blog.", "cites": ["tip:not-in-the-pack"]}
EXTRACTIVE = as_text(answer(LIBRARY, QUESTION))


@pytest.fixture
async def fake() -> AsyncIterator[FakeOpenAI]:
    async with FakeOpenAI() as server:
        yield server


@pytest.fixture
async def model(fake: FakeOpenAI) -> AsyncIterator[ChatModel]:
    client = ChatModel(base_url=fake.base_url, model="fake-7b", api_key="sk-test", timeout=0.2)
    yield client
    await client.close()


async def seen(model: ChatModel | None, question: str = QUESTION) -> list[str]:
    return as_text(await ask(question, library=LIBRARY, model=model, pack_urls=URLS))


def warnings(caplog: pytest.LogCaptureFixture) -> list[logging.LogRecord]:
    return [r for r in caplog.records if r.levelno >= logging.WARNING]


async def test_good_cited_json_is_shown_with_its_citations(
    fake: FakeOpenAI, model: ChatModel
) -> None:
    fake.answer([GOOD, GOOD_TOO])
    assert await seen(model) == [
        "Seniors lead complex initiatives after 8-12 years. [stage:senior]",
        "They design AI platforms. [stage:senior]",
        "Written by fake-7b from the cited sources.",
    ]
    (request,) = fake.received
    assert request.authorization == "Bearer sk-test"
    assert request.body["model"] == "fake-7b"
    assert request.body["response_format"]["type"] == "json_schema"
    assert QUESTION in request.text and "id=stage:senior" in request.text


async def test_uncited_and_out_of_set_sentences_never_show(
    fake: FakeOpenAI, model: ChatModel
) -> None:
    fake.answer([GOOD, GOOD_TOO, UNCITED, OUTSIDE])
    lines = await seen(model)
    assert lines[:2] == [
        "Seniors lead complex initiatives after 8-12 years. [stage:senior]",
        "They design AI platforms. [stage:senior]",
    ]
    assert lines[2] == (
        "Written by fake-7b from the cited sources. 2 unsupported sentence(s) were left out."
    )
    assert not any("harder" in line or "blog" in line for line in lines)


async def test_invented_numbers_urls_and_salaries_never_show(
    fake: FakeOpenAI, model: ChatModel
) -> None:
    invented = [
        {"text": "Seniors need 15 years.", "cites": ["stage:senior"]},
        {"text": "Take https://example.com/course first.", "cites": ["stage:senior"]},
        {"text": "Seniors earn $200,000.", "cites": ["stage:senior"]},
    ]
    fake.answer([GOOD, GOOD_TOO, GOOD, *invented])
    lines = await seen(model)
    assert not any(w in " ".join(lines) for w in ("15 years", "example.com", "200,000"))
    assert "3 unsupported sentence(s) were left out." in lines[-1]


async def test_too_few_supported_sentences_retries_once_then_quotes_the_pack(
    fake: FakeOpenAI, model: ChatModel, caplog: pytest.LogCaptureFixture
) -> None:
    fake.answer([GOOD, UNCITED, OUTSIDE])
    fake.answer([UNCITED])
    assert await seen(model) == EXTRACTIVE
    assert EXTRACTIVE[-1] == NO_MODEL_NOTE
    assert len(fake.received) == 2
    assert len(warnings(caplog)) == 1


async def test_a_good_retry_is_shown(fake: FakeOpenAI, model: ChatModel) -> None:
    fake.answer([UNCITED, OUTSIDE])
    fake.answer([GOOD_TOO])
    assert await seen(model) == [
        "They design AI platforms. [stage:senior]",
        "Written by fake-7b from the cited sources.",
    ]


@pytest.mark.parametrize(
    ("script", "reason"),
    [
        (lambda f: f.answer("Sure! Seniors lead. {not json"), "malformed"),
        (lambda f: f.raw("<html>bad gateway</html>"), "malformed"),
        (lambda f: f.raw('{"choices": []}'), "malformed"),
        (lambda f: f.status(429), "rate-limited"),
        (lambda f: f.status(500), "http-error"),
        (lambda f: f.hang(), "timeout"),
    ],
)
async def test_a_failing_model_gets_the_pack_answer_and_one_warning(
    fake: FakeOpenAI,
    model: ChatModel,
    caplog: pytest.LogCaptureFixture,
    script: object,
    reason: str,
) -> None:
    script(fake)  # type: ignore[operator]
    assert await seen(model) == EXTRACTIVE
    (warning,) = warnings(caplog)
    assert reason in warning.getMessage()
    assert warning.exc_info is None  # no traceback
    assert len(fake.received) == 1  # a failed call is not retried


async def test_the_client_reports_each_failure_as_a_value(fake: FakeOpenAI) -> None:
    client = ChatModel(base_url=fake.base_url, model="m", timeout=0.05)
    fake.status(429)
    fake.hang()
    limited = await client.cited([], "q", instructions="i")
    timed_out = await client.cited([], "q", instructions="i")
    await client.close()
    assert limited == ModelFailed(reason=FailureReason.RATE_LIMITED, status=429, detail="HTTP 429")
    assert isinstance(timed_out, ModelFailed) and timed_out.reason is FailureReason.TIMEOUT
    assert fake.received[0].authorization is None  # no key, no header


async def test_an_unreachable_server_is_a_value_too() -> None:
    client = ChatModel(base_url=f"http://127.0.0.1:{free_port()}/v1", model="m", timeout=1)
    failed = await client.cited([], "q", instructions="i")
    await client.close()
    assert isinstance(failed, ModelFailed) and failed.reason is FailureReason.UNREACHABLE


async def test_prompts_and_outputs_are_never_logged(
    fake: FakeOpenAI, model: ChatModel, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    fake.answer([UNCITED])
    fake.answer("not json at all, says the model")
    await seen(model)
    logged = caplog.text
    assert QUESTION not in logged and "harder" not in logged and "says the model" not in logged


async def test_an_off_topic_question_never_reaches_the_model(
    fake: FakeOpenAI, model: ChatModel
) -> None:
    assert await seen(model, "What is a good pasta recipe?") == [REFUSAL]
    assert fake.received == []


async def test_no_model_configured_quotes_the_pack() -> None:
    settings = Settings(_env_file=None)  # type: ignore[call-arg]
    assert ChatModel.from_settings(settings) is None
    assert await seen(None) == EXTRACTIVE


def test_settings_build_the_client() -> None:
    settings = Settings(  # type: ignore[call-arg]
        _env_file=None, llm_base_url="http://localhost:11434/v1/", llm_model="llama3.1:8b"
    )
    client = ChatModel.from_settings(settings)
    assert client is not None and client.name == "llama3.1:8b"
