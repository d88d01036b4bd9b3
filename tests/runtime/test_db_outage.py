"""Outages log like outages: a PostgreSQL restart while the real scheduler delivers gives
one WARNING and one INFO, no traceback, and still every nudge exactly once; the backoff
and the minute's summary, with time moved."""

from __future__ import annotations

import logging
from collections.abc import Iterator

import pytest

from bot.runtime.outage import Outage
from tests.support.outage_scenario import restart_during_dispatch
from tests.support.pg import Server, postgres_instance, require_postgres


@pytest.fixture
def server() -> Iterator[Server]:
    require_postgres("the outage test is")
    with postgres_instance() as instance:
        yield instance


async def test_a_postgres_restart_during_dispatch_is_one_warning_and_no_traceback(
    server: Server,
) -> None:
    outcome = await restart_during_dispatch(server, members=40, outage=6.0)
    assert outcome.duplicates == 0 and outcome.lost == 0, outcome
    assert outcome.tracebacks == 0
    loud = [f"{r.name}: {r.getMessage()}" for r in outcome.loud]
    assert len(loud) <= 3, loud
    assert any("database unreachable during" in line for line in loud), loud


class Seconds:
    def __init__(self) -> None:
        self.at = 0.0

    def __call__(self) -> float:
        return self.at


def test_an_outage_backs_off_to_30_s_and_summarises_each_minute(
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.INFO, logger="bot.runtime.outage")
    seconds = Seconds()
    outage = Outage(monotonic=seconds, jitter=lambda: 0.999)
    waits = []
    while seconds.at < 150:
        if outage.may_try():
            outage.failed("unreachable", what="tick")
            waits.append(outage._next_try - seconds.at)
        seconds.at += 0.5
    assert max(waits) <= 30.0 and waits[-1] > 29.0  # doubled up to the cap, with jitter
    assert waits[:4] == pytest.approx([1.0, 2.0, 4.0, 8.0], abs=0.01)
    outage.recovered()
    assert outage.may_try() and outage.cause is None
    levels = [(r.levelname, r.getMessage().split(" (")[0]) for r in caplog.records]
    assert levels[0] == (
        "WARNING",
        "database unreachable during tick; retrying with backoff up to 30 s",
    )
    assert [lvl for lvl, _ in levels] == ["WARNING", "WARNING", "WARNING", "INFO"]
    assert levels[-1][1].startswith("database back after 15")
