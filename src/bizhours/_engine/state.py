"""One compiled snapshot of a timeline: the open windows of a span of local dates.

Instants are integer microseconds since 1970-01-01 UTC. A state covers the local dates
``first..last`` of the definition's zone, that is the UTC span ``[lo, hi)`` from the first
date's midnight to the midnight after the last; it holds the open windows (merged where they
touch) and the running total of open time at each window's start and end, counted from ``lo``.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True, slots=True, eq=False)
class State:
    """One compiled snapshot: windows of the local dates ``first..last``.

    >>> s = State.of(date(2026, 1, 5), date(2026, 1, 5), 0, 100, [(10, 20), (20, 30), (50, 60)])
    >>> s.starts, s.ends, s.total(55)
    ([10, 50], [30, 60], 25)
    """

    first: date
    last: date
    lo: int
    hi: int
    starts: list[int]
    ends: list[int]
    cum_start: list[int]  # open time in [lo, starts[i])
    cum_end: list[int]  # open time in [lo, ends[i])

    @classmethod
    def of(cls, first: date, last: date, lo: int, hi: int,
           windows: Iterable[tuple[int, int]]) -> State:
        """The state of sorted ``windows``, merging those that touch or overlap."""
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
        return cls(first, last, lo, hi, starts, ends, cum_start, cum_end)

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
