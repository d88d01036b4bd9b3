"""Profile field parsers: good input, bad input with a hint, and properties."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.core.errors import UserError
from bot.domain.fields import parse_country, parse_time, parse_timezone, parse_weekday, parse_years

# (parser, what it reads, the ways members type it)
READS_AS = [
    (parse_timezone, "Europe/Berlin", ["Europe/Berlin", "europe/berlin"]),
    (parse_timezone, "America/New_York", [" America/New York "]),
    (parse_timezone, "Asia/Kolkata", ["Asia/Kolkata", "kolkata"]),
    (parse_timezone, "UTC", ["utc"]),
    (parse_weekday, 0, ["mon", "Monday"]),
    (parse_weekday, 1, ["tu"]),
    (parse_weekday, 2, ["WED"]),
    (parse_weekday, 3, ["thurs"]),
    (parse_weekday, 4, ["f"]),
    (parse_weekday, 6, ["sun"]),
    (parse_time, "09:00", ["09:00", "9", "9am"]),
    (parse_time, "00:00", ["12am"]),
    (parse_time, "12:00", ["12pm"]),
    (parse_time, "17:30", ["5:30pm", "17.30"]),
    (parse_time, "23:59", ["23:59"]),
    (parse_time, "07:15", ["7h15"]),
    (parse_country, "DE", ["de", "Germany"]),
    (parse_country, "US", ["US"]),
    (parse_country, "GB", ["uk"]),
    (parse_years, 0, ["0"]),
    (parse_years, 7, ["7"]),
    (parse_years, 6, ["6y"]),
    (parse_years, 12, ["12 years"]),
]


@pytest.mark.parametrize(
    ("parse", "raw", "expected"),
    [(parse, raw, expected) for parse, expected, typed in READS_AS for raw in typed],
)
def test_good_input(parse: Callable[[str], object], raw: str, expected: object) -> None:
    assert parse(raw) == expected


def test_bad_timezone_suggests_and_hints() -> None:
    with pytest.raises(UserError) as info:
        parse_timezone("Europe/Berln")
    assert "Did you mean `Europe/Berlin`" in info.value.problem
    assert "IANA" in (info.value.hint or "")


# (parser, what the error says, inputs it refuses)
BAD = [
    (parse_weekday, "not a weekday", ["t", "s", "", "funday", "8"]),
    (parse_time, "not a time of day", ["24:00", "9:60", "13pm", "0am", "noon", "", "9:5"]),
    (parse_country, "country code", ["XX", "Atlantis", "", "D"]),
]


@pytest.mark.parametrize(
    ("parse", "problem", "raw"),
    [(parse, problem, raw) for parse, problem, refused in BAD for raw in refused],
)
def test_bad_input(parse: Callable[[str], object], problem: str, raw: str) -> None:
    with pytest.raises(UserError, match=problem):
        parse(raw)


@given(st.text(max_size=40))
def test_parsers_raise_only_user_error(text: str) -> None:
    for parser in (parse_timezone, parse_weekday, parse_time, parse_country, parse_years):
        try:
            parser(text)
        except UserError as exc:
            assert exc.hint


@given(st.integers(0, 23), st.integers(0, 59))
def test_time_round_trips(hour: int, minute: int) -> None:
    text = f"{hour:02d}:{minute:02d}"
    assert parse_time(text) == text
    assert parse_time(parse_time(text)) == text


@given(st.text(max_size=40))
def test_pause_parser_raises_only_user_error(text: str) -> None:
    from datetime import date

    from bot.features.nudges.commands import parse_pause

    try:
        end = parse_pause(text, date(2026, 11, 28))
    except UserError as exc:
        assert exc.hint
    else:
        assert date(2026, 11, 28) <= end <= date(2027, 11, 27)


@pytest.mark.parametrize(
    ("text", "end"),
    [
        ("2w", "2026-12-11"),
        ("1 week", "2026-12-04"),
        ("10d", "2026-12-07"),
        ("until 2027-01-04", "2027-01-04"),
    ],
)
def test_pause_spans(text: str, end: str) -> None:
    from datetime import date

    from bot.features.nudges.commands import parse_pause

    assert parse_pause(text, date(2026, 11, 28)).isoformat() == end
