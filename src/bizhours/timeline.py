"""The engine: compile a calendar definition into sorted UTC window bounds, and answer queries
with ``bisect`` on them.

Instants are integer microseconds since 1970-01-01 UTC. A compiled state covers the local
dates ``first..last`` of the calendar's zone, that is the UTC span ``[lo, hi)`` from the first
date's midnight to the midnight after the last; it holds the open windows (merged where they
touch) and the running total of open time at each window's start and end, counted from ``lo``.
States are immutable snapshots; extending one builds a new one under a lock, so readers
never lock.
"""

from __future__ import annotations

import threading
from bisect import bisect_left, bisect_right
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from typing import TYPE_CHECKING

from bizhours.adjustments import Adjustment
from bizhours.errors import BizHoursError, NeverOpenError
from bizhours.hours import US_PER_DAY, DayRanges

if TYPE_CHECKING:
    from bizhours.calendar import Calendar

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_EPOCH_ORDINAL = date(1970, 1, 1).toordinal()
FIRST_DAY = date(1, 1, 2)
LAST_DAY = date(9999, 12, 30)
_ONE_DAY = timedelta(days=1)


def to_us(moment: datetime) -> int:
    """Microseconds since the epoch of an aware datetime."""
    delta = moment - EPOCH
    return (delta.days * 86_400 + delta.seconds) * 1_000_000 + delta.microseconds


def from_us(us: int, tz: tzinfo) -> datetime:
    """The instant ``us`` as an aware datetime in ``tz``; out of range is a BizHoursError."""
    seconds, micro = divmod(us, 1_000_000)
    try:
        # fromtimestamp of whole seconds is exact and fast; a UTC offset never changes inside
        # a second, so the microseconds can be set on the wall time afterwards.
        moment = datetime.fromtimestamp(seconds, tz)
        return moment.replace(microsecond=micro) if micro else moment
    except (OverflowError, OSError, ValueError):
        pass
    try:
        return (EPOCH + timedelta(microseconds=us)).astimezone(tz)
    except OverflowError:
        raise BizHoursError(
            "result is beyond the supported range (years 1 to 9999, "
            "except their first and last day)"
        ) from None


def _offset_us(tz: tzinfo, us: int) -> int:
    """The UTC offset of ``tz`` at the instant ``us``, in microseconds."""
    offset = (EPOCH + timedelta(microseconds=us)).astimezone(tz).utcoffset()
    assert offset is not None
    return offset // timedelta(microseconds=1)


def local_to_us(tz: tzinfo, day: date, tod: int) -> int:
    """The instant of local wall time ``tod`` microseconds after ``day``'s midnight.

    A wall time in a DST gap moves to the end of the gap; one in a repeated hour takes its
    first occurrence.
    """
    naive = datetime.combine(day, time()) + timedelta(microseconds=tod)
    offset = naive.replace(tzinfo=tz).utcoffset()
    assert offset is not None
    naive_us = (naive.toordinal() - _EPOCH_ORDINAL) * US_PER_DAY + (
        (naive.hour * 60 + naive.minute) * 60 + naive.second
    ) * 1_000_000 + naive.microsecond
    us = naive_us - offset // timedelta(microseconds=1)
    after = _offset_us(tz, us)
    if after == offset // timedelta(microseconds=1):
        return us
    # In a gap fold=0 used the offset before the change, which lands after it: the end of the
    # gap is the change itself, the first instant with the later offset.
    lo, hi = us - US_PER_DAY, us
    while hi - lo > 1:
        mid = (lo + hi) // 2
        if _offset_us(tz, mid) == after:
            hi = mid
        else:
            lo = mid
    return hi


def _clip(starts: list[int], ends: list[int], lo: int, hi: int) -> list[tuple[int, int]]:
    """The windows overlapping ``[lo, hi)``, clipped to it."""
    i = max(bisect_right(starts, lo) - 1, 0)
    out = []
    while i < len(starts) and starts[i] < hi:
        if ends[i] > lo:
            out.append((max(starts[i], lo), min(ends[i], hi)))
        i += 1
    return out


def _union(a: list[tuple[int, int]], b: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for start, end in sorted(a + b):
        if out and start <= out[-1][1]:
            out[-1] = (out[-1][0], max(end, out[-1][1]))
        else:
            out.append((start, end))
    return out


def _intersection(a: list[tuple[int, int]], b: list[tuple[int, int]]) -> list[tuple[int, int]]:
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


@dataclass(frozen=True, slots=True)
class State:
    """One compiled snapshot: windows of the local dates ``first..last``."""

    first: date
    last: date
    lo: int
    hi: int
    starts: list[int]
    ends: list[int]
    cum_start: list[int]  # open time in [lo, starts[i])
    cum_end: list[int]  # open time in [lo, ends[i])

    def total(self, t: int) -> int:
        """Open time in ``[lo, t)`` for ``lo <= t <= hi``."""
        i = bisect_right(self.starts, t) - 1
        if i < 0:
            return 0
        end = self.ends[i]
        return self.cum_end[i] - (end - t if t < end else 0)


class Timeline:
    """The compiled, lazily extended form of one calendar definition."""

    __slots__ = ("_cal", "_lock", "_names", "state")

    def __init__(self, cal: Calendar) -> None:
        self._cal = cal
        self._lock = threading.Lock()
        self._names: dict[int, dict[date, str]] = {}
        self.state: State | None = None

    # --- compiling -------------------------------------------------------------------------

    def holiday_names(self, year: int) -> dict[date, str]:
        """The calendar's holiday names for one year (cached)."""
        names = self._names.get(year)
        if names is None:
            source = self._cal.holidays
            names = source.names(year, year) if source is not None else {}
            self._names[year] = names
        return names

    def _days(self, first: date, last: date) -> list[tuple[int, int]]:
        """The merged open windows of the local dates ``first..last`` (not yet cached)."""
        cal = self._cal
        tz = cal.timezone
        adjusted: dict[date, list[Adjustment]] = {}
        for adj in cal.adjustments:
            for day in adj.dates.between(first, last):
                adjusted.setdefault(day, []).append(adj)
        holidays: dict[date, str] = {}
        if cal.holidays is not None:
            for year in range(first.year, last.year + 1):
                holidays.update(self.holiday_names(year))
        effective = [e for e, _ in cal.weekly]
        combined = cal.combined
        children: list[State] = []
        if combined is not None:
            lo, hi = local_to_us(tz, first, 0), local_to_us(tz, last + _ONE_DAY, 0)
            children = [c._timeline().covering(lo, hi) for c in combined[1:]]

        out: list[tuple[int, int]] = []
        day = first
        mid = local_to_us(tz, day, 0)
        while day <= last:
            nxt_day = day + _ONE_DAY
            nxt = local_to_us(tz, nxt_day, 0)
            uniform = nxt - mid == US_PER_DAY

            def utc(ranges: DayRanges, day: date = day, mid: int = mid, u: bool = uniform) -> (
                DayRanges
            ):
                if u:
                    return tuple((mid + s, mid + e) for s, e in ranges)
                return tuple(
                    (local_to_us(tz, day, s), local_to_us(tz, day, e)) for s, e in ranges
                )

            k = bisect_right(effective, day) - 1
            base: DayRanges
            if k >= 0 and (combined is None or cal.weekly[k][0] > date.min):
                base = () if day in holidays else utc(cal.weekly[k][1][day.weekday()])
            elif combined is not None:
                parts = [_clip(c.starts, c.ends, mid, nxt) for c in children]
                merge = _union if combined[0] == "or" else _intersection
                base = tuple(merge(parts[0], parts[1]))
            else:
                base = ()
            for adj in adjusted.get(day, ()):
                base = adj.apply(base, utc(adj.ranges))
            for start, end in base:
                if start >= end:
                    continue  # a window wholly inside a DST gap has no length
                if out and start <= out[-1][1]:
                    out[-1] = (out[-1][0], max(end, out[-1][1]))
                else:
                    out.append((start, end))
            day, mid = nxt_day, nxt
        return out

    def _build(self, first: date, last: date, old: State | None) -> State:
        if old is None:
            windows = self._days(first, last)
        else:
            windows = []
            if first < old.first:
                windows += self._days(first, old.first - _ONE_DAY)
            windows += list(zip(old.starts, old.ends, strict=True))
            if last > old.last:
                windows += self._days(old.last + _ONE_DAY, last)
        starts: list[int] = []
        ends: list[int] = []
        for start, end in windows:
            if ends and start <= ends[-1]:
                ends[-1] = max(end, ends[-1])
            else:
                starts.append(start)
                ends.append(end)
        cum_start, cum_end, total = [], [], 0
        for start, end in zip(starts, ends, strict=True):
            cum_start.append(total)
            total += end - start
            cum_end.append(total)
        tz = self._cal.timezone
        lo, hi = local_to_us(tz, first, 0), local_to_us(tz, last + _ONE_DAY, 0)
        return State(first, last, lo, hi, starts, ends, cum_start, cum_end)

    def _extend(self, back: bool) -> State:
        """Grow the compiled span (doubling it) toward the past or the future."""
        with self._lock:
            state = self.state
            assert state is not None
            span = max((state.last - state.first).days + 1, 366)
            if back:
                if state.first <= FIRST_DAY:
                    raise BizHoursError(_RANGE_MESSAGE)
                first = max(FIRST_DAY, state.first - timedelta(days=span))
                new = self._build(first, state.last, state)
            else:
                if state.last >= LAST_DAY:
                    raise BizHoursError(_RANGE_MESSAGE)
                last = min(LAST_DAY, state.last + timedelta(days=span))
                new = self._build(state.first, last, state)
            self.state = new
            return new

    def covering(self, lo: int, hi: int) -> State:
        """A state whose span contains ``[lo, hi]``."""
        state = self.state
        if state is None:
            with self._lock:
                if self.state is None:
                    day = from_us(lo, self._cal.timezone).date()
                    first = max(FIRST_DAY, date(day.year, 1, 1) - timedelta(days=1))
                    last = min(LAST_DAY, date(min(day.year + 1, 9999), 12, 31))
                    self.state = self._build(first, last, None)
                state = self.state
        while state.lo > lo:
            state = self._extend(back=True)
        while state.hi <= hi:
            state = self._extend(back=False)
        return state

    # --- queries on instants (microseconds) ---------------------------------------------------

    def is_open(self, t: int) -> bool:
        state = self.covering(t, t)
        i = bisect_right(state.starts, t) - 1
        return i >= 0 and t < state.ends[i]

    def next_open(self, t: int) -> int:
        state = self.covering(t, t)
        i = bisect_right(state.starts, t) - 1
        if i >= 0 and t < state.ends[i]:
            return t
        while i + 1 >= len(state.starts):
            state = self._forward(state)
        return state.starts[i + 1]

    def next_close(self, t: int) -> int:
        state = self.covering(t, t)
        i = bisect_right(state.starts, t) - 1
        if not (i >= 0 and t < state.ends[i]):
            i += 1
        # A window reaching the end of the span may go on: look further until it closes.
        while i >= len(state.starts) or state.ends[i] >= state.hi:
            always = self._cal._always_open_from()
            if always is not None and state.last > always:
                raise BizHoursError(
                    "the calendar never closes"
                    + (f" after {always.isoformat()}" if always > date.min else "")
                    + ": it is open at every instant from then on, so there is no next close"
                )
            state = self._forward(state)
        return state.ends[i]

    def _forward(self, state: State) -> State:
        """Extend toward the future, or raise when the calendar provably never opens there."""
        quiet = self._cal._quiet_after()
        if quiet is not None and state.last > quiet:
            raise NeverOpenError(_never("opens after", quiet))
        return self._extend(back=False)

    def elapsed(self, a: int, b: int) -> int:
        if b < a:
            return -self.elapsed(b, a)
        state = self.covering(a, b)
        return state.total(b) - state.total(a)

    def add(self, t: int, d: int) -> int:
        if d == 0:
            return t
        state = self.covering(t, t)
        if d > 0:
            target = state.total(t) + d
            while not state.cum_end or state.cum_end[-1] < target:
                state = self._forward(state)
                target = state.total(t) + d
            j = bisect_left(state.cum_end, target)
            return state.ends[j] - (state.cum_end[j] - target)
        target = state.total(t) + d
        while target < 0:
            quiet = self._cal._quiet_before()
            if quiet is not None and state.first < quiet:
                raise NeverOpenError(_never("was open before", quiet))
            state = self._extend(back=True)
            target = state.total(t) + d
        j = bisect_right(state.cum_start, target) - 1
        return state.starts[j] + (target - state.cum_start[j])

    def windows(self, a: int, b: int) -> Iterator[tuple[int, int]]:
        if b <= a:
            return
        state = self.covering(a, a)
        i = max(bisect_right(state.starts, a) - 1, 0)
        while True:
            # Window i is known whole when it closes inside the span, or is clipped at b anyway.
            if i < len(state.starts) and (state.ends[i] < state.hi or state.hi >= b):
                start, end = state.starts[i], state.ends[i]
                if start >= b:
                    return
                if end > a:
                    yield max(start, a), min(end, b)
                i += 1
                continue
            if state.hi >= b:
                return
            quiet = self._cal._quiet_after()
            if i >= len(state.starts) and quiet is not None and state.last > quiet:
                return
            state = self._extend(back=False)


def _never(what: str, day: date) -> str:
    if day in (date.min, date.max):
        return "the calendar has no open hours at all (no weekly hours, no adjustment that opens)"
    return f"the calendar never {what} {day.isoformat()}: no weekly hours or adjustments open it"


_RANGE_MESSAGE = (
    "result is beyond the supported range (years 1 to 9999, except their first and last day)"
)
