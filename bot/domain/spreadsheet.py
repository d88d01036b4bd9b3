"""CSV that a spreadsheet opens as text: no cell a member typed can become a formula."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable

# Spreadsheets read a cell starting with these as a formula (or a DDE call).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: object) -> str:
    """The cell as text, prefixed with `'` when a spreadsheet would run it as a formula.

    A number we computed (a gap of -1) stays a number: only text can hide a formula."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def csv_bytes(header: Iterable[object], rows: Iterable[Iterable[object]]) -> bytes:
    """A formula-safe CSV file (UTF-8) from a header and rows."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([safe_cell(c) for c in header])
    for row in rows:
        writer.writerow([safe_cell(c) for c in row])
    return out.getvalue().encode("utf-8")
