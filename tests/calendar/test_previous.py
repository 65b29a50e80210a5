"""``previous_open`` and ``previous_close``: api.md's examples, the edges of what was compiled,
and a property against the reference calendar."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

import bizhours
from bizhours import BizHoursError, NeverClosesError, NeverOpenError
from bizhours.strategies import calendar_recipes, instants
from bizhours.testing.reference import ReferenceCalendar
from tests.helpers import NY, examples

EASTERN = bizhours.Calendar("America/New_York", {"mon-fri": "09:00-17:00"})


def et(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 11, day, hour, minute, tzinfo=NY)  # 2026-11-23 is a Monday


@pytest.mark.parametrize(("at", "expected"), [
    (et(23, 8), et(20, 17)), (et(23, 9), et(20, 17)), (et(23, 12), et(20, 17)),
    (et(23, 17), et(23, 17)), (et(21, 12), et(20, 17)), (et(23, 17, 1), et(23, 17)),
])
def test_previous_close_examples(at: datetime, expected: datetime) -> None:
    assert EASTERN.previous_close(at) == expected


@pytest.mark.parametrize(("at", "expected"), [
    (et(23, 9), et(23, 9)), (et(23, 12), et(23, 9)), (et(21, 10), et(20, 9)),
    (et(23, 8, 59), et(20, 9)), (et(23, 17), et(23, 9)),
])
def test_previous_open_examples(at: datetime, expected: datetime) -> None:
    assert EASTERN.previous_open(at) == expected


def test_results_come_in_the_zone_of_the_argument() -> None:
    got = EASTERN.previous_open(datetime(2026, 11, 23, 20, tzinfo=UTC))
    assert got.tzinfo is UTC and got == et(23, 9)


def test_a_window_across_the_edge_of_what_was_compiled_is_one_window() -> None:
    night = bizhours.Calendar("UTC", {"mon-sun": "20:00-24:00, 00:00-04:00"})
    night.is_open(datetime(2026, 6, 1, tzinfo=UTC))  # compiles the years around 2026
    first = datetime(2025, 1, 1, 2, tzinfo=UTC)  # early in the compiled span, inside a night
    assert night.previous_open(first - timedelta(days=400)) == datetime(
        2023, 11, 27, 20, tzinfo=UTC)  # reaches back past the start of the span
    assert night.previous_open(datetime(2024, 12, 31, 1, tzinfo=UTC)) == datetime(
        2024, 12, 30, 20, tzinfo=UTC)
    assert night.previous_close(datetime(2024, 12, 31, 1, tzinfo=UTC)) == datetime(
        2024, 12, 30, 4, tzinfo=UTC)


def test_no_earlier_window_is_never_open_at_once() -> None:
    late = bizhours.Calendar("UTC", {}).with_weekly_hours({"mon-fri": "09:00-17:00"},
                                                          effective=date(2026, 1, 1))
    with pytest.raises(NeverOpenError):
        late.previous_open(datetime(2025, 6, 1, tzinfo=UTC))
    with pytest.raises(NeverOpenError):
        late.previous_close(datetime(2026, 1, 1, 12, tzinfo=UTC))  # its first window is open
    assert late.previous_open(datetime(2026, 1, 1, 12, tzinfo=UTC)) == datetime(
        2026, 1, 1, 9, tzinfo=UTC)


def test_always_open_calendars() -> None:
    always = bizhours.calendar("24x7")
    at = datetime(2026, 6, 1, tzinfo=UTC)
    assert always.previous_open(at) == datetime(1, 1, 2, tzinfo=UTC)  # the range's start
    with pytest.raises(NeverClosesError):
        always.previous_close(at)
    closed_once = always.closed(date(2026, 1, 1))
    assert closed_once.previous_open(at) == datetime(2026, 1, 2, tzinfo=UTC)
    assert closed_once.previous_close(at) == datetime(2026, 1, 1, tzinfo=UTC)


FIRST, LAST = date(2025, 1, 1), date(2027, 12, 31)


@settings(max_examples=examples(80), deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(st.data())
def test_previous_open_and_close_agree_with_the_reference(data: st.DataObject) -> None:
    recipe = data.draw(calendar_recipes(min_date=FIRST, max_date=LAST, allow_never_open=True))
    cal, ref = recipe.calendar, recipe.build(ReferenceCalendar.build)
    at = data.draw(instants(cal, min_date=FIRST, max_date=LAST))
    for query in ("previous_open", "previous_close"):
        try:
            expected: object = getattr(ref, query)(at)
        except NeverClosesError:
            assume(False)  # open for years on end before: the reference gives up
        except BizHoursError as exc:
            expected = type(exc)
        try:
            got: object = getattr(cal, query)(at)
        except BizHoursError as exc:
            got = type(exc)
        if isinstance(expected, datetime):
            assert isinstance(got, datetime) and got == expected and got.tzinfo is at.tzinfo
        else:
            assert got is expected or (got is NeverOpenError and expected is NeverOpenError)
