"""The ``business_durations`` strategy: durations of business time, biased toward the exact
lengths of a calendar's windows, and (on request) business-day deadlines.

The public names are re-exported by ``bizhours.strategies``; see that module for the overview.
"""

from __future__ import annotations

from datetime import date, time, timedelta
from functools import lru_cache
from itertools import pairwise
from typing import Literal, overload

from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument

from bizhours._calendar import Calendar
from bizhours._definition.business_days import BusinessDays
from bizhours.errors import BizHoursError
from bizhours.strategies._arguments import ANCHOR, check_resolution
from bizhours.strategies._edges import midnight

US = timedelta(microseconds=1)
_SECOND = timedelta(seconds=1)
_MINUTE = timedelta(minutes=1)
_HOUR = timedelta(hours=1)
_DAY = timedelta(days=1)
_ZERO = timedelta(0)

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


@lru_cache(maxsize=128)
def window_edges(cal: Calendar, around: date) -> tuple[time, ...]:
    """The local times of day at which ``calendar``'s windows open and close in the fortnight
    from ``around``, each also one second either side (whole seconds: what ``BusinessDays``
    takes).

    >>> import bizhours
    >>> [str(t) for t in window_edges(bizhours.calendar("eastern"), date(2026, 1, 5))]
    ['09:00:00', '08:59:59', '09:00:01', '17:00:00', '16:59:59', '17:00:01']
    """
    tz = cal.timezone
    lo, hi = midnight(tz, around), midnight(tz, around + 14 * _DAY)
    found: list[time] = []
    for window in cal.windows(lo, hi):
        for edge in window:
            local = edge.astimezone(tz).replace(microsecond=0, tzinfo=None)
            found += [(local + k * _SECOND).time() for k in (0, -1, 1)]
    return tuple(dict.fromkeys(found))


_ROUND_TIMES = (*(time(h) for h in (16, 9, 17, 12, 0, 10, 23)), time(23, 59, 59))


@overload
def business_durations(
    calendar: Calendar | None = None, *, min_value: timedelta | None = None,
    max_value: timedelta = ..., resolution: timedelta | None = None,
    business_days: Literal[False] = False,
) -> st.SearchStrategy[timedelta]: ...


@overload
def business_durations(
    calendar: Calendar | None = None, *, min_value: timedelta | None = None,
    max_value: timedelta = ..., resolution: timedelta | None = None,
    business_days: Literal[True],
) -> st.SearchStrategy[timedelta | BusinessDays]: ...


@overload
def business_durations(
    calendar: Calendar | None = None, *, min_value: timedelta | None = None,
    max_value: timedelta = ..., resolution: timedelta | None = None,
    business_days: Literal["only"],
) -> st.SearchStrategy[BusinessDays]: ...


def business_durations(
    calendar: Calendar | None = None,
    *,
    min_value: timedelta | None = None,
    max_value: timedelta = timedelta(days=2 * 366),
    resolution: timedelta | None = None,
    business_days: bool | Literal["only"] = False,
) -> st.SearchStrategy[timedelta] | st.SearchStrategy[timedelta | BusinessDays] | (
        st.SearchStrategy[BusinessDays]):
    """Durations of business time, positive and negative, from a microsecond to years.

    Biased toward the exact lengths of ``calendar``'s windows (one window, two in a row, a
    week's open time; each also one microsecond shorter and longer), toward round figures
    (a minute, 15 minutes, 8 hours, a day), and zero. ``min_value`` defaults to
    ``-max_value``; a value outside the bounds is moved inside them. ``resolution`` rounds
    every duration to a multiple of it. Shrinks toward one hour.

    ``business_days=True`` also draws ``BusinessDays`` deadlines (what ``Calendar.add``
    takes beside a ``timedelta``), and ``business_days="only"`` draws nothing else: 0, 1, 2
    or up to ``max_value``'s whole days of business days (none when ``max_value`` is
    negative), ``by`` none, ``"open"``, ``"close"`` or a wall time, with or without a
    ``cutoff``; the wall times are biased toward the times of day ``calendar``'s windows open
    and close (and a second either side) and round hours. ``min_value`` and ``resolution``
    bound the ``timedelta`` values only. ``BusinessDays`` shrink toward ``BusinessDays(1)``.

    >>> from datetime import datetime
    >>> from zoneinfo import ZoneInfo
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
    check_resolution(resolution)
    if business_days not in (False, True, "only"):
        raise InvalidArgument(f"business_days={business_days!r}: accepted False, True or 'only'")
    exact: tuple[timedelta, ...] = ()
    edges: tuple[time, ...] = ()
    if calendar is not None:
        try:
            exact = window_lengths(calendar, ANCHOR)
            edges = window_edges(calendar, ANCHOR)
        except BizHoursError:
            exact, edges = (), ()
    plain = _durations(exact, low, max_value, resolution)
    if business_days is False:
        return plain
    if max_value < _ZERO:
        if business_days == "only":
            raise InvalidArgument(f"max_value={max_value} is negative: a BusinessDays "
                                  "deadline counts forward, so none can be drawn")
        return plain
    deadlines = _deadlines(edges, max_value // _DAY)
    if business_days == "only":
        return deadlines
    return st.one_of(plain, deadlines)


def _deadlines(edges: tuple[time, ...], most: int) -> st.SearchStrategy[BusinessDays]:
    """``BusinessDays`` of 0 to ``most`` days, shrinking toward ``BusinessDays(1)``."""
    small = [d for d in (1, 0, 2, 5) if d <= most]
    days = st.one_of(st.sampled_from(small), st.integers(0, most))
    walls = st.one_of(
        *([st.sampled_from(edges)] if edges else []),
        st.sampled_from(_ROUND_TIMES),
        st.integers(0, 86_399).map(lambda s: time(s // 3600, s // 60 % 60, s % 60)),
    )
    by = st.one_of(st.none(), st.sampled_from(("close", "open")), walls)
    cutoff = st.one_of(st.none(), walls)
    return st.builds(BusinessDays, days, by, cutoff)


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
