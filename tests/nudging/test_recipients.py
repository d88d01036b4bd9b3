"""Who hears of a shared blocker: a rule of the core, over what storage reads."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from bot.nudging.recipients import blocker_recipients


def test_managers_with_alerts_on_hear_once_and_the_member_never() -> None:
    managers = [(7, False), (8, True), (7, False), (3, False), (5, False)]
    assert blocker_recipients(managers, member_id=5) == [3, 7]


@given(st.lists(st.tuples(st.integers(0, 20), st.booleans())), st.integers(0, 20))
def test_no_one_hears_twice_and_no_one_who_turned_alerts_off(
    managers: list[tuple[int, bool]], member_id: int
) -> None:
    chosen = blocker_recipients(managers, member_id=member_id)
    assert chosen == sorted(set(chosen))
    assert member_id not in chosen
    assert all(any(m == c and not off for m, off in managers) for c in chosen)
