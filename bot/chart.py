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
from matplotlib.colors import TwoSlopeNorm
from matplotlib.figure import Figure
from matplotlib.patches import Patch, Rectangle

from bot.team_summary import Person, target
from content.schema import Catalog

NUMBERS_UP_TO = 40  # rows; past that the numbers would be too small to read
DPI = 90
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
    """The heatmap as a matplotlib Figure (tests inspect it; `heatmap` saves it)."""
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
    # Rows shrink past ~40 members so 300 still fit a tall screen; names thin out to stay legible.
    row_in = 0.32 if n <= NUMBERS_UP_TO else max(0.1, 0.32 * NUMBERS_UP_TO / n)
    height = min(2.6 + row_in * max(n, 1) + (0.5 if invited else 0), 24.0)
    fig = Figure(figsize=(12, height), dpi=DPI, layout="constrained")
    FigureCanvasAgg(fig)
    ax = fig.add_subplot()
    extent = (-0.5, m - 0.5, max(n, 1) - 0.5, -0.5)
    # Three layers, each a constant cost however many members: a hatched background that
    # shows through where a skill is not rated, grey where there is no target, the colours.
    ax.add_patch(
        Rectangle(
            (-0.5, -0.5), m, max(n, 1), facecolor="white", edgecolor="#aaaaaa", hatch="///", lw=0
        )
    )
    no_target = np.zeros((max(n, 1), m, 4))
    for i, row in enumerate(cells):
        for j, cell in enumerate(row):
            if cell == NO_TARGET:
                no_target[i, j] = (0.87, 0.87, 0.87, 1.0)
    ax.imshow(no_target, aspect="auto", interpolation="nearest", extent=extent)
    colours = colormaps["RdYlGn"].with_extremes(bad=(0, 0, 0, 0))
    image = ax.imshow(
        np.ma.masked_invalid(values),
        cmap=colours,
        norm=TwoSlopeNorm(vmin=low, vcenter=0.0, vmax=high),
        aspect="auto",
        interpolation="nearest",
        extent=extent,
    )
    if n <= NUMBERS_UP_TO:
        rgba = image.to_rgba(values, bytes=True)
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
                        color="white" if _dark(rgba[i, j]) else "black",
                    )
    ax.set_xticks(
        range(m), [s.name for s in catalog.skills.values()], rotation=40, ha="right", fontsize=8
    )
    # A name needs ~11 px of height; past that every step-th row is named.
    step = max(1, math.ceil(11 * max(n, 1) / ((height - 2.6) * DPI)))
    rows = list(range(0, n, step))
    ax.set_yticks(rows, [_short(started[i].name) for i in rows], fontsize=8)
    ax.set_title(title, fontsize=11)
    ticks = list(range(math.ceil(low), math.floor(high) + 1))
    bar = fig.colorbar(image, ax=ax, ticks=ticks, shrink=min(1.0, 4 / height + 0.3), pad=0.01)
    bar.set_label("level minus target (0 = on target)", fontsize=8)
    bar.ax.tick_params(labelsize=8)
    legend = [
        Patch(facecolor="white", edgecolor="#888888", hatch="///", label=NOT_RATED),
        Patch(facecolor="#dddddd", edgecolor="#888888", label=NO_TARGET),
    ]
    fig.legend(handles=legend, loc="outside upper right", ncols=2, fontsize=8, frameon=False)
    if not n:
        ax.text(m / 2 - 0.5, 0, "nobody has started yet", ha="center", va="center", fontsize=10)
    if invited:
        # supxlabel takes part in the constrained layout, so it never overlaps the skills.
        fig.supxlabel(
            f"Invited, not started ({len(invited)}): {_listed(invited)}"[:160], fontsize=8
        )
    return fig


def _short(name: str, limit: int = 28) -> str:
    return name if len(name) <= limit else name[: limit - 1] + "…"


def _dark(rgba: Any) -> bool:
    """Whether white text reads better than black on this colour (RGBA, 0-255)."""
    return float(0.299 * rgba[0] + 0.587 * rgba[1] + 0.114 * rgba[2]) < 128


def heatmap(catalog: Catalog, people: list[Person], *, title: str) -> bytes:
    """The heatmap as PNG bytes."""
    fig = figure(catalog, people, title=title)
    out = io.BytesIO()
    fig.savefig(out, format="png", dpi=DPI, pil_kwargs={"compress_level": 3})
    return out.getvalue()
