"""Hypothesis strategies for instants and durations, aimed at a calendar's edges.

The public names are re-exported by ``bizhours.strategies``; see that module for the overview.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, timezone, tzinfo
from functools import lru_cache
from itertools import pairwise
from zoneinfo import ZoneInfo

from bizhours._calendar import Calendar
from bizhours._definition.definition import Definition
from bizhours.errors import BizHoursError

try:
    from hypothesis import strategies as st
    from hypothesis.errors import InvalidArgument
except ImportError as exc:  # pragma: no cover - exercised in a subprocess by the tests
    raise ImportError(
        'bizhours.strategies needs Hypothesis: pip install "bizhours[testing]"'
    ) from exc

DEFAULT_MIN_DATE = date(2000, 1, 1)
"""The first local date drawn by default."""
DEFAULT_MAX_DATE = date(2040, 12, 31)
"""The last local date drawn by default."""
ANCHOR = date(2026, 1, 5)
"""The Monday that instants shrink toward (the first Monday in range when it is outside)."""

US = timedelta(microseconds=1)
_SECOND = timedelta(seconds=1)
_MINUTE = timedelta(minutes=1)
_HOUR = timedelta(hours=1)
_DAY = timedelta(days=1)
_ZERO = timedelta(0)
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)

OTHER_ZONES: tuple[tzinfo, ...] = (
    UTC,
    ZoneInfo("Asia/Tokyo"),
    timezone(timedelta(hours=-3, minutes=-30)),
    ZoneInfo("America/New_York"),
    ZoneInfo("Australia/Lord_Howe"),
)
"""Zones instants are expressed in besides the calendar's own (the first choice)."""

# Where an instant is taken on its local date; repeated entries weigh the edges.
_KINDS = ("open", "close", "open", "close", "midnight", "transition", "transition", "wall")
# How far an edge is nudged, in units of the resolution (a microsecond by default).
_NUDGES = (0, -1, 1, -1, 1, 0)


def _check_dates(min_date: date, max_date: date) -> None:
    for name, value in (("min_date", min_date), ("max_date", max_date)):
        if not isinstance(value, date) or isinstance(value, datetime):
            raise InvalidArgument(f"{name}={value!r} must be a datetime.date")
    if not date(1, 1, 10) <= min_date <= max_date <= date(9999, 12, 20):
        raise InvalidArgument(
            f"min_date={min_date} and max_date={max_date}: accepted min_date <= max_date, "
            "both between 0001-01-10 and 9999-12-20 (edges are looked for a few days beyond)"
        )


def _check_resolution(resolution: timedelta | None) -> None:
    if resolution is not None and (
        not isinstance(resolution, timedelta) or resolution <= _ZERO or _DAY % resolution
    ):
        raise InvalidArgument(
            f"resolution={resolution!r}: accepted None or a positive timedelta that divides "
            "a day (a second, a minute, 15 minutes, ...)"
        )


def _floor(moment: datetime, resolution: timedelta | None) -> datetime:
    if resolution is None:
        return moment
    utc = moment.astimezone(UTC)
    return (_EPOCH + (utc - _EPOCH) // resolution * resolution).astimezone(moment.tzinfo)


# --- what a calendar's edges are --------------------------------------------------------------


def midnight(tz: tzinfo, day: date) -> datetime:
    """The first instant (in UTC) at which the local clock in ``tz`` reads ``day`` 00:00 or
    later: the start of a local date, also when midnight falls in a DST gap.

    >>> midnight(ZoneInfo("America/New_York"), date(2026, 3, 8)).isoformat()
    '2026-03-08T05:00:00+00:00'
    """
    # fold=0 takes the offset before a change, which puts a wall time in a gap at its end.
    return datetime.combine(day, time(), tz).astimezone(UTC)


@lru_cache(maxsize=256)
def zone_transitions(tz: tzinfo, first: date, last: date) -> tuple[datetime, ...]:
    """The UTC instants at which ``tz``'s UTC offset changes, around local dates
    ``first..last`` (to the second: tzdata changes fall on whole seconds).

    >>> [t.isoformat() for t in zone_transitions(ZoneInfo("Europe/London"),
    ...                                          date(2026, 1, 1), date(2026, 12, 31))]
    ['2026-03-29T01:00:00+00:00', '2026-10-25T01:00:00+00:00']
    """
    t = datetime.combine(first - 2 * _DAY, time(), UTC)
    end = datetime.combine(last + 2 * _DAY, time(), UTC)
    previous = t.astimezone(tz).utcoffset()
    found: list[datetime] = []
    while t < end:
        step = t + _DAY
        offset = step.astimezone(tz).utcoffset()
        if offset != previous:
            lo, hi = 0, 86_400  # seconds after t: the old offset at lo, the new one at hi
            while hi - lo > 1:
                mid = (lo + hi) // 2
                if (t + mid * _SECOND).astimezone(tz).utcoffset() == previous:
                    lo = mid
                else:
                    hi = mid
            found.append(t + hi * _SECOND)
            previous = offset
        t = step
    return tuple(found)


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
class _Facts:
    """What instants need to know about a calendar over a span of dates, found once: the
    dates next to each kind of edge (holidays, dated changes, DST changes, year ends)."""

    anchor: date
    groups: tuple[tuple[date, ...], ...]
    transitions: tuple[datetime, ...]


def _anchor(first: date, last: date) -> date:
    day = min(max(ANCHOR, first), last)
    while day.weekday() != 0 and day < last:
        day += _DAY
    return day


@lru_cache(maxsize=128)
def _facts(cal: Calendar, first: date, last: date) -> _Facts:
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
    return _Facts(_anchor(first, last), tuple(groups), transitions)


def _window_edges(cal: Calendar, day: date) -> tuple[list[datetime], list[datetime]]:
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


# --- instants ---------------------------------------------------------------------------------


def instants(
    calendar: Calendar,
    *,
    min_date: date = DEFAULT_MIN_DATE,
    max_date: date = DEFAULT_MAX_DATE,
    zones: st.SearchStrategy[tzinfo] | None = None,
    resolution: timedelta | None = None,
) -> st.SearchStrategy[datetime]:
    """Aware datetimes biased toward ``calendar``'s edges.

    The local date is often one next to an edge (a holiday, an adjustment, a change of
    weekly hours, a DST change of the zone, a year end: the day itself, before and after);
    the time is often a window's open or close, exactly or one microsecond either side, a
    DST transition, local midnight, or a wall time that may fall in a DST gap or a repeated
    hour. The result is in the calendar's zone (shrinking goes there) or in one of ``zones``
    (default: UTC, Tokyo, UTC-03:30, New York, Lord Howe). ``resolution`` floors every
    instant to a multiple of it since the epoch (nudges are then one resolution). Shrinks
    toward a Monday at opening time.

    >>> from hypothesis import given
    >>> import bizhours
    >>> eastern = bizhours.calendar("eastern")
    >>> @given(instants(eastern))
    ... def test_next_open_is_open(at):
    ...     assert eastern.is_open(eastern.next_open(at))
    >>> test_next_open_is_open()
    """
    if not isinstance(calendar, Calendar):
        raise InvalidArgument(f"calendar={calendar!r} must be a bizhours.Calendar")
    _check_dates(min_date, max_date)
    _check_resolution(resolution)
    tz = calendar.timezone
    out = zones if zones is not None else st.sampled_from((tz, *OTHER_ZONES))
    return _instants(calendar, min_date, max_date, out, resolution)


@st.composite
def _instants(
    draw: st.DrawFn,
    cal: Calendar,
    first: date,
    last: date,
    zones: st.SearchStrategy[tzinfo],
    resolution: timedelta | None,
) -> datetime:
    facts = _facts(cal, first, last)
    tz = cal.timezone
    source = draw(st.sampled_from(("anchor", "edge", "edge", "edge", "any")))
    if source == "anchor" or (source == "edge" and not facts.groups):
        day = facts.anchor
    elif source == "edge":
        day = draw(st.sampled_from(draw(st.sampled_from(facts.groups))))
    else:
        day = draw(st.dates(first, last))
    # Every kind but a plain wall time draws the same choices, so that shrinking (shorter
    # choice sequences first, then smaller ones) ends at the first kind: a window's open.
    kind = draw(st.sampled_from(_KINDS))
    nudge = draw(st.sampled_from(_NUDGES)) * (resolution or US)
    zone = draw(zones)
    pick = draw(st.integers(0, 3))
    at: datetime | None = None
    wall: datetime | None = None
    if kind in ("open", "close"):
        opens, closes = _window_edges(cal, day)
        edges = opens if kind == "open" else closes
        if edges:
            at = edges[pick % len(edges)] + nudge
    elif kind == "transition" and facts.transitions:
        lo, hi = midnight(tz, day - _DAY), midnight(tz, day + 2 * _DAY)
        near = [t for t in facts.transitions if lo <= t < hi] or list(facts.transitions)
        t = near[draw(st.integers(0, len(near) - 1))]
        if pick == 1:
            # A wall time at the change: in the gap it skips, or in the hour it repeats.
            changes_at = (t - US).astimezone(tz).replace(tzinfo=None) + US
            shift = draw(st.sampled_from((_ZERO, 30 * _MINUTE, -30 * _MINUTE, -US)))
            wall = (changes_at + shift).replace(tzinfo=tz, fold=draw(st.integers(0, 1)))
        else:
            at = t + nudge + (_ZERO, _ZERO, -_HOUR, _HOUR)[pick]
    elif kind == "midnight":  # the start of the date, or its end
        at = midnight(tz, day + _DAY * (pick % 2)) + nudge
    if at is None and wall is None:
        offset = draw(st.one_of(
            st.integers(0, 96).map(lambda q: q * 15 * _MINUTE),
            st.integers(0, 86_400_000_000 - 1).map(lambda u: u * US),
        ))
        naive = datetime.combine(day, time()) + offset
        wall = naive.replace(tzinfo=tz, fold=draw(st.integers(0, 1)))
    if wall is not None:
        # A wall time, possibly in a gap or a repeated hour, is kept as it is when the
        # result is in the calendar's zone: callers pass such values too.
        if zone is tz and resolution is None:
            return wall
        at = wall
    assert at is not None
    return _floor(at.astimezone(zone), resolution)


# --- durations --------------------------------------------------------------------------------

_NICE = (US, _SECOND, _MINUTE, 15 * _MINUTE, 30 * _MINUTE, 2 * _HOUR, 4 * _HOUR, 8 * _HOUR,
         9 * _HOUR, _DAY, 7 * _DAY, 30 * _DAY, 365 * _DAY, _ZERO)


@lru_cache(maxsize=128)
def window_lengths(cal: Calendar, around: date) -> tuple[timedelta, ...]:
    """Exact lengths worth trying as durations: the calendar's windows in the fortnight from
    ``around``, each one's sum with the next, and each day's and the week's open time.

    >>> import bizhours
    >>> [str(d) for d in window_lengths(bizhours.calendar("eastern"), date(2026, 1, 5))]
    ['8:00:00', '16:00:00', '1 day, 16:00:00']
    """
    tz = cal.timezone
    lo, hi = midnight(tz, around), midnight(tz, around + 14 * _DAY)
    windows = list(cal.windows(lo, hi))
    lengths = [end - start for start, end in windows]
    found = list(lengths)
    found += [a + b for a, b in pairwise(lengths)]
    found.append(cal.elapsed(lo, midnight(tz, around + 7 * _DAY)))
    return tuple(dict.fromkeys(d for d in found if d > _ZERO))


def business_durations(
    calendar: Calendar | None = None,
    *,
    min_value: timedelta | None = None,
    max_value: timedelta = timedelta(days=2 * 366),
    resolution: timedelta | None = None,
) -> st.SearchStrategy[timedelta]:
    """Durations of business time, positive and negative, from a microsecond to years.

    Biased toward the exact lengths of ``calendar``'s windows (one window, two in a row, a
    week's open time; each also one microsecond shorter and longer), toward round figures
    (a minute, 15 minutes, 8 hours, a day), and zero. ``min_value`` defaults to
    ``-max_value``; a value outside the bounds is moved inside them. ``resolution`` rounds
    every duration to a multiple of it. Shrinks toward one hour.

    >>> from hypothesis import given
    >>> import bizhours
    >>> eastern = bizhours.calendar("eastern")
    >>> monday = datetime(2026, 1, 5, 9, tzinfo=ZoneInfo("America/New_York"))
    >>> @given(business_durations(eastern, max_value=timedelta(days=30)))
    ... def test_add_uses_exactly_d(d):
    ...     assert abs(eastern.elapsed(monday, eastern.add(monday, d))) == abs(d)
    >>> test_add_uses_exactly_d()
    """
    if calendar is not None and not isinstance(calendar, Calendar):
        raise InvalidArgument(f"calendar={calendar!r} must be a bizhours.Calendar or None")
    low = -max_value if min_value is None else min_value
    for name, value in (("min_value", low), ("max_value", max_value)):
        if not isinstance(value, timedelta):
            raise InvalidArgument(f"{name}={value!r} must be a timedelta")
    if low > max_value:
        raise InvalidArgument(f"min_value={low} is greater than max_value={max_value}")
    _check_resolution(resolution)
    exact: tuple[timedelta, ...] = ()
    if calendar is not None:
        try:
            exact = window_lengths(calendar, ANCHOR)
        except BizHoursError:
            exact = ()
    return _durations(exact, low, max_value, resolution)


@st.composite
def _durations(
    draw: st.DrawFn,
    exact: tuple[timedelta, ...],
    low: timedelta,
    high: timedelta,
    resolution: timedelta | None,
) -> timedelta:
    widest = max(abs(low), abs(high))
    branches = [st.just(_HOUR)]
    if exact:
        branches.append(st.builds(
            lambda d, n: d + n * US, st.sampled_from(exact), st.sampled_from((0, -1, 1))))
    branches += [
        st.sampled_from(_NICE),
        st.integers(1, max(1, widest // _MINUTE)).map(lambda m: m * _MINUTE),
        st.integers(1, max(1, widest // US)).map(lambda u: u * US),
    ]
    magnitude = draw(st.one_of(branches))
    value = magnitude * draw(st.sampled_from((1, -1)))
    if resolution is not None:
        value = value // resolution * resolution
    if not low <= value <= high:
        value = -value if low <= -value <= high else min(max(value, low), high)
    return value
