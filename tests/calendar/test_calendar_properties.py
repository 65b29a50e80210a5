"""Properties of business-time arithmetic, checked against the slow ReferenceCalendar.

Random calendars, instants and durations come from ``bizhours.strategies`` (the kit users
get); the reference is built by the same calls from the same raw arguments
(``calendar_recipes``, ``ReferenceCalendar.build``): it parses the hours text, asks the
holidays object and iterates the rules itself, and walks date by date, sharing nothing with
the engine. ``from_calendar`` (the definition read date by date) is checked against it too.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

import bizhours
from bizhours import BizHoursError, Calendar, ConfigError, NeverOpenError
from bizhours._definition.definition import Definition
from bizhours.strategies import (
    DEFAULT_ZONES,
    CalendarRecipe,
    business_durations,
    calendar_recipes,
    instants,
    weekly_hours,
    zone_transitions,
)
from bizhours.testing.reference import ReferenceCalendar, parse_week
from tests.helpers import ZERO, examples

FIRST, LAST = date(2025, 1, 1), date(2027, 12, 31)
QUARTER = timedelta(minutes=15)
SETTINGS = settings(max_examples=examples(60), deadline=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

# Random calendars from bizhours.strategies (zones with 30- and 45-minute DST, DST at
# midnight and at 24:00, none at all; split days, windows across midnight, holidays,
# adjustments, changes of weekly hours, unions and intersections), including calendars that
# never open; each checked against the reference read from its definition.
CALENDARS = calendar_recipes(min_date=FIRST, max_date=LAST, allow_never_open=True)
PLAIN = calendar_recipes(min_date=FIRST, max_date=LAST, allow_never_open=True,
                         combinations=False)


def drawn(data: st.DataObject, strategy: st.SearchStrategy[CalendarRecipe] = CALENDARS
          ) -> tuple[Calendar, ReferenceCalendar]:
    """A calendar and its reference, built by the same calls from the same raw arguments."""
    recipe = data.draw(strategy)
    return recipe.calendar, recipe.build(ReferenceCalendar.build)


def at_edges(cal: Calendar) -> st.SearchStrategy[datetime]:
    """Instants near the calendar's edges in the test years, in its zone (as wall times
    that may not exist) or another."""
    return instants(cal, min_date=FIRST, max_date=LAST)


def durations(cal: Calendar, ref: ReferenceCalendar, at: datetime) -> st.SearchStrategy[timedelta]:
    """Non-negative durations up to about six weeks' worth of the calendar's open time."""
    around = ref.elapsed(at - timedelta(weeks=3), at + timedelta(weeks=3))
    return business_durations(cal, min_value=ZERO, max_value=max(around, timedelta(hours=10)))


# --- helpers -------------------------------------------------------------------------------------


def outcome(call: Callable[[], object]) -> object:
    """The value, or the exception's type for errors of the library."""
    try:
        return call()
    except BizHoursError as exc:
        return type(exc)


def agree(got: object, expected: object, at: datetime | None = None) -> None:
    """Engine and reference agree: the same instant, tzinfo and offset, or the same error."""
    if isinstance(expected, datetime):
        assert isinstance(got, datetime), got
        # Compare in UTC: an aware == across zones is False for times in a repeated hour.
        assert u(got) == u(expected)
        assert got.tzinfo is expected.tzinfo
        assert got.utcoffset() == expected.utcoffset()
        if at is not None:
            assert got.tzinfo is at.tzinfo
    else:
        assert got == expected


def u(t: datetime) -> datetime:
    """``t`` in UTC: aware datetimes in one zone compare by wall time, not by instant."""
    return t.astimezone(UTC)


def as_utc(windows: Iterable[tuple[datetime, datetime]]) -> list[tuple[datetime, datetime]]:
    return [(a.astimezone(UTC), b.astimezone(UTC)) for a, b in windows]


# --- agreement with the reference ----------------------------------------------------------------


@SETTINGS
@given(st.data())
def test_add_agrees_with_the_reference(data: st.DataObject) -> None:
    cal, ref = drawn(data)
    at = data.draw(at_edges(cal))
    d = data.draw(durations(cal, ref, at)) * data.draw(st.sampled_from([1, -1]))
    agree(outcome(lambda: cal.add(at, d)), outcome(lambda: ref.add(at, d)), at)
    agree(outcome(lambda: cal.subtract(at, d)), outcome(lambda: ref.subtract(at, d)), at)


@SETTINGS
@given(st.data())
def test_elapsed_agrees_with_the_reference(data: st.DataObject) -> None:
    cal, ref = drawn(data)
    a = data.draw(at_edges(cal))
    if data.draw(st.booleans()):
        b = data.draw(at_edges(cal))
    else:
        b = a + data.draw(st.integers(-40 * 86_400, 40 * 86_400)) * timedelta(seconds=1)
    assert cal.elapsed(a, b) == ref.elapsed(a, b)
    assert cal.elapsed(b, a) == -cal.elapsed(a, b)


@SETTINGS
@given(st.data())
def test_open_close_and_windows_agree_with_the_reference(data: st.DataObject) -> None:
    cal, ref = drawn(data)
    at = data.draw(at_edges(cal))
    assert cal.is_open(at) == ref.is_open(at)
    agree(outcome(lambda: cal.next_open(at)), outcome(lambda: ref.next_open(at)), at)
    agree(outcome(lambda: cal.next_close(at)), outcome(lambda: ref.next_close(at)), at)
    # In UTC: wall-time arithmetic on a time in a repeated hour can step back an hour.
    end = (u(at) + data.draw(st.integers(0, 20 * 96)) * QUARTER).astimezone(at.tzinfo)
    got = list(cal.windows(at, end))
    assert all(t.tzinfo is at.tzinfo for window in got for t in window)
    assert as_utc(got) == as_utc(ref.windows(at, end))
    local = at.astimezone(cal.timezone).date()
    for day in (local - timedelta(days=1), local, local + timedelta(days=1)):
        assert cal.is_business_day(day) == ref.is_business_day(day)
    # The reference read from the definition sees the same windows as the one built from
    # the raw arguments.
    later = (u(at) + timedelta(days=3)).astimezone(at.tzinfo)
    assert as_utc(ReferenceCalendar.from_calendar(cal).windows(at, later)) == as_utc(
        ref.windows(at, later))


@st.composite
def near_transition(draw: st.DrawFn, zone: str) -> date:
    changes = zone_transitions(ZoneInfo(zone), FIRST, LAST)
    if not changes:
        return draw(st.dates(FIRST, LAST))
    return draw(st.sampled_from(changes)).date() + timedelta(days=draw(st.integers(-3, 3)))


@settings(max_examples=examples(40), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_from_spec_agrees_with_the_engine(data: st.DataObject) -> None:
    """The engine's reading of hours as users spell them, against the reference's own parser
    (``from_calendar`` reads what the engine parsed, so spelling is checked here)."""
    zone = data.draw(st.sampled_from([z for z in DEFAULT_ZONES if isinstance(z, str)]))
    weekly = data.draw(weekly_hours(allow_closed=True))
    later = data.draw(st.none() | st.tuples(near_transition(zone), weekly_hours()))
    holidays = data.draw(st.sets(near_transition(zone), max_size=4))
    replacements = {day: data.draw(st.sampled_from(["", "00:00-24:00", "02:00-03:30, 12:00-13:00"]))
                    for day in data.draw(st.sets(near_transition(zone), max_size=3))}
    cal = Calendar(zone, weekly, holidays)
    if later is not None:
        try:
            cal = cal.with_weekly_hours(later[1], effective=later[0])
        except ConfigError:  # its first date opens during the night before: refused
            assume(False)
    for day, ranges in replacements.items():
        cal = cal.with_hours(day, ranges)
    ref = ReferenceCalendar.from_spec(zone, weekly, holidays=holidays, replacements=replacements,
                                      weekly_from=dict([later]) if later else None)
    day = data.draw(near_transition(zone))
    at = datetime.combine(day, time(), ZoneInfo(zone)) + data.draw(st.integers(0, 96)) * QUARTER
    d = data.draw(st.integers(-200, 200)) * QUARTER
    agree(outcome(lambda: cal.add(at, d)), outcome(lambda: ref.add(at, d)), at)
    end = at + timedelta(days=5)
    assert cal.elapsed(at, end) == ref.elapsed(at, end)
    # The reference read from the definition sees the same windows as the one from the spec.
    assert ReferenceCalendar.from_calendar(cal).windows(at, end) == ref.windows(at, end)
    assert parse_week({"sat": "22:00-24:00"})[5] == ((timedelta(hours=22), timedelta(hours=24)),)


DST_ZONES = ("Europe/London", "America/New_York", "America/Havana", "America/Santiago",
             "Australia/Lord_Howe", "Pacific/Chatham")
# Night ranges over the small hours, where clocks change (at 00:00 in Havana, 24:00 in
# Santiago), and replacements that set one.
_NIGHT_OPENS = ("18:00", "21:30", "22:00", "23:00", "23:45")
_NIGHT_CLOSES = ("00:00", "00:15", "01:00", "01:30", "02:00", "02:30", "03:00", "06:00")
_NIGHT_SPECS = ("mon-fri", "fri-mon", "sat", "sun", "mon,wed,fri", "mon-sun", "sat-sun")


@st.composite
def night_ranges(draw: st.DrawFn) -> str:
    """A range that crosses midnight (its close before its open), or runs to it."""
    opens = draw(st.sampled_from(_NIGHT_OPENS))
    closes = draw(st.sampled_from(_NIGHT_CLOSES))
    return f"{opens}-{closes}"


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_night_ranges_agree_with_the_reference_in_dst_zones(data: st.DataObject) -> None:
    """Weekly night ranges (alone, or with day hours in another spec naming the same days),
    holidays and night replacements near DST changes: the engine and the reference, which
    parses the hours itself, see the same windows and answers."""
    zone = data.draw(st.sampled_from(DST_ZONES))
    weekly = {data.draw(st.sampled_from(_NIGHT_SPECS)): data.draw(night_ranges())}
    if data.draw(st.booleans()):
        weekly[data.draw(st.sampled_from(("mon-fri", "tue", "saturday,sunday")))] = "10:00-14:00"
    holidays = data.draw(st.sets(near_transition(zone), max_size=3))
    replacements = {day: data.draw(st.one_of(night_ranges(), st.sampled_from(["", "09:00-17:00"])))
                    for day in data.draw(st.sets(near_transition(zone), max_size=3))}
    cal = Calendar(zone, weekly, holidays)
    for day, ranges in sorted(replacements.items()):
        cal = cal.with_hours(day, ranges)
    ref = ReferenceCalendar.from_spec(zone, weekly, holidays=holidays, replacements=replacements)
    day = data.draw(near_transition(zone))
    at = datetime.combine(day, time(), ZoneInfo(zone)) + data.draw(st.integers(0, 96)) * QUARTER
    end = at + timedelta(days=4)
    assert as_utc(cal.windows(at, end)) == as_utc(ref.windows(at, end))
    assert ReferenceCalendar.from_calendar(cal).windows(at, end) == ref.windows(at, end)
    d = data.draw(st.integers(-200, 200)) * QUARTER
    agree(outcome(lambda: cal.add(at, d)), outcome(lambda: ref.add(at, d)), at)
    agree(outcome(lambda: cal.next_close(at)), outcome(lambda: ref.next_close(at)), at)
    assert cal.elapsed(at, end) == ref.elapsed(at, end)


# --- algebraic properties ------------------------------------------------------------------------


def may_never_open(definition: Definition) -> bool:
    """Some weekly hours of it have no open time: it may never open again."""
    if any(not any(weekly.days) for weekly in definition.weekly):
        return True
    return any(may_never_open(part) for part in definition.parts())


@SETTINGS
@given(st.data())
def test_add_then_elapsed_round_trips(data: st.DataObject) -> None:
    cal, ref = drawn(data)
    # Such a calendar may never open again (covered by the agreement tests).
    assume(not may_never_open(cal.definition))
    at = data.draw(at_edges(cal))
    d = data.draw(durations(cal, ref, at))
    later = cal.add(at, d)
    assert u(later) >= u(at)
    assert cal.elapsed(at, later) == d
    earlier = cal.add(at, -d)
    assert u(earlier) <= u(at)
    assert cal.elapsed(earlier, at) == d
    # Mirrors: going d forward then d back lands at or after the start, with nothing open
    # in between (and the other way round).
    back = cal.add(later, -d)
    assert u(at) <= u(back) and cal.elapsed(at, back) == ZERO
    forth = cal.add(earlier, d)
    assert u(forth) <= u(at) and cal.elapsed(forth, at) == ZERO


@SETTINGS
@given(st.data())
def test_add_is_monotonic_in_both_arguments(data: st.DataObject) -> None:
    cal, ref = drawn(data)
    assume(not may_never_open(cal.definition))
    a1, a2 = sorted((data.draw(at_edges(cal)), data.draw(at_edges(cal))), key=u)
    d1, d2 = sorted((data.draw(durations(cal, ref, a1)), data.draw(durations(cal, ref, a1))))
    sign = data.draw(st.sampled_from([1, -1]))
    assert u(cal.add(a1, sign * d1)) <= u(cal.add(a2, sign * d1))
    if sign == 1:
        assert u(cal.add(a1, d1)) <= u(cal.add(a1, d2))
    else:
        assert u(cal.add(a1, -d2)) <= u(cal.add(a1, -d1))


@SETTINGS
@given(st.data())
def test_add_composes_for_positive_durations(data: st.DataObject) -> None:
    cal, ref = drawn(data)
    assume(not may_never_open(cal.definition))
    at = data.draw(at_edges(cal))
    d1, d2 = data.draw(durations(cal, ref, at)), data.draw(durations(cal, ref, at))
    agree(cal.add(cal.add(at, d1), d2), cal.add(at, d1 + d2), at)
    agree(cal.subtract(cal.subtract(at, d1), d2), cal.subtract(at, d1 + d2), at)


# --- combinations --------------------------------------------------------------------------------


def _merge(windows: list[tuple[datetime, datetime]]) -> list[tuple[datetime, datetime]]:
    merged: list[tuple[datetime, datetime]] = []
    for start, end in sorted(windows):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def _intersect(
    xs: list[tuple[datetime, datetime]], ys: list[tuple[datetime, datetime]]
) -> list[tuple[datetime, datetime]]:
    out = [(max(a, c), min(b, d)) for a, b in xs for c, d in ys if max(a, c) < min(b, d)]
    return _merge(out)


@SETTINGS
@given(st.data())
def test_union_and_intersection_across_zones(data: st.DataObject) -> None:
    a, ref_a = drawn(data, PLAIN)
    b, ref_b = drawn(data, PLAIN)
    start = data.draw(at_edges(a))
    end = (u(start) + data.draw(st.integers(0, 15 * 96)) * QUARTER).astimezone(start.tzinfo)
    wa, wb = as_utc(ref_a.windows(start, end)), as_utc(ref_b.windows(start, end))
    union, both = _merge(wa + wb), _intersect(wa, wb)
    assert as_utc((a | b).windows(start, end)) == union
    assert as_utc((a & b).windows(start, end)) == both
    assert (a | b).elapsed(start, end) == sum((y - x for x, y in union), ZERO)
    assert (a & b).elapsed(start, end) == sum((y - x for x, y in both), ZERO)
    at = data.draw(at_edges(b))
    assert (a | b).is_open(at) == (ref_a.is_open(at) or ref_b.is_open(at))
    assert (a & b).is_open(at) == (ref_a.is_open(at) and ref_b.is_open(at))
    # add on the union: the earliest instant with d of union time after start.
    d = data.draw(st.integers(1, 40)) * QUARTER
    due = outcome(lambda: (a | b).add(start, d))
    left = d
    for x, y in union:
        if left <= y - x:
            agree(due, (x + left).astimezone(start.tzinfo), start)
            break
        left -= y - x
    else:  # not enough open time before `end`: the answer lies beyond, if anywhere
        assert due is NeverOpenError or (
            isinstance(due, datetime) and u(due) > u(end))


def test_presets_agree_with_from_spec_over_a_year() -> None:
    """A whole year of the Eastern preset, day by day, against the reference."""
    holidays = bizhours.bank_holidays("US")
    days = [date(2026, 1, 1) + timedelta(days=i) for i in range(365)]
    ref = ReferenceCalendar.from_spec(
        "America/New_York", {"mon-fri": "09:00-17:00"}, holidays=[d for d in days if d in holidays])
    cal = bizhours.calendar("eastern")
    ny = ZoneInfo("America/New_York")
    start, end = datetime(2026, 1, 1, tzinfo=ny), datetime(2027, 1, 1, tzinfo=ny)
    assert as_utc(cal.windows(start, end)) == as_utc(ref.windows(start, end))
    assert [cal.is_business_day(d) for d in days] == [ref.is_business_day(d) for d in days]


# --- the reference itself, on hand-checked answers ----------------------------------------------


def test_the_reference_on_hand_checked_answers() -> None:
    ny = ZoneInfo("America/New_York")
    ref = ReferenceCalendar.from_spec(ny, {"Mon-Fri": "09:00-17:00"}, holidays=[date(2026, 11, 26)])
    friday = datetime(2026, 11, 20, 16, tzinfo=ny)
    assert ref.add(friday, timedelta(hours=2)) == datetime(2026, 11, 23, 10, tzinfo=ny)
    assert ref.add(datetime(2026, 11, 23, 9, tzinfo=ny), timedelta(hours=8)) == datetime(
        2026, 11, 23, 17, tzinfo=ny)
    assert ref.subtract(datetime(2026, 11, 24, 9, tzinfo=ny), timedelta(hours=8)) == datetime(
        2026, 11, 23, 9, tzinfo=ny)
    assert ref.elapsed(datetime(2026, 11, 25, 16, tzinfo=ny),
                       datetime(2026, 11, 27, 10, tzinfo=ny)) == timedelta(hours=2)
    # DST: an opening in the gap moves to its end; one in the repeated hour is the first.
    gap = ReferenceCalendar.from_spec(ny, {"sun": "02:30-04:00"})
    assert u(gap.next_open(datetime(2026, 3, 8, tzinfo=ny))) == datetime(2026, 3, 8, 7, tzinfo=UTC)
    fold = ReferenceCalendar.from_spec(ny, {"sun": "01:30-02:00"})
    assert u(fold.next_open(datetime(2026, 11, 1, tzinfo=ny))) == datetime(
        2026, 11, 1, 5, 30, tzinfo=UTC)
    assert u(fold.next_close(datetime(2026, 11, 1, tzinfo=ny))) == datetime(
        2026, 11, 1, 7, tzinfo=UTC)
    # Havana springs forward at midnight: Saturday's 24:00 and Sunday's 00:00 are both 01:00.
    havana = ZoneInfo("America/Havana")
    night = ReferenceCalendar.from_spec(havana, {"sat": "22:00-24:00", "sun": "00:00-02:00"})
    saturday = datetime(2026, 3, 7, 23, tzinfo=havana)
    assert night.windows(saturday, saturday + timedelta(days=1)) == [
        (saturday, datetime(2026, 3, 8, 2, tzinfo=havana))]
    assert night.elapsed(saturday - timedelta(hours=1), saturday + timedelta(days=1)) == (
        timedelta(hours=3))
    # Touching across midnight is one window; an always-open calendar never closes.
    assert u(night.next_close(saturday)) == datetime(2026, 3, 8, 6, tzinfo=UTC)
    always = ReferenceCalendar.from_spec("UTC", {"mon-sun": "00:00-24:00"})
    try:
        always.next_close(datetime(2026, 1, 1, tzinfo=UTC))
    except BizHoursError as exc:
        assert not isinstance(exc, NeverOpenError)
    else:
        raise AssertionError("24x7 has no next close")
