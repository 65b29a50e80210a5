"""Business days on random calendars, checked against the slow ReferenceCalendar.

The calendars come from ``bizhours.strategies`` (several ranges a day, night ranges, short
days and closed days, holidays, changes of weekly hours, DST zones, unions and
intersections, calendars that never open); the reference walks dates one by one.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bizhours import BusinessDays
from bizhours.strategies import business_durations
from tests.calendar.test_calendar_properties import (
    CALENDARS,
    FIRST,
    LAST,
    PLAIN,
    agree,
    at_edges,
    drawn,
    outcome,
)
from tests.helpers import examples

SETTINGS = settings(max_examples=examples(60), deadline=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
DATES = st.dates(FIRST + timedelta(days=40), LAST - timedelta(days=40))


@SETTINGS
@given(st.data())
def test_business_dates_agree_with_the_reference(data: st.DataObject) -> None:
    cal, ref = drawn(data, CALENDARS)
    day = data.draw(DATES)
    n = data.draw(st.integers(-8, 8))
    assert cal.is_business_day(day) == ref.is_business_day(day)
    assert outcome(lambda: cal.add_business_days(day, n)) == outcome(
        lambda: ref.add_business_days(day, n))
    other = day + timedelta(days=data.draw(st.integers(-30, 30)))
    assert cal.business_days_between(day, other) == ref.business_days_between(day, other)


@SETTINGS
@given(st.data())
def test_business_date_of_an_instant_agrees_with_the_reference(data: st.DataObject) -> None:
    cal, ref = drawn(data, CALENDARS)
    at = data.draw(at_edges(cal))
    agree(outcome(lambda: cal.business_date(at)), outcome(lambda: ref.business_date(at)))


@SETTINGS
@given(st.data())
def test_business_day_deadlines_agree_with_the_reference(data: st.DataObject) -> None:
    cal, ref = drawn(data, PLAIN)
    at = data.draw(at_edges(cal))
    deadline = data.draw(business_durations(cal, business_days="only"))
    got, expected = outcome(lambda: cal.add(at, deadline)), outcome(lambda: ref.add(at, deadline))
    agree(got, expected, at)
    if isinstance(got, datetime):
        assert got >= at


@SETTINGS
@given(st.data())
def test_business_day_deadlines_on_combined_calendars(data: st.DataObject) -> None:
    cal, ref = drawn(data, CALENDARS)
    at = data.draw(at_edges(cal))
    deadline = data.draw(st.sampled_from([BusinessDays(0, by="close"), BusinessDays(1),
                                          BusinessDays(2, by="open")]))
    agree(outcome(lambda: cal.add(at, deadline)), outcome(lambda: ref.add(at, deadline)), at)


@SETTINGS
@given(st.data())
def test_deadlines_are_monotone_in_the_days(data: st.DataObject) -> None:
    cal, _ = drawn(data, PLAIN)
    at = data.draw(at_edges(cal))
    by = data.draw(st.sampled_from([None, "open", "close", "12:00"]))
    dues = [outcome(lambda n=n: cal.add(at, BusinessDays(n, by=by))) for n in range(4)]
    if all(isinstance(d, datetime) for d in dues):
        assert dues == sorted(dues)  # type: ignore[type-var]


def test_the_reference_reads_the_documented_examples_too() -> None:
    # The reference and the engine were written apart: the examples bind both.
    from zoneinfo import ZoneInfo

    from bizhours import calendar
    from bizhours.testing.reference import ReferenceCalendar

    ref = ReferenceCalendar.from_calendar(calendar("eastern"))
    ny = ZoneInfo("America/New_York")
    at = datetime(2026, 11, 23, 11, tzinfo=ny)
    assert ref.add(at, BusinessDays(1, by="16:00", cutoff="10:00")) == datetime(
        2026, 11, 25, 16, tzinfo=ny)
    assert ref.add_business_days(date(2026, 11, 21), 1) == date(2026, 11, 23)
