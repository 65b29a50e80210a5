"""Compile a definition's local dates into UTC open windows.

For each local date: the weekly hours in effect (none on a holiday), or for a combined
calendar the union or intersection of its parts' windows on that date; then the date's
adjustments in the order they were made. Every step works on UTC microsecond ranges, so
combined calendars and plain ones are adjusted the same way. A combination's parts are merged
once over the whole span, so its cost grows with its parts' windows, not with their number
times the days.
"""

from __future__ import annotations

import heapq
from bisect import bisect_right
from collections.abc import Callable, Sequence
from datetime import date, timedelta
from functools import reduce

from bizhours._definition.dates import Adjustment, DateHours
from bizhours._definition.definition import Definition, Operator, WeeklyHours
from bizhours._definition.hours import DayRanges, merge_touching, own, spilled
from bizhours._engine.state import Span, State
from bizhours._instants import LAST_DAY, US_PER_DAY, ZoneSpan, local_to_us, naive_us, shift_day

Windows = list[tuple[int, int]]
_ONE_DAY = timedelta(days=1)


def clip(starts: list[int], ends: list[int], lo: int, hi: int) -> Windows:
    """The windows overlapping ``[lo, hi)``, clipped to it."""
    i = max(bisect_right(starts, lo) - 1, 0)
    out = []
    while i < len(starts) and starts[i] < hi:
        if ends[i] > lo:
            out.append((max(starts[i], lo), min(ends[i], hi)))
        i += 1
    return out


def combine(operator: Operator, parts: Sequence[Windows]) -> Windows:
    """Sorted windows open where any of ``parts`` is (``"or"``) or all of them are."""
    if operator == "or":
        return list(merge_touching(list(heapq.merge(*parts))))
    return reduce(intersection, parts) if parts else []


def intersection(a: Windows, b: Windows) -> Windows:
    """Sorted windows open where both ``a`` and ``b`` are."""
    out, i, j = [], 0, 0
    while i < len(a) and j < len(b):
        start, end = max(a[i][0], b[j][0]), min(a[i][1], b[j][1])
        if start < end:
            out.append((start, end))
        if a[i][1] < b[j][1]:
            i += 1
        else:
            j += 1
    return out


def compile_days(
    definition: Definition,
    first: date,
    last: date,
    holiday_names: Callable[[int], dict[date, str]],
    parts: Sequence[State] = (),
) -> Span:
    """The open windows and business dates of the local dates ``first..last``; windows that
    touch across midnight (closing at 24:00, opening at 00:00) are merged by the timeline
    that asks. A combination's ``parts`` are its definitions' states covering those dates.

    A date's business hours are the ranges it is given, a night range counted whole on the
    date it starts, so the date after ``last`` is worked out too for what it carries."""
    tz = definition.timezone
    end = min(shift_day(last, 1), LAST_DAY)
    adjusted = _adjusted_days(definition.adjustments, first, end)
    holidays: dict[date, str] = {}
    if definition.holidays is not None:
        for year in range(first.year, end.year + 1):
            holidays.update(holiday_names(year))
    weekly = definition.weekly
    effective = [w.effective for w in weekly]
    combined = definition.combined
    zone = ZoneSpan(tz, first, end)
    merged: Windows = []
    if combined is not None and parts:
        lo, hi = local_to_us(tz, first, 0), local_to_us(tz, last + _ONE_DAY, 0)
        merged = combine(combined.operator, [clip(p.starts, p.ends, lo, hi) for p in parts])
    merged_starts = [s for s, _ in merged]
    merged_ends = [e for _, e in merged]

    span = Span.empty()
    # The previous date's own hours, waiting for what this one carries of its night ranges.
    before: DayRanges = ()
    before_offset: int | None = None
    # Weekly hours by (weekly index, weekday), for dates whose date before has the same ones.
    clocks: dict[tuple[int, int], DateHours] = {}
    day, ordinal = first, first.toordinal()
    while day <= end:
        offset = zone.uniform_offset(day)
        if offset is not None:
            mid = naive_us(day) - offset
            nxt = mid + US_PER_DAY
        else:
            mid = local_to_us(tz, day, 0)
            nxt = local_to_us(tz, day + _ONE_DAY, 0)

        def utc(ranges: DayRanges, day: date = day, mid: int = mid, off: int | None = offset
                ) -> DayRanges:
            if off is not None:
                return tuple((mid + s, mid + e) for s, e in ranges)
            return tuple((local_to_us(tz, day, s), local_to_us(tz, day, e)) for s, e in ranges)

        k = bisect_right(effective, day) - 1
        hours = _NO_HOURS
        if k >= 0:  # weekly hours of a combined calendar's own replace its parts'
            if day not in holidays:
                key = (k, day.weekday())
                clock = clocks.get(key) if effective[k] < day else None
                if clock is None:
                    clock = _weekly_clock(weekly, effective, day, k)
                    if effective[k] < day:
                        clocks[key] = clock
                hours = DateHours(utc(clock.own), utc(clock.carried) if clock.carried else ())
        elif parts:
            hours = DateHours(tuple(clip(merged_starts, merged_ends, mid, nxt)), ())
        for adj, after_midnight in adjusted.get(day, ()):
            mine = utc(spilled(adj.ranges) if after_midnight else own(adj.ranges))
            hours = adj.apply(hours, mine, after_midnight)
        if day > first:
            span.add_business_date(ordinal - 1, before, hours.carried, before_offset)
        if day <= last:
            # A window wholly inside a DST gap has no length; the timeline merges touching ones.
            span.windows.extend(w for w in hours.all() if w[0] < w[1])
            before, before_offset = hours.own, offset
        day += _ONE_DAY
        ordinal += 1
    if end == last:  # the last supported date: nothing after it carries its night ranges
        span.add_business_date(last.toordinal(), before, (), before_offset)
    return span


_NO_HOURS = DateHours((), ())


def _weekly_clock(weekly: Sequence[WeeklyHours], effective: list[date], day: date, k: int
                  ) -> DateHours:
    """The weekly hours on ``day``'s own clock (``weekly[k]`` is in effect): its ranges up
    to midnight, and carried, the part after midnight of the night ranges of the date
    before, from the weekly hours in effect on that date."""
    carried: DayRanges = ()
    if day > date.min:
        before = day - _ONE_DAY
        j = bisect_right(effective, before) - 1
        if j >= 0:
            carried = spilled(weekly[j].days[before.weekday()])
    return DateHours(own(weekly[k].days[day.weekday()]), carried)


def _adjusted_days(adjustments: Sequence[Adjustment], first: date, last: date
                   ) -> dict[date, list[tuple[Adjustment, bool]]]:
    """Each date's adjustments in the order made, each with whether it reaches the date as
    the part after midnight of a night range given the date before (``True``) or as given
    for the date itself. On a date in both roles the own part comes first."""
    adjusted: dict[date, list[tuple[Adjustment, bool]]] = {}
    for adj in adjustments:
        for day in adj.dates.between(first, last):
            adjusted.setdefault(day, []).append((adj, False))
        if first > date.min and any(end > US_PER_DAY for _, end in adj.ranges):
            for day in adj.dates.between(first - _ONE_DAY, last - _ONE_DAY):
                adjusted.setdefault(day + _ONE_DAY, []).append((adj, True))
    return adjusted
