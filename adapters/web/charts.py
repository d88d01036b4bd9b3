"""Charts as inline SVG: no script, no colour-only signal (each line has its own dash and
marker shape, and the numbers sit in a table beside it)."""

from __future__ import annotations

from dataclasses import dataclass

from bot.domain.dashboard import WeekPoint

WIDTH, HEIGHT = 640, 220
# Room for the axis labels at the larger type narrow screens get (style.css).
LEFT, RIGHT, TOP, BOTTOM = 66, 24, 14, 42


@dataclass(frozen=True)
class Series:
    """One line: its name, CSS class, polyline points and marker centres."""

    name: str
    css: str
    points: str
    markers: tuple[tuple[float, float], ...]


@dataclass(frozen=True)
class Chart:
    """What the template draws: the lines, the week ticks and the percent grid."""

    width: int
    height: int
    series: tuple[Series, ...]
    ticks: tuple[tuple[float, str], ...]
    grid: tuple[tuple[float, str], ...]
    left: int
    right: int


def trend_chart(weeks: list[WeekPoint]) -> Chart:
    """Participation and challenge completion per week, 0-100 %."""
    span_x = WIDTH - LEFT - RIGHT
    span_y = HEIGHT - TOP - BOTTOM
    step = span_x / max(1, len(weeks) - 1)

    def x(i: int) -> float:
        return round(LEFT + i * step, 1)

    def y(share: float) -> float:
        return round(TOP + (1 - share) * span_y, 1)

    def line(name: str, css: str, values: list[float]) -> Series:
        marks = tuple((x(i), y(v)) for i, v in enumerate(values))
        return Series(name, css, " ".join(f"{a},{b}" for a, b in marks), marks)

    series = (
        line("Checked in", "line-checkin", [w.participation for w in weeks]),
        line("Finished a challenge", "line-done", [w.completion for w in weeks]),
    )
    ticks = tuple(
        (x(i), w.label.split("-")[1])
        for i, w in enumerate(weeks)
        if (len(weeks) - 1 - i) % 2 == 0  # every other week, ending on this one
    )
    grid = tuple((y(v / 100), f"{v}%") for v in (0, 50, 100))
    return Chart(WIDTH, HEIGHT, series, ticks, grid, LEFT, WIDTH - RIGHT)
