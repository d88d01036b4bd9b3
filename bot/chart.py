"""The team heatmap: one row per started member, one column per skill, coloured by level
minus the target for their stage on a diverging scale over the real range (red below
target, green above). Skills a member hasn't rated are hatched, never drawn as level 0.
Members who were invited but haven't started are listed under the chart.

Drawn with matplotlib's object API (no pyplot state), so it is safe in a worker thread;
the result is PNG bytes.
"""

from __future__ import annotations

import io
import math
from typing import Any

from matplotlib import colormaps
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.cm import ScalarMappable
from matplotlib.colors import TwoSlopeNorm
from matplotlib.figure import Figure
from matplotlib.patches import Patch

from bot.markup import clip
from bot.team_summary import Person, target
from content.schema import Catalog

NUMBERS_UP_TO = 40  # rows; past that the numbers would be too small to read
DPI = 90
WIDTH_IN = 12.0
MAX_HEIGHT_IN = 24.0
NOT_RATED = "not rated"
NO_TARGET = "no target"


def matrix(catalog: Catalog, people: list[Person]) -> list[list[float | str]]:
    """Level minus target per started member and skill; NOT_RATED or NO_TARGET otherwise."""
    rows: list[list[float | str]] = []
    for person in people:
        if not person.started:
            continue
        row: list[float | str] = []
        for skill in catalog.skills:
            goal = target(catalog, person, skill)
            if goal is None:
                row.append(NO_TARGET)
            elif skill not in person.levels:
                row.append(NOT_RATED)
            else:
                row.append(float(person.levels[skill] - goal))
        rows.append(row)
    return rows


def _listed(names: list[str], limit: int = 12) -> str:
    shown = ", ".join(names[:limit])
    return shown + (f" and {len(names) - limit} more" if len(names) > limit else "")


def figure(catalog: Catalog, people: list[Person], *, title: str) -> Figure:
    """The heatmap as a matplotlib Figure (tests inspect it; `heatmap` saves it).

    Margins are measured from the labels themselves, so nothing is clipped; a layout engine
    would do the same but costs a second of redrawing at 1,000 members.
    """
    import numpy as np

    started = [p for p in people if p.started]
    invited = [p.name for p in people if not p.started]
    cells = matrix(catalog, started)
    n, m = len(started), len(catalog.skills)
    values = np.full((max(n, 1), m), np.nan)
    for i, row in enumerate(cells):
        for j, cell in enumerate(row):
            if isinstance(cell, float):
                values[i, j] = cell
    real = values[~np.isnan(values)]
    low = min(-1.0, float(real.min())) if real.size else -1.0
    high = max(1.0, float(real.max())) if real.size else 1.0

    fig = Figure(figsize=(WIDTH_IN, 4.0), dpi=DPI)
    renderer = FigureCanvasAgg(fig).get_renderer()  # type: ignore[no-untyped-call]

    def size(text: str, *, rotation: float = 0.0, fontsize: float = 8) -> tuple[float, float]:
        """Width and height in inches of a text as it will be drawn."""
        probe = fig.text(0, 0, text, fontsize=fontsize, rotation=rotation)
        box = probe.get_window_extent(renderer)
        probe.remove()
        return box.width / DPI, box.height / DPI

    # Rows shrink past ~40 members so 300 still fit a tall screen; names thin out to stay legible.
    row_in = 0.32 if n <= NUMBERS_UP_TO else max(0.1, 0.32 * NUMBERS_UP_TO / n)
    skills = [s.name for s in catalog.skills.values()]
    below = max(size(name, rotation=40)[1] for name in skills) + 0.15
    footer = f"Invited, not started ({len(invited)}): {_listed(invited)}"[:160] if invited else ""
    below += 0.3 if footer else 0.0
    above = 0.75  # title and legend
    plot_in = min(max(row_in * max(n, 1), 1.5), MAX_HEIGHT_IN - above - below)
    height = above + plot_in + below
    # A name needs ~11 px of height; past that, and past 60 names, every step-th row is named.
    step = max(1, math.ceil(11 * max(n, 1) / (plot_in * DPI)), math.ceil(n / 60))
    rows = list(range(0, n, step))
    names = [clip(started[i].name, 28) for i in rows]
    right = 1.05  # the colour bar, its numbers and its label
    # The widest names are among the longest: measuring those few is enough (text is dear).
    longest = sorted(set(names), key=len, reverse=True)[:8]
    left = max([size(name)[0] for name in longest] + [0.3]) + 0.2
    # Skill names are slanted to the left of their column: the first ones may need more room
    # than the member names (this clipped "Python and software engineering" once).
    slant = [size(name, rotation=40)[0] for name in skills]
    for _ in range(2):  # the column width depends on the margin, and the margin on it
        column = (WIDTH_IN - left - right) / max(m, 1)
        left = max(left, *(w - (j + 0.5) * column + 0.1 for j, w in enumerate(slant)))
    fig.set_size_inches(WIDTH_IN, height)
    ax = fig.add_axes(
        (
            left / WIDTH_IN,
            below / height,
            (WIDTH_IN - left - right) / WIDTH_IN,
            plot_in / height,
        )
    )
    extent = (-0.5, m - 0.5, max(n, 1) - 0.5, -0.5)
    # One RGBA image at the axes' own pixel size, coloured in numpy: the cells' colours, grey
    # where there is no target, and diagonal stripes where a skill is not rated. A hatched
    # patch drew the same, but cost up to a quarter of a second at 1,000 members.
    scale = ScalarMappable(
        norm=TwoSlopeNorm(vmin=low, vcenter=0.0, vmax=high), cmap=colormaps["RdYlGn"]
    )
    rgba = scale.to_rgba(np.nan_to_num(values))
    unrated = np.zeros((max(n, 1), m), dtype=bool)
    for i, row in enumerate(cells):
        for j, cell in enumerate(row):
            if cell == NO_TARGET:
                rgba[i, j] = (0.87, 0.87, 0.87, 1.0)
            elif cell == NOT_RATED:
                unrated[i, j] = True
    if not n:
        rgba[:] = 1.0
    wide = max(1, round((WIDTH_IN - left - right) * DPI))
    tall = max(1, round(plot_in * DPI))
    rows_at = np.arange(tall) * max(n, 1) // tall
    cols_at = np.arange(wide) * m // wide
    pixels = rgba[rows_at[:, None], cols_at[None, :]]
    stripes = unrated[rows_at[:, None], cols_at[None, :]]
    ys, xs = np.indices((tall, wide))
    on_line = (xs + ys) % 9 == 0
    pixels[stripes] = (1.0, 1.0, 1.0, 1.0)
    pixels[stripes & on_line] = (0.6, 0.6, 0.6, 1.0)
    ax.imshow(pixels, aspect="auto", interpolation="none", extent=extent)
    if n <= NUMBERS_UP_TO:
        shades = scale.to_rgba(values, bytes=True)
        for i, row in enumerate(cells):
            for j, cell in enumerate(row):
                if isinstance(cell, float):
                    ax.text(
                        j,
                        i,
                        f"{cell:+.0f}" if cell else "0",
                        ha="center",
                        va="center",
                        fontsize=8,
                        color="white" if _dark(shades[i, j]) else "black",
                    )
    ax.set_xticks(range(m), skills, rotation=40, ha="right", rotation_mode="anchor", fontsize=8)
    ax.set_yticks(rows, names, fontsize=8)
    fig.text(left / WIDTH_IN, 1 - 0.12 / height, title, fontsize=11, va="top", ha="left")
    bar_in = min(plot_in, 3.5)
    bar_ax = fig.add_axes(
        (
            (WIDTH_IN - right + 0.12) / WIDTH_IN,
            (below + plot_in - bar_in) / height,
            0.15 / WIDTH_IN,
            bar_in / height,
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
        bbox_to_anchor=(1 - 0.1 / WIDTH_IN, 1 - 0.05 / height),
        ncols=2,
        fontsize=8,
        frameon=False,
    )
    if not n:
        ax.text(m / 2 - 0.5, 0, "nobody has started yet", ha="center", va="center", fontsize=10)
    if footer:
        fig.text(0.1 / WIDTH_IN, 0.08 / height, footer, fontsize=8, ha="left", va="bottom")
    return fig


def _dark(rgba: Any) -> bool:
    """Whether white text reads better than black on this colour (RGBA, 0-255)."""
    return float(0.299 * rgba[0] + 0.587 * rgba[1] + 0.114 * rgba[2]) < 128


def heatmap(catalog: Catalog, people: list[Person], *, title: str) -> bytes:
    """The heatmap as PNG bytes."""
    fig = figure(catalog, people, title=title)
    out = io.BytesIO()
    fig.savefig(out, format="png", dpi=DPI, pil_kwargs={"compress_level": 3})
    return out.getvalue()
