"""Pacing: workers sharing one platform limit interleave on the clock's grid, and a lane
claims only what its pace sends soon."""

from __future__ import annotations

import itertools
import math
from dataclasses import replace

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.commands.services import Services
from scheduler.pacing import Pacer
from scheduler.runner import BATCH, RATES, build_scheduler, claim_size


def starts(pacer: Pacer, *, since: float, count: int) -> list[float]:
    """The slots a pacer that is never late would start at, one after another."""
    out, earliest = [], since
    for _ in range(count):
        out.append(pacer.slot_at(earliest))
        earliest = out[-1] + pacer.interval
    return out


@given(
    rate=st.sampled_from([20.0 * 0.97, 50.0 * 0.97, 40.0]),
    workers=st.integers(1, 6),
    since=st.floats(1.7e9, 1.8e9),
)
def test_workers_sharing_a_rate_never_put_more_than_it_in_one_second(
    rate: float, workers: int, since: float
) -> None:
    pacers = [Pacer(rate, slot=i, slots=workers) for i in range(workers)]
    every = sorted(t for p in pacers for t in starts(p, since=since, count=3 * int(rate)))
    # No two workers share a slot, and any one-second window holds at most ceil(rate).
    assert all(b - a > 0.99 / rate for a, b in itertools.pairwise(every))
    window = math.ceil(rate)
    assert all(every[i + window] - every[i] >= 1.0 - 1e-6 for i in range(len(every) - window))
    assert {round(p.rate * workers, 6) for p in pacers} == {round(rate, 6)}


def test_a_slot_out_of_range_is_refused() -> None:
    with pytest.raises(ValueError, match="slot 4 is not one of 4"):
        Pacer(20, slot=4, slots=4)


def test_a_lane_claims_a_quarter_second_of_sends() -> None:
    assert claim_size(None) == BATCH
    assert claim_size({"slack": Pacer(50 * 0.98, slot=1, slots=4)}) == 4
    assert claim_size({"slack": Pacer(20 * 0.98, slot=0, slots=4)}) == 2
    assert claim_size({"slack": Pacer(0.5)}) == 1
    assert claim_size({"slack": Pacer(1000)}) == BATCH


def test_scheduler_workers_share_each_platforms_rate_by_their_slot(services: Services) -> None:
    settings = services.settings.model_copy(update={"scheduler_worker_slot": "2/4"})
    scheduler = build_scheduler(replace(services, settings=settings), {}, worker="w2")
    pacers = scheduler.get_job("dispatch").args[0].pacers
    slack = pacers["slack"]
    assert slack.rate == RATES["slack"] / 4
    # Its slots are the second of every four on the platform's grid.
    first = slack.slot_at(1.8e9)
    assert math.isclose((first * RATES["slack"]) % 4, 1, abs_tol=1e-3)
