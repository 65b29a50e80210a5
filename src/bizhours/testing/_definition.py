"""A calendar's inputs read date by date, for ``ReferenceCalendar``.

``Inputs`` holds what a calendar was built from, as the reference read it: the zone, the
weekly hours and the dates they take effect, whether a date is a holiday, the adjustments in
the order they were made, the calendars of a union or an intersection. It comes from the raw
arguments (``ReferenceCalendar.build`` and its adjustment methods, read by ``_spec`` and
``_raw``), or from a ``bizhours.Calendar``'s definition (``inputs_of``: its stored values,
with its rules iterated and its holiday classes asked here). Each local date is resolved by
the documented precedence: adjustments in order (a replacement sets the day's hours, an
expansion adds to them, a contraction takes from them), over holidays, over the weekly hours
in effect on that date (for a union or intersection, unless hours were set with
``with_weekly_hours``: the two calendars' windows on that date).

A night range belongs to the date it starts on: each date's hours are kept as its *own*
ranges and the ranges *spilled* onto its clock by the date before, so that the reference can
say which date's business hours an open moment is part of.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta, tzinfo
from typing import Any, Literal, TypeVar

import holidays as _holidays

from bizhours._definition.dates import DateRange
from bizhours._definition.definition import Definition
from bizhours._definition.holidays import (
    HolidayClassSource,
    HolidayObjectSource,
    HolidaySnapshot,
    HolidaySource,
)
from bizhours.testing._intervals import Range, Window, difference, intersection, union
from bizhours.testing._raw import DateTest, read_dates
from bizhours.testing._wall import first_instant

T = TypeVar("T", timedelta, datetime)
Week = tuple[tuple[Range, ...], ...]
"""Seven days' ranges, Monday first; a night range's close is past 24 hours."""
Kind = Literal["set", "add", "remove"]
_DAY = timedelta(days=1)
_ZERO = timedelta(0)
WindowsBetween = Callable[[datetime, datetime], Sequence[Window]]
"""A calendar's open windows overlapping ``[start, end)``, as ``ReferenceCalendar.windows``."""


@dataclass(frozen=True)
class Adjusting:
    """One date adjustment: on the dates ``applies`` selects, set (``"set"``), add to
    (``"add"``) or take from (``"remove"``) the hours."""

    kind: Kind
    applies: DateTest
    ranges: tuple[Range, ...]


@dataclass(frozen=True)
class Inputs:
    """What a calendar is built from, read by the reference (see the module docstring)."""

    tz: tzinfo
    weekly: tuple[tuple[date, Week], ...] = ()
    is_holiday: DateTest | None = None
    adjustments: tuple[Adjusting, ...] = ()
    operator: Literal["or", "and"] | None = None
    parts: tuple[WindowsBetween, ...] = ()

    def with_weekly(self, effective: date, week: Week) -> Inputs:
        """These inputs with ``week`` in effect from ``effective`` (replacing weekly hours
        from the same date: the later call wins)."""
        kept = [w for w in self.weekly if w[0] != effective]
        return replace(self, weekly=tuple(sorted([*kept, (effective, week)],
                                                 key=lambda w: w[0])))

    def adjusted(self, adjusting: Adjusting) -> Inputs:
        """These inputs with ``adjusting`` made after the others."""
        return replace(self, adjustments=(*self.adjustments, adjusting))

    def week_on(self, day: date) -> Week | None:
        """The weekly hours in effect on ``day`` (the latest to take effect), or None."""
        found = None
        for effective, week in self.weekly:
            if effective <= day:
                found = week
        return found


# --- from a bizhours.Calendar's definition ---------------------------------------------------


def inputs_of(definition: Definition, parts: Sequence[WindowsBetween]) -> Inputs:
    """The inputs stored in ``definition`` (``parts``: the windows of the calendars it
    combines, if any): its weekly hours and adjustments' ranges as stored, its rules
    iterated by ``dateutil`` directly, its holidays asked of the ``holidays`` package here."""
    weekly = tuple((w.effective, tuple(_td(day) for day in w.days)) for w in definition.weekly)
    adjustments = tuple(
        Adjusting(adj.kind, _selector(adj.dates), _td(adj.ranges))
        for adj in definition.adjustments)
    holidays = None if definition.holidays is None else _HolidayDates(definition.holidays)
    combined = definition.combined
    return Inputs(definition.timezone, weekly,
                  None if holidays is None else holidays.__contains__, adjustments,
                  None if combined is None else combined.operator, tuple(parts))


def _td(ranges: Sequence[tuple[int, int]]) -> tuple[Range, ...]:
    return tuple((timedelta(microseconds=s), timedelta(microseconds=e)) for s, e in ranges)


def _selector(dates: object) -> DateTest:
    if isinstance(dates, DateRange):
        first, last = dates.first, dates.last
        return lambda day: first <= day <= last
    return read_dates(getattr(dates, "rule"))  # noqa: B009 (a RecurringDates' raw rule)


class _HolidayDates:
    """The dates of a stored holiday source, year by year: each holiday class built with
    its stored parameters and asked for that year, the dates removed and added by hand."""

    def __init__(self, source: HolidaySource) -> None:
        self._source = source
        self._years: dict[int, frozenset[date]] = {}

    def __contains__(self, day: date) -> bool:
        if day.year not in self._years:
            self._years[day.year] = self._year(day.year)
        return day in self._years[day.year]

    def _year(self, year: int) -> frozenset[date]:
        source = self._source
        if isinstance(source, HolidaySnapshot):
            return frozenset(d for d, _ in source.days if d.year == year)
        if isinstance(source, HolidayClassSource):
            return _class_dates(source, year)
        assert isinstance(source, HolidayObjectSource)
        found = {d for part in source.parts for d in _class_dates(part, year)}
        found.difference_update(source.removed)
        found.update(d for d, _ in source.added if d.year == year)
        return frozenset(found)


def _class_dates(source: HolidayClassSource, year: int) -> frozenset[date]:
    options: dict[str, Any] = dict(source.options)
    table: _holidays.HolidayBase = source.cls(
        years=year, subdiv=source.subdiv, categories=source.categories,
        observed=source.observed, language=source.language, **options)
    return frozenset(table)


# --- each local date's hours ------------------------------------------------------------------


def _own(ranges: Sequence[Range]) -> list[Range]:
    """The parts of a date's ranges before its next midnight."""
    return [(s, min(e, _DAY)) for s, e in ranges]


def _spill(ranges: Sequence[Range]) -> list[Range]:
    """The parts after midnight of a date's night ranges, on the next date's clock."""
    return [(_ZERO, e - _DAY) for _, e in ranges if e > _DAY]


def owned_hours(inputs: Inputs) -> Callable[[date], tuple[list[Range], list[Range]]]:
    """For a calendar that is not a union or intersection: a date's hours on its own clock,
    as ``(own, spilled)``: its own ranges (before its midnight), and the parts after midnight
    of the night ranges of the date before, as that date's holidays and adjustments leave
    them. The date's open time is their union; the date before's business hours include the
    spilled part."""

    def hours_on(day: date) -> tuple[list[Range], list[Range]]:
        week = inputs.week_on(day)
        before = day - _DAY
        earlier = inputs.week_on(before) if day > date.min else None
        holiday = inputs.is_holiday is not None and inputs.is_holiday(day)
        own = [] if week is None or holiday else union(_own(week[day.weekday()]))
        spilled = ([] if earlier is None or holiday
                   else union(_spill(earlier[before.weekday()])))
        return _adjusted(inputs, day, own, spilled, lambda ranges: ranges)

    return hours_on


def _adjusted(inputs: Inputs, day: date, own: list[tuple[T, T]], spilled: list[tuple[T, T]],
              scale: Callable[[list[Range]], list[tuple[T, T]]]
              ) -> tuple[list[tuple[T, T]], list[tuple[T, T]]]:
    """A date's ``(own, spilled)`` hours after its adjustments, in the order made, and those
    of the date before that reach it with their night ranges; ``scale`` puts an
    adjustment's ranges (on the date's clock) on the scale of ``own`` and ``spilled``."""
    before = day - _DAY
    for adj in inputs.adjustments:
        if adj.applies(day):
            mine = scale(_own(adj.ranges))
            if adj.kind == "set":
                own, spilled = union(mine), []
            elif adj.kind == "add":
                own = union(own + mine)
            else:
                own, spilled = difference(own, mine), difference(spilled, mine)
        if day > date.min and adj.applies(before):
            mine = scale(_spill(adj.ranges))
            if adj.kind == "remove":
                own, spilled = difference(own, mine), difference(spilled, mine)
            else:
                spilled = union(spilled + mine)
    return own, spilled


def combined_windows(inputs: Inputs) -> Callable[[date], list[Window]]:
    """``windows_on`` for ``a | b | ...`` or ``a & b & ...`` (given by their ``windows``):
    their windows within each local date of the inputs' zone, then its own weekly hours
    and adjustments."""
    owned = combined_owned(inputs)

    def windows_on(day: date) -> list[Window]:
        own, spilled = owned(day)
        return union(own + spilled)

    return windows_on


def combined_owned(inputs: Inputs) -> Callable[[date], tuple[list[Window], list[Window]]]:
    """``owned_hours`` for a union or intersection, as UTC windows: a date's own windows
    (its parts' between its midnights, or its own weekly hours, then its adjustments) and
    the parts after midnight of the night ranges of the date before (its own weekly hours'
    and adjustments')."""
    tz = inputs.tz

    def owned_on(day: date) -> tuple[list[Window], list[Window]]:
        midnight = datetime.combine(day, time())
        lo, hi = first_instant(tz, midnight), first_instant(tz, midnight + _DAY)

        def instants(ranges: Sequence[Range]) -> list[Window]:
            return [(first_instant(tz, midnight + s), first_instant(tz, midnight + e))
                    for s, e in ranges]

        week = inputs.week_on(day)
        before = day - _DAY
        spilled: list[Window] = []
        if week is not None:
            earlier = inputs.week_on(before) if day > date.min else None
            spilled = [] if earlier is None else union(instants(_spill(earlier[before.weekday()])))
            own = union(instants(_own(week[day.weekday()])))
        else:
            each = [list(part(lo, hi)) for part in inputs.parts]
            if inputs.operator == "or":
                own = union(w for ws in each for w in ws)
            else:
                own = each[0]
                for ws in each[1:]:
                    own = intersection(own, ws)
        return _adjusted(inputs, day, own, spilled, instants)

    return owned_on
