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
import struct
import zlib
from typing import Any

import numpy as np
from matplotlib import colormaps
from matplotlib.axes import Axes
from matplotlib.backend_bases import RendererBase
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.cm import ScalarMappable
from matplotlib.colors import TwoSlopeNorm
from matplotlib.figure import Figure
from matplotlib.image import AxesImage
from matplotlib.patches import Patch
from matplotlib.transforms import Affine2D
from numpy.typing import NDArray

from bot.core.markup import clip
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

    fig = Figure(figsize=(WIDTH_IN, 4.0), dpi=DPI)
    FigureCanvasAgg(fig)  # drawn by Agg, with no pyplot state

    # Rows shrink past ~40 members so 300 still fit a tall screen; names thin out to stay legible.
    row_in = 0.32 if n <= NUMBERS_UP_TO else max(0.1, 0.32 * NUMBERS_UP_TO / n)
    skills = [s.name for s in catalog.skills.values()]
    slanted = _skill_sizes(tuple(skills), rotation=40)
    below = max(h for _, h in slanted) + 0.15
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
    left = max([w for w, _ in _sizes(tuple(longest))] + [0.3]) + 0.2
    # Skill names are slanted to the left of their column: the first ones may need more room
    # than the member names (this clipped "Python and software engineering" once).
    slant = [w for w, _ in slanted]
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
    scale = ScalarMappable(
        norm=TwoSlopeNorm(vmin=low, vcenter=0.0, vmax=high), cmap=colormaps["RdYlGn"]
    )
    colours = scale.to_rgba(np.nan_to_num(values), bytes=True)
    colours[no_target] = (221, 221, 221, 255)
    colours[unrated] = 255
    if not n:
        colours[:] = 255
    cells = _Cells(ax, colours, unrated)
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


_DIAGONAL = np.add.outer(np.arange(9), np.arange(9)) % 9 == 0  # rows top-down: "/"
_STRIPE = np.array([153, 153, 153, 255], dtype=np.uint8).view(np.uint32)[0]


class _Cells(AxesImage):
    """The cells, one per member and skill, painted at the very pixels they cover: each
    cell's colour, with diagonal stripes where the skill is not rated.

    An ordinary image is resampled in floating point on every draw (~150 ms for a
    1,000-member chart) and a hatched patch per cell cost more still; painting the cells
    with numpy at the size they are drawn costs a few milliseconds, at any DPI. Vector
    backends (which the bot doesn't use) get the plain cell colours.
    """

    def __init__(self, ax: Axes, colours: NDArray[np.uint8], striped: NDArray[np.bool_]) -> None:
        super().__init__(ax, interpolation="none")
        self.set_data(colours)
        self._colours = colours
        self._striped = striped

    def make_image(
        self, renderer: RendererBase, magnification: float = 1.0, unsampled: bool = False
    ) -> tuple[NDArray[np.uint8], float, float, Affine2D]:
        left, right, bottom, top = self.get_extent()
        corners = self.get_transform().transform([(left, bottom), (right, top)])
        x0, y0 = np.round(corners.min(axis=0)).astype(int)
        x1, y1 = np.round(corners.max(axis=0)).astype(int)
        wide, tall = x1 - x0, y1 - y0
        if unsampled or magnification != 1.0 or wide < 1 or tall < 1:
            return super().make_image(renderer, magnification, unsampled)
        rows, columns = self._colours.shape[:2]
        # Agg puts the array's first row at the bottom: pixel row y from the bottom shows
        # the member drawn there (rows run top-down, as the extent says). Colours move as
        # one 32-bit word per pixel.
        rows_at = np.arange(tall)[::-1] * rows // tall
        widths = np.bincount(np.arange(wide) * columns // wide, minlength=columns)
        words = self._colours.view(np.uint32)[..., 0]
        pixels = np.repeat(words[rows_at], widths, axis=1)
        striped = np.repeat(self._striped[rows_at], widths, axis=1)
        # Diagonal lines every 9 pixels, as "///" in the legend.
        lines = np.tile(_DIAGONAL, (tall // 9 + 1, wide // 9 + 1))[:tall, :wide][::-1]
        pixels[striped & lines] = _STRIPE
        return (
            pixels.view(np.uint8).reshape(tall, wide, 4),
            float(x0),
            float(y0),
            Affine2D().translate(x0, y0),
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


def png(rgba: NDArray[np.uint8]) -> bytes:
    """An opaque RGBA picture as an RGB PNG, every row unfiltered, zlib at level 1.

    Pillow (what savefig uses) tries every PNG filter on every row: ~80 ms for a
    1,000-member chart, against ~25 ms here, and its file is no smaller (the chart is
    mostly flat colour, which deflate handles well unfiltered).
    """
    tall, wide = rgba.shape[:2]
    rows = np.zeros((tall, 1 + 3 * wide), dtype=np.uint8)  # each row: filter 0, then RGB
    rows[:, 1:] = rgba[..., :3].reshape(tall, 3 * wide)

    def chunk(kind: bytes, body: bytes) -> bytes:
        return (
            struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
        )

    header = struct.pack(">IIBBBBB", wide, tall, 8, 2, 0, 0, 0)  # 8-bit RGB, not interlaced
    return b"".join(
        (
            b"\x89PNG\r\n\x1a\n",
            chunk(b"IHDR", header),
            chunk(b"IDAT", zlib.compress(rows.tobytes(), 1)),
            chunk(b"IEND", b""),
        )
    )
