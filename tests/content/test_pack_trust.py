"""What makes the pack trustworthy week to week: a reading fits the week."""

from __future__ import annotations

import re

from content import Catalog

MAX_READING_MINUTES = 180  # a chapter, a lecture or a section: never a whole book
TASK_RUN = 6  # words in a row that two challenges of different skills may not share


def _runs(text: str, n: int = TASK_RUN) -> set[tuple[str, ...]]:
    ws = re.findall(r"[a-z0-9]+", text.lower())
    return {tuple(ws[i : i + n]) for i in range(len(ws) - n + 1)}


def test_the_runs_catch_what_they_look_for() -> None:
    assert _runs("prepare a talk of thirty minutes") & _runs("so prepare a talk of thirty minutes")
    assert not _runs("one two three four five")


def test_a_weeks_reading_takes_at_most_three_hours(catalog: Catalog) -> None:
    too_long = [f"{t.id}: {t.minutes} min" for t in catalog.tips.values() if t.minutes > 180]
    assert not too_long, too_long
    assert max(t.minutes for t in catalog.tips.values()) <= MAX_READING_MINUTES
