"""A ``bizhours.Calendar``'s definition read date by date, for ``ReferenceCalendar``.

Only the definition is read (the zone, the weekly hours and the dates they take effect, the
holiday source, the adjustments in the order they were made, the two calendars of a union or
an intersection); nothing of the engine's compiled timeline is used. Each local date is
resolved by the documented precedence: adjustments in order (a replacement sets the day's
hours, an expansion adds to them, a contraction takes from them), over holidays, over the
weekly hours in effect on that date (for a union or intersection, unless hours were set
with ``with_weekly_hours``: the two calendars' windows on that date).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from datetime import date, datetime, time, timedelta, tzinfo
from typing import TypeVar

from bizhours._definition.definition import Definition
from bizhours.testing._intervals import Range, Window, difference, intersection, union
from bizhours.testing._wall import first_instant

T = TypeVar("T", timedelta, datetime)
_DAY = timedelta(days=1)
_ZERO = timedelta(0)
WindowsBetween = Callable[[datetime, datetime], Sequence[Window]]
"""A calendar's open windows overlapping ``[start, end)``, as ``ReferenceCalendar.windows``."""


class _Dates:
    """Memos of the holidays and adjusted dates of a calendar, year by year."""

    def __init__(self, definition: Definition) -> None:
        self.definition = definition
        self._holidays: dict[int, frozenset[date]] = {}
        self._adjusted: dict[tuple[int, int], frozenset[date]] = {}

    def is_holiday(self, day: date) -> bool:
        source = self.definition.holidays
        if source is None:
            return False
        if day.year not in self._holidays:
            self._holidays[day.year] = frozenset(source.names(day.year, day.year))
        return day in self._holidays[day.year]

    def is_adjusted(self, index: int, day: date) -> bool:
        key = (index, day.year)
        if key not in self._adjusted:
            dates = self.definition.adjustments[index].dates
            first = date(day.year, 1, 1)
            last = date(day.year, 12, 31)
            self._adjusted[key] = frozenset(dates.between(first, last))
        return day in self._adjusted[key]

    def weekly(self, day: date) -> tuple[tuple[tuple[int, int], ...], ...] | None:
        """The weekly hours in effect on ``day`` (the latest to take effect), or None."""
        found = None
        for weekly in self.definition.weekly:
            if weekly.effective <= day:
                found = weekly.days
        return found


def _td(ranges: Iterable[tuple[int, int]]) -> list[Range]:
    """Microsecond ranges of the definition as timedelta offsets from local midnight, cut
    at the next midnight (a night range's part after it belongs to the next date)."""
    return [(timedelta(microseconds=s), min(timedelta(microseconds=e), _DAY)) for s, e in ranges]


def _td_after(ranges: Iterable[tuple[int, int]]) -> list[Range]:
    """The parts after midnight of a date's night ranges, on the next date's clock."""
    return [(_ZERO, timedelta(microseconds=e) - _DAY) for _, e in ranges
            if timedelta(microseconds=e) > _DAY]


def _weekly_on(dates: _Dates, day: date) -> list[Range] | None:
    """The weekly hours on ``day``'s clock, holidays aside: its own ranges and the parts
    after midnight of the night ranges of the date before (by the weekly hours in effect
    then), or ``None`` when no weekly hours are in effect on ``day``."""
    week = dates.weekly(day)
    if week is None:
        return None
    before = day - _DAY
    earlier = dates.weekly(before) if day > date.min else None
    spill = [] if earlier is None else _td_after(earlier[before.weekday()])
    return _td(week[day.weekday()]) + spill


def _adjusted(spans: list[tuple[T, T]], dates: _Dates, day: date,
              instants: Callable[[list[Range]], list[tuple[T, T]]]) -> list[tuple[T, T]]:
    """``spans`` after each adjustment in the order made: on ``day`` itself as its kind
    says, then (for one on the date before) its night ranges' parts after midnight taken
    out by a contraction, else added (a replacement sets its own dates only)."""
    for index, adj in enumerate(dates.definition.adjustments):
        if dates.is_adjusted(index, day):
            spans = _adjust(spans, adj.kind, instants(_td(adj.ranges)))
        if day > date.min and dates.is_adjusted(index, day - _DAY):
            kind = "remove" if adj.kind == "remove" else "add"
            spans = _adjust(spans, kind, instants(_td_after(adj.ranges)))
    return spans


def _adjust(spans: list[tuple[T, T]], kind: str, mine: list[tuple[T, T]]) -> list[tuple[T, T]]:
    if kind == "set":
        return union(mine)
    if kind == "add":
        return union(spans + mine)
    return difference(spans, mine)


def plain_hours(definition: Definition) -> Callable[[date], list[Range]]:
    """``hours_on`` for a calendar that is not a union or intersection."""
    dates = _Dates(definition)

    def hours_on(day: date) -> list[Range]:
        week = _weekly_on(dates, day)
        ranges = [] if week is None or dates.is_holiday(day) else week
        return union(_adjusted(ranges, dates, day, list))

    return hours_on


def combined_windows(
    definition: Definition, parts: Sequence[WindowsBetween]
) -> Callable[[date], list[Window]]:
    """``windows_on`` for ``a | b | ...`` or ``a & b & ...`` (given by their ``windows``):
    their windows within each local date of the definition's zone, then its own weekly hours
    and adjustments."""
    assert definition.combined is not None
    op = definition.combined.operator
    tz: tzinfo = definition.timezone
    dates = _Dates(definition)

    def windows_on(day: date) -> list[Window]:
        midnight = datetime.combine(day, time())
        lo, hi = first_instant(tz, midnight), first_instant(tz, midnight + _DAY)

        def instants(ranges: list[Range]) -> list[Window]:
            return [(first_instant(tz, midnight + s), first_instant(tz, midnight + e))
                    for s, e in ranges]

        week = _weekly_on(dates, day)
        if week is not None:
            spans = union(instants(week))
        else:
            each = [list(part(lo, hi)) for part in parts]
            if op == "or":
                spans = union(w for ws in each for w in ws)
            else:
                spans = each[0]
                for ws in each[1:]:
                    spans = intersection(spans, ws)
        return _adjusted(spans, dates, day, instants)

    return windows_on
