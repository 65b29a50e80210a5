"""Answers do not depend on what earlier queries compiled: a calendar warmed by random earlier
queries (each compiling a span of years somewhere, so that later queries meet the edges
between spans) agrees with the reference, as a fresh one does."""

from __future__ import annotations

import pickle
from datetime import UTC, date, datetime, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bizhours import BizHoursError, Calendar
from bizhours._engine.cache import clear
from bizhours.strategies import calendar_recipes, instants
from bizhours.testing.reference import ReferenceCalendar
from tests.helpers import examples

FIRST, LAST = date(2025, 1, 1), date(2027, 12, 31)
# Earlier queries anywhere from 2018 to 2034: the spans they compile begin and end around
# year ends, inside the years the checked instants come from, or leave a gap before them.
WARM = st.lists(st.datetimes(datetime(2018, 1, 1), datetime(2034, 12, 31),
                             timezones=st.just(UTC)), max_size=4)


def outcome(call: object) -> object:
    try:
        return call()  # type: ignore[operator]
    except BizHoursError as exc:
        return type(exc)


def same(got: object, expected: object) -> None:
    """The same instant (compared in UTC: an aware == in one zone ignores ``fold``), or the
    same error."""
    if isinstance(expected, datetime):
        assert isinstance(got, datetime), got
        assert got.astimezone(UTC) == expected.astimezone(UTC), (got, expected)
    else:
        assert got == expected, (got, expected)


def in_utc(windows: object) -> list[tuple[datetime, datetime]]:
    return [(a.astimezone(UTC), b.astimezone(UTC)) for a, b in windows]  # type: ignore[attr-defined]


@settings(max_examples=examples(60), deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(st.data(), WARM)
def test_a_warmed_calendar_agrees_with_the_reference(data: st.DataObject,
                                                      warm: list[datetime]) -> None:
    recipe = data.draw(calendar_recipes(min_date=FIRST, max_date=LAST))
    drawn: Calendar = recipe.calendar
    clear()  # equal calendars share a timeline: start from nothing, then warm this one
    cal = pickle.loads(pickle.dumps(drawn))  # a new timeline, compiled by the queries below
    for moment in warm:
        cal.is_open(moment)
    ref = recipe.build(ReferenceCalendar.build)  # from the same raw arguments
    at = data.draw(instants(cal, min_date=FIRST, max_date=LAST))
    hours = data.draw(st.integers(-200, 200)) * timedelta(hours=1)
    same(outcome(lambda: cal.add(at, hours)), outcome(lambda: ref.add(at, hours)))
    later = at + data.draw(st.integers(0, 60)) * timedelta(days=1)
    assert cal.elapsed(at, later) == ref.elapsed(at, later)
    same(outcome(lambda: cal.next_close(at)), outcome(lambda: ref.next_close(at)))
    same(outcome(lambda: cal.next_open(at)), outcome(lambda: ref.next_open(at)))
    end = at + timedelta(days=3)
    assert in_utc(cal.windows(at, end)) == in_utc(ref.windows(at, end))
