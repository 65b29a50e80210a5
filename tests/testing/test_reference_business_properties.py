"""The reference's business-day queries agree with each other on random calendars (built
from raw arguments): counting and stepping are inverse, a business date's hours hold the
instant or come after it, and a deadline is never before work can begin. (The engine is
checked against the reference elsewhere.)"""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from bizhours import BizHoursError, BusinessDays
from bizhours.strategies import business_durations, calendar_recipes, instants
from bizhours.testing.reference import ReferenceCalendar
from tests.helpers import examples

FIRST, LAST = date(2026, 1, 1), date(2026, 12, 31)
SETTINGS = settings(max_examples=examples(40), deadline=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
RECIPES = calendar_recipes(min_date=FIRST, max_date=LAST)


@SETTINGS
@given(st.data())
def test_stepping_and_counting_business_days_are_inverse(data: st.DataObject) -> None:
    recipe = data.draw(RECIPES)
    ref = recipe.build(ReferenceCalendar.build)
    day = data.draw(st.dates(FIRST, LAST))
    n = data.draw(st.integers(-15, 15))
    try:
        target = ref.add_business_days(day, n)
    except BizHoursError:
        assume(False)  # a stretch the calendar never opens in
    assert ref.is_business_day(target)
    # Counted from the first business day at or after the date, whatever the date is.
    start = ref.add_business_days(day, 0)
    if n >= 0:
        assert ref.business_days_between(start, target) == n - (n > 0 and start != day)
    if ref.is_business_day(day):
        assert ref.business_days_between(day, target) == n
        assert ref.add_business_days(target, -n) == day
    assert ref.business_days_between(day, target) == -ref.business_days_between(target, day)


@SETTINGS
@given(st.data())
def test_a_business_date_holds_the_instant_or_comes_after_it(data: st.DataObject) -> None:
    recipe = data.draw(RECIPES)
    ref = recipe.build(ReferenceCalendar.build)
    at = data.draw(instants(recipe.calendar, min_date=FIRST, max_date=LAST))
    try:
        day = ref.business_date(at)
    except BizHoursError:
        assume(False)
    assert ref.is_business_day(day)
    assert ref.last_close(day) > at
    earlier = ref.add_business_days(day, -1) if day > FIRST - timedelta(days=400) else None
    assert earlier is None or ref.last_close(earlier) <= at


@SETTINGS
@given(st.data())
def test_a_deadline_lies_in_its_days_hours_and_never_before_the_start(data: st.DataObject
                                                                      ) -> None:
    recipe = data.draw(RECIPES)
    ref = recipe.build(ReferenceCalendar.build)
    at = data.draw(instants(recipe.calendar, min_date=FIRST, max_date=LAST))
    deadline = data.draw(business_durations(recipe.calendar, max_value=timedelta(days=20),
                                            business_days="only"))
    try:
        due = ref.add(at, deadline)
        start = ref.next_open(at)
    except BizHoursError:
        assume(False)
    assert due >= start
    assert due.tzinfo is at.tzinfo
    later = ref.add(at, BusinessDays(deadline.days + 1, deadline.by, deadline.cutoff))
    assert later >= due
    if deadline.by == "close" and deadline.cutoff is None:
        day = ref.add_business_days(ref.business_date(start), deadline.days)
        assert due == max(ref.last_close(day), start)
