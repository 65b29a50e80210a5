"""The reference's own reading of wall-clock time, done the obvious way.

The reference is the oracle the engine is checked against, so it does not share the
engine's resolver (``bizhours._instants.resolve``): it asks the zone for both folds of a
wall time and, for a wall time the clocks skip, bisects for the jump. Slow, and plainly right.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, tzinfo

_ONE_US = timedelta(microseconds=1)


def wall_clock(tz: tzinfo, u: datetime) -> datetime:
    """What the local clock in ``tz`` reads at the instant ``u`` (naive, fold 0).

    >>> wall_clock(UTC, datetime(2026, 1, 5, 9, tzinfo=UTC)).isoformat()
    '2026-01-05T09:00:00'
    """
    return u.astimezone(tz).replace(tzinfo=None, fold=0)


def first_instant(tz: tzinfo, wall: datetime) -> datetime:
    """The first instant at which the local clock in ``tz`` reads ``wall`` or later, in UTC.

    So a wall time that exists once is that instant, one in a repeated hour is its first
    occurrence, and one in a DST gap is the end of the gap.

    >>> from zoneinfo import ZoneInfo
    >>> first_instant(ZoneInfo("America/New_York"), datetime(2026, 3, 8, 2, 30)).isoformat()
    '2026-03-08T07:00:00+00:00'
    """
    readings = [wall.replace(tzinfo=tz, fold=f).astimezone(UTC) for f in (0, 1)]
    exact = [u for u in readings if wall_clock(tz, u) == wall]
    if exact:
        return min(exact)
    lo, hi = min(readings), max(readings)
    if not wall_clock(tz, lo) < wall < wall_clock(tz, hi):
        raise ValueError(f"cannot bracket the DST gap around {wall} in {tz}")
    # The clock jumps over `wall` once between lo and hi: find the jump by bisection.
    while hi - lo > _ONE_US:
        mid = lo + (hi - lo) // 2
        if wall_clock(tz, mid) >= wall:
            hi = mid
        else:
            lo = mid
    return hi
