"""Instants as integer microseconds since 1970-01-01 UTC, and local wall time in a zone.

This is the only place where wall-clock time meets UTC. ``resolve`` is the one wall-time
resolver, under one policy (``POLICY``): a wall time the clocks skip (a DST gap) is the end of
the gap, the instant the clocks jump to; a wall time the clocks repeat is its first occurrence.
Everything that turns local dates and times into instants (the engine's compiler, the
calendar's date queries, the command line, ICS export, the strategies) goes through it.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from typing import Literal

from bizhours.errors import NaiveDatetimeError, OutOfRangeError

US_PER_SECOND = 1_000_000
US_PER_DAY = 86_400_000_000
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
EPOCH_ORDINAL = date(1970, 1, 1).toordinal()
FIRST_DAY = date(1, 1, 2)
LAST_DAY = date(9999, 12, 30)
_US = timedelta(microseconds=1)
_FLOAT_EXACT = 2**52
# Offsets are sampled this far apart to find a zone's changes; tzdata has none closer.
_SAMPLE_US = 4 * US_PER_DAY


def naive_us(day: date) -> int:
    """``day``'s midnight as if it were UTC, in microseconds: local times add to this."""
    return (day.toordinal() - EPOCH_ORDINAL) * US_PER_DAY


# The supported instants in UTC (years 1 to 9999, except their first and last day).
MIN_US = naive_us(FIRST_DAY)
MAX_US = naive_us(LAST_DAY) + US_PER_DAY


def shift_day(day: date, days: int) -> date:
    """``day`` moved by whole days, held inside the range ``date`` can represent."""
    ordinal = min(max(day.toordinal() + days, 1), date.max.toordinal())
    return date.fromordinal(ordinal)


def to_us(moment: datetime) -> int:
    """Microseconds since the epoch of an aware datetime (``AttributeError`` for a naive one).

    From the wall-clock fields and the zone's offset: ``moment - EPOCH`` asks the offset through
    ``datetime.utcoffset()``, whose C call into the tzinfo costs four times the direct one.
    """
    off = moment.tzinfo.utcoffset(moment)  # type: ignore[union-attr]
    return (((moment.toordinal() - 719_163) * 86_400 + moment.hour * 3600 + moment.minute * 60
             + moment.second - off.days * 86_400 - off.seconds) * 1_000_000  # type: ignore[union-attr]
            + moment.microsecond - off.microseconds)  # type: ignore[union-attr]


def require_aware(
    value: object, what: str, not_a_datetime: type[Exception] = TypeError
) -> datetime:
    """``value`` when it is an aware datetime; else ``not_a_datetime`` for another type, or
    ``NaiveDatetimeError`` for a naive one, naming ``what``.

    >>> require_aware(EPOCH, "opened_at") is EPOCH
    True
    """
    if not isinstance(value, datetime):
        raise not_a_datetime(
            f"{what} {value!r} must be an aware datetime, not {type(value).__name__}"
        )
    if value.utcoffset() is None:
        raise NaiveDatetimeError(
            f"{what} {value.isoformat()} is naive: give it a time zone, such as "
            "ZoneInfo('America/New_York') or timezone.utc"
        )
    return value


def from_us(us: int, tz: tzinfo) -> datetime:
    """The instant ``us`` as an aware datetime in ``tz``; out of range is a BizHoursError."""
    if -_FLOAT_EXACT < us < _FLOAT_EXACT:
        # Within ~142 years of 1970 a float holds the instant to well under half a
        # microsecond, and fromtimestamp rounds to the nearest one: exact, and fastest.
        return datetime.fromtimestamp(us / 1e6, tz)
    seconds, micro = divmod(us, US_PER_SECOND)
    try:
        # fromtimestamp of whole seconds is exact; a UTC offset never changes inside a
        # second, so the microseconds can be set on the wall time afterwards.
        moment = datetime.fromtimestamp(seconds, tz)
        return moment.replace(microsecond=micro) if micro else moment
    except (OverflowError, OSError, ValueError):
        pass
    try:
        return (EPOCH + timedelta(microseconds=us)).astimezone(tz)
    except OverflowError:
        raise OutOfRangeError(value=us) from None


def offset_us(tz: tzinfo, us: int) -> int:
    """The UTC offset of ``tz`` at the instant ``us``, in microseconds."""
    offset = tz.utcoffset(from_us(us, tz))  # direct: four times cheaper than via datetime
    assert offset is not None
    return offset // _US


POLICY = "a skipped wall time is the end of its gap; a repeated one, its first occurrence"
"""How ``resolve`` reads a wall time that is not one instant."""

Outcome = Literal["unique", "skipped", "repeated"]


@dataclass(frozen=True, slots=True)
class WallTime:
    """A local wall time resolved under ``POLICY``: its ``instant`` (microseconds, UTC) and
    whether the clocks showed it once, skipped it (a DST gap) or showed it twice."""

    instant: int
    outcome: Outcome


def time_of_day_us(moment: datetime) -> int:
    """Microseconds since midnight of ``moment``'s wall-clock time."""
    seconds = (moment.hour * 60 + moment.minute) * 60 + moment.second
    return seconds * 1_000_000 + moment.microsecond


def _wall_offset(naive: datetime, tz: tzinfo, fold: int) -> int:
    """The offset ``tz`` gives the wall time ``naive`` read with ``fold``, in microseconds."""
    offset = naive.replace(tzinfo=tz, fold=fold).utcoffset()
    assert offset is not None  # calendars refuse a zone without offsets at the edge
    return offset // _US


def local_to_us(tz: tzinfo, day: date, tod: int) -> int:
    """The instant of the wall time ``tod`` microseconds after ``day``'s midnight in ``tz``,
    under ``POLICY``: this is the policy's one implementation.

    Any zone that follows PEP 495 (zoneinfo, dateutil.tz, datetime.timezone): the wall time's
    offsets are only candidates, each checked against the instant-to-offset mapping
    (``fromutc``), which every zone gets right; zones disagree on what a gap's offsets are.

    >>> from zoneinfo import ZoneInfo
    >>> ny = ZoneInfo("America/New_York")
    >>> from_us(local_to_us(ny, date(2026, 3, 8), 2 * 3600 * US_PER_SECOND), ny).isoformat()
    '2026-03-08T03:00:00-04:00'
    """
    naive = datetime.combine(day, time()) + _US * tod  # faster than timedelta(microseconds=)
    wall = naive_us(day) + tod
    offset = tz.utcoffset(naive.replace(tzinfo=tz))  # inline: most calls end in the next lines
    assert offset is not None
    first = offset // _US
    if offset_us(tz, wall - first) == first:
        return wall - first  # it exists; PEP 495 makes fold=0 a repeated time's first one
    offsets = {first, _wall_offset(naive, tz, 1)}
    # The true offsets at the candidates: one of them is each side's, whatever the zone said.
    offsets |= {offset_us(tz, wall - o) for o in offsets}
    exact = [wall - o for o in offsets if offset_us(tz, wall - o) == o]
    if exact:
        return min(exact)
    # A gap: the clocks jump over the wall time between the candidates. Its end is the first
    # instant whose wall clock reads the wall time or later.
    lo, hi = wall - max(offsets), wall - min(offsets)
    while hi - lo > 1:
        mid = (lo + hi) // 2
        if mid + offset_us(tz, mid) >= wall:
            hi = mid
        else:
            lo = mid
    return hi


def resolve(tz: tzinfo, day: date, tod: int) -> WallTime:
    """``local_to_us``, and whether the clocks showed that wall time once, skipped it or
    showed it twice (for callers that refuse or report such times, as the command line does).

    >>> from zoneinfo import ZoneInfo
    >>> resolve(ZoneInfo("America/New_York"), date(2026, 11, 1), 5400 * US_PER_SECOND).outcome
    'repeated'
    """
    us = local_to_us(tz, day, tod)
    wall = naive_us(day) + tod
    if us + offset_us(tz, us) != wall:
        return WallTime(us, "skipped")
    naive = datetime.combine(day, time()) + timedelta(microseconds=tod)
    later = wall - _wall_offset(naive, tz, 1)
    repeated = later != us and later + offset_us(tz, later) == wall
    return WallTime(us, "repeated" if repeated else "unique")


def local_midnight(day: date, tz: tzinfo) -> datetime:
    """The first instant of the local date ``day`` in ``tz`` (when the clocks skip midnight,
    the instant they jump to).

    >>> local_midnight(date(2026, 11, 20), UTC).isoformat()
    '2026-11-20T00:00:00+00:00'
    """
    return from_us(local_to_us(tz, day, 0), tz)


_WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


def weekday_abbr(day: date) -> str:
    """The weekday of ``day`` in English, whatever the process's locale (``strftime("%a")``
    follows ``LC_TIME``, which a host program may have set).

    >>> weekday_abbr(date(2026, 11, 20))
    'Fri'
    """
    return _WEEKDAYS[day.weekday()]


def zone_name(tz: tzinfo) -> str:
    """The IANA name of a zone when it has one.

    >>> zone_name(UTC)
    'UTC'
    """
    return str(getattr(tz, "key", None) or tz.tzname(None) or tz)


# Where an unhashable zone is sampled to hash it: winter and summer, north and south.
_HASH_INSTANTS = tuple(naive_us(date(year, month, 15)) for year in (1970, 2000, 2026, 2040)
                       for month in (1, 7))


def zone_hash(tz: tzinfo) -> int:
    """A hash of ``tz`` consistent with ``==`` even for a zone that has none (dateutil's):
    equal zones have the same offsets, so such a zone hashes by its offsets at a few instants.

    >>> zone_hash(UTC) == hash(UTC)
    True
    """
    try:
        return hash(tz)
    except TypeError:
        return hash(tuple(offset_us(tz, us) for us in _HASH_INSTANTS))


def duration_us(value: object, what: str = "duration") -> int:
    """Whole microseconds of a ``timedelta``; another type is a ``TypeError`` naming ``what``.

    >>> duration_us(timedelta(hours=1, microseconds=5))
    3600000005
    """
    if not isinstance(value, timedelta):
        raise TypeError(f"{what} must be a timedelta, not {type(value).__name__}")
    return (value.days * 86_400 + value.seconds) * 1_000_000 + value.microseconds


class ZoneSpan:
    """A zone's offset changes over a span, to convert most days' wall times by arithmetic.

    ``uniform_offset(day)`` is the offset that holds for every wall time of ``day`` when no
    change falls within a day of it, and ``None`` near a change (then use ``local_to_us``).
    """

    __slots__ = ("_changes", "_offsets")

    def __init__(self, tz: tzinfo, first: date, last: date) -> None:
        # Sample a little beyond the dates, but never outside what datetime can hold.
        lo = max(naive_us(first) - 2 * US_PER_DAY, naive_us(FIRST_DAY))
        hi = min(naive_us(last) + 3 * US_PER_DAY, naive_us(LAST_DAY))
        changes: list[int] = []
        offsets = [offset_us(tz, lo)]
        t = lo
        while t < hi:
            step = min(t + _SAMPLE_US, hi)
            now = offset_us(tz, step)
            if now != offsets[-1]:
                a, b = t, step  # offset(a) is the old one, offset(b) the new one
                while b - a > US_PER_SECOND:
                    m = (a + b) // 2
                    if offset_us(tz, m) == offsets[-1]:
                        a = m
                    else:
                        b = m
                changes.append(b)
                offsets.append(now)
            t = step
        self._changes = changes
        self._offsets = offsets

    def uniform_offset(self, day: date) -> int | None:
        """The one offset of every wall time of ``day``, or ``None`` near a change."""
        n = naive_us(day)
        i = bisect_right(self._changes, n - 2 * US_PER_DAY)
        if i < len(self._changes) and self._changes[i] <= n + 3 * US_PER_DAY:
            return None
        return self._offsets[i]
