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
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING, TypeVar

if TYPE_CHECKING:
    from bizhours._definition.definition import Definition
    from bizhours.testing.reference import Range, ReferenceCalendar, Window

T = TypeVar("T", timedelta, datetime)
_DAY = timedelta(days=1)


def union(spans: Iterable[tuple[T, T]]) -> list[tuple[T, T]]:
    """Sorted spans, non-empty, with overlapping or touching ones joined.

    >>> union([(3, 4), (1, 2), (2, 3)])
    [(1, 4)]
    """
    out: list[tuple[T, T]] = []
    for start, end in sorted(s for s in spans if s[0] < s[1]):
        if out and start <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], end))
        else:
            out.append((start, end))
    return out


def intersection(xs: Sequence[tuple[T, T]], ys: Sequence[tuple[T, T]]) -> list[tuple[T, T]]:
    """The spans covered by both ``xs`` and ``ys``.

    >>> intersection([(1, 5)], [(0, 2), (4, 9)])
    [(1, 2), (4, 5)]
    """
    return union((max(a, c), min(b, d)) for a, b in xs for c, d in ys)


def difference(xs: Sequence[tuple[T, T]], holes: Sequence[tuple[T, T]]) -> list[tuple[T, T]]:
    """``xs`` with every part covered by ``holes`` taken out.

    >>> difference([(1, 9)], [(2, 3), (5, 6)])
    [(1, 2), (3, 5), (6, 9)]
    """
    pieces = union(xs)
    for h_start, h_end in holes:
        pieces = [part for start, end in pieces
                  for part in ((start, min(end, h_start)), (max(start, h_end), end))
                  if part[0] < part[1]]
    return pieces


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
    """Microsecond ranges of the definition as timedelta offsets from local midnight."""
    return [(timedelta(microseconds=s), timedelta(microseconds=e)) for s, e in ranges]


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
        week = dates.weekly(day)
        ranges = [] if week is None or dates.is_holiday(day) else _td(week[day.weekday()])
        for index, adj in enumerate(definition.adjustments):
            if dates.is_adjusted(index, day):
                ranges = _adjust(ranges, adj.kind, _td(adj.ranges))
        return union(ranges)

    return hours_on


def combined_windows(
    definition: Definition, local: ReferenceCalendar, a: ReferenceCalendar, b: ReferenceCalendar
) -> Callable[[date], list[Window]]:
    """``windows_on`` for ``a | b`` or ``a & b``: their windows within each local date of
    ``cal``'s zone, then ``cal``'s own weekly hours and adjustments. ``local`` converts wall
    times of that zone to instants."""
    assert definition.combined is not None
    op = definition.combined.operator
    dates = _Dates(definition)

    def windows_on(day: date) -> list[Window]:
        midnight = datetime.combine(day, time())
        lo, hi = local.instant(midnight), local.instant(midnight + _DAY)

        def instants(ranges: Iterable[tuple[int, int]]) -> list[Window]:
            return [(local.instant(midnight + s), local.instant(midnight + e))
                    for s, e in _td(ranges)]

        week = dates.weekly(day)
        if week is not None:
            spans = union(instants(week[day.weekday()]))
        else:
            wa, wb = a.windows(lo, hi), b.windows(lo, hi)
            spans = union(wa + wb) if op == "or" else intersection(wa, wb)
        for index, adj in enumerate(definition.adjustments):
            if dates.is_adjusted(index, day):
                spans = _adjust(spans, adj.kind, instants(adj.ranges))
        return spans

    return windows_on
