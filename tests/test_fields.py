"""Profile field parsers: good input, bad input with a hint, and properties."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.errors import UserError
from bot.fields import parse_country, parse_time, parse_timezone, parse_weekday, parse_years


@pytest.mark.parametrize(
    ("raw", "zone"),
    [
        ("Europe/Berlin", "Europe/Berlin"),
        ("europe/berlin", "Europe/Berlin"),
        (" America/New York ", "America/New_York"),
        ("Asia/Kolkata", "Asia/Kolkata"),
        ("utc", "UTC"),
        ("kolkata", "Asia/Kolkata"),
    ],
)
def test_timezones(raw: str, zone: str) -> None:
    assert parse_timezone(raw) == zone


def test_bad_timezone_suggests_and_hints() -> None:
    with pytest.raises(UserError) as info:
        parse_timezone("Europe/Berln")
    assert "Did you mean `Europe/Berlin`" in info.value.problem
    assert "IANA" in (info.value.hint or "")


@pytest.mark.parametrize(
    ("raw", "day"),
    [("mon", 0), ("Monday", 0), ("tu", 1), ("WED", 2), ("thurs", 3), ("f", 4), ("sun", 6)],
)
def test_weekdays(raw: str, day: int) -> None:
    assert parse_weekday(raw) == day


@pytest.mark.parametrize("raw", ["t", "s", "", "funday", "8"])
def test_bad_weekdays(raw: str) -> None:
    with pytest.raises(UserError, match="not a weekday"):
        parse_weekday(raw)


@pytest.mark.parametrize(
    ("raw", "hhmm"),
    [
        ("09:00", "09:00"),
        ("9", "09:00"),
        ("9am", "09:00"),
        ("12am", "00:00"),
        ("12pm", "12:00"),
        ("5:30pm", "17:30"),
        ("17.30", "17:30"),
        ("23:59", "23:59"),
        ("7h15", "07:15"),
    ],
)
def test_times(raw: str, hhmm: str) -> None:
    assert parse_time(raw) == hhmm


@pytest.mark.parametrize("raw", ["24:00", "9:60", "13pm", "0am", "noon", "", "9:5"])
def test_bad_times(raw: str) -> None:
    with pytest.raises(UserError, match="not a time of day"):
        parse_time(raw)


@pytest.mark.parametrize(
    ("raw", "code"), [("de", "DE"), ("US", "US"), ("uk", "GB"), ("Germany", "DE")]
)
def test_countries(raw: str, code: str) -> None:
    assert parse_country(raw) == code


@pytest.mark.parametrize("raw", ["XX", "Atlantis", "", "D"])
def test_bad_countries(raw: str) -> None:
    with pytest.raises(UserError, match="country code"):
        parse_country(raw)


@pytest.mark.parametrize(("raw", "years"), [("0", 0), ("7", 7), ("6y", 6), ("12 years", 12)])
def test_years(raw: str, years: int) -> None:
    assert parse_years(raw) == years


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

    from bot.handlers.nudges import parse_pause

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

    from bot.handlers.nudges import parse_pause

    assert parse_pause(text, date(2026, 11, 28)).isoformat() == end
