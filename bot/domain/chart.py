"""The team heatmap: one row per started member, one column per skill, coloured by level
minus the target for their stage on a diverging scale over the real range (red below
target, green above). Skills a member hasn't rated are hatched, never drawn as level 0.
Members who were invited but haven't started are listed under the chart.

Drawn with matplotlib's object API (no pyplot state), so it is safe in a worker thread;
the result is PNG bytes.
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass
from typing import Any

import numpy as np
from matplotlib import colormaps
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.cm import ScalarMappable
from matplotlib.colors import TwoSlopeNorm
from matplotlib.figure import Figure
from matplotlib.patches import Patch
from numpy.typing import NDArray

from bot.core.markup import clip
from bot.domain.pixels import Cells, png
from bot.domain.team_summary import Person, targets
from content.schema import Catalog

NUMBERS_UP_TO = 40  # rows; past that the numbers would be too small to read
DPI = 90
WIDTH_IN = 12.0
MAX_HEIGHT_IN = 24.0
NOT_RATED = "not rated"
NO_TARGET = "no target"


def grid(
    catalog: Catalog, started: list[Person]
) -> tuple[NDArray[np.float64], NDArray[np.bool_], NDArray[np.bool_]]:
    """Level minus target per member and skill (NaN where there is none), and where the
    member hasn't rated the skill, and where their path sets no target for it."""
    skills = list(catalog.skills)
    nan = float("nan")
    goals: dict[tuple[str | None, str | None], list[float]] = {}
    levels = np.full((max(len(started), 1), len(skills)), nan)
    wanted = levels.copy()
    for i, person in enumerate(started):
        key = (person.path, person.stage)
        if key not in goals:  # a few paths and stages serve a thousand members
            mine = targets(catalog, person)
            goals[key] = [float(mine.get(skill, nan)) for skill in skills]
        wanted[i] = goals[key]
        levels[i] = [float(person.levels.get(skill, nan)) for skill in skills]
    no_target = np.isnan(wanted)
    unrated = np.isnan(levels) & ~no_target
    return levels - wanted, unrated, no_target


def _listed(names: list[str], limit: int = 12) -> str:
    shown = ", ".join(names[:limit])
    return shown + (f" and {len(names) - limit} more" if len(names) > limit else "")


@dataclass(frozen=True)
class _Layout:
    """Where things go, in inches: margins measured from the labels, so nothing is clipped."""

    left: float
    right: float
    below: float
    plot_in: float
    height: float
    rows: list[int]  # the rows that carry a name
    names: list[str]
    footer: str


def _layout(started: list[Person], invited: list[str], skills: list[str]) -> _Layout:
    n, m = len(started), len(skills)
    # Rows shrink past ~40 members so 300 still fit a tall screen; names thin out to stay legible.
    row_in = 0.32 if n <= NUMBERS_UP_TO else max(0.1, 0.32 * NUMBERS_UP_TO / n)
    slanted = _skill_sizes(tuple(skills), rotation=40)
    below = max(h for _, h in slanted) + 0.15
    footer = f"Invited, not started ({len(invited)}): {_listed(invited)}"[:160] if invited else ""
    below += 0.3 if footer else 0.0
    above = 0.75  # title and legend
    plot_in = min(max(row_in * max(n, 1), 1.5), MAX_HEIGHT_IN - above - below)
    # A name needs ~11 px of height; past that, and past 60 names, every step-th row is named.
    step = max(1, math.ceil(11 * max(n, 1) / (plot_in * DPI)), math.ceil(n / 60))
    rows = list(range(0, n, step))
    names = [clip(started[i].name, 28) for i in rows]
    right = 1.05  # the colour bar, its numbers and its label
    # The widest names are among the longest: measuring those few is enough (text is dear).
    longest = sorted(set(names), key=len, reverse=True)[:8]
    left = max([w for w, _ in _sizes(tuple(longest))] + [0.3]) + 0.2
    # Skill names are slanted to the left of their column: the first ones may need more room
    # than the member names (this clipped "Python and software engineering" once).
    slant = [w for w, _ in slanted]
    for _ in range(2):  # the column width depends on the margin, and the margin on it
        column = (WIDTH_IN - left - right) / max(m, 1)
        left = max(left, *(w - (j + 0.5) * column + 0.1 for j, w in enumerate(slant)))
    height = above + plot_in + below
    return _Layout(left, right, below, plot_in, height, rows, names, footer)


def figure(catalog: Catalog, people: list[Person], *, title: str) -> Figure:
    """The heatmap as a matplotlib Figure (tests inspect it; `heatmap` saves it).

    Margins are measured from the labels themselves, so nothing is clipped; a layout engine
    would do the same but costs a second of redrawing at 1,000 members.
    """
    started = [p for p in people if p.started]
    invited = [p.name for p in people if not p.started]
    values, unrated, no_target = grid(catalog, started)
    n, m = len(started), len(catalog.skills)
    real = values[~np.isnan(values)]
    low = min(-1.0, float(real.min())) if real.size else -1.0
    high = max(1.0, float(real.max())) if real.size else 1.0
    skills = [s.name for s in catalog.skills.values()]
    at = _layout(started, invited, skills)

    fig = Figure(figsize=(WIDTH_IN, at.height), dpi=DPI)
    FigureCanvasAgg(fig)  # drawn by Agg, with no pyplot state
    ax = fig.add_axes(
        (
            at.left / WIDTH_IN,
            at.below / at.height,
            (WIDTH_IN - at.left - at.right) / WIDTH_IN,
            at.plot_in / at.height,
        )
    )
    scale = ScalarMappable(
        norm=TwoSlopeNorm(vmin=low, vcenter=0.0, vmax=high), cmap=colormaps["RdYlGn"]
    )
    _draw_cells(ax, scale, values, unrated, no_target, started=n)
    ax.set_xticks(range(m), skills, rotation=40, ha="right", rotation_mode="anchor", fontsize=8)
    ax.set_yticks(at.rows, at.names, fontsize=8)
    fig.text(at.left / WIDTH_IN, 1 - 0.12 / at.height, title, fontsize=11, va="top", ha="left")
    _draw_key(fig, scale, at, low, high)
    if not n:
        ax.text(m / 2 - 0.5, 0, "nobody has started yet", ha="center", va="center", fontsize=10)
    if at.footer:
        fig.text(0.1 / WIDTH_IN, 0.08 / at.height, at.footer, fontsize=8, ha="left", va="bottom")
    return fig


def _draw_cells(
    ax: Axes,
    scale: ScalarMappable,
    values: NDArray[np.float64],
    unrated: NDArray[np.bool_],
    no_target: NDArray[np.bool_],
    *,
    started: int,
) -> None:
    """The cells, with their numbers while they are big enough to read (`values` keeps one
    empty row when nobody has started)."""
    n, m = started, values.shape[1]
    colours = scale.to_rgba(np.nan_to_num(values), bytes=True)
    colours[no_target] = (221, 221, 221, 255)
    colours[unrated] = 255
    if not n:
        colours[:] = 255
    cells = Cells(ax, colours, unrated)
    ax.add_image(cells)
    cells.set_extent((-0.5, m - 0.5, max(n, 1) - 0.5, -0.5))  # row 0 on top
    if n <= NUMBERS_UP_TO:
        for i, j in zip(*np.nonzero(~np.isnan(values)), strict=True):
            cell = values[i, j]
            ax.text(
                j,
                i,
                f"{cell:+.0f}" if cell else "0",
                ha="center",
                va="center",
                fontsize=8,
                color="white" if _dark(colours[i, j]) else "black",
            )


def _draw_key(fig: Figure, scale: ScalarMappable, at: _Layout, low: float, high: float) -> None:
    """The colour bar beside the plot and the legend for the two kinds of empty cell."""
    bar_in = min(at.plot_in, 3.5)
    bar_ax = fig.add_axes(
        (
            (WIDTH_IN - at.right + 0.12) / WIDTH_IN,
            (at.below + at.plot_in - bar_in) / at.height,
            0.15 / WIDTH_IN,
            bar_in / at.height,
        )
    )
    ticks = list(range(math.ceil(low), math.floor(high) + 1))
    bar = fig.colorbar(scale, cax=bar_ax, ticks=ticks)
    bar.set_label("level minus target", fontsize=8)
    bar.ax.tick_params(labelsize=8)
    legend = [
        Patch(facecolor="white", edgecolor="#888888", hatch="///", label=NOT_RATED),
        Patch(facecolor="#dddddd", edgecolor="#888888", label=NO_TARGET),
    ]
    fig.legend(
        handles=legend,
        loc="upper right",
        bbox_to_anchor=(1 - 0.1 / WIDTH_IN, 1 - 0.05 / at.height),
        ncols=2,
        fontsize=8,
        frameon=False,
    )


def _sizes(texts: tuple[str, ...], *, rotation: float = 0.0) -> tuple[tuple[float, float], ...]:
    """Width and height in inches of 8-point texts as they will be drawn."""
    fig = Figure(dpi=DPI)
    renderer = FigureCanvasAgg(fig).get_renderer()  # type: ignore[no-untyped-call]
    out = []
    for text in texts:
        box = fig.text(0, 0, text, fontsize=8, rotation=rotation).get_window_extent(renderer)
        out.append((box.width / DPI, box.height / DPI))
    return tuple(out)


# The skill names are the same in every chart and measuring text is dear: measured once.
# (Members' names are not kept: a forgotten member's name must not stay behind in a cache.)
_skill_sizes = functools.lru_cache(maxsize=8)(_sizes)


def _dark(rgba: Any) -> bool:
    """Whether white text reads better than black on this colour (RGBA, 0-255)."""
    return float(0.299 * rgba[0] + 0.587 * rgba[1] + 0.114 * rgba[2]) < 128


def heatmap(catalog: Catalog, people: list[Person], *, title: str) -> bytes:
    """The heatmap as PNG bytes."""
    fig = figure(catalog, people, title=title)
    canvas = FigureCanvasAgg(fig)
    canvas.draw()  # type: ignore[no-untyped-call]
    return png(np.asarray(canvas.buffer_rgba()))  # type: ignore[no-untyped-call]
