"""Painting at pixel size, for the team heatmap: cells with hatching drawn by numpy at the
pixels they cover, and a PNG encoder that skips what the chart doesn't need."""

from __future__ import annotations

import struct
import zlib

import numpy as np
from matplotlib.axes import Axes
from matplotlib.backend_bases import RendererBase
from matplotlib.image import AxesImage
from matplotlib.transforms import Affine2D
from numpy.typing import NDArray

_DIAGONAL = np.add.outer(np.arange(9), np.arange(9)) % 9 == 0  # rows top-down: "/"
_STRIPE = np.array([153, 153, 153, 255], dtype=np.uint8).view(np.uint32)[0]


class Cells(AxesImage):
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
