"""The reference's business-day queries against api.md's rules and examples (section 2,
"Business days" and "Business days and relative deadlines"), on references built from raw
arguments: eastern office hours with Thanksgiving, a night desk, a 24x7 clock, a union."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import pytest

import bizhours
from bizhours import BusinessDays, NaiveDatetimeError, NeverOpenError
from bizhours.testing.reference import ReferenceCalendar
from tests.helpers import NY

US = timedelta(microseconds=1)
THANKSGIVING = date(2026, 11, 26)
EASTERN = ReferenceCalendar.build(NY, {"mon-fri": "09:00-17:00"}, [THANKSGIVING])
# The preset, read from its definition: the same answers.
PRESET = ReferenceCalendar.from_calendar(bizhours.calendar("eastern"))
NIGHT = ReferenceCalendar.build("UTC", {"mon-fri": "22:00-06:00"})  # Mon 23 Nov 2026 first


def ny(day: int, hour: int, minute: int = 0, month: int = 11) -> datetime:
    return datetime(2026, month, day, hour, minute, tzinfo=NY)


def z(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 11, day, hour, minute, tzinfo=UTC)


def nov(day: int) -> date:
    return date(2026, 11, day)


# --- api.md's examples, eastern --------------------------------------------------------------


@pytest.mark.parametrize("ref", [EASTERN, PRESET], ids=["built", "preset"])
@pytest.mark.parametrize(("at", "deadline", "expected"), [
    (ny(25, 10, 30), BusinessDays(1), ny(27, 10, 30)),  # over Thanksgiving
    (ny(20, 18), BusinessDays(1), ny(24, 9)),  # the start moves to Monday 09:00
    (ny(21, 10), BusinessDays(1, by="close"), ny(24, 17)),
    (ny(23, 15), BusinessDays(0, by="close"), ny(23, 17)),
    (ny(23, 11), BusinessDays(1, by="16:00", cutoff="10:00"), ny(25, 16)),  # in after the cutoff
    (ny(23, 9, 59), BusinessDays(1, by="16:00", cutoff="10:00"), ny(24, 16)),  # before it
])
def test_api_examples_of_business_day_deadlines(ref: ReferenceCalendar, at: datetime,
                                                deadline: BusinessDays, expected: datetime
                                                ) -> None:
    got = ref.add(at, deadline)
    assert got == expected
    assert got.tzinfo is at.tzinfo


@pytest.mark.parametrize("ref", [EASTERN, PRESET], ids=["built", "preset"])
def test_api_examples_of_business_dates(ref: ReferenceCalendar) -> None:
    # "A ticket at Friday 18:00 or on Saturday belongs to Monday."
    assert ref.business_date(ny(20, 18)) == nov(23)
    assert ref.business_date(ny(21, 10)) == nov(23)
    assert ref.business_date(ny(23, 8)) == nov(23)  # before the day's opening: that day
    assert ref.business_date(ny(23, 17) - US) == nov(23)
    assert ref.business_date(ny(23, 17)) == nov(24)  # at the last close: the next one
    assert ref.business_date(ny(25, 17)) == nov(27)  # Thanksgiving skipped
    # "From Saturday, 1 is Monday"; n < 0 the n-th before; 0 the day itself or the next.
    assert ref.add_business_days(nov(21), 1) == nov(23)
    assert ref.add_business_days(nov(25), 1) == nov(27)
    assert ref.add_business_days(nov(27), -1) == nov(25)
    assert ref.add_business_days(nov(30), -5) == nov(20)
    assert ref.add_business_days(nov(26), 0) == nov(27)
    assert ref.add_business_days(nov(25), 0) == nov(25)
    assert ref.add_business_days(ny(22, 23), 1) == nov(23)  # an aware datetime: its local date
    # The business days among [a, b), additive, negative backwards.
    assert ref.business_days_between(nov(23), nov(30)) == 4
    assert ref.business_days_between(nov(30), nov(23)) == -4
    assert ref.business_days_between(nov(23), nov(23)) == 0
    # November's 20 weekdays before the 30th, less Thanksgiving (and the Federal Reserve's
    # Veterans Day, for the preset).
    november = 19 if ref is EASTERN else 18
    assert ref.business_days_between(nov(1), nov(15)) + ref.business_days_between(
        nov(15), nov(30)) == ref.business_days_between(nov(1), nov(30)) == november
    assert ref.business_days_between(ny(23, 23), datetime(2026, 11, 24, 3, tzinfo=UTC)) == 0
    assert [ref.is_business_day(nov(d)) for d in range(23, 30)] == [
        True, True, True, False, True, False, False]


def test_same_time_is_exact_to_the_microsecond() -> None:
    at = ny(23, 16, 59) + timedelta(seconds=59, microseconds=999_999)
    assert EASTERN.add(at, BusinessDays(2)) == at + timedelta(days=2)


def test_a_start_from_an_earlier_date_arrives_before_any_cutoff() -> None:
    # Saturday 10:00 is before Monday's clock starts: not "in after 10:00" on Monday.
    assert EASTERN.add(ny(21, 10), BusinessDays(1, by="16:00", cutoff="10:00")) == ny(24, 16)
    # Friday 18:00 is after Friday's close: its business day is Monday, and it arrived on
    # Friday, before Monday's cutoff.
    assert EASTERN.add(ny(20, 18), BusinessDays(0, by="12:00", cutoff="09:00")) == ny(23, 12)


def test_wall_times_are_held_in_the_target_days_hours() -> None:
    split = ReferenceCalendar.build(NY, {"mon-fri": "09:00-12:00, 13:00-17:00"})
    monday = ny(23, 10)
    assert split.add(monday, BusinessDays(1, by="08:00")) == ny(24, 9)  # before: the opening
    assert split.add(monday, BusinessDays(1, by="17:00")) == ny(24, 17)  # at the close
    assert split.add(monday, BusinessDays(1, by="19:30")) == ny(24, 17)  # after it
    assert split.add(monday, BusinessDays(1, by="12:30")) == ny(24, 12)  # in the break
    assert split.add(monday, BusinessDays(1, by="13:00")) == ny(24, 13)
    assert split.add(monday, BusinessDays(1, by="open")) == ny(24, 9)
    # Never earlier than the start: "by" already past on the same day is the start.
    assert split.add(ny(23, 15), BusinessDays(0, by="11:00")) == ny(23, 15)
    assert split.add(ny(23, 12, 30), BusinessDays(0, by="11:00")) == ny(23, 13)


def test_a_wall_time_in_a_dst_gap_or_a_repeated_hour() -> None:
    sundays = ReferenceCalendar.build(NY, {"sun": "00:00-24:00"})
    before = datetime(2026, 3, 1, 12, tzinfo=NY)
    # 8 March 2026: 02:00-03:00 does not exist in New York; its end is 03:00 EDT.
    gap = sundays.add(before, BusinessDays(1, by="02:30"))
    assert gap.astimezone(UTC) == datetime(2026, 3, 8, 7, tzinfo=UTC)
    # 1 November 2026: 01:30 happens twice; the first (EDT) is taken.
    fold = sundays.add(datetime(2026, 10, 25, 12, tzinfo=NY), BusinessDays(1, by="01:30"))
    assert fold.astimezone(UTC) == datetime(2026, 11, 1, 5, 30, tzinfo=UTC)


# --- a night desk: a night range counted whole on the date it starts ----------------------------


def test_a_night_range_belongs_to_the_date_it_starts() -> None:
    assert [NIGHT.is_business_day(nov(d)) for d in range(23, 30)] == [
        True, True, True, True, True, False, False]  # Saturday is not, Friday's night is Friday's
    assert NIGHT.business_windows(nov(27)) == ((z(27, 22), z(28, 6)),)
    assert NIGHT.first_opening(nov(27)) == z(27, 22)
    assert NIGHT.last_close(nov(27)) == z(28, 6)
    assert NIGHT.business_date(z(24, 2)) == nov(23)  # in Monday's night
    assert NIGHT.business_date(z(28, 5)) == nov(27)
    assert NIGHT.business_date(z(28, 6)) == nov(30)
    assert NIGHT.business_days_between(nov(23), nov(30)) == 5


def test_a_holiday_takes_its_dates_part_out_of_the_night_before() -> None:
    desk = ReferenceCalendar.build("UTC", {"mon-fri": "22:00-06:00"}, [nov(24)])
    assert desk.business_windows(nov(23)) == ((z(23, 22), z(24, 0)),)
    # Tuesday's own range is closed; its night's part after midnight is Wednesday's clock.
    assert desk.business_windows(nov(24)) == ((z(25, 0), z(25, 6)),)
    assert desk.business_date(z(23, 23)) == nov(23)
    assert desk.business_date(z(24, 2)) == nov(24)  # closed now: Tuesday's hours are next


def test_same_time_on_a_night_desk_is_measured_on_the_business_days_clock() -> None:
    # Tuesday 02:00 is Monday's night at 26:00 on Monday's clock: one business day on is
    # Tuesday's night at 26:00, Wednesday 02:00.
    assert NIGHT.add(z(24, 2), BusinessDays(1)) == z(25, 2)
    assert NIGHT.add(z(24, 2), BusinessDays(0, by="close")) == z(24, 6)
    assert NIGHT.add(z(24, 2), BusinessDays(1, by="23:00")) == z(24, 23)
    assert NIGHT.add(z(24, 2), BusinessDays(1, by="open")) == z(24, 22)
    # Arrived at 26:00 on Monday's clock: after a 10:00 cutoff, so counted from Tuesday.
    assert NIGHT.add(z(24, 2), BusinessDays(1, by="close", cutoff="10:00")) == z(26, 6)
    # Friday's night at Saturday 05:00: Monday's night at 29:00 is Tuesday 05:00.
    assert NIGHT.add(z(28, 5), BusinessDays(1)) == datetime(2026, 12, 1, 5, tzinfo=UTC)


def test_round_the_clock_dates_run_midnight_to_midnight() -> None:
    always = ReferenceCalendar.build("UTC", {"mon-sun": "00:00-24:00"})
    at = z(24, 13, 45)
    assert always.business_windows(nov(24)) == ((z(24, 0), z(25, 0)),)
    assert always.add(at, BusinessDays(3)) == at + timedelta(days=3)
    assert always.add(at, BusinessDays(1, by="close")) == z(26, 0)
    assert always.business_date(z(25, 0)) == nov(25)


def test_a_union_has_each_dates_windows_between_its_own_midnights() -> None:
    late = ReferenceCalendar.build("UTC", {"mon-fri": "22:00-24:00"})
    early = ReferenceCalendar.build("UTC", {"tue-sat": "00:00-06:00"})
    both = late | early
    assert both.business_windows(nov(27)) == ((z(27, 0), z(27, 6)), (z(27, 22), z(28, 0)))
    assert both.is_business_day(nov(28))  # Saturday 00:00-06:00, on its own clock
    assert both.business_date(z(28, 2)) == nov(28)


# --- refusals ----------------------------------------------------------------------------------


def test_business_days_count_forward_only() -> None:
    with pytest.raises(ValueError, match="forward"):
        EASTERN.subtract(ny(23, 10), BusinessDays(1))  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        BusinessDays(-1)
    with pytest.raises(NaiveDatetimeError):
        EASTERN.add(datetime(2026, 11, 23, 10), BusinessDays(1))
    with pytest.raises(NaiveDatetimeError):
        EASTERN.business_date(datetime(2026, 11, 23, 10))


def test_a_calendar_that_never_opens_has_no_business_days() -> None:
    never = ReferenceCalendar.build(NY, {})
    assert never.business_days_between(nov(1), date(2027, 11, 1)) == 0
    assert not never.is_business_day(nov(23))
    for query in (lambda: never.business_date(ny(23, 10)),
                  lambda: never.add_business_days(nov(23), 1),
                  lambda: never.add(ny(23, 10), BusinessDays(1))):
        with pytest.raises(NeverOpenError):
            query()


def test_a_reference_given_by_a_function_has_business_days_too() -> None:
    weekdays = ReferenceCalendar(
        UTC, lambda day: [(timedelta(hours=9), timedelta(hours=17))] if day.weekday() < 5 else [])
    assert weekdays.add(datetime.combine(nov(20), time(18), UTC), BusinessDays(1)) == z(24, 9)
