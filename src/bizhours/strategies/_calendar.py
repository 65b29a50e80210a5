"""Hypothesis strategies for whole calendars, with the awkward parts in.

The public names are re-exported by ``bizhours.strategies``; see that module for the overview.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone, tzinfo
from typing import Any, Protocol, TypeVar, cast
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from dateutil.rrule import FR, MONTHLY, WE, WEEKLY, YEARLY, rrule
from holidays import HolidayBase
from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument

from bizhours._calendar import Calendar, calendar_of
from bizhours._definition.dates import DateSpec
from bizhours._definition.holidays import bank_holidays
from bizhours.errors import ConfigError
from bizhours.strategies._arguments import DEFAULT_MAX_DATE, DEFAULT_MIN_DATE, check_dates
from bizhours.strategies._edges import zone_transitions
from bizhours.strategies._hours import day_ranges, weekly_hours

DEFAULT_ZONES: tuple[str | tzinfo, ...] = (
    "America/New_York",
    "Europe/London",
    "UTC",
    "Australia/Lord_Howe",  # a 30-minute DST change
    "Asia/Kolkata",  # no DST, a half-hour offset
    "America/Havana",  # DST changes at midnight
    "America/Santiago",  # DST changes at 24:00 on Saturdays
    "Pacific/Chatham",  # a 45-minute offset with DST
    "Africa/Casablanca",  # the clock goes back for Ramadan: four changes some years
    timezone(timedelta(hours=5, minutes=45), "UTC+05:45"),  # a tzinfo that is not a ZoneInfo
)
"""The zones ``calendars`` draws from: the first is the one it shrinks toward."""

@dataclass(frozen=True, slots=True)
class Step:
    """One call made on a calendar after it was built: the method's name (``"with_hours"``,
    ``"closed"``, ``"expanded"``, ``"contracted"``, ``"with_weekly_hours"``) and its
    arguments, as given."""

    method: str
    args: tuple[object, ...]
    keywords: tuple[tuple[str, object], ...] = ()


class _Builder(Protocol):
    def __or__(self, other: Any, /) -> Any: ...
    def __and__(self, other: Any, /) -> Any: ...


B = TypeVar("B", bound=_Builder)


@dataclass(frozen=True, slots=True)
class CalendarRecipe:
    """A drawn calendar and how it was built, from the raw arguments: ``Calendar(*start)``
    (``start`` is ``(timezone, hours, holidays)`` as given), or ``a | b`` / ``a & b`` of
    two recipes (``combined``), then ``steps`` in order. ``build`` makes the same calls on
    anything with ``Calendar``'s constructor and methods, such as
    ``ReferenceCalendar.build``, so that it reads the same inputs by its own means. Shows
    itself as the calendar's code.

    >>> from hypothesis import find
    >>> recipe = find(calendar_recipes(), lambda r: True)
    >>> recipe.start, recipe.steps
    (('America/New_York', {'mon-fri': '09:00-17:00'}, None), ())
    >>> recipe.build(Calendar) == recipe.calendar
    True
    """

    calendar: Calendar
    start: tuple[str | tzinfo, Mapping[str, str], object] | None = None
    combined: tuple[str, CalendarRecipe, CalendarRecipe] | None = None
    steps: tuple[Step, ...] = ()

    def __repr__(self) -> str:
        return repr(self.calendar)

    def _repr_pretty_(self, printer: Any, cycle: bool) -> None:
        # Hypothesis prints a dataclass field by field: show the calendar's code instead.
        printer.text(repr(self.calendar))

    def then(self, calendar: Calendar, step: Step) -> CalendarRecipe:
        """This recipe followed by ``step``, which gave ``calendar``."""
        return CalendarRecipe(calendar, self.start, self.combined, (*self.steps, step))

    def build(self, make: Callable[[Any, Any, Any], B]) -> B:
        """The same calls on ``make(timezone, hours, holidays)`` and what it returns."""
        if self.combined is not None:
            operator, a, b = self.combined
            built = a.build(make) | b.build(make) if operator == "|" else (
                a.build(make) & b.build(make))
        else:
            assert self.start is not None
            built = make(*self.start)
        for step in self.steps:
            built = getattr(built, step.method)(*step.args, **dict(step.keywords))
        return cast(B, built)


def _zone_code(zone: str | tzinfo) -> str:
    """Code for a zone: its name, or ``timezone(...)`` for a fixed offset."""
    if isinstance(zone, str):
        return repr(zone)
    if isinstance(zone, timezone):
        offset = zone.utcoffset(None)
        return f"timezone(timedelta(seconds={offset.total_seconds():.0f}), {zone.tzname(None)!r})"
    return repr(zone)


def _date_code(day: date) -> str:
    return f"date({day.year}, {day.month}, {day.day})"


def _dates(tz: tzinfo, first: date, last: date) -> st.SearchStrategy[date]:
    """Local dates near the zone's clock changes and year ends, or anywhere in range."""
    near = sorted({t.astimezone(tz).date() for t in zone_transitions(tz, first, last)}
                  | {date(y, 12, 31) for y in range(first.year, last.year + 1)})
    return st.one_of(
        st.sampled_from(near).flatmap(
            lambda d: st.integers(-3, 3).map(lambda k: min(max(d + timedelta(k), first), last))),
        st.dates(first, last),
    )


_RULES = ("every 24 December", "the last Friday of each month", "every other Wednesday")


def _rule(name: str, start: date, count: int | None) -> tuple[rrule, str]:
    begin = datetime.combine(start, time())
    shown = f"dtstart=datetime({start.year}, {start.month}, {start.day})" + (
        f", count={count}" if count else "")
    if name == _RULES[0]:
        return (rrule(YEARLY, bymonth=12, bymonthday=24, dtstart=begin, count=count),
                f"rrule(YEARLY, bymonth=12, bymonthday=24, {shown})")
    if name == _RULES[1]:
        return (rrule(MONTHLY, byweekday=FR(-1), dtstart=begin, count=count),
                f"rrule(MONTHLY, byweekday=FR(-1), {shown})")
    return (rrule(WEEKLY, interval=2, byweekday=WE, dtstart=begin, count=count),
            f"rrule(WEEKLY, interval=2, byweekday=WE, {shown})")


@st.composite
def _adjusted(draw: st.DrawFn, recipe: CalendarRecipe, code: str,
              dates: st.SearchStrategy[date], most: int) -> tuple[CalendarRecipe, str]:
    cal = recipe.calendar
    for _ in range(draw(st.integers(0, most))):
        method = draw(st.sampled_from(("with_hours", "expanded", "contracted", "closed")))
        first = draw(dates)
        shape = draw(st.sampled_from(("date", "range", "rule")))
        spec: DateSpec
        if shape == "date":
            spec, shown = first, _date_code(first)
        elif shape == "range":
            last = first + timedelta(days=draw(st.sampled_from((1, 3, 10))))
            spec, shown = (first, last), f"({_date_code(first)}, {_date_code(last)})"
        else:
            spec, shown = _rule(draw(st.sampled_from(_RULES)), first,
                                draw(st.one_of(st.none(), st.integers(1, 5))))
        if method == "closed":
            cal, code = cal.closed(spec), f"{code}.closed({shown})"
            recipe = recipe.then(cal, Step("closed", (spec,)))
            continue
        hours = draw(st.one_of(day_ranges(night=True), st.just("")))
        cal = getattr(cal, method)(spec, hours)
        code = f"{code}.{method}({shown}, {hours!r})"
        recipe = recipe.then(cal, Step(method, (spec, hours)))
    return recipe, code


def _with_weekly(recipe: CalendarRecipe, code: str, later: dict[str, str], effective: date
                 ) -> tuple[CalendarRecipe, str]:
    """``recipe`` with ``later`` weekly hours from ``effective`` on, or as it was when their
    first date would open during a night range of the date before (a ``ConfigError``)."""
    try:
        changed = recipe.calendar.with_weekly_hours(later, effective=effective)
    except ConfigError:
        return recipe, code
    step = Step("with_weekly_hours", (later,), (("effective", effective),))
    return (recipe.then(changed, step),
            f"{code}.with_weekly_hours({later!r}, effective={_date_code(effective)})")


@st.composite
def _plain(draw: st.DrawFn, zones: Sequence[str | tzinfo], first: date, last: date,
           most: int, holidays: bool, allow_never_open: bool) -> tuple[CalendarRecipe, str]:
    zone = draw(st.sampled_from(zones))
    hours = draw(weekly_hours(allow_closed=allow_never_open))
    cal = Calendar(zone, hours)
    tz = cal.timezone
    dates = _dates(tz, first, last)
    source: object = None
    given: HolidayBase | list[date] | None = None
    shown = ""
    if holidays:
        source = draw(st.one_of(st.none(), st.sets(dates, min_size=1, max_size=6),
                                st.sampled_from(("US", "UK"))))
    if isinstance(source, str):
        given = bank_holidays(source)
        shown = f", bank_holidays({source!r})"
    elif source:
        assert isinstance(source, (set, frozenset))
        given = sorted(source)
        shown = f", [{', '.join(_date_code(d) for d in sorted(source))}]"
    if given is not None:
        cal = Calendar(tz, hours, given)
    recipe = CalendarRecipe(cal, (zone, hours, given))
    code = f"Calendar({_zone_code(zone)}, {hours!r}{shown})"
    for _ in range(draw(st.integers(0, 2))):
        effective = draw(dates)
        later = draw(weekly_hours(allow_closed=allow_never_open))
        recipe, code = _with_weekly(recipe, code, later, effective)
    return draw(_adjusted(recipe, code, dates, most))


def calendars(
    *,
    zones: Sequence[str | tzinfo] = DEFAULT_ZONES,
    min_date: date = DEFAULT_MIN_DATE,
    max_date: date = DEFAULT_MAX_DATE,
    max_adjustments: int = 4,
    holidays: bool = True,
    combinations: bool = True,
    allow_never_open: bool = False,
) -> st.SearchStrategy[Calendar]:
    """Valid random calendars, with everything that makes business time awkward.

    Zones with and without DST (30- and 45-minute offsets and changes, changes at midnight),
    weekly hours from ``weekly_hours()`` and up to two later changes of them
    (``with_weekly_hours``), holidays (a few dates, or US or UK bank holidays), up to
    ``max_adjustments`` date adjustments (replaced, expanded, contracted or closed days, on
    one date, a range, or a recurrence rule), and unions and intersections of two calendars
    in different zones (adjusted too, and now and then given weekly hours of their own from a
    date). Dates fall between ``min_date`` and ``max_date``, often next to a DST change or a
    year end. Unless ``allow_never_open``, weekly hours always have open time. An intersection
    is kept only when the two calendars' weekly hours overlap whichever are in effect (before,
    between and after their changes): one that never opens takes the engine a search of
    decades to prove so. Each calendar's repr is the code that builds it. Shrinks toward
    ``Calendar("America/New_York", {"mon-fri": "09:00-17:00"})``.

    >>> from hypothesis import find
    >>> find(calendars(), lambda cal: True)
    Calendar('America/New_York', {'mon-fri': '09:00-17:00'})
    """
    recipes = calendar_recipes(zones=zones, min_date=min_date, max_date=max_date,
                               max_adjustments=max_adjustments, holidays=holidays,
                               combinations=combinations, allow_never_open=allow_never_open)
    return recipes.map(lambda recipe: recipe.calendar)


def calendar_recipes(
    *,
    zones: Sequence[str | tzinfo] = DEFAULT_ZONES,
    min_date: date = DEFAULT_MIN_DATE,
    max_date: date = DEFAULT_MAX_DATE,
    max_adjustments: int = 4,
    holidays: bool = True,
    combinations: bool = True,
    allow_never_open: bool = False,
) -> st.SearchStrategy[CalendarRecipe]:
    """The calendars of ``calendars()`` (same arguments, same draws), each with the raw
    arguments and calls that built it: ``recipe.calendar`` is the calendar, and
    ``recipe.build(ReferenceCalendar.build)`` the reference calendar made by the same calls,
    which reads the hours text, the holidays and the rules by its own means.

    >>> from hypothesis import find
    >>> find(calendar_recipes(), lambda recipe: True)
    Calendar('America/New_York', {'mon-fri': '09:00-17:00'})
    """
    check_dates(min_date, max_date)
    if not zones:
        raise InvalidArgument("zones must name at least one time zone")
    checked = [_checked_zone(z) for z in zones]
    if not isinstance(max_adjustments, int) or max_adjustments < 0:
        raise InvalidArgument(f"max_adjustments={max_adjustments!r} must be an int >= 0")
    return _calendars(checked, min_date, max_date, max_adjustments, holidays, combinations,
                      allow_never_open)


def _checked_zone(zone: str | tzinfo) -> str | tzinfo:
    if isinstance(zone, tzinfo):
        return zone
    try:
        ZoneInfo(zone)
    except (ValueError, TypeError, OSError, ZoneInfoNotFoundError) as exc:
        raise InvalidArgument(f"zones: {zone!r} is not an IANA time zone name or a tzinfo") from exc
    return zone


_DAY_US = 86_400_000_000
_WEEK = 7 * _DAY_US


def _weeks_overlap(a: Calendar, b: Calendar, day: date) -> bool:
    """Whether the weekly hours ``a`` and ``b`` have in effect on ``day`` overlap, with the
    UTC offsets of that day: then their intersection opens every year."""

    def spans(cal: Calendar) -> list[tuple[int, int]]:
        # The day's offset, read at local noon (away from the small hours where clocks
        # change): an estimate for this filter, not a wall time any calendar is built from.
        offset = datetime.combine(day, time(12), cal.timezone).utcoffset()
        assert offset is not None
        shift = offset // timedelta(microseconds=1)
        week = [w.days for w in cal.definition.weekly if w.effective <= day][-1]
        out = []
        for weekday, ranges in enumerate(week):
            for start, end in ranges:
                s = (weekday * _DAY_US + start - shift) % _WEEK
                e = s + end - start
                out += [(s, min(e, _WEEK))] + ([(0, e - _WEEK)] if e > _WEEK else [])
        return out

    return any(s < f and r < e for s, e in spans(a) for r, f in spans(b))


@st.composite
def _calendars(draw: st.DrawFn, zones: Sequence[str | tzinfo], first: date, last: date,
               most: int, holidays: bool, combinations: bool,
               allow_never_open: bool) -> CalendarRecipe:
    recipe, code = draw(_plain(zones, first, last, most, holidays, allow_never_open))
    cal = recipe.calendar
    how = draw(st.sampled_from(("plain", "plain", "plain", "or", "and"))) if combinations else ""
    if how in ("or", "and"):
        other, other_code = draw(_plain(zones, first, last, min(most, 2), holidays,
                                        allow_never_open))
        tz = cal.timezone
        # Every pair of weekly hours in effect together must overlap: an intersection with
        # a stretch that never opens makes the engine search 60 years before saying so.
        changes = {w.effective for c in (cal, other.calendar) for w in c.definition.weekly
                   if first < w.effective <= last}
        if how == "or" or all(_weeks_overlap(cal, other.calendar, day)
                              for day in (first, last + timedelta(days=1), *changes)):
            op = "|" if how == "or" else "&"
            both = cal | other.calendar if how == "or" else cal & other.calendar
            recipe = CalendarRecipe(both, combined=(op, recipe, other))
            code = f"({code} {op} {other_code})"
            if draw(st.integers(0, 4)) == 4:  # own weekly hours from a date on, now and then
                effective = draw(_dates(tz, first, last))
                later = draw(weekly_hours(allow_closed=allow_never_open))
                recipe, code = _with_weekly(recipe, code, later, effective)
            recipe, code = draw(_adjusted(recipe, code, _dates(tz, first, last), min(most, 2)))
    # The repr is the code that builds the calendar, so a failing example can be pasted.
    named = calendar_of(recipe.calendar.definition, code)
    return CalendarRecipe(named, recipe.start, recipe.combined, recipe.steps)
