"""Business days and business-day deadlines: api.md section 2's rules and examples."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import bizhours
from bizhours import BusinessDays, Calendar, ConfigError, NeverOpenError
from tests.helpers import examples

NY = ZoneInfo("America/New_York")
EASTERN = bizhours.calendar("eastern")
NIGHTS = Calendar("America/New_York", {"mon-fri": "22:00-06:00"})


def ny(*fields: int) -> datetime:
    return datetime(*fields, tzinfo=NY)  # type: ignore[misc]


# --- api.md's examples (eastern, Thanksgiving Thursday 2026-11-26) --------------------------


@pytest.mark.parametrize(("at", "deadline", "due"), [
    (ny(2026, 11, 25, 10, 30), BusinessDays(1), ny(2026, 11, 27, 10, 30)),
    (ny(2026, 11, 20, 18), BusinessDays(1), ny(2026, 11, 24, 9)),  # starts Mon 09:00
    (ny(2026, 11, 21, 10), BusinessDays(1, by="close"), ny(2026, 11, 24, 17)),
    (ny(2026, 11, 23, 15), BusinessDays(0, by="close"), ny(2026, 11, 23, 17)),
    (ny(2026, 11, 23, 11), BusinessDays(1, by="16:00", cutoff="10:00"), ny(2026, 11, 25, 16)),
])
def test_the_documented_deadlines(at: datetime, deadline: BusinessDays, due: datetime) -> None:
    assert EASTERN.add(at, deadline) == due


def test_a_cutoff_counts_the_day_of_arrival_before_it() -> None:
    deadline = BusinessDays(1, by="16:00", cutoff="10:00")
    assert EASTERN.add(ny(2026, 11, 23, 9, 59), deadline) == ny(2026, 11, 24, 16)
    assert EASTERN.add(ny(2026, 11, 23, 10), deadline) == ny(2026, 11, 25, 16)  # at the cutoff


def test_a_start_from_an_earlier_date_arrives_before_any_cutoff() -> None:
    # Friday 18:00: the start is Monday 09:00, and the ticket came in before Monday's cutoff.
    deadline = BusinessDays(1, by="16:00", cutoff="10:00")
    assert EASTERN.add(ny(2026, 11, 20, 18), deadline) == ny(2026, 11, 24, 16)


def test_never_before_the_start() -> None:
    assert EASTERN.add(ny(2026, 11, 23, 15), BusinessDays(0, by="12:00")) == ny(2026, 11, 23, 15)
    assert EASTERN.add(ny(2026, 11, 23, 15), BusinessDays(0, by="open")) == ny(2026, 11, 23, 15)


def test_open_and_close_anchors() -> None:
    assert EASTERN.add(ny(2026, 11, 25, 12), BusinessDays(1, by="open")) == ny(2026, 11, 27, 9)
    assert EASTERN.add(ny(2026, 11, 25, 12), BusinessDays(2, by="close")) == ny(2026, 11, 30, 17)


def test_the_wall_time_is_clamped_into_the_target_days_hours() -> None:
    split = Calendar("America/New_York", {"mon-fri": "09:00-12:00, 13:00-17:00"})
    monday = ny(2026, 11, 23, 10)
    assert split.add(monday, BusinessDays(1, by="12:30")) == ny(2026, 11, 24, 12)  # the break
    assert split.add(monday, BusinessDays(1, by="08:00")) == ny(2026, 11, 24, 9)
    assert split.add(monday, BusinessDays(1, by="17:00")) == ny(2026, 11, 24, 17)
    assert split.add(monday, BusinessDays(1, by="23:00")) == ny(2026, 11, 24, 17)
    assert split.add(monday, BusinessDays(1, by="12:00")) == ny(2026, 11, 24, 12)  # a close


def test_a_wall_time_in_a_dst_gap_moves_to_its_end() -> None:
    sundays = Calendar("America/New_York", {"sun": "00:00-24:00"})
    due = sundays.add(ny(2026, 3, 1, 12), BusinessDays(1, by="02:30"))
    assert due == datetime(2026, 3, 8, 7, tzinfo=ZoneInfo("UTC"))  # 03:00 EDT


def test_the_same_time_of_day_is_the_wall_time_across_a_dst_change() -> None:
    # Friday 6 March 10:30 EST to Monday 9 March 10:30 EDT: 71 hours later, not 72.
    assert EASTERN.add(ny(2026, 3, 6, 10, 30), BusinessDays(1)) == ny(2026, 3, 9, 10, 30)


def test_on_24x7_a_date_is_its_midnights() -> None:
    always = bizhours.calendar("24x7")
    utc = ZoneInfo("UTC")
    at = datetime(2026, 11, 21, 15, tzinfo=utc)
    assert always.add(at, BusinessDays(0, by="close")) == datetime(2026, 11, 22, tzinfo=utc)
    assert always.add(at, BusinessDays(2)) == datetime(2026, 11, 23, 15, tzinfo=utc)


def test_the_result_is_in_the_zone_of_the_argument() -> None:
    london = ZoneInfo("Europe/London")
    due = EASTERN.add(ny(2026, 11, 25, 10, 30).astimezone(london), BusinessDays(1))
    assert due.tzinfo is london and due == ny(2026, 11, 27, 10, 30)


def test_subtract_and_negative_days_are_refused() -> None:
    with pytest.raises(ValueError, match="counts forward"):
        EASTERN.subtract(ny(2026, 11, 25, 10), BusinessDays(1))  # type: ignore[arg-type]
    with pytest.raises(ConfigError, match=">= 0"):
        BusinessDays(-1)


@pytest.mark.parametrize(("kwargs", "message"), [
    ({"days": 1.5}, "whole number"),
    ({"days": True}, "whole number"),
    ({"days": 1, "by": "noon"}, "by='noon'"),
    ({"days": 1, "by": time(16, tzinfo=NY)}, "without tzinfo"),
    ({"days": 1, "cutoff": "close"}, "cutoff='close'"),
    ({"days": 1, "cutoff": time(10, 0, 0, 5)}, "fractions"),
])
def test_bad_values_are_refused_naming_them(kwargs: dict[str, object], message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        BusinessDays(**kwargs)  # type: ignore[arg-type]


def test_a_value_equal_however_it_was_written() -> None:
    assert BusinessDays(1, by="16:00") == BusinessDays(1, by=time(16))
    assert hash(BusinessDays(1, by="CLOSE")) == hash(BusinessDays(1, by="close"))
    assert str(BusinessDays(1, by="16:00:30")) == "1bd@16:00:30"
    assert str(BusinessDays(1, cutoff="10:00")) == "1bd,cutoff=10:00"
    assert repr(BusinessDays(2, by="open")) == "BusinessDays(2, by='open')"


# --- business dates --------------------------------------------------------------------------


def test_add_business_days() -> None:
    saturday, thanksgiving = date(2026, 11, 21), date(2026, 11, 26)
    assert EASTERN.add_business_days(saturday, 1) == date(2026, 11, 23)
    assert EASTERN.add_business_days(saturday, 0) == date(2026, 11, 23)
    assert EASTERN.add_business_days(saturday, -1) == date(2026, 11, 20)
    assert EASTERN.add_business_days(date(2026, 11, 25), 1) == date(2026, 11, 27)
    assert EASTERN.add_business_days(thanksgiving, 0) == date(2026, 11, 27)
    assert EASTERN.add_business_days(date(2026, 11, 27), -1) == date(2026, 11, 25)
    assert EASTERN.add_business_days(ny(2026, 11, 21, 23), 1) == date(2026, 11, 23)


def test_business_days_between_counts_dates_and_adds_up() -> None:
    a, b, c = date(2026, 11, 20), date(2026, 11, 27), date(2026, 12, 25)
    assert EASTERN.business_days_between(a, b) == 4  # Fri, Mon, Tue, Wed: not Thanksgiving
    assert EASTERN.business_days_between(b, a) == -4
    assert EASTERN.business_days_between(a, a) == 0
    total = EASTERN.business_days_between(a, c)
    assert total == EASTERN.business_days_between(a, b) + EASTERN.business_days_between(b, c)
    assert EASTERN.business_days_between(ny(2026, 11, 20, 23), ny(2026, 11, 23, 1)) == 1


def test_business_date() -> None:
    assert EASTERN.business_date(ny(2026, 11, 20, 16)) == date(2026, 11, 20)
    assert EASTERN.business_date(ny(2026, 11, 20, 17)) == date(2026, 11, 23)  # at the close
    assert EASTERN.business_date(ny(2026, 11, 21, 10)) == date(2026, 11, 23)
    assert EASTERN.business_date(ny(2026, 11, 26, 10)) == date(2026, 11, 27)  # Thanksgiving
    assert EASTERN.business_date(ny(2026, 11, 23, 3)) == date(2026, 11, 23)


def test_forty_years_of_business_days_is_a_count_not_a_walk() -> None:
    start = date(2026, 1, 1)
    later = EASTERN.add_business_days(start, 10_000)
    assert EASTERN.business_days_between(start, later) == 9_999  # the start is a holiday
    assert EASTERN.add_business_days(later, -9_999) == date(2026, 1, 2)


# --- night ranges: a date's hours are the ranges it is given, counted whole -----------------


def test_a_night_range_counts_on_the_date_it_starts() -> None:
    week = [NIGHTS.is_business_day(date(2026, 11, 23) + timedelta(days=i)) for i in range(7)]
    assert week == [True] * 5 + [False, False]  # Saturday's 00:00-06:00 is Friday's
    assert NIGHTS.business_date(ny(2026, 11, 28, 3)) == date(2026, 11, 27)
    assert NIGHTS.business_date(ny(2026, 11, 24, 2)) == date(2026, 11, 23)


def test_a_night_shift_deadline_keeps_the_shift_clock() -> None:
    # From Tuesday 02:00 in Monday's shift, one business day on is Tuesday's shift at 02:00.
    assert NIGHTS.add(ny(2026, 11, 24, 2), BusinessDays(1)) == ny(2026, 11, 25, 2)
    assert NIGHTS.add(ny(2026, 11, 28, 2), BusinessDays(1)) == ny(2026, 12, 1, 2)
    assert NIGHTS.add(ny(2026, 11, 23, 12), BusinessDays(0, by="close")) == ny(2026, 11, 24, 6)
    assert NIGHTS.add(ny(2026, 11, 23, 12), BusinessDays(1, by="open")) == ny(2026, 11, 24, 22)


def test_a_holiday_after_a_night_closes_its_part_after_midnight() -> None:
    # A holiday closes its date's clock: Monday keeps 22:00-24:00, and Tuesday keeps only
    # the part of its own night range after midnight (Wednesday 00:00-06:00).
    cal = Calendar("America/New_York", {"mon-fri": "22:00-06:00"}, [date(2026, 11, 24)])
    assert cal.is_business_day(date(2026, 11, 23))
    assert cal.add(ny(2026, 11, 23, 12), BusinessDays(0, by="close")) == ny(2026, 11, 24, 0)
    assert cal.is_business_day(date(2026, 11, 24))
    assert cal.add(ny(2026, 11, 24, 12), BusinessDays(0, by="open")) == ny(2026, 11, 25, 0)


def test_several_specs_a_day_count_as_the_dates_they_name() -> None:
    desk = Calendar("America/New_York", {"mon-fri": "20:00-24:00", "tue-sat": "00:00-04:00"})
    assert desk.is_business_day(date(2026, 11, 28))  # Saturday has 00:00-04:00 of its own
    assert desk.business_date(ny(2026, 11, 28, 1)) == date(2026, 11, 28)


# --- calendars without business days --------------------------------------------------------


def test_a_calendar_never_open_counts_none_and_raises_at_once() -> None:
    never = Calendar("UTC", {})
    assert never.business_days_between(date(2026, 1, 1), date(2066, 1, 1)) == 0
    assert not never.is_business_day(date(2026, 1, 1))
    at = datetime(2026, 1, 1, tzinfo=ZoneInfo("UTC"))
    for query in (lambda: never.business_date(at), lambda: never.add(at, BusinessDays(1)),
                  lambda: never.add_business_days(date(2026, 1, 1), 1),
                  lambda: never.add_business_days(date(2026, 1, 1), -1)):
        with pytest.raises(NeverOpenError):
            query()


def test_business_days_that_end_raise_never_open() -> None:
    ending = EASTERN.with_weekly_hours({}, effective=date(2027, 1, 1))
    assert ending.add_business_days(date(2026, 12, 30), 1) == date(2026, 12, 31)
    with pytest.raises(NeverOpenError):
        ending.add_business_days(date(2026, 12, 30), 2)


# --- in bulk ---------------------------------------------------------------------------------


def test_add_many_with_business_days_equals_add() -> None:
    starts = [ny(2026, 11, 20, 18), ny(2026, 11, 25, 10, 30), ny(2026, 11, 23, 11)]
    deadline = BusinessDays(1, by="16:00", cutoff="10:00")
    assert EASTERN.add_many(starts, deadline) == [EASTERN.add(s, deadline) for s in starts]
    mixed = [BusinessDays(1), timedelta(hours=2), BusinessDays(0, by="close")]
    one_by_one = [EASTERN.add(s, d) for s, d in zip(starts, mixed, strict=True)]
    assert EASTERN.add_many(starts, mixed) == one_by_one
    series = pd.Series(pd.to_datetime([s.isoformat() for s in starts] + [None], utc=True))
    got = EASTERN.add_many(series, deadline)
    assert list(got[:3]) == [pd.Timestamp(EASTERN.add(s, deadline)) for s in starts]
    assert got.isna().tolist() == [False, False, False, True]
    array = np.array([s.astimezone(ZoneInfo("UTC")).replace(tzinfo=None) for s in starts],
                     dtype="datetime64[us]")
    expected = [EASTERN.add(s, deadline).astimezone(ZoneInfo("UTC")).replace(tzinfo=None)
                for s in starts]
    assert EASTERN.add_many(array, deadline).tolist() == expected


# --- properties on the eastern calendar ------------------------------------------------------

DAYS = st.dates(date(2000, 1, 1), date(2060, 12, 31))


@settings(max_examples=examples(200), deadline=None)
@given(DAYS, DAYS, DAYS)
def test_counts_add_up(a: date, b: date, c: date) -> None:
    between = EASTERN.business_days_between
    assert between(a, b) + between(b, c) == between(a, c)


@settings(max_examples=examples(200), deadline=None)
@given(DAYS, st.integers(-3000, 3000))
def test_moving_n_business_days_is_counted_back_by_between(day: date, n: int) -> None:
    moved = EASTERN.add_business_days(day, n)
    assert EASTERN.is_business_day(moved)
    if n > 0:
        assert EASTERN.business_days_between(day, moved) == n - 1 + (
            1 if EASTERN.is_business_day(day) else 0)
    elif n < 0:
        assert EASTERN.business_days_between(moved, day) == -n
    else:
        assert moved >= day and EASTERN.business_days_between(day, moved) == 0


# --- against NumPy's business-day functions, across compiled states -------------------------

FAR_DAYS = st.dates(date(1900, 1, 1), date(2150, 12, 31))


@settings(max_examples=examples(12), deadline=None)
@given(st.lists(FAR_DAYS, max_size=3), st.sets(st.dates(date(1990, 1, 1), date(2060, 1, 1)),
       max_size=30), FAR_DAYS, FAR_DAYS, st.integers(-30_000, 30_000))
def test_weekday_calendars_agree_with_numpy_wherever_states_were_compiled(
        warm: list[date], holidays: set[date], a: date, b: date, n: int) -> None:
    # A fresh timeline (the holidays make the definition new), compiled first around
    # ``warm``: the queries then cross the edges of states compiled before them.
    cal = Calendar("UTC", {"mon-fri": "09:00-17:00"}, [*sorted(holidays), date(1700, 1, 1)])
    for day in warm:
        cal.is_business_day(day)
    off = sorted(np.datetime64(h) for h in holidays)
    assert cal.business_days_between(a, b) == (
        np.busday_count(a, b, holidays=off) if a <= b else -np.busday_count(b, a, holidays=off))
    roll = "backward" if n > 0 else "forward"
    expected = np.busday_offset(a, n, roll=roll, holidays=off).astype(date)
    if date(1, 1, 2) < expected < date(9999, 12, 30):
        assert cal.add_business_days(a, n) == expected


# --- found by the property tests against the reference, kept as examples --------------------


def test_a_night_range_given_a_combined_calendar_counts_on_its_start_date() -> None:
    both = (EASTERN | bizhours.calendar("pacific")).with_hours(date(2027, 1, 1), "09:00-00:15")
    assert both.business_date(ny(2027, 1, 2, 0, 14, 59, 999999)) == date(2027, 1, 1)
    assert both.add(ny(2027, 1, 1, 12), BusinessDays(0, by="close")) == ny(2027, 1, 2, 0, 15)


def test_an_expansion_over_a_nights_part_after_midnight_leaves_it_to_its_night() -> None:
    cal = NIGHTS.expanded(date(2026, 11, 24), "00:00-08:00")
    # Monday's night still closes at Tuesday 06:00; Tuesday's own hours now start at 00:00.
    assert cal.add(ny(2026, 11, 23, 12), BusinessDays(0, by="close")) == ny(2026, 11, 24, 6)
    assert cal.add(ny(2026, 11, 23, 12), BusinessDays(1, by="open")) == ny(2026, 11, 24, 0)


def test_a_bad_wall_time_is_named_cut_short_with_what_is_accepted() -> None:
    with pytest.raises(ConfigError, match=r"by='24:00' is out of range: accepted .*23:59:59"):
        BusinessDays(1, by="24:00")
    with pytest.raises(ConfigError, match=r"\(1,002 characters\) is not HH:MM") as caught:
        BusinessDays(1, cutoff="x" * 1000)
    assert len(str(caught.value)) < 300
