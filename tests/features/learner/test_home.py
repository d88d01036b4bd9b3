"""`home`: the week at a glance, the same view the Slack Home tab shows."""

from __future__ import annotations

from bot.core.reply import ReplyKind
from bot.features.catalog import build_registry
from bot.features.learner.home import CHANGES_HOME, changes_home
from tests.support.services import Chat


async def test_a_newcomer_is_sent_to_start(chat: Chat) -> None:
    reply = await chat("home")
    assert reply.kind == ReplyKind.WELCOME


async def test_home_shows_the_week(chat: Chat) -> None:
    await chat("start stage=junior tz=Europe/Berlin day=tue time=08:30")
    text = (await chat("home")).plain_text()
    for expected in ("Plan focus", "This week's challenge", "Done", "Another one", "Streak"):
        assert expected in text, expected
    assert "Challenge: Tue 01 Dec, 08:30 (Europe/Berlin)" in text
    assert "Your teams" not in text  # not a manager


async def test_home_says_when_nudges_are_paused(chat: Chat) -> None:
    await chat("start")
    await chat("nudges pause 2w")
    text = (await chat("home")).plain_text()
    assert "Paused until 2026-12-11 (you paused them)" in text
    assert "Challenge:" not in text


def test_which_commands_change_the_home_view() -> None:
    registry = build_registry()
    assert changes_home("challenge done")
    assert changes_home("checkin")
    assert changes_home("plan target")
    # Commands that only show something leave the Home tab as it was.
    assert not changes_home("plan")
    assert not changes_home("explore")
    assert not changes_home("team")
    # Every name is a command the registry knows, so none is silently never matched.
    assert {spec.name for spec in registry.specs.values()} >= CHANGES_HOME
