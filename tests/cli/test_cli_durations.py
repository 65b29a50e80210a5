"""Command-line values: durations (with Hypothesis round trips), times against a zone, months,
pauses."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

import bizhours
from bizhours._instants import local_midnight
from bizhours.cli._input import parse_date, parse_month, parse_pause, parse_time
from bizhours.durations import format_duration, iso_duration, parse_duration
from bizhours.errors import ConfigError
from bizhours.strategies import business_durations
from tests.helpers import NY


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("4h", timedelta(hours=4)),
        ("90m", timedelta(minutes=90)),
        ("1h30m", timedelta(hours=1, minutes=30)),
        ("45s", timedelta(seconds=45)),
        ("1.5h", timedelta(minutes=90)),
        ("1h 30m 5.25s", timedelta(hours=1, minutes=30, seconds=5.25)),
        ("PT8H", timedelta(hours=8)),
        ("pt1h30m", timedelta(hours=1, minutes=30)),
        ("PT0.5S", timedelta(milliseconds=500)),
        ("-2h", -timedelta(hours=2)),
        ("-PT15M", -timedelta(minutes=15)),
        ("0s", timedelta(0)),
    ],
)
def test_accepted_durations(text: str, expected: timedelta) -> None:
    assert parse_duration(text) == expected


@pytest.mark.parametrize("text", ["2d", "1 day", "3 days", "1w", "2 weeks", "P1D", "P1W",
                                  "P1M", "P1Y", "P1DT2H", "-1d"])
def test_days_are_refused_with_the_reason(text: str) -> None:
    with pytest.raises(ConfigError, match=r"a business day is not 24 hours.*give business hours"):
        parse_duration(text)


@pytest.mark.parametrize("text", ["", "90", "h", "PT", "P", "1h1h", "1m1h", "four hours",
                                  "1e3s", "0.0000001s", "--2h"])
def test_malformed_durations_say_what_is_accepted(text: str) -> None:
    with pytest.raises(ConfigError, match=r"(accepted: hours, minutes and seconds)|(microsecond)"):
        parse_duration(text)


# Any timedelta, and the kit's: window lengths and a microsecond either side, round figures.
durations = st.timedeltas(min_value=timedelta(days=-3000), max_value=timedelta(days=3000)) | (
    business_durations(bizhours.calendar("eastern")))


@given(durations)
def test_format_and_iso_round_trip(value: timedelta) -> None:
    assert parse_duration(format_duration(value)) == value
    assert parse_duration(iso_duration(value)) == value


@given(st.integers(0, 10**6), st.integers(0, 10**6), st.integers(0, 10**6),
       st.integers(0, 999_999))
def test_components_add_up(h: int, m: int, s: int, us: int) -> None:
    text = f"{h}h{m}m{s}.{us:06d}s"
    assert parse_duration(text) == timedelta(hours=h, minutes=m, seconds=s, microseconds=us)


def test_format_examples() -> None:
    assert format_duration(timedelta(hours=7, minutes=30)) == "7h30m"
    assert format_duration(timedelta(hours=1, seconds=5)) == "1h5s"
    assert format_duration(timedelta(days=2)) == "48h"
    assert format_duration(-timedelta(minutes=15)) == "-15m"
    assert iso_duration(timedelta(0)) == "PT0S"


# --- times ----------------------------------------------------------------------------------


def test_wall_time_is_in_the_calendars_zone() -> None:
    assert parse_time("2026-11-20T16:00", NY) == datetime(2026, 11, 20, 16, tzinfo=NY)
    assert parse_time("2026-11-20", NY) == datetime(2026, 11, 20, tzinfo=NY)


def test_offsets_and_z_are_kept() -> None:
    assert parse_time("2026-11-20T21:00Z", NY) == datetime(2026, 11, 20, 21, tzinfo=UTC)
    assert parse_time("2026-11-20T16:00-05:00", NY).utcoffset() == timedelta(hours=-5)


def test_now_is_whole_seconds_in_the_zone() -> None:
    fixed = datetime(2026, 11, 20, 21, 0, 5, 123456, tzinfo=UTC)
    assert parse_time(" NOW ", NY, now=fixed) == datetime(2026, 11, 20, 16, 0, 5, tzinfo=NY)


def test_dst_gap_is_refused_and_fold_is_the_first_occurrence() -> None:
    with pytest.raises(ConfigError, match="does not exist in America/New_York"):
        parse_time("2026-03-08T02:30", NY)
    first = parse_time("2026-11-01T01:30", NY)
    assert first.utcoffset() == timedelta(hours=-4)  # EDT: the first 01:30


def test_bad_times_and_dates() -> None:
    with pytest.raises(ConfigError, match="accepted ISO 8601"):
        parse_time("tomorrow", NY)
    with pytest.raises(ConfigError, match="write YYYY-MM-DD"):
        parse_date("2026-02-30")


def test_months() -> None:
    assert parse_month("2026-02") == (date(2026, 2, 1), date(2026, 3, 1))
    assert parse_month("2026-12") == (date(2026, 12, 1), date(2027, 1, 1))
    for bad in ("2026-13", "2026-00", "2026-1", "26-01", "9999-12"):
        with pytest.raises(ConfigError):
            parse_month(bad)


def test_pauses() -> None:
    assert parse_pause("2026-11-20T16:00/2026-11-23T10:00", NY) == (
        datetime(2026, 11, 20, 16, tzinfo=NY), datetime(2026, 11, 23, 10, tzinfo=NY))
    assert parse_pause("2026-11-20T16:00/", NY) == (datetime(2026, 11, 20, 16, tzinfo=NY), None)
    with pytest.raises(ConfigError, match="ends before it starts"):
        parse_pause("2026-11-23T10:00/2026-11-20T16:00", NY)
    with pytest.raises(ConfigError, match="is not START/END"):
        parse_pause("/2026-11-20T16:00", NY)


def test_local_midnight_after_a_gap_at_midnight() -> None:
    # Santiago springs forward at midnight: 2026-09-06 starts at 01:00 local time.
    santiago = ZoneInfo("America/Santiago")
    start = local_midnight(date(2026, 9, 6), santiago)
    assert (start.hour, start.minute) == (1, 0)
    assert local_midnight(date(2026, 11, 20), NY) == datetime(2026, 11, 20, tzinfo=NY)


# --- edges: exact arithmetic, huge numbers, lenient parsers ------------------------------------

ARABIC_DATE = "\u0662\u0660\u0662\u0666-\u0661\u0661-\u0662\u0660"  # 2026-11-20 in Arabic-Indic


@pytest.mark.parametrize("text", ["0.99999999999999999999999999999999h",
                                  "1.0000000000000000000000000001h", "PT0.0000000000000000000001S"])
def test_fractions_finer_than_a_microsecond_are_refused_however_many_digits(text: str) -> None:
    # Decimal arithmetic at 28 digits used to round the first two to exactly 1h.
    with pytest.raises(ConfigError, match="finer than a microsecond"):
        parse_duration(text)


def test_long_zero_padding_and_trailing_zeros_are_exact() -> None:
    assert parse_duration("0" * 500 + "1.5" + "0" * 500 + "h") == timedelta(minutes=90)


@pytest.mark.parametrize("digits", [17, 5_000, 200_000])
def test_huge_numbers_are_refused_before_conversion_with_a_cut_message(digits: int) -> None:
    text = "9" * digits + "h"
    with pytest.raises(ConfigError, match="too long for a timedelta") as caught:
        parse_duration(text)
    assert len(str(caught.value)) < 200
    if digits > 40:
        assert f"({digits + 1:,} characters)" in str(caught.value)


@pytest.mark.parametrize("text", ["2026-11-20X16:00", "2026-11-20 16:00\x00", "20261120T1600",
                                  "2026-W47-5", "2026-11-20T16:00:00.1234567", ARABIC_DATE])
def test_times_are_strict_iso_8601(text: str) -> None:
    """Python 3.11's fromisoformat takes these (or cuts the fraction): the command refuses."""
    with pytest.raises(ConfigError, match="accepted ISO 8601"):
        parse_time(text, NY)


def test_time_forms_still_accepted() -> None:
    expected = datetime(2026, 11, 20, 21, tzinfo=UTC)
    for text in ("2026-11-20T16:00-05:00", "2026-11-20T16:00-0500", "2026-11-20 16:00:00-05",
                 "2026-11-20T21:00Z", "2026-11-20T21:00:00.000000Z"):
        assert parse_time(text, NY) == expected


@pytest.mark.parametrize("text", ["20261120", "2026-W47-5", "2026-11-20\x00", ARABIC_DATE])
def test_dates_are_strict_iso_8601(text: str) -> None:
    with pytest.raises(ConfigError, match="write YYYY-MM-DD"):
        parse_date(text)


def test_months_take_ascii_digits_only() -> None:
    with pytest.raises(ConfigError, match="write YYYY-MM"):
        parse_month(ARABIC_DATE[:7])  # Arabic-Indic digits: \d alone would read 2026-11


def test_a_long_value_is_cut_in_the_message() -> None:
    with pytest.raises(ConfigError, match=r"\(100,000 characters\)") as caught:
        parse_time("x" * 100_000, NY)
    assert len(str(caught.value)) < 300
