"""What the three renderers share comes from one place: the progress bar and the cut.

Each renderer draws the same Progress block with its own characters; the share of the bar
that is filled is the same everywhere.
"""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from adapters.console.render import render_plain
from adapters.discord.render import render as render_discord
from adapters.slack.render import render_messages
from bot.core.markup import clip
from bot.core.reply import Progress, Reply, bar


@given(st.integers(-5, 50), st.integers(-5, 50), st.integers(1, 40))
def test_the_bar_has_its_width_and_fills_in_proportion(value: int, total: int, width: int) -> None:
    cells = bar(max(value, 0), total, width=width, full="#", empty="-")
    assert len(cells) == width
    filled = cells.count("#")
    assert cells == "#" * filled + "-" * (width - filled)
    if total > 0:
        assert abs(filled - width * min(max(value, 0), total) / total) <= 0.5
    else:
        assert filled == 0


@given(st.text(max_size=60), st.integers(1, 40))
def test_clip_keeps_short_text_and_marks_a_cut(text: str, limit: int) -> None:
    cut = clip(text, limit)
    assert len(cut) <= limit
    expected = text if len(text) <= limit else text[: limit - 1] + "…"
    assert cut == expected


@pytest.mark.parametrize(
    ("value", "total", "filled"), [(0, 4, 0), (3, 6, 5), (6, 6, 10), (9, 6, 10)]
)
def test_every_renderer_draws_the_same_bar(value: int, total: int, filled: int) -> None:
    reply = Reply(title="Progress", blocks=(Progress("Plan", value, total),))
    slack = render_messages(reply)[0]
    slack_text = " ".join(b["text"]["text"] for b in slack["blocks"] if b["type"] == "section")
    discord_text = render_discord(reply)[0].embed.description or ""
    console_text = render_plain(reply)
    unicode_bar = "▓" * filled + "░" * (10 - filled)
    assert f"*Plan*  {unicode_bar}  {value}/{total}" in slack_text
    assert f"**Plan** {unicode_bar} {value}/{total}" in discord_text
    assert f"Plan  [{'#' * 2 * filled}{'-' * (20 - 2 * filled)}] {value}/{total}" in console_text
