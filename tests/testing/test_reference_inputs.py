"""The reference reads a calendar's raw arguments itself (``ReferenceCalendar.build`` and its
adjustment methods): the hours text, holiday sources as the caller built them, date specs
and rules iterated from their start; and it answers as the engine does on the same calls."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import holidays
import pytest
from dateutil.rrule import FR, MONTHLY, WEEKLY, YEARLY, rrule, rruleset
from hypothesis import HealthCheck, given, settings

import bizhours
from bizhours import Calendar
from bizhours.strategies import CalendarRecipe, calendar_recipes
from bizhours.testing.reference import ReferenceCalendar, parse_days, parse_time, parse_week
from tests.helpers import NY, examples

H = timedelta(hours=1)
START, END = datetime(2026, 1, 1, tzinfo=UTC), datetime(2027, 1, 1, tzinfo=UTC)


def utc(windows: object) -> list[tuple[datetime, datetime]]:
    return [(a.astimezone(UTC), b.astimezone(UTC)) for a, b in windows]  # type: ignore[attr-defined]


def same_windows(cal: Calendar, ref: ReferenceCalendar, start: datetime = START,
                 end: datetime = END) -> None:
    expected = utc(ref.windows(start, end))
    assert expected, "a check of windows needs some"
    assert utc(cal.windows(start, end)) == expected


def test_hours_are_spelled_every_accepted_way() -> None:
    assert parse_days("Fri-MON") == [4, 5, 6, 0]
    assert parse_days("monday,WED, friday") == [0, 2, 4]
    assert parse_time("9:05") == timedelta(hours=9, minutes=5)
    week = parse_week({"mon-fri": "20:00-24:00", "tue-sat": "00:00-04:00"})
    assert week[0] == ((timedelta(hours=20), timedelta(hours=24)),)
    assert week[1] == ((timedelta(0), timedelta(hours=4)),
                       (timedelta(hours=20), timedelta(hours=24)))
    assert parse_week({"sun": "22:00-06:00"})[6] == ((timedelta(hours=22), timedelta(hours=30)),)
    spec = {"Mon-Thu": "9:00-12:00, 13:00-17:00", "friday": "09:00-13:00",
            "sat-sun": "22:00-00:00"}
    same_windows(Calendar("Europe/Berlin", spec), ReferenceCalendar.build("Europe/Berlin", spec))


def test_overlapping_ranges_are_refused_plainly() -> None:
    with pytest.raises(ValueError, match="overlapping"):
        parse_week({"mon-fri": "09:00-17:00", "fri": "09:00-13:00"})
    with pytest.raises(ValueError, match="overlapping"):
        parse_week({"mon": "22:00-06:00", "tue": "05:00-09:00"})


def test_a_holidays_object_is_read_as_the_caller_built_it() -> None:
    table = bizhours.bank_holidays("US") + holidays.US(subdiv="CA")
    table[date(2026, 12, 24)] = "Company day"
    ref = ReferenceCalendar.build("America/Los_Angeles", {"mon-fri": "09:00-17:00"}, table)
    cal = Calendar("America/Los_Angeles", {"mon-fri": "09:00-17:00"}, table)
    table[date(2026, 12, 23)] = "Added later"  # seen by neither: both took a copy
    for day, business in ((date(2026, 12, 24), False), (date(2026, 12, 23), True),
                          (date(2026, 11, 27), False),  # California's day after Thanksgiving
                          (date(2031, 11, 27), False)):  # a year the object never computed
        assert ref.is_business_day(day) is business
    same_windows(cal, ref)


def test_a_holidays_object_without_expand_is_still_read_for_every_year() -> None:
    table = holidays.US(years=2026, expand=False)
    ref = ReferenceCalendar.build(NY, {"mon-fri": "09:00-17:00"}, table)
    assert not ref.is_business_day(date(2027, 1, 1))
    same_windows(Calendar(NY, {"mon-fri": "09:00-17:00"}, table), ref,
                 START, datetime(2028, 1, 1, tzinfo=UTC))


def test_dates_iso_strings_and_mappings_are_holidays() -> None:
    hours = {"mon-sun": "10:00-11:00"}
    for source in ([date(2026, 3, 3), "2026-03-05"], {date(2026, 3, 3): "a", "2026-03-05": "b"}):
        ref = ReferenceCalendar.build("UTC", hours, source)
        assert [ref.is_business_day(date(2026, 3, d)) for d in range(2, 7)] == [
            True, False, True, False, True]
        same_windows(Calendar("UTC", hours, source), ref)


def test_adjustments_on_dates_ranges_and_rules() -> None:
    every_24th = rrule(YEARLY, bymonth=12, bymonthday=24, dtstart=datetime(2025, 1, 1))
    last_friday = rrule(MONTHLY, byweekday=FR(-1), dtstart=datetime(2026, 1, 1), count=5)
    fortnightly = rruleset()
    fortnightly.rrule(rrule(WEEKLY, interval=2, dtstart=datetime(2026, 1, 7)))
    fortnightly.exdate(datetime(2026, 1, 21))
    fortnightly.rdate(datetime(2026, 2, 1))

    def steps(x: object) -> object:
        return (x.with_hours(every_24th, "09:00-12:00")  # type: ignore[attr-defined]
                .contracted(last_friday, "12:00-13:00")
                .expanded(fortnightly, "18:00-02:00")
                .closed(("2026-08-03", "2026-08-07"))
                .with_weekly_hours({"tue-sat": "08:00-16:00"}, effective="2026-10-01"))

    hours = {"mon-fri": "09:00-17:00"}
    cal = steps(Calendar(NY, hours))
    ref = steps(ReferenceCalendar.build(NY, hours))
    assert isinstance(cal, Calendar) and isinstance(ref, ReferenceCalendar)
    same_windows(cal, ref)
    assert not ref.is_business_day(date(2026, 8, 5))
    # The added rdate, a Sunday: 18:00 to 02:00 New York time.
    night = ref.windows(datetime(2026, 2, 1, 17, tzinfo=UTC), datetime(2026, 2, 2, 8, tzinfo=UTC))
    assert night == [(datetime(2026, 2, 1, 23, tzinfo=UTC), datetime(2026, 2, 2, 7, tzinfo=UTC))]


def test_unions_and_intersections_across_zones() -> None:
    ny = ReferenceCalendar.build(NY, {"mon-fri": "09:00-17:00"}, ["2026-11-26"])
    london = ReferenceCalendar.build("Europe/London", {"mon-fri": "08:00-16:00"})
    a = Calendar(NY, {"mon-fri": "09:00-17:00"}, ["2026-11-26"])
    b = Calendar("Europe/London", {"mon-fri": "08:00-16:00"})
    same_windows(a | b, ny | london)
    same_windows(a & b, ny & london)
    same_windows((a & b).expanded(date(2026, 3, 2), "20:00-22:00"),
                 (ny & london).expanded(date(2026, 3, 2), "20:00-22:00"))


def test_a_reference_given_by_a_function_cannot_be_adjusted() -> None:
    ref = ReferenceCalendar(UTC, lambda day: [])
    with pytest.raises(TypeError, match="build"):
        ref.closed(date(2026, 1, 1))


@settings(max_examples=examples(30), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(calendar_recipes(min_date=date(2026, 1, 1), max_date=date(2026, 12, 31)))
def test_a_recipe_builds_the_calendar_it_came_with(recipe: CalendarRecipe) -> None:
    assert recipe.build(Calendar) == recipe.calendar
    assert repr(recipe) == repr(recipe.calendar)
    assert isinstance(recipe.build(ReferenceCalendar.build), ReferenceCalendar)


def test_from_spec_makes_replacements_in_date_order_as_with_hours_does() -> None:
    # Monday's night replacement reaches Tuesday, whose own replacement (made after it)
    # sets Tuesday's hours: Monday 22:00-24:00, then Tuesday 10:00-12:00 only.
    spec = {"mon-fri": "09:00-17:00"}
    monday, tuesday = date(2026, 11, 23), date(2026, 11, 24)
    cal = Calendar("UTC", spec).with_hours(monday, "22:00-06:00").with_hours(tuesday, "10:00-12:00")
    ref = ReferenceCalendar.from_spec("UTC", spec, replacements={tuesday: "10:00-12:00",
                                                                 monday: "22:00-06:00"})
    start, end = datetime(2026, 11, 23, tzinfo=UTC), datetime(2026, 11, 25, tzinfo=UTC)
    assert ref.windows(start, end) == [
        (datetime(2026, 11, 23, 22, tzinfo=UTC), datetime(2026, 11, 24, tzinfo=UTC)),
        (datetime(2026, 11, 24, 10, tzinfo=UTC), datetime(2026, 11, 24, 12, tzinfo=UTC))]
    same_windows(cal, ref, start, end)
    # Not replaced, the next date keeps the night's part after midnight.
    alone = ReferenceCalendar.from_spec("UTC", spec, replacements={monday: "22:00-06:00"})
    assert alone.business_windows(monday) == (
        (datetime(2026, 11, 23, 22, tzinfo=UTC), datetime(2026, 11, 24, 6, tzinfo=UTC)),)
