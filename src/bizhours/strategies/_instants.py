"""The ``instants`` strategy: aware datetimes aimed at a calendar's edges.

The public names are re-exported by ``bizhours.strategies``; see that module for the overview.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta, tzinfo

from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument

from bizhours._calendar import Calendar
from bizhours.strategies._arguments import (
    DEFAULT_MAX_DATE,
    DEFAULT_MIN_DATE,
    OTHER_ZONES,
    check_dates,
    check_resolution,
    floor_to,
)
from bizhours.strategies._edges import facts, midnight, window_edges

US = timedelta(microseconds=1)
_MINUTE = timedelta(minutes=1)
_HOUR = timedelta(hours=1)
_DAY = timedelta(days=1)
_ZERO = timedelta(0)

# Where an instant is taken on its local date; repeated entries weigh the edges.
_KINDS = ("open", "close", "open", "close", "midnight", "transition", "transition", "wall")
# How far an edge is nudged, in units of the resolution (a microsecond by default).
_NUDGES = (0, -1, 1, -1, 1, 0)


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
    check_dates(min_date, max_date)
    check_resolution(resolution)
    tz = calendar.timezone
    out = zones if zones is not None else st.sampled_from((tz, *OTHER_ZONES))
    return _draw_instant(calendar, min_date, max_date, out, resolution)


@st.composite
def _draw_instant(
    draw: st.DrawFn,
    cal: Calendar,
    first: date,
    last: date,
    zones: st.SearchStrategy[tzinfo],
    resolution: timedelta | None,
) -> datetime:
    found = facts(cal, first, last)
    tz = cal.timezone
    source = draw(st.sampled_from(("anchor", "edge", "edge", "edge", "any")))
    if source == "anchor" or (source == "edge" and not found.groups):
        day = found.anchor
    elif source == "edge":
        day = draw(st.sampled_from(draw(st.sampled_from(found.groups))))
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
        opens, closes = window_edges(cal, day)
        edges = opens if kind == "open" else closes
        if edges:
            at = edges[pick % len(edges)] + nudge
    elif kind == "transition" and found.transitions:
        lo, hi = midnight(tz, day - _DAY), midnight(tz, day + 2 * _DAY)
        near = [t for t in found.transitions if lo <= t < hi] or list(found.transitions)
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
    return floor_to(at.astimezone(zone), resolution)
