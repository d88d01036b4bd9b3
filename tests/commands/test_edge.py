"""The one edge helper every adapter uses: a failure becomes its error reply, and a form's
commands run in turn, telling the member's mistake apart from a failure on our side."""

from __future__ import annotations

from bot.commands.dispatch import handle_text
from bot.commands.edge import shown, submit_form
from bot.commands.registry import CommandSpec
from bot.commands.request import Request
from bot.commands.services import Services
from bot.core.command import Actor
from bot.core.errors import Unexpected, UserError
from bot.core.reply import Reply, ReplyKind


def test_a_failure_on_our_side_is_not_the_members_mistake() -> None:
    """No edge has to order its `except` clauses: the two share no branch."""
    assert not issubclass(Unexpected, UserError)
    assert not issubclass(UserError, Unexpected)


async def test_shown_passes_a_reply_through_and_turns_failures_into_error_replies(
    services: Services, actor: Actor
) -> None:
    ok = await shown(handle_text("help", actor=actor, services=services))
    assert ok.kind != ReplyKind.ERROR and "explore" in ok.plain_text()

    mistake = await shown(handle_text("assess python 9", actor=actor, services=services))
    assert mistake.kind == ReplyKind.ERROR and mistake.title == "That didn't work"

    async def broken(request: Request) -> Reply:
        raise RuntimeError("boom")

    services.registry.add(CommandSpec(path=("broken",), summary="x", handler=broken))
    failed = await shown(handle_text("broken", actor=actor, services=services))
    assert failed.kind == ReplyKind.ERROR and failed.title == "Something went wrong"
    assert "ref `" in failed.plain_text() and "boom" not in failed.plain_text()


async def test_a_form_runs_each_command_and_answers_with_the_last(
    services: Services, actor: Actor
) -> None:
    await handle_text("start", actor=actor, services=services)
    done = await submit_form(
        "assess",
        {"python": "3", "statistics": "2"},
        each_input=True,
        actor=actor,
        services=services,
    )
    assert done.mistake is None and not done.failed
    assert done.name == "assess" and done.reply is not None
    levels = (await handle_text("assess", actor=actor, services=services)).plain_text()
    assert "(`python`): 3" in levels and "(`statistics`): 2" in levels


async def test_a_form_with_nothing_filled_in_runs_nothing(services: Services, actor: Actor) -> None:
    done = await submit_form("assess", {}, each_input=True, actor=actor, services=services)
    assert done == type(done)(reply=None)


async def test_a_mistake_stops_the_form_and_names_what_was_wrong(
    services: Services, actor: Actor
) -> None:
    await handle_text("start", actor=actor, services=services)
    done = await submit_form(
        "start", {"tz": "Mars/Olympus"}, each_input=False, actor=actor, services=services
    )
    assert done.mistake is not None and not done.failed
    assert done.reply is not None and done.reply.kind == ReplyKind.ERROR
    assert "Mars/Olympus" in done.mistake.problem


async def test_a_failure_on_our_side_closes_the_form_with_a_reference(
    services: Services, actor: Actor
) -> None:
    async def broken(request: Request) -> Reply:
        raise RuntimeError("boom")

    services.registry.add(CommandSpec(path=("broken",), summary="x", handler=broken))
    done = await submit_form("broken", {}, each_input=False, actor=actor, services=services)
    assert done.failed and done.mistake is None
    assert done.reply is not None and "ref `" in done.reply.plain_text()
