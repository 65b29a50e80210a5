"""Where a calendar's edges are: local midnights, DST changes, holidays, dated changes and
window opens and closes, found once per calendar and span of dates for ``instants``."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from functools import lru_cache

from bizhours._calendar import Calendar
from bizhours._definition.definition import Definition
from bizhours._instants import US_PER_DAY, US_PER_SECOND, from_us, local_to_us, offset_us, to_us
from bizhours.strategies._arguments import ANCHOR

_DAY = timedelta(days=1)


def midnight(tz: tzinfo, day: date) -> datetime:
    """The first instant (in UTC) at which the local clock in ``tz`` reads ``day`` 00:00 or
    later: the start of a local date, also when midnight falls in a DST gap.

    >>> from zoneinfo import ZoneInfo
    >>> midnight(ZoneInfo("America/New_York"), date(2026, 3, 8)).isoformat()
    '2026-03-08T05:00:00+00:00'
    """
    # The library's one resolver: a midnight the clocks skip is the end of the gap.
    return from_us(local_to_us(tz, day, 0), UTC)


def zone_transitions(tz: tzinfo, first: date, last: date) -> tuple[datetime, ...]:
    """The UTC instants at which ``tz``'s UTC offset changes, around local dates
    ``first..last`` (to the second: tzdata changes fall on whole seconds).

    >>> from zoneinfo import ZoneInfo
    >>> [t.isoformat() for t in zone_transitions(ZoneInfo("Europe/London"),
    ...                                          date(2026, 1, 1), date(2026, 12, 31))]
    ['2026-03-29T01:00:00+00:00', '2026-10-25T01:00:00+00:00']
    """
    try:
        hash(tz)
    except TypeError:  # a zone without a hash of its own (dateutil's): found afresh each time
        return _transitions(tz, first, last)
    return _cached_transitions(tz, first, last)


def _transitions(tz: tzinfo, first: date, last: date) -> tuple[datetime, ...]:
    # Sampled day by day (no zone changes twice within a day), each change then bisected to
    # the second.
    t = to_us(datetime.combine(first - 2 * _DAY, time(), UTC))
    end = to_us(datetime.combine(last + 2 * _DAY, time(), UTC))
    previous = offset_us(tz, t)
    found: list[datetime] = []
    while t < end:
        step = t + US_PER_DAY
        offset = offset_us(tz, step)
        if offset != previous:
            lo, hi = 0, 86_400  # seconds after t: the old offset at lo, the new one at hi
            while hi - lo > 1:
                mid = (lo + hi) // 2
                if offset_us(tz, t + mid * US_PER_SECOND) == previous:
                    lo = mid
                else:
                    hi = mid
            found.append(from_us(t + hi * US_PER_SECOND, UTC))
            previous = offset
        t = step
    return tuple(found)


_cached_transitions = lru_cache(maxsize=256)(_transitions)


def _holiday_dates(definition: Definition, first: date, last: date) -> set[date]:
    days: set[date] = set()
    if definition.holidays is not None:
        days.update(_holidays_in(definition.holidays, first.year, last.year))
    for part in definition.parts():
        days |= _holiday_dates(part, first, last)
    return days


@lru_cache(maxsize=64)
def _holidays_in(source: object, first_year: int, last_year: int) -> tuple[date, ...]:
    names = source.names(first_year, last_year)  # type: ignore[attr-defined]
    return tuple(names)


def _dated_changes(definition: Definition, first: date, last: date, cap: int = 200
                   ) -> set[date]:
    """Dates of adjustments (each end of a range) and of changes of weekly hours."""
    days: set[date] = {w.effective for w in definition.weekly if first <= w.effective <= last}
    for adj in definition.adjustments:
        seen = list(adj.dates.between(first, last))
        # A long range or a recurrence: its ends and a sample, not every date.
        days.update(seen[:cap // 2] + seen[-cap // 2:] if len(seen) > cap else seen)
    for part in definition.parts():
        days |= _dated_changes(part, first, last, cap)
    return days


@dataclass(frozen=True, slots=True)
class Facts:
    """What instants need to know about a calendar over a span of dates, found once: the
    dates next to each kind of edge (holidays, dated changes, DST changes, year ends).

    >>> import bizhours
    >>> facts(bizhours.calendar("eastern"), date(2026, 1, 1), date(2026, 12, 31)).anchor
    datetime.date(2026, 1, 5)
    """

    anchor: date
    """The Monday instants shrink toward."""
    groups: tuple[tuple[date, ...], ...]
    """For each kind of edge, the dates next to one (the day before, itself, the day after)."""
    transitions: tuple[datetime, ...]
    """The zone's changes of UTC offset, as UTC instants."""


def _anchor(first: date, last: date) -> date:
    day = min(max(ANCHOR, first), last)
    while day.weekday() != 0 and day < last:
        day += _DAY
    return day


@lru_cache(maxsize=128)
def facts(cal: Calendar, first: date, last: date) -> Facts:
    """The edges of ``cal`` over local dates ``first..last`` (memoised per calendar)."""
    transitions = zone_transitions(cal.timezone, first, last)
    years = range(first.year, last.year + 1)
    kinds = (
        _holiday_dates(cal.definition, first, last),
        _dated_changes(cal.definition, first, last),
        {t.astimezone(cal.timezone).date() for t in transitions},
        {date(y, 12, 31) for y in years} | {date(y, 1, 1) for y in years},
    )
    groups = []
    for keys in kinds:
        near = {k + d * _DAY for k in keys for d in (-1, 0, 1) if date.min + _DAY < k < date.max}
        dates = tuple(sorted(d for d in near if first <= d <= last))
        if dates:
            groups.append(dates)
    return Facts(_anchor(first, last), tuple(groups), transitions)


def window_edges(cal: Calendar, day: date) -> tuple[list[datetime], list[datetime]]:
    """The calendar's window opens and closes on local ``day``, else those of the week
    around it (a weekly pattern has its edges there), as UTC instants."""
    tz = cal.timezone
    # A week's windows, not a search: asking a calendar for its next close can mean a long
    # walk when it never closes again.
    lo, hi = midnight(tz, day - 3 * _DAY), midnight(tz, day + 4 * _DAY)
    opens: list[datetime] = []
    closes: list[datetime] = []
    for start, end in cal.windows(lo, hi):
        if start > lo:  # an edge of the query range is not an edge of the calendar
            opens.append(start)
        if end < hi:
            closes.append(end)
    opens_on_day = [e for e in opens if e.astimezone(tz).date() == day]
    closes_on_day = [e for e in closes if e.astimezone(tz).date() == day]
    return opens_on_day or opens, closes_on_day or closes
