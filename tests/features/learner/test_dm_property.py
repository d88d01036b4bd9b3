"""Property: whatever a member writes to the bot in DM gets a reply, never a traceback,
and right after a check-in nudge a plain reply is kept as the note exactly as written."""

from __future__ import annotations

from datetime import UTC, datetime

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.commands.dispatch import error_reply
from bot.commands.services import Services
from bot.core.command import Actor
from bot.core.errors import Unexpected, UserError
from bot.features.learner.dm import checkin_answer, handle_dm
from storage import members, replies
from storage.kinds import NudgeKind, OutboxStatus
from storage.tables import Outbox
from tests.support.services import MovableClock

FRIDAY = datetime(2026, 12, 4, 9, 5, tzinfo=UTC)
ALICE = Actor(platform="slack", workspace_id="T1", user_id="U1", display_name="alice")


async def _nudged(services: Services) -> None:
    """Alice has a profile and was sent this week's check-in nudge five minutes ago."""
    await handle_dm("start tz=UTC", actor=ALICE, services=services)
    async with services.db.transaction() as session:
        member = await members.find_member(
            session=session, platform="slack", workspace_external_id="T1", user_id="U1"
        )
        assert member is not None and member.id is not None
        if await replies.last_sent(
            session=session, member_id=member.id, kinds=[NudgeKind.CHECKIN], since=FRIDAY
        ):
            return  # the same database serves every example
        session.add(
            Outbox(
                member_id=member.id,
                kind=NudgeKind.CHECKIN,
                period="2026-W49",
                due_at=FRIDAY,
                status=OutboxStatus.SENT,
                created_at=FRIDAY,
                sent_at=FRIDAY,
            )
        )


text = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), min_size=0, max_size=200)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(message=text)
async def test_any_dm_gets_a_reply(services: Services, clock: MovableClock, message: str) -> None:
    clock.at = FRIDAY
    await _nudged(services)
    try:
        reply = await handle_dm(message, actor=ALICE, services=services)
    except UserError as exc:  # what to type instead, shown by the edge; never a failure
        assert not isinstance(exc, Unexpected), exc
        reply = error_reply(exc)
    assert reply.title


words = st.lists(
    st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=3, max_size=8), min_size=1, max_size=8
).map(lambda ws: ["zz" + w for w in ws])  # never a command, status or `share`


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(note=words, shared=st.booleans())
async def test_a_plain_reply_is_the_note_as_written(
    services: Services, clock: MovableClock, note: list[str], shared: bool
) -> None:
    clock.at = FRIDAY
    await _nudged(services)
    await handle_dm("checkin slow 3", actor=ALICE, services=services)
    text = " ".join(note) + (" share" if shared else "")
    command = await checkin_answer(text, actor=ALICE, services=services)
    assert command is not None and command.path == ("checkin",)
    assert command.args == {
        "status": "slow",
        "confidence": "3",
        "note": " ".join(note),
        "share": "yes" if shared else "no",
    }
