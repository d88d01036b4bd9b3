"""Property: whatever anyone types, the core answers or raises UserError, never anything else."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.commands.dispatch import run
from bot.commands.parser import parse
from bot.commands.services import Services
from bot.core.command import Actor
from bot.core.errors import UserError
from tests.support.words import EXPLORE_WORDS

BROWSING = [
    *EXPLORE_WORDS,
    "nlp",
    "ml engineer",
    "python",
    "junior",
    "principal",
    "health",
    "fin",
    "x",
    "topic=paths",
    "name=",
    "name=python",
    "command=explore",
    "'",
    '"',
    "/mentor",
    "k8s",
    "data",
    "e",
    "",
    "learning",
]
LEARNING = [
    "?",
    "start",
    "stage=mid",
    "tz=Europe/Berlin",
    "tz=Mars/Base",
    "day=fri",
    "time=25:00",
    "time=9am",
    "years=7",
    "country=de",
    "profile",
    "set",
    "assess",
    "4",
    "0",
    "-1",
    "plan",
    "refresh",
    "target",
    "senior",
    "challenge",
    "done",
    "skip",
    "another",
    "tip",
    "checkin",
    "on-track",
    "blocked",
    "share",
    "6",
    "progress",
    "mydata",
    "export",
    "forget",
]
VOCAB = BROWSING + LEARNING

SETTINGS = settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


async def run_text(text: str, services: Services) -> None:
    """parse -> run, with no catch-all: only UserError may escape, and it says what to type."""
    actor = Actor(platform="console", workspace_id="local", user_id="prop")
    try:
        reply = await run(parse(text, actor=actor, registry=services.registry), services=services)
    except UserError as exc:
        assert exc.problem
        assert exc.hint, f"{text!r}: a UserError must say what to type ({exc.problem})"
        return
    assert reply.title


@SETTINGS
@given(text=st.lists(st.sampled_from(VOCAB), max_size=6).map(" ".join))
async def test_vocabulary_soup_never_crashes(services: Services, text: str) -> None:
    await run_text(text, services)


@SETTINGS
@given(text=st.text(max_size=120))
async def test_arbitrary_text_never_crashes(services: Services, text: str) -> None:
    await run_text(text, services)


@SETTINGS
@given(
    words=st.lists(st.sampled_from(LEARNING), min_size=1, max_size=5),
    onboard=st.booleans(),
)
async def test_learner_commands_never_crash(
    services: Services, words: list[str], onboard: bool
) -> None:
    if onboard:
        await run_text("start stage=mid path=mlops-engineer", services)
    await run_text(" ".join(words), services)
