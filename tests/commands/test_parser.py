"""The parser: forgiving on good input, a helpful UserError on bad input, nothing else."""

from __future__ import annotations

import contextlib

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.commands.matching import normalize
from bot.commands.parser import parse, tokenize
from bot.core.command import Actor
from bot.core.errors import UnknownCommand, UserError
from bot.features.catalog import build_registry
from tests.support.words import EXPLORE_WORDS

REGISTRY = build_registry()
ACTOR = Actor(platform="console", workspace_id="local", user_id="alice")


def p(text: str) -> tuple[tuple[str, ...], dict[str, str]]:
    command = parse(text, actor=ACTOR, registry=REGISTRY)
    return command.path, dict(command.args)


@pytest.mark.parametrize(
    ("text", "path", "args"),
    [
        ("help", ("help",), {}),
        ("", ("help",), {}),
        ("   ", ("help",), {}),
        ("/mentor", ("help",), {}),
        ("/mentor explore paths", ("explore",), {"topic": "paths"}),
        ("EXPLORE   Paths", ("explore",), {"topic": "Paths"}),
        ("expl paths", ("explore",), {"topic": "paths"}),
        ("explore ML Engineer", ("explore",), {"name": "ML Engineer"}),
        (
            "explore skills machine learning",
            ("explore",),
            {"topic": "skills", "name": "machine learning"},
        ),
        ("explore paths 'ML Engineer'", ("explore",), {"topic": "paths", "name": "ML Engineer"}),
        ("explore topic=skills name=python", ("explore",), {"topic": "skills", "name": "python"}),
        ("help explore", ("help",), {"command": "explore"}),
        ("mentor help", ("help",), {}),
        ('explore paths "unbalanced', ("explore",), {"topic": "paths", "name": '"unbalanced'}),
    ],
)
def test_good_input(text: str, path: tuple[str, ...], args: dict[str, str]) -> None:
    assert p(text) == (path, args)


def test_unknown_command_suggests_the_closest() -> None:
    with pytest.raises(UnknownCommand) as info:
        p("exlpore paths")
    assert "`explore`" in info.value.problem
    assert "help" in (info.value.hint or "")


def test_unknown_command_without_a_close_match_points_at_help() -> None:
    with pytest.raises(UnknownCommand) as info:
        p("zzzz")
    assert "Did you mean" not in info.value.problem
    assert info.value.hint == "Type `help` to see every command."


def test_too_long_input_is_refused_politely() -> None:
    with pytest.raises(UserError, match="at most 4000"):
        p("explore " + "x" * 5000)


def test_tokenize_handles_smart_quotes() -> None:
    assert tokenize("explore paths \u201cML Engineer\u201d") == ["explore", "paths", "ML Engineer"]


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("ML Engineer", "ml-engineer"),
        ("  ml_engineer ", "ml-engineer"),
        ("Machine  Learning", "machine-learning"),
        ("MLOps!", "mlops"),
        ("c++", "c++"),
    ],
)
def test_normalize(raw: str, expected: str) -> None:
    assert normalize(raw) == expected


@settings(max_examples=400, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(st.text(max_size=300))
def test_parse_raises_nothing_but_user_error(text: str) -> None:
    try:
        command = parse(text, actor=ACTOR, registry=REGISTRY)
    except UserError:
        return
    assert command.path in REGISTRY.specs


words = st.sampled_from(
    [
        *EXPLORE_WORDS,
        "=",
        "x=y",
        "topic=",
        "name=nlp",
        "'",
        '"',
        "/mentor",
        "EXPLORE",
        "mlops",
        "4",
        "-1",
        "\t",
        "ß",
        "🙂",
    ]
)


@settings(max_examples=400, deadline=None)
@given(st.lists(words, max_size=8).map(" ".join))
def test_parse_raises_nothing_but_user_error_on_command_like_text(text: str) -> None:
    with contextlib.suppress(UserError):
        parse(text, actor=ACTOR, registry=REGISTRY)
