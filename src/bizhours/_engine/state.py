"""One compiled snapshot of a timeline: the open windows of a span of local dates.

Instants are integer microseconds since 1970-01-01 UTC. A state covers the local dates
``first..last`` of the definition's zone, that is the UTC span ``[lo, hi)`` from the first
date's midnight to the midnight after the last; it holds the open windows (merged where they
touch) and the running total of open time at each window's start and end, counted from ``lo``;
and its business dates (as ordinals), each with its first opening and last close, so a
date's position in the list is the running count of business dates.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass
from datetime import date
from itertools import accumulate

from bizhours._definition.hours import DayRanges


@dataclass(frozen=True, slots=True, eq=False)
class Span:
    """What compiling a run of local dates gives: its open windows, sorted, and its business
    dates with their first opening and last close (filled in while compiling)."""

    windows: list[tuple[int, int]]
    days: list[int]
    opens: list[int]
    closes: list[int]
    offsets: list[int | None]

    @classmethod
    def empty(cls) -> Span:
        return cls([], [], [], [], [])

    def add_business_date(self, day: int, own: DayRanges, carried: DayRanges,
                          offset: int | None) -> None:
        """Record the date ``day`` (an ordinal) as a business date when its hours, ``own``
        and the ``carried`` part after midnight of its night ranges (UTC ranges), have
        length; ``offset`` is the zone's UTC offset at every wall time from a day before it
        to two days after, or ``None`` when it changes then."""
        opens = closes = None
        for start, end in own + carried if carried else own:
            if start < end:
                opens = start if opens is None or start < opens else opens
                closes = end if closes is None or end > closes else closes
        if opens is not None and closes is not None:
            self.days.append(day)
            self.opens.append(opens)
            self.closes.append(closes)
            self.offsets.append(offset)

    def extend(self, other: Span | State) -> None:
        """Append ``other``'s windows and business dates (they come after these)."""
        if isinstance(other, State):
            self.windows.extend(zip(other.starts, other.ends, strict=True))
        else:
            self.windows.extend(other.windows)
        self.days.extend(other.days)
        self.opens.extend(other.opens)
        self.closes.extend(other.closes)
        self.offsets.extend(other.offsets)


@dataclass(frozen=True, slots=True, eq=False)
class State:
    """One compiled snapshot: windows of the local dates ``first..last``.

    >>> day = date(2026, 1, 5)
    >>> s = State.of(day, day, 0, 100, Span([(10, 20), (20, 30), (50, 60)], [day.toordinal()],
    ...                                    [10], [60], [0]))
    >>> s.starts, s.ends, s.total(55), s.closes
    ([10, 50], [30, 60], 25, [60])
    """

    first: date
    last: date
    lo: int
    hi: int
    starts: list[int]
    ends: list[int]
    cum_start: list[int]  # open time in [lo, starts[i])
    cum_end: list[int]  # open time in [lo, ends[i])
    days: list[int]  # the business dates' ordinals, in order
    opens: list[int]  # each business date's first opening
    closes: list[int]  # and its last close
    offsets: list[int | None]  # each business date's UTC offset, when it holds all around it
    reach: list[int]  # the latest close up to each business date (for searches by instant)

    @classmethod
    def of(cls, first: date, last: date, lo: int, hi: int, span: Span) -> State:
        """The state of a compiled span, merging the windows that touch or overlap."""
        starts: list[int] = []
        ends: list[int] = []
        for start, end in span.windows:
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
        return cls(first, last, lo, hi, starts, ends, cum_start, cum_end,
                   span.days, span.opens, span.closes, span.offsets,
                   list(accumulate(span.closes, max)))

    def total(self, t: int) -> int:
        """Open time in ``[lo, t)`` for ``lo <= t <= hi``."""
        i = bisect_right(self.starts, t) - 1
        if i < 0:
            return 0
        end = self.ends[i]
        return self.cum_end[i] - (end - t if t < end else 0)

    def covers(self, lo: int, hi: int) -> bool:
        """Whether ``[lo, hi]`` lies inside this state's span."""
        return self.lo <= lo and hi < self.hi
