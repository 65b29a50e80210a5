"""``bounds``: when a definition provably never opens again, or never closes."""

from __future__ import annotations

from datetime import UTC, date

from bizhours._definition.dates import Adjustment, DateRange
from bizhours._definition.definition import WeeklyHours
from bizhours._definition.holidays import HolidaySnapshot
from bizhours._definition.hours import parse_ranges, parse_week
from bizhours._engine.bounds import always_open_from, dated_span, quiet_after, quiet_before
from tests.helpers import weekly

OFFICE = weekly({"mon-fri": "09:00-17:00"})
ALWAYS = weekly({"mon-sun": "00:00-24:00"})
CLOSED = parse_week({})


def test_weekly_hours_that_close_from_a_date_are_quiet_after_the_day_before() -> None:
    ending = OFFICE.with_weekly(WeeklyHours(date(2030, 1, 1), CLOSED))
    assert quiet_after(ending) == date(2029, 12, 31)
    assert quiet_after(OFFICE) is None


def test_an_adjustment_that_opens_later_moves_the_quiet_date() -> None:
    ending = OFFICE.with_weekly(WeeklyHours(date(2030, 1, 1), CLOSED))
    opened = ending.adjusted(Adjustment("set", DateRange(date(2031, 5, 1), date(2031, 5, 2)),
                                        parse_ranges("10:00-12:00")))
    assert quiet_after(opened) == date(2031, 5, 2)


def test_quiet_before_the_first_weekly_hours_that_open() -> None:
    monday = parse_week({"mon": "09:00-10:00"})
    later = weekly({}).with_weekly(WeeklyHours(date(2020, 1, 1), monday))
    assert quiet_before(later) == date(2020, 1, 1)
    assert quiet_before(OFFICE) is None


def test_an_all_day_calendar_with_listed_holidays_is_always_open_after_the_last() -> None:
    snapshot = HolidaySnapshot(((date(2025, 3, 9), "holiday"), (date(2026, 7, 4), "holiday")))
    listed = weekly({"mon-sun": "00:00-24:00"}, UTC, holidays=snapshot)
    assert always_open_from(ALWAYS) == date.min
    assert always_open_from(listed) == date(2026, 7, 5)
    assert always_open_from(OFFICE) is None


def test_combinations_follow_their_parts() -> None:
    ending = OFFICE.with_weekly(WeeklyHours(date(2030, 1, 1), CLOSED))
    assert quiet_after(ending.combine("or", OFFICE)) is None
    assert quiet_after(ending.combine("and", OFFICE)) == date(2030, 1, 1)
    assert always_open_from(OFFICE.combine("or", ALWAYS)) == date(1, 1, 2)
    assert always_open_from(OFFICE.combine("and", ALWAYS)) is None


def test_dated_span_covers_weekly_changes_and_finite_adjustments() -> None:
    changed = OFFICE.with_weekly(WeeklyHours(date(2027, 1, 1), CLOSED)).adjusted(
        Adjustment("set", DateRange(date(2026, 12, 24), date(2026, 12, 24)), ()))
    assert dated_span(changed) == (date(2026, 12, 24), date(2027, 1, 1))
    assert dated_span(OFFICE) is None
