"""The team heatmap: one row per member, one column per skill, coloured by level minus the
target for their stage (green at or above target, red below). Written as a PNG."""

from __future__ import annotations

from pathlib import Path

from bot.team_summary import Person, target
from content.schema import Catalog


def matrix(catalog: Catalog, people: list[Person]) -> list[list[float | None]]:
    """Level minus target per member and skill; None where the member has no target."""
    rows: list[list[float | None]] = []
    for person in people:
        row: list[float | None] = []
        for skill in catalog.skills:
            goal = target(catalog, person, skill)
            row.append(None if goal is None else float(person.levels.get(skill, 0) - goal))
        rows.append(row)
    return rows


def heatmap(catalog: Catalog, people: list[Person], path: Path, *, title: str) -> Path:
    """Draw the heatmap to `path` (PNG) and return it."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    import numpy as np

    data = np.array(
        [[np.nan if v is None else v for v in row] for row in matrix(catalog, people)]
        or [[np.nan] * len(catalog.skills)],
        dtype=float,
    )
    # Past ~60 rows names can't be read anyway: label every n-th row and cap the height, so
    # a 1,000-member team draws in well under a second instead of laying out 1,000 labels.
    step = max(1, -(-len(people) // 60))
    height = min(2.5 + 0.28 * max(1, len(people)), 20.0)
    fig, ax = plt.subplots(figsize=(12, height))
    image = ax.imshow(np.ma.masked_invalid(data), cmap="RdYlGn", vmin=-3, vmax=3, aspect="auto")
    ax.set_xticks(
        range(len(catalog.skills)),
        [s.name for s in catalog.skills.values()],
        rotation=45,
        ha="right",
        fontsize=8,
    )
    rows = range(0, len(people), step)
    ax.set_yticks(list(rows), [people[i].name for i in rows], fontsize=8)
    ax.set_title(title)
    fig.colorbar(image, ax=ax, label="level minus target", shrink=0.6)
    fig.subplots_adjust(left=0.15, right=0.98, bottom=min(0.4, 2.2 / height), top=1 - 0.6 / height)
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, format="png", dpi=90)
    plt.close(fig)
    return path
