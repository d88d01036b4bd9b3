"""The team summary: this week so far in each member's own week, shared notes, unrated skills,
and the heatmap checked as an image."""

from __future__ import annotations

import io
import math
from datetime import UTC, datetime, timedelta

import numpy as np
import pytest
from matplotlib import colormaps
from matplotlib.colors import TwoSlopeNorm
from matplotlib.image import AxesImage, imread
from matplotlib.text import Text

from adapters.console.app import console_actor
from bot.commands.dispatch import handle_text
from bot.commands.services import Services
from bot.core.reply import Attachment
from bot.domain.chart import DPI, NUMBERS_UP_TO, figure, heatmap, png
from bot.domain.team_summary import CheckinRow, Person, gaps, summarise, target
from content.schema import Catalog
from tests.support.teams import as_, mias_summary, setup_teams

# Sunday 29 November 2026, 20:00 UTC: Monday 09:00 in Auckland, Sunday 12:00 in Los Angeles.
SUNDAY_EVENING = datetime(2026, 11, 29, 20, 0, tzinfo=UTC)


def person(i: int, tz: str = "UTC", **levels: int) -> Person:
    return Person(i, f"p{i}", "mid", "mlops-engineer", dict(levels), tz=tz)


def checkin(member: int, week: str, status: str = "on-track", **kw: object) -> CheckinRow:
    return CheckinRow(
        member,
        week,
        status,
        kw.get("confidence"),  # type: ignore[arg-type]
        kw.get("note"),  # type: ignore[arg-type]
        bool(kw.get("shared", False)),
    )


def test_this_week_is_each_members_own_local_week(services: Services) -> None:
    auckland, angeles = person(1, "Pacific/Auckland"), person(2, "America/Los_Angeles")
    rows = [checkin(1, "2026-W49", confidence=2), checkin(2, "2026-W48", confidence=2)]
    summary = summarise(services.catalog, [auckland, angeles], [], rows, now=SUNDAY_EVENING)
    assert summary.this_week.checked_in == 2  # Auckland's Monday and LA's Sunday are both "now"
    assert summary.checkins == (0.0, 0.0)
    # An hour after Los Angeles' Sunday ends its W48 check-in belongs to the last 4 weeks.
    later = SUNDAY_EVENING + timedelta(hours=13)
    summary = summarise(services.catalog, [auckland, angeles], [], rows, now=later)
    assert summary.this_week.checked_in == 1 and summary.checkins[0] == pytest.approx(1 / 8)
    # Auckland's last week is W48: a W48 check-in of theirs is no longer this week.
    summary = summarise(
        services.catalog, [auckland], [], [checkin(1, "2026-W48")], now=SUNDAY_EVENING
    )
    assert summary.this_week.checked_in == 0 and summary.checkins[0] == pytest.approx(1 / 4)


def test_three_checkins_today_show_at_once_with_their_confidence(services: Services) -> None:
    people = [person(i) for i in range(3)]
    rows = [checkin(i, "2026-W48", "slow", confidence=2) for i in range(3)]
    summary = summarise(services.catalog, people, [], rows, now=SUNDAY_EVENING)
    assert summary.this_week.checked_in == 3
    assert summary.this_week.confidence == 2.0 and summary.this_week.answers == 3


def test_shared_notes_of_any_status_latest_per_member(services: Services) -> None:
    people = [person(1), person(2)]
    rows = [
        checkin(1, "2026-W46", "slow", note="old note", shared=True),
        checkin(1, "2026-W48", "slow", note="waiting on GPU quota", shared=True),
        checkin(2, "2026-W48", "blocked", note="private worry"),
    ]
    summary = summarise(services.catalog, people, [], rows, now=SUNDAY_EVENING)
    assert [(s.name, s.status, s.note, s.this_week) for s in summary.shared] == [
        ("p1", "slow", "waiting on GPU quota", True)
    ]
    assert summary.blocked == []  # p2 did not share


def test_unrated_skills_are_never_averaged_as_zero(catalog: Catalog) -> None:
    target = catalog.specializations["mlops-engineer"].targets["mid"]
    people = [person(1, mlops=target["mlops"] - 2), person(2)]
    found, unrated = gaps(catalog, people)
    assert [(g.skill, g.mean, g.rated, g.targeted) for g in found] == [("mlops", 2.0, 1, 2)]
    assert ("mlops", 1) in unrated
    assert all(n == 2 for s, n in unrated if s != "mlops")  # nobody rated the rest


async def test_the_summary_says_not_rated_and_how_many_rated(services: Services) -> None:
    await setup_teams(services)
    for user in ("ann", "bob"):
        await as_(services, user, "start stage=mid path=mlops-engineer")
    await as_(services, "ann", "assess mlops 1")
    out = await mias_summary(services)
    assert "MLOps: " in out and "1 of 2 rated it" in out
    assert "Cloud platforms: " not in out  # nobody rated it: not a gap
    assert "Not rated: " in out and "Cloud platforms by 2 members" in out


async def test_week_label_follows_the_managers_zone(services: Services, clock) -> None:
    await setup_teams(services)
    clock.at = SUNDAY_EVENING
    await as_(services, "mia", "start tz=Europe/Berlin")
    await as_(services, "ann", "start tz=Pacific/Auckland")
    await as_(services, "ann", "checkin slow 2 waiting on GPU quota share")
    out = await mias_summary(services)
    assert "This week so far (2026-W48): 1 of 1 checked in" in out
    assert "ann (slow, this week): waiting on GPU quota" in out
    await as_(services, "mia", "profile set tz Pacific/Auckland")
    assert "This week so far (2026-W49)" in await mias_summary(services)


def _people(catalog: Catalog, n: int, invited: int = 2, *, short: bool = False) -> list[Person]:
    skills = list(catalog.skills)
    out = [
        Person(
            i,
            f"member {i} with a rather long name" if i % 5 == 0 and not short else f"m{i}",
            "mid",
            "ml-engineer",
            {s: 1 + (i + k) % 4 for k, s in enumerate(skills) if (i + k) % 3},
        )
        for i in range(n)
    ]
    out += [Person(n + k, f"invited{k}", None, None, {}, started=False) for k in range(invited)]
    return out


@pytest.mark.parametrize(("n", "short"), [(3, False), (12, True), (12, False), (300, False)])
def test_heatmap_rows_labels_and_numbers(catalog: Catalog, n: int, short: bool) -> None:
    people = _people(catalog, n, short=short)  # short names: the skills need the margin
    fig = figure(catalog, people, title="ml-platform: level against target")
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    box = fig.bbox
    texts = [t for t in fig.findobj(Text) if t.get_visible() and t.get_text()]
    for text in texts:
        extent = text.get_window_extent(renderer)
        assert box.x0 - 1 <= extent.x0 and extent.x1 <= box.x1 + 1, text.get_text()
        assert box.y0 - 1 <= extent.y0 and extent.y1 <= box.y1 + 1, text.get_text()
    ax = fig.axes[0]
    (image,) = [im for im in ax.get_images() if isinstance(im, AxesImage)]
    top, bottom = image.get_extent()[3], image.get_extent()[2]
    assert bottom - top == n  # one row per started member, none for invited
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert not any(label.startswith("invited") for label in labels)
    shown = {t.get_text() for t in texts}
    assert "Invited, not started (2): invited0, invited1" in shown
    numbers = [t for t in ax.texts if t.get_text().lstrip("+-").isdigit()]
    assert bool(numbers) == (n <= NUMBERS_UP_TO)
    assert {"not rated", "no target"} <= shown


def test_heatmap_png_size_and_the_real_range(catalog: Catalog) -> None:
    small = imread(io.BytesIO(heatmap(catalog, _people(catalog, 3), title="t")))
    big = imread(io.BytesIO(heatmap(catalog, _people(catalog, 30), title="t")))
    assert small.shape[1] == big.shape[1] == 12 * DPI
    assert small.shape[0] >= 250 and big.shape[0] > small.shape[0] + 30 * 20
    fig = figure(catalog, _people(catalog, 12), title="t")
    bar = fig.axes[-1]
    low, high = sorted(bar.get_ylim())
    values = [float(t.get_text()) for t in fig.axes[0].texts if t.get_text().lstrip("+-").isdigit()]
    assert low <= min(values) and high >= max(values)  # the scale covers every gap shown
    assert max(abs(v) for v in values) >= 3  # the data goes past ±2, and so does the scale


def test_a_team_nobody_started_is_a_blank_chart_not_a_grey_one(catalog: Catalog) -> None:
    """Grey means "no target"; with nobody started there are no cells to grey out."""
    people = [Person(k, f"invited{k}", None, None, {}, started=False) for k in range(3)]
    fig = figure(catalog, people, title="t")
    cells = next(i for i in fig.axes[0].get_images() if isinstance(i, AxesImage))
    assert (np.asarray(cells.get_array())[..., :3] == 255).all()


@pytest.mark.parametrize("n", [12, 300])
def test_heatmap_cells_show_each_members_gap_in_member_order(catalog: Catalog, n: int) -> None:
    """Read back from the PNG: every sampled cell has the colour of that member's gap on
    the legend's scale, grey where there is no target, and stripes where it is unrated."""
    people = _people(catalog, n)
    image = imread(io.BytesIO(heatmap(catalog, people, title="t")))[..., :3]
    fig = figure(catalog, people, title="t")  # the same layout, for the cells' positions
    fig.canvas.draw()
    ax, bar = fig.axes[0], fig.axes[-1]
    low, high = sorted(bar.get_ylim())
    scale = TwoSlopeNorm(vmin=low, vcenter=0.0, vmax=high)
    started = [p for p in people if p.started]
    for i in range(0, n, 1 if n <= 40 else 7):
        member = started[i]
        for j, skill in enumerate(catalog.skills):
            # Off the centre where the cell's number is; on the centre row for thin rows.
            x, y = ax.transData.transform((j - 0.3, i - 0.3 if n <= 40 else i))
            pixel = image[int(image.shape[0] - y), int(x)]
            goal = target(catalog, member, skill)
            if goal is None:
                assert np.allclose(pixel, 221 / 255, atol=0.01), (i, skill)
            elif skill in member.levels:
                want = colormaps["RdYlGn"](scale(member.levels[skill] - goal))[:3]
                assert np.allclose(pixel, want, atol=0.01), (i, skill, pixel, want)
            else:
                # The cell's inner part, in image rows (top down) and columns.
                (left, top), (right, bottom) = ax.transData.transform(
                    [(j - 0.3, i - 0.3), (j + 0.3, i + 0.3)]
                )
                rows = slice(math.ceil(image.shape[0] - top), math.floor(image.shape[0] - bottom))
                block = image[rows, math.ceil(left) : math.floor(right)]
                shades = {round(float(v) * 255) for v in block[..., 0].ravel()}
                assert shades == {153, 255}, (i, skill, shades)  # white with grey lines


def test_png_holds_the_pixels_it_was_given() -> None:
    rng = np.random.default_rng(1)
    rgba = rng.integers(0, 256, (37, 53, 4), dtype=np.uint8)
    rgba[..., 3] = 255
    decoded = imread(io.BytesIO(png(rgba)))
    assert decoded.shape == (37, 53, 3)
    assert (np.round(decoded * 255).astype(np.uint8) == rgba[..., :3]).all()


async def test_the_chart_is_drawn_in_a_worker_thread_after_the_commit(
    services: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    import sqlite3
    import threading

    from sqlalchemy.engine import make_url

    import bot.features.teams.view as teams

    await setup_teams(services)
    database = make_url(services.settings.database_url).database
    seen: list[tuple[bool, int]] = []
    real = teams.heatmap

    def spy(*args: object, **kwargs: object) -> bytes:
        # Another connection sees this command's view-log row only once it has committed.
        with sqlite3.connect(str(database)) as other:
            (views,) = other.execute("SELECT count(*) FROM managerview").fetchone()
        seen.append((threading.current_thread() is threading.main_thread(), views))
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(teams, "heatmap", spy)
    await mias_summary(services)
    assert seen == [(False, 1)]


async def test_the_digest_shows_shared_notes_and_the_csv_never_does(services: Services) -> None:
    await setup_teams(services)
    await as_(services, "ann", "start")
    await as_(services, "ann", "checkin slow 2 waiting on GPU quota share")
    digest = await as_(services, "mia", "team digest")
    assert "ann (slow, this week): waiting on GPU quota" in digest
    reply = await handle_text(
        "team export ml-platform", actor=console_actor("mia"), services=services
    )
    csv = next(b for b in reply.blocks if isinstance(b, Attachment)).data.decode()
    assert "GPU" not in csv
