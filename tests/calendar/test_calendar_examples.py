"""The contract's worked examples, adjustments, combinations and bad input, as plain tests."""

from __future__ import annotations

import pickle
import re
import subprocess
import sys
import threading
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta, timezone, tzinfo
from zoneinfo import ZoneInfo

import pytest
from dateutil.rrule import FR, HOURLY, MONTHLY, YEARLY, rrule, rruleset

import bizhours
from bizhours import BizHoursError, Calendar, ConfigError, NaiveDatetimeError, NeverOpenError
from bizhours._definition.dates import date_selector
from bizhours.testing.reference import ReferenceCalendar
from tests.helpers import ET, LONDON, TOKYO, US, H, et, finishes, uk, utc

NINE_TO_FIVE = {"mon-fri": "09:00-17:00"}


def same(result: datetime, expected: datetime) -> None:
    """The same instant, in the same tzinfo, shown with the same wall time and offset."""
    # Compare in UTC: an aware == across zones is False for times in a repeated hour.
    assert result.astimezone(UTC) == expected.astimezone(UTC)
    assert result.tzinfo is expected.tzinfo
    assert result.utcoffset() == expected.utcoffset()
    assert result.replace(tzinfo=None) == expected.replace(tzinfo=None)


def day_total(cal: Calendar, day: date, tz: tzinfo = ET) -> timedelta:
    start = datetime(day.year, day.month, day.day, tzinfo=tz)
    return cal.elapsed(start, start + timedelta(days=1))


@pytest.fixture
def eastern() -> Calendar:
    return bizhours.calendar("eastern")


# --- the contract's worked examples -------------------------------------------------------------


def test_friday_afternoon_to_monday(eastern: Calendar) -> None:
    same(eastern.add(et(2026, 11, 20, 16), 2 * H), et(2026, 11, 23, 10))
    assert eastern.elapsed(et(2026, 11, 20, 16), et(2026, 11, 23, 10)) == 2 * H


def test_a_full_day_ends_at_the_close_not_the_next_open(eastern: Calendar) -> None:
    same(eastern.add(et(2026, 11, 23, 9), 8 * H), et(2026, 11, 23, 17))


def test_negative_durations_go_back(eastern: Calendar) -> None:
    same(eastern.add(et(2026, 11, 23, 10), -2 * H), et(2026, 11, 20, 16))
    same(eastern.subtract(et(2026, 11, 23, 10), 2 * H), et(2026, 11, 20, 16))
    # The latest instant with 8 h before Tuesday 09:00 is Monday's opening, not Friday's close.
    same(eastern.add(et(2026, 11, 24, 9), -8 * H), et(2026, 11, 23, 9))
    assert eastern.elapsed(et(2026, 11, 23, 10), et(2026, 11, 20, 16)) == -2 * H


def test_zero_duration_is_the_instant_itself(eastern: Calendar) -> None:
    saturday = et(2026, 11, 21, 12)
    same(eastern.add(saturday, timedelta(0)), saturday)


def test_thanksgiving(eastern: Calendar) -> None:
    thanksgiving = date(2026, 11, 26)
    assert not eastern.is_business_day(thanksgiving)
    assert "Thanksgiving" in (eastern.holiday_name(thanksgiving) or "")
    assert not eastern.is_open(et(2026, 11, 26, 12))
    # Wednesday 16:00 + 2 h: 1 h on Wednesday, none on Thursday, 1 h on Friday.
    same(eastern.add(et(2026, 11, 25, 16), 2 * H), et(2026, 11, 27, 10))
    assert eastern.is_business_day(date(2026, 11, 27))


def test_saturday_holiday_is_not_observed_on_friday_by_us_banks(eastern: Calendar) -> None:
    assert eastern.is_business_day(date(2026, 7, 3))
    assert eastern.is_open(et(2026, 7, 3, 10))
    assert eastern.holiday_name(date(2026, 7, 3)) is None
    assert day_total(eastern, date(2026, 7, 3)) == 8 * H
    # A Sunday holiday is observed on the Monday: 4 July 2027 is a Sunday.
    assert not eastern.is_business_day(date(2027, 7, 5))
    same(eastern.next_open(et(2027, 7, 2, 17)), et(2027, 7, 6, 9))


def test_christmas_in_the_us(eastern: Calendar) -> None:
    assert not eastern.is_business_day(date(2026, 12, 25))
    same(eastern.add(et(2026, 12, 24, 16), 2 * H), et(2026, 12, 28, 10))


def test_christmas_in_the_uk() -> None:
    cal = bizhours.calendar("uk")
    # 2026: Christmas on Friday, Boxing Day on Saturday, substituted on Monday 28 December.
    assert not cal.is_business_day(date(2026, 12, 25))
    assert not cal.is_business_day(date(2026, 12, 28))
    assert cal.is_business_day(date(2026, 12, 29))
    same(cal.add(uk(2026, 12, 24, 16), H), uk(2026, 12, 29, 9))
    assert cal.elapsed(uk(2026, 12, 24, 16), uk(2026, 12, 29, 9)) == H


def test_uk_request_across_easter_and_the_clock_change_given_in_utc() -> None:
    cal = bizhours.calendar("uk")
    # 2027: Good Friday 26 March, clocks forward on Sunday 28 March, Easter Monday 29 March.
    request = utc(2027, 3, 25, 15, 30)  # Thursday 15:30 GMT, one hour before closing
    due = cal.add(request, 8 * H)
    # 1 h on Thursday, then from Tuesday 08:30 BST (07:30 UTC) 7 h more.
    same(due, utc(2027, 3, 30, 14, 30))
    assert due.tzinfo is UTC
    assert cal.elapsed(request, due) == 8 * H
    assert not cal.is_business_day(date(2027, 3, 26))
    assert not cal.is_business_day(date(2027, 3, 29))
    same(cal.next_open(utc(2027, 3, 25, 16, 30)), utc(2027, 3, 30, 7, 30))


def test_st_andrews_day_in_scotland_only() -> None:
    scotland = bizhours.calendar("uk", subdivision="SCT")
    england = bizhours.calendar("uk")
    st_andrews = date(2026, 11, 30)  # a Monday
    assert not scotland.is_business_day(st_andrews)
    assert england.is_business_day(st_andrews)
    assert scotland.holiday_name(st_andrews) is not None
    same(scotland.add(uk(2026, 11, 27, 16), H), uk(2026, 12, 1, 9))
    assert bizhours.calendar("UK", subdivision="sct") == scotland


def test_deadline_landing_exactly_at_closing(eastern: Calendar) -> None:
    due = eastern.add(et(2026, 11, 23, 16), H)
    same(due, et(2026, 11, 23, 17))
    assert not eastern.is_open(due)  # half-open: at 17:00 the desk is closed
    same(eastern.next_open(due), et(2026, 11, 24, 9))
    same(eastern.next_close(et(2026, 11, 23, 16, 59, 59, 999999)), et(2026, 11, 23, 17))
    same(eastern.next_close(due), et(2026, 11, 24, 17))
    assert eastern.is_open(et(2026, 11, 23, 9))
    same(eastern.next_open(et(2026, 11, 23, 9)), et(2026, 11, 23, 9))


def test_microsecond_steps_over_closing_time(eastern: Calendar) -> None:
    last = et(2026, 11, 23, 16, 59, 59, 999999)
    assert eastern.is_open(last)
    assert not eastern.is_open(last + US)
    assert eastern.elapsed(last, last + 2 * US) == US
    same(eastern.add(last, US), et(2026, 11, 23, 17))
    same(eastern.add(last, 2 * US), et(2026, 11, 24, 9, 0, 0, 1))
    same(eastern.subtract(et(2026, 11, 24, 9, 0, 0, 1), 2 * US), last)
    same(eastern.subtract(et(2026, 11, 24, 9), US), last)


def test_results_are_in_the_callers_tzinfo(eastern: Calendar) -> None:
    at = datetime(2026, 11, 20, 21, tzinfo=UTC)  # Friday 16:00 Eastern
    due = eastern.add(at, 2 * H)
    assert due.tzinfo is UTC
    same(due, utc(2026, 11, 23, 15))
    at_tokyo = at.astimezone(TOKYO)
    for result in (
        eastern.add(at_tokyo, 2 * H),
        eastern.subtract(at_tokyo, 2 * H),
        eastern.next_open(at_tokyo),
        eastern.next_close(at_tokyo),
    ):
        assert result.tzinfo is TOKYO
    same(eastern.next_close(at_tokyo), datetime(2026, 11, 21, 7, tzinfo=TOKYO))
    fixed = timezone(timedelta(hours=5, minutes=30))
    windows = list(eastern.windows(at.astimezone(fixed), utc(2026, 11, 23, 15)))
    assert all(t.tzinfo is fixed for window in windows for t in window)
    assert windows == [(at, utc(2026, 11, 20, 22)), (utc(2026, 11, 23, 14), utc(2026, 11, 23, 15))]
    same(windows[1][0], datetime(2026, 11, 23, 19, 30, tzinfo=fixed))
    # Mixed zones are fine: the instants count, not the wall clocks.
    assert eastern.elapsed(at_tokyo, utc(2026, 11, 23, 15)) == 2 * H


def test_windows_are_clipped_and_in_order(eastern: Calendar) -> None:
    got = list(eastern.windows(et(2026, 11, 20, 12), et(2026, 11, 24, 10)))
    assert got == [
        (et(2026, 11, 20, 12), et(2026, 11, 20, 17)),
        (et(2026, 11, 23, 9), et(2026, 11, 23, 17)),
        (et(2026, 11, 24, 9), et(2026, 11, 24, 10)),
    ]
    assert list(eastern.windows(et(2026, 11, 21), et(2026, 11, 22))) == []
    assert list(eastern.windows(et(2026, 11, 24), et(2026, 11, 23))) == []


def test_is_business_day_takes_an_aware_datetime_as_its_local_date(eastern: Calendar) -> None:
    # Saturday 03:00 UTC is Friday 22:00 in New York.
    assert eastern.is_business_day(utc(2026, 11, 21, 3))
    assert not eastern.is_business_day(date(2026, 11, 21))
    assert not eastern.is_business_day(utc(2026, 11, 22, 3))


def test_is_business_day_takes_the_local_date_of_the_instant() -> None:
    santiago = ZoneInfo("America/Santiago")
    sundays = Calendar(santiago, {"sun": "00:00-24:00"})
    # Clocks go from Saturday 24:00 to Sunday 01:00 on 7 September 2025. A wall time in the
    # gap with fold=1 takes the later offset (-03): the instant is Saturday 23:00 (-04).
    at = datetime(2025, 9, 7, 0, 0, fold=1, tzinfo=santiago)
    assert at.astimezone(UTC) == utc(2025, 9, 7, 3)
    assert not sundays.is_open(at)
    assert not sundays.is_business_day(at)
    assert sundays.is_business_day(at.replace(fold=0))  # the -04 offset: Sunday 01:00 (-03)


def test_presets() -> None:
    pacific = bizhours.calendar("Pacific")
    la = ZoneInfo("America/Los_Angeles")
    same(pacific.next_open(datetime(2026, 11, 26, 12, tzinfo=la)),
         datetime(2026, 11, 27, 9, tzinfo=la))
    always = bizhours.calendar("24x7")
    assert always.is_open(utc(2026, 12, 25, 3))
    same(always.add(utc(2026, 12, 24, 23), 2 * H), utc(2026, 12, 25, 1))
    assert always.elapsed(utc(2026, 1, 1), utc(2027, 1, 1)) == timedelta(days=365)
    assert bizhours.calendar(" EASTERN ") == bizhours.calendar("eastern")


# --- hours, midnight and DST --------------------------------------------------------------------


def test_day_specs_and_case() -> None:
    base = Calendar("UTC", {"mon-fri": "09:00-17:00"})
    assert Calendar("UTC", {"Monday-FRIDAY": "09:00-17:00"}) == base
    assert Calendar("UTC", {"mon,tue,wed": "09:00-17:00", "thu-fri": "09:00-17:00"}) == base
    wrapping = Calendar("UTC", {"fri-mon": "10:00-11:00"})
    assert [wrapping.is_business_day(date(2026, 11, d)) for d in range(23, 30)] == [
        True, False, False, False, True, True, True,
    ]


def test_windows_touching_across_midnight_are_one_window() -> None:
    cal = Calendar("UTC", {"mon": "20:00-24:00", "tue": "00:00-04:00, 09:00-10:00"})
    assert list(cal.windows(utc(2026, 11, 23), utc(2026, 11, 25))) == [
        (utc(2026, 11, 23, 20), utc(2026, 11, 24, 4)),
        (utc(2026, 11, 24, 9), utc(2026, 11, 24, 10)),
    ]
    same(cal.next_close(utc(2026, 11, 23, 21)), utc(2026, 11, 24, 4))
    same(cal.next_open(utc(2026, 11, 23, 12)), utc(2026, 11, 23, 20))
    same(cal.add(utc(2026, 11, 23, 23), 2 * H), utc(2026, 11, 24, 1))


def test_touching_ranges_within_a_day_join() -> None:
    cal = Calendar("UTC", {"mon": "09:00-12:00, 12:00-13:00"})
    same(cal.next_close(utc(2026, 11, 23, 10)), utc(2026, 11, 23, 13))


def test_opening_in_a_dst_gap_moves_to_the_end_of_the_gap() -> None:
    # New York springs forward on Sunday 8 March 2026 at 02:00 to 03:00.
    cal = Calendar(ET, {"sun": "02:30-04:00"})
    same(cal.next_open(et(2026, 3, 8)), et(2026, 3, 8, 3))
    assert day_total(cal, date(2026, 3, 8)) == H
    assert cal.is_business_day(date(2026, 3, 8))
    night = Calendar(ET, {"sun": "01:00-05:00"})
    assert day_total(night, date(2026, 3, 8)) == 3 * H  # elapsed time: the night is short
    assert day_total(night, date(2026, 11, 1)) == 5 * H  # and long in autumn


def test_a_window_inside_a_dst_gap_disappears() -> None:
    cal = Calendar(ET, {"sun": "02:10-02:50"})
    assert not cal.is_business_day(date(2026, 3, 8))
    assert cal.is_business_day(date(2026, 3, 15))
    same(cal.next_open(et(2026, 3, 8)), et(2026, 3, 15, 2, 10))


def test_a_boundary_in_a_repeated_hour_takes_its_first_occurrence() -> None:
    # New York falls back on Sunday 1 November 2026: 01:00-02:00 happens twice.
    cal = Calendar(ET, {"sun": "01:30-02:00"})
    first = datetime(2026, 11, 1, 5, 30, tzinfo=UTC)  # 01:30 EDT
    same(cal.next_open(et(2026, 11, 1)), first.astimezone(ET))
    same(cal.next_close(first), utc(2026, 11, 1, 7))  # 02:00 EST
    assert day_total(cal, date(2026, 11, 1)) == timedelta(hours=1, minutes=30)
    closes = Calendar(ET, {"sun": "00:00-01:30"})
    same(closes.next_close(et(2026, 11, 1)), first.astimezone(ET))


# --- adjustments and their precedence ------------------------------------------------------------


def test_with_hours_contracts_and_expands_one_date(eastern: Calendar) -> None:
    eve = eastern.with_hours(date(2026, 12, 24), "09:00-12:00")
    assert day_total(eve, date(2026, 12, 24)) == 3 * H
    assert not eve.is_open(et(2026, 12, 24, 13))
    assert eve.is_adjusted(date(2026, 12, 24)) and not eve.is_adjusted(date(2026, 12, 23))
    assert day_total(eve, date(2026, 12, 23)) == 8 * H
    saturday = eastern.with_hours(date(2026, 11, 28), "10:00-14:00")
    assert saturday.is_business_day(date(2026, 11, 28))
    same(saturday.add(et(2026, 11, 27, 16), 2 * H), et(2026, 11, 28, 11))
    assert not eastern.is_business_day(date(2026, 11, 28))  # the original is unchanged


def test_inclusive_date_range_and_closed(eastern: Calendar) -> None:
    shut = eastern.with_hours((date(2026, 12, 28), date(2026, 12, 31)), "")
    for day in range(28, 32):
        assert not shut.is_business_day(date(2026, 12, day))
    # 1 January is a holiday too: the next opening is Monday 4 January.
    same(shut.next_open(et(2026, 12, 24, 17)), et(2027, 1, 4, 9))
    assert eastern.closed(date(2026, 12, 31)) == eastern.with_hours(date(2026, 12, 31), "")
    assert not eastern.closed(date(2026, 12, 31)).is_business_day(date(2026, 12, 31))
    assert eastern.closed((date(2026, 12, 30), date(2026, 12, 30))).is_business_day(
        date(2026, 12, 31))


def test_expanded_and_contracted(eastern: Calendar) -> None:
    day = date(2026, 11, 27)
    longer = eastern.expanded(day, "17:00-19:00")
    assert day_total(longer, day) == 10 * H
    same(longer.next_close(et(2026, 11, 27, 10)), et(2026, 11, 27, 19))
    lunch = eastern.contracted(day, "12:00-13:00")
    assert day_total(lunch, day) == 7 * H
    assert not lunch.is_open(et(2026, 11, 27, 12, 30))
    same(lunch.next_close(et(2026, 11, 27, 10)), et(2026, 11, 27, 12))
    same(lunch.add(et(2026, 11, 27, 11), 2 * H), et(2026, 11, 27, 14))
    # Contracting hours the day does not have changes nothing.
    assert day_total(eastern.contracted(day, "18:00-20:00"), day) == 8 * H


def test_adjustments_apply_in_the_order_they_were_made(eastern: Calendar) -> None:
    day = date(2026, 11, 27)
    assert day_total(eastern.expanded(day, "17:00-19:00").with_hours(day, "10:00-11:00"),
                     day) == H
    assert day_total(eastern.with_hours(day, "10:00-11:00").expanded(day, "17:00-19:00"),
                     day) == 3 * H
    assert day_total(eastern.contracted(day, "09:00-17:00").expanded(day, "12:00-13:00"),
                     day) == H
    assert day_total(eastern.expanded(day, "18:00-19:00").contracted(day, "09:00-19:00"),
                     day) == timedelta(0)


def test_an_adjustment_on_a_holiday_wins(eastern: Calendar) -> None:
    thanksgiving = date(2026, 11, 26)
    working = eastern.with_hours(thanksgiving, "09:00-13:00")
    assert working.is_open(et(2026, 11, 26, 10))
    assert day_total(working, thanksgiving) == 4 * H
    # An expansion adds to nothing on a holiday: the day has exactly the added hours.
    extra = eastern.expanded(thanksgiving, "10:00-12:00")
    assert day_total(extra, thanksgiving) == 2 * H
    assert not extra.is_open(et(2026, 11, 26, 9, 30))


def test_recurring_adjustments(eastern: Calendar) -> None:
    eves = eastern.closed(rrule(YEARLY, bymonth=12, bymonthday=24, dtstart=datetime(2026, 1, 1)))
    assert not eves.is_business_day(date(2026, 12, 24))
    assert not eves.is_business_day(date(2027, 12, 24))
    assert not eves.is_business_day(date(2035, 12, 24))
    assert eves.is_business_day(date(2026, 12, 23))
    assert eves.is_adjusted(date(2031, 12, 24))
    last_fridays = eastern.with_hours(
        rrule(MONTHLY, byweekday=FR(-1), dtstart=datetime(2026, 1, 1)), "09:00-12:00")
    assert day_total(last_fridays, date(2026, 10, 30)) == 3 * H
    assert day_total(last_fridays, date(2026, 10, 23)) == 8 * H
    rules = rruleset()
    rules.rrule(rrule(YEARLY, bymonth=8, bymonthday=14, dtstart=datetime(2026, 1, 1)))
    rules.exdate(datetime(2028, 8, 14))
    picnics = eastern.closed(rules)
    assert not picnics.is_business_day(date(2026, 8, 14))
    assert picnics.is_business_day(date(2028, 8, 14))


def test_with_weekly_hours_from_an_effective_date(eastern: Calendar) -> None:
    longer = eastern.with_weekly_hours({"mon-fri": "08:00-18:00"}, effective=date(2027, 1, 1))
    assert day_total(longer, date(2026, 12, 31)) == 8 * H
    assert day_total(longer, date(2027, 1, 4)) == 10 * H
    assert not longer.is_business_day(date(2027, 1, 1))  # holidays still apply
    # When two share a date the later call wins; different dates each take effect on theirs.
    twice = longer.with_weekly_hours({"mon-fri": "10:00-12:00"}, effective=date(2027, 1, 1))
    assert day_total(twice, date(2027, 1, 4)) == 2 * H
    earlier = longer.with_weekly_hours({"mon-sat": "09:00-10:00"}, effective=date(2026, 12, 1))
    assert day_total(earlier, date(2026, 12, 5)) == H
    assert day_total(earlier, date(2027, 1, 4)) == 10 * H
    with pytest.raises(TypeError):
        eastern.with_weekly_hours({"mon-fri": "08:00-18:00"})  # type: ignore[call-arg]


# --- combinations across zones -------------------------------------------------------------------


def test_follow_the_sun_union_and_overlap_across_zones(eastern: Calendar) -> None:
    london = bizhours.calendar("uk")
    either, both = eastern | london, eastern & london
    # Monday 23 November 2026: London 08:30-16:30 GMT is 03:30-11:30 in New York.
    monday = date(2026, 11, 23)
    assert list(either.windows(et(2026, 11, 23), et(2026, 11, 24))) == [
        (et(2026, 11, 23, 3, 30), et(2026, 11, 23, 17))]
    assert list(both.windows(et(2026, 11, 23), et(2026, 11, 24))) == [
        (et(2026, 11, 23, 9), et(2026, 11, 23, 11, 30))]
    assert day_total(either, monday) == timedelta(hours=13, minutes=30)
    assert day_total(both, monday) == timedelta(hours=2, minutes=30)
    same(both.add(et(2026, 11, 23, 9), 3 * H), et(2026, 11, 24, 9, 30))
    same(either.next_close(et(2026, 11, 23, 4)), et(2026, 11, 23, 17))
    # Thanksgiving: only London works, so only London's hours are covered.
    assert day_total(either, date(2026, 11, 26)) == 8 * H
    assert not both.is_business_day(date(2026, 11, 26))
    assert either.is_business_day(date(2026, 11, 26))


def test_combination_when_only_one_zone_has_changed_clocks(eastern: Calendar) -> None:
    london = bizhours.calendar("uk")
    # Monday 23 March 2026: New York on EDT (UTC-4), London still on GMT.
    assert list((eastern & london).windows(et(2026, 3, 23), et(2026, 3, 24))) == [
        (et(2026, 3, 23, 9), et(2026, 3, 23, 12, 30))]
    assert list((london & eastern).windows(uk(2026, 3, 23), uk(2026, 3, 24))) == [
        (uk(2026, 3, 23, 13), uk(2026, 3, 23, 16, 30))]


def test_combination_local_dates_are_in_the_first_zone() -> None:
    tokyo = Calendar(TOKYO, {"mon": "08:00-09:00"})  # Sunday 23:00-24:00 UTC
    nobody = Calendar("UTC", {})
    assert (tokyo | nobody).is_business_day(date(2026, 11, 23))
    assert not (nobody | tokyo).is_business_day(date(2026, 11, 23))
    assert (nobody | tokyo).is_business_day(date(2026, 11, 22))
    # Adjustments on the result use its local dates too.
    assert not (tokyo | nobody).closed(date(2026, 11, 23)).is_business_day(date(2026, 11, 23))


@pytest.mark.parametrize("hours", [{}, {"mon-sun": "00:00-24:00"}, {"sat": "10:00-11:00"}])
def test_weekly_hours_of_a_combination_from_the_first_date_replace_its_parts(
    eastern: Calendar, hours: dict[str, str]
) -> None:
    both = (eastern | bizhours.calendar("uk")).with_weekly_hours(hours, effective=date.min)
    ref = ReferenceCalendar.from_calendar(both)
    start = et(2026, 11, 23)
    assert list(both.windows(start, start + timedelta(days=7))) == ref.windows(
        start, start + timedelta(days=7))
    for at in (et(2026, 11, 25, 10), et(2026, 11, 25, 20), et(2026, 11, 28, 10, 30)):
        assert both.is_open(at) == ref.is_open(at)


# --- bad input -----------------------------------------------------------------------------------


def test_unknown_preset_lists_the_accepted_names() -> None:
    with pytest.raises(ConfigError, match="mars") as info:
        bizhours.calendar("mars")
    for name in ("eastern", "pacific", "uk", "24x7"):
        assert name in str(info.value)
    with pytest.raises(ConfigError, match="XYZ") as info:
        bizhours.calendar("uk", subdivision="XYZ")
    for nation in ("SCT", "NIR", "WLS", "ENG"):
        assert nation in str(info.value)


def test_unknown_time_zone() -> None:
    with pytest.raises(ConfigError, match="Mars/Olympus") as info:
        Calendar("Mars/Olympus", NINE_TO_FIVE)
    assert "IANA" in str(info.value)
    assert isinstance(info.value, ValueError)


@pytest.mark.parametrize(
    "ranges, bad",
    [
        ("9-5", "9"),
        ("09:00-17:60", "17:60"),
        ("25:00-26:00", "25:00"),
        ("09:00", "09:00"),
        ("09:00-17:00-18:00", "09:00-17:00-18:00"),
        ("09:00-09:00", "09:00-09:00"),
        ("24:00-24:00", "24:00"),
    ],
)
def test_malformed_ranges(ranges: str, bad: str) -> None:
    with pytest.raises(ConfigError) as info:
        Calendar("UTC", {"mon": ranges})
    message = str(info.value)
    assert bad in message
    assert any(word in message for word in ("accepted", "HH:MM", "after", "before")), message


def test_overlapping_ranges() -> None:
    with pytest.raises(ConfigError, match="overlap") as info:
        Calendar("UTC", {"mon": "09:00-12:00, 11:00-13:00"})
    assert "'09:00-12:00' and '11:00-13:00'" in str(info.value)
    assert "on mon" in str(info.value)
    with pytest.raises(ConfigError, match="overlap"):
        bizhours.calendar("eastern").with_hours(date(2026, 1, 2), "13:00-15:00, 09:00-13:30")


def test_unknown_day_names() -> None:
    with pytest.raises(ConfigError, match="funday") as info:
        Calendar("UTC", {"funday": "09:00-17:00"})
    assert "mon" in str(info.value)
    with pytest.raises(ConfigError, match="frday"):
        Calendar("UTC", {"mon-frday": "09:00-17:00"})


def test_naive_datetimes(eastern: Calendar) -> None:
    naive = datetime(2026, 11, 23, 10)
    aware = et(2026, 11, 23, 10)
    calls: list[Callable[[], object]] = [
        lambda: eastern.is_open(naive),
        lambda: eastern.next_open(naive),
        lambda: eastern.next_close(naive),
        lambda: eastern.add(naive, H),
        lambda: eastern.subtract(naive, H),
        lambda: eastern.elapsed(naive, aware),
        lambda: eastern.elapsed(aware, naive),
        lambda: list(eastern.windows(aware, naive)),
        lambda: eastern.is_business_day(naive),
    ]
    for call in calls:
        with pytest.raises(NaiveDatetimeError, match="2026-11-23T10:00:00") as info:
            call()
        assert isinstance(info.value, ValueError)
        assert "naive" in str(info.value)


def test_a_calendar_that_never_opens_raises_at_once() -> None:
    never = Calendar("UTC", {})
    at = utc(2026, 11, 23)
    for call in (lambda: never.next_open(at), lambda: never.next_close(at),
                 lambda: never.add(at, H), lambda: never.subtract(at, H)):
        assert isinstance(finishes(call), NeverOpenError)
    assert not never.is_open(at)
    assert never.elapsed(at, at + timedelta(days=3650)) == timedelta(0)
    assert list(never.windows(at, at + timedelta(days=3650))) == []


def test_a_calendar_that_stops_opening_raises_at_once(eastern: Calendar) -> None:
    stops = eastern.with_weekly_hours({}, effective=date(2027, 1, 1))
    same(stops.add(et(2026, 12, 31, 16), H), et(2026, 12, 31, 17))
    assert isinstance(finishes(lambda: stops.add(et(2026, 12, 31, 16), 2 * H)), NeverOpenError)
    assert isinstance(finishes(lambda: stops.next_open(et(2027, 2, 1))), NeverOpenError)
    reopened = stops.with_hours(date(2030, 5, 1), "09:00-10:00")
    same(reopened.next_open(et(2027, 2, 1)), et(2030, 5, 1, 9))
    assert isinstance(finishes(lambda: reopened.next_open(et(2030, 5, 1, 10))), NeverOpenError)
    # Backwards, a calendar that only starts opening later has nothing before.
    starts = Calendar(ET, {}).with_weekly_hours(NINE_TO_FIVE, effective=date(2026, 1, 1))
    same(starts.subtract(et(2026, 1, 2, 10), 9 * H), et(2026, 1, 1, 9))
    assert isinstance(finishes(lambda: starts.subtract(et(2026, 1, 2, 10), 10 * H)),
                      NeverOpenError)


def test_an_intersection_that_never_opens_raises_at_once() -> None:
    # Mondays and Tuesdays never overlap: nothing to search for until year 9999.
    never = Calendar(ET, {"mon": "09:00-10:00"}) & Calendar(ET, {"tue": "09:00-10:00"})
    at = et(2026, 11, 23)
    for call in (lambda: never.next_open(at), lambda: never.add(at, H),
                 lambda: never.subtract(at, H)):
        error = finishes(call, 5.0)
        assert isinstance(error, NeverOpenError), repr(error)


def test_a_calendar_that_never_closes_has_no_next_close() -> None:
    always = bizhours.calendar("24x7")
    error = finishes(lambda: always.next_close(utc(2026, 11, 23)))
    assert isinstance(error, BizHoursError)
    assert "close" in str(error)
    same(always.next_open(utc(2026, 11, 23, 5)), utc(2026, 11, 23, 5))


@pytest.mark.parametrize(
    "call",
    [
        lambda: bizhours.calendar("eastern").add(utc(9999, 12, 1), timedelta(hours=1000)),
        lambda: bizhours.calendar("24x7").add(utc(9999, 12, 20), timedelta(days=30)),
        lambda: bizhours.calendar("24x7").add(utc(2026, 1, 1), timedelta.max),
        lambda: bizhours.calendar("24x7").subtract(utc(1, 1, 5), timedelta(days=10)),
        lambda: bizhours.calendar("eastern").subtract(utc(1, 3, 1), timedelta(hours=1000)),
        lambda: bizhours.calendar("24x7").add(utc(2026, 1, 1), timedelta.min),
    ],
    ids=["eastern-late", "24x7-late", "max-duration", "24x7-early", "eastern-early",
         "min-duration"],
)
def test_results_beyond_datetimes_range(call: Callable[[], object]) -> None:
    error = finishes(call)
    assert isinstance(error, BizHoursError), repr(error)
    assert "range" in str(error)


@pytest.mark.parametrize(
    "call, bad",
    [
        (lambda: bizhours.bank_holidays("XX"), "XX"),
        (lambda: Calendar("UTC", NINE_TO_FIVE, ["2026-02-30"]), "2026-02-30"),
        (lambda: bizhours.calendar("eastern").with_hours("2026-13-01", ""), "2026-13-01"),
        (lambda: bizhours.calendar("eastern").with_weekly_hours({}, effective="soon"), "soon"),
        (lambda: Calendar("UTC", {"mon-": "09:00-10:00"}), "mon-"),
        (lambda: Calendar("UTC", {"mon": 9}), "9"),  # type: ignore[dict-item]
        (lambda: bizhours.calendar("24x7", subdivision="SCT"), "SCT"),
        (lambda: bizhours.calendar("eastern").closed(
            rrule(HOURLY, dtstart=datetime(2026, 1, 1), count=3)), "FREQ=HOURLY"),
    ],
    ids=["country", "holiday", "adjusted-date", "effective", "day-spec", "hours-type",
         "subdivision-on-24x7", "rule-finer-than-daily"],
)
def test_other_bad_values_are_named(call: Callable[[], object], bad: str) -> None:
    with pytest.raises(ConfigError, match=re.escape(bad)):
        call()


def test_a_holidays_package_without_the_federal_reserve_calendar_is_named(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import sys

    # An older holidays has no federal_reserve module: its import fails.
    monkeypatch.setitem(sys.modules, "holidays.financial.federal_reserve", None)
    with pytest.raises(ConfigError, match=r"holidays>=0\.109"):
        bizhours.bank_holidays("US")


@pytest.mark.parametrize(
    "at",
    [utc(1, 1, 3, 12), utc(1, 6, 1, 12), utc(2, 1, 1, 12), utc(2, 6, 1, 12),
     utc(9998, 12, 31, 12), utc(9999, 6, 1, 12), utc(9999, 12, 29, 12)],
    ids=str,
)
@pytest.mark.parametrize("zone", ["UTC", "America/New_York"])
def test_instants_in_the_first_and_last_supported_years(at: datetime, zone: str) -> None:
    cal, ref = Calendar(zone, NINE_TO_FIVE), ReferenceCalendar.from_spec(zone, NINE_TO_FIVE)

    def outcome(call: Callable[[], object]) -> object:
        try:
            result = call()
        except BizHoursError as exc:
            return type(exc)
        return result.astimezone(UTC) if isinstance(result, datetime) else result

    assert cal.is_open(at) == ref.is_open(at)
    assert cal.elapsed(at - 30 * H, at + 30 * H) == ref.elapsed(at - 30 * H, at + 30 * H)
    for d in (H, -H, 20 * H, -20 * H):
        assert outcome(lambda: cal.add(at, d)) == outcome(lambda: ref.add(at, d)), d  # noqa: B023
    assert outcome(lambda: cal.next_open(at)) == outcome(lambda: ref.next_open(at))


def test_adjustment_range_ending_before_it_starts(eastern: Calendar) -> None:
    with pytest.raises(ConfigError, match=r"2026-12-28|2026, 12, 28") as info:
        eastern.with_hours((date(2026, 12, 31), date(2026, 12, 28)), "")
    assert "before" in str(info.value)
    with pytest.raises(ConfigError):
        eastern.closed((date(2026, 12, 31), date(2026, 12, 30)))


# --- values: equality, hashing, pickling, threads ------------------------------------------------


def test_calendars_are_values() -> None:
    a = Calendar(ET, NINE_TO_FIVE, bizhours.bank_holidays("US"))
    b = Calendar("America/New_York", {"Monday-Friday": "09:00-17:00"},
                 bizhours.bank_holidays("US"))
    assert a == b and hash(a) == hash(b)
    assert a == bizhours.calendar("eastern")
    assert a != Calendar(ET, NINE_TO_FIVE)
    assert a != Calendar(ET, {"mon-fri": "09:00-16:00"}, bizhours.bank_holidays("US"))
    closed = a.closed(date(2026, 12, 24))
    assert closed == b.closed(date(2026, 12, 24)) and hash(closed) == hash(
        b.closed(date(2026, 12, 24)))
    assert closed != a
    assert len({a, b, closed, bizhours.calendar("eastern")}) == 2


def test_holiday_sources_count_by_definition() -> None:
    england = Calendar(LONDON, NINE_TO_FIVE, bizhours.bank_holidays("UK"))
    scotland = Calendar(LONDON, NINE_TO_FIVE, bizhours.bank_holidays("UK", subdivision="SCT"))
    assert england != scotland
    assert england == Calendar(LONDON, NINE_TO_FIVE, bizhours.bank_holidays("GB"))
    # Read lazily, year by year: far years work too.
    assert not bizhours.calendar("eastern").is_business_day(date(2090, 12, 25))
    assert bizhours.calendar("eastern").is_business_day(date(2090, 12, 26))


def test_recurring_adjustments_are_values(eastern: Calendar) -> None:
    def eves() -> rrule:
        return rrule(YEARLY, bymonth=12, bymonthday=24, dtstart=datetime(2026, 1, 1))

    assert eastern.closed(eves()) == eastern.closed(eves())
    assert hash(eastern.closed(eves())) == hash(eastern.closed(eves()))
    assert eastern.closed(eves()) != eastern.with_hours(eves(), "09:00-12:00")
    copy = pickle.loads(pickle.dumps(eastern.closed(eves())))
    assert copy == eastern.closed(eves())
    assert not copy.is_business_day(date(2029, 12, 24))


def test_an_iterable_of_dates_is_snapshotted() -> None:
    days = [date(2026, 11, 23)]
    cal = Calendar("UTC", NINE_TO_FIVE, days)
    days.append(date(2026, 11, 24))
    assert not cal.is_business_day(date(2026, 11, 23))
    assert cal.is_business_day(date(2026, 11, 24))
    assert cal == Calendar("UTC", NINE_TO_FIVE, {date(2026, 11, 23)})


def test_calendars_pickle_small_without_their_cache() -> None:
    cal = (Calendar(ET, NINE_TO_FIVE, bizhours.bank_holidays("US"))
           .with_hours(date(2026, 12, 24), "09:00-12:00")
           .closed(rrule(YEARLY, bymonth=12, bymonthday=31, dtstart=datetime(2026, 1, 1))))
    before = pickle.dumps(cal)
    cal.elapsed(et(2000, 1, 1), et(2040, 1, 1))  # compile decades
    for adjustment in cal.definition.adjustments:  # and find each rule's first and last dates
        adjustment.dates.first_date(), adjustment.dates.last_date()
    after = pickle.dumps(cal)
    assert len(after) == len(before) < 4096
    copy = pickle.loads(after)
    assert copy == cal and hash(copy) == hash(cal)
    same(copy.add(et(2026, 12, 24, 11), 2 * H), et(2026, 12, 28, 10))
    combined = cal | bizhours.calendar("uk")
    assert pickle.loads(pickle.dumps(combined)) == combined


def test_a_holiday_list_hashes_alike_in_another_process() -> None:
    # String hashes differ between processes: an unpickled snapshot must hash afresh, or an
    # equal calendar on a worker would miss every cache keyed by it.
    christmas = Calendar("UTC", NINE_TO_FIVE, {date(2026, 12, 25): "Christmas Day"})
    source = christmas.definition.holidays
    code = ("import pickle, sys; from datetime import date; "
            "from bizhours._definition.holidays import HolidaySnapshot; "
            "h = pickle.loads(sys.stdin.buffer.read()); "
            "fresh = HolidaySnapshot(((date(2026, 12, 25), 'Christmas Day'),)); "
            "print(h == fresh and hash(h) == hash(fresh))")
    out = subprocess.run([sys.executable, "-c", code], input=pickle.dumps(source),
                         capture_output=True, check=True).stdout
    assert out.strip() == b"True"


def test_threads_querying_a_fresh_calendar_agree() -> None:
    def fresh() -> Calendar:
        return Calendar(ET, {"mon-thu": "09:00-12:00, 13:00-17:00", "fri": "09:00-13:00"},
                        bizhours.bank_holidays("US")).expanded(date(2031, 6, 7), "10:00-11:00")

    starts = [et(1995 + 3 * i, 1 + i % 12, 1 + i, 10, 30) for i in range(12)]

    def answers(cal: Calendar) -> list[object]:
        out: list[object] = []
        for at in starts:
            out += [cal.add(at, timedelta(hours=3000)), cal.subtract(at, 500 * H),
                    cal.elapsed(at, at + timedelta(days=4000)), cal.next_open(at),
                    cal.next_close(at), cal.is_open(at)]
        return out

    expected = answers(fresh())
    shared = fresh()
    barrier = threading.Barrier(8)
    results: list[list[object]] = []
    errors: list[BaseException] = []

    def worker() -> None:
        try:
            barrier.wait()
            results.append(answers(shared))
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=worker) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    assert len(results) == 8
    assert all(result == expected for result in results)


def test_a_rules_dates_asked_day_by_day_are_its_dates_over_the_range() -> None:
    # Day-by-day questions are answered from a year's dates found once; they must agree with
    # the rule walked over the whole range (across a year end, with an excluded date).
    rules = rruleset()
    rules.rrule(rrule(MONTHLY, byweekday=FR(-1), dtstart=datetime(2025, 1, 1)))
    rules.rdate(datetime(2027, 1, 4))
    rules.exdate(datetime(2026, 12, 25))
    dates = date_selector(rules)
    first, last = date(2026, 10, 1), date(2027, 2, 28)
    whole = list(dates.between(first, last))
    assert whole == [date(2026, 10, 30), date(2026, 11, 27), date(2027, 1, 4),
                     date(2027, 1, 29), date(2027, 2, 26)]
    day_by_day = [d for n in range((last - first).days + 1)
                  for d in dates.between(first + timedelta(days=n), first + timedelta(days=n))]
    assert day_by_day == whole
    assert list(dates.between(date(2026, 11, 1), date(2026, 12, 31))) == [date(2026, 11, 27)]
