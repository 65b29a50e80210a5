"""The engine: a definition's compiled states, extended as queries reach them, and the
queries answered on them.

A timeline keeps a few disjoint states (``bizhours._engine.state``): a query far from the
others starts a new one instead of compiling the years between. States are immutable
snapshots, replaced under a lock when they grow or meet, so readers never lock. Every query is
a ``bisect`` or two on one state. A timeline knows its definition, never a ``Calendar``.
"""

from __future__ import annotations

import threading
from bisect import bisect_left, bisect_right
from collections.abc import Iterator
from datetime import date

from bizhours._definition.definition import Definition
from bizhours._definition.holidays import names_in_year
from bizhours._engine.bounds import always_open_from, dated_span, quiet_after, quiet_before
from bizhours._engine.compile import Windows, compile_days
from bizhours._engine.state import State
from bizhours._instants import FIRST_DAY, LAST_DAY, US_PER_DAY, from_us, local_to_us, shift_day
from bizhours.errors import NeverClosesError, NeverOpenError, OutOfRangeError

# A query within this many days of a compiled state extends it; further away starts anew.
_NEAR_DAYS = 2 * 366
# A search that finds no open time for this long, past every dated change of the definition,
# gives up: the regular pattern (weekly hours, holidays, recurrences) then never opens. It is
# decades longer than any weekly, yearly or weekday-and-date cycle a calendar repeats on.
_GIVE_UP_DAYS = 60 * 366




class Timeline:
    """The compiled, lazily extended form of one definition; a combination's timeline holds
    its parts' timelines, whose states its own are compiled from."""

    __slots__ = ("_limits", "_lock", "_states", "definition", "parts")

    def __init__(self, definition: Definition, parts: tuple[Timeline, ...] = ()) -> None:
        self.definition = definition
        self.parts = parts
        self._lock = threading.Lock()
        self._states: tuple[State, ...] = ()
        tz = definition.timezone
        self._limits = (local_to_us(tz, FIRST_DAY, 0), local_to_us(tz, LAST_DAY, US_PER_DAY))

    @property
    def states(self) -> tuple[State, ...]:
        """The compiled states, in date order (a snapshot: they are replaced, never changed)."""
        return self._states

    # --- compiling -------------------------------------------------------------------------

    def holiday_names(self, year: int) -> dict[date, str]:
        """The definition's holiday names for one year (cached; do not mutate)."""
        source = self.definition.holidays
        return names_in_year(source, year) if source is not None else {}

    def _compile(self, first: date, last: date) -> Windows:
        tz = self.definition.timezone
        lo, hi = local_to_us(tz, first, 0), local_to_us(tz, shift_day(last, 1), 0)
        parts = [part.covering(lo, hi) for part in self.parts]
        return compile_days(self.definition, first, last, self.holiday_names, parts)

    def _build(self, first: date, last: date, parts: list[State]) -> State:
        """A state for ``first..last`` that reuses the compiled ``parts`` inside it."""
        windows: Windows = []
        day = first
        for part in parts:
            if day < part.first:
                windows += self._compile(day, shift_day(part.first, -1))
            windows += zip(part.starts, part.ends, strict=True)
            day = shift_day(part.last, 1)
        if day <= last:
            windows += self._compile(day, last)
        tz = self.definition.timezone
        lo, hi = local_to_us(tz, first, 0), local_to_us(tz, last, US_PER_DAY)
        return State.of(first, last, lo, hi, windows)

    def _span(self, first: date, last: date) -> State:
        """Under the lock: compile ``first..last``, absorbing the states it meets."""
        first, last = max(first, FIRST_DAY), min(last, LAST_DAY)
        meets = [s for s in self._states
                 if s.first <= shift_day(last, 1) and s.last >= shift_day(first, -1)]
        if meets:
            first, last = min(first, meets[0].first), max(last, meets[-1].last)
        new = self._build(first, last, meets)
        kept = [s for s in self._states if all(s is not m for m in meets)]
        self._states = tuple(sorted([*kept, new], key=lambda s: s.first))
        return new

    def covering(self, lo: int, hi: int) -> State:
        """A state whose span contains ``[lo, hi]``."""
        for state in self._states:  # inline, not state.covers: every query starts here
            if state.lo <= lo and hi < state.hi:
                return state
        if lo < self._limits[0] or hi >= self._limits[1]:
            raise OutOfRangeError()
        tz = self.definition.timezone
        first = shift_day(from_us(lo, tz).date(), -1)
        last = shift_day(from_us(hi, tz).date(), 1)
        with self._lock:
            for state in self._states:
                if state.covers(lo, hi):
                    return state
            near = [s for s in self._states
                    if (s.first - last).days <= _NEAR_DAYS and (first - s.last).days <= _NEAR_DAYS]
            if near:
                first = min(first, near[0].first)
                last = max(last, near[-1].last)
            else:
                first = shift_day(date(first.year, 1, 1), -1)
                last = date(min(last.year + 1, 9999), 12, 31)
            state = self._span(first, last)
            while not state.covers(lo, hi):  # a zone's offset can be a day wide
                state = self._span(shift_day(state.first, -1), shift_day(state.last, 1))
            return state

    def _extend(self, state: State, back: bool) -> State:
        """The state holding ``state``'s span, grown (doubling) toward the past or future."""
        with self._lock:
            current = next(s for s in self._states if s.first <= state.first <= s.last)
            span = max((current.last - current.first).days + 1, 366)
            if back:
                if current.first <= FIRST_DAY:
                    raise OutOfRangeError()
                return self._span(shift_day(current.first, -span), current.last)
            if current.last >= LAST_DAY:
                raise OutOfRangeError()
            return self._span(current.first, shift_day(current.last, span))

    def _forward(self, state: State) -> State:
        """Extend toward the future, or raise when the calendar never opens there."""
        quiet = quiet_after(self.definition)
        if quiet is not None and state.last > quiet:
            raise NeverOpenError(_never("opens after", quiet))
        if self._barren(state, back=False):
            raise NeverOpenError(_GIVE_UP_MESSAGE.format(what="after", day=state.last))
        return self._extend(state, back=False)

    def _barren(self, state: State, back: bool) -> bool:
        """Whether ``state`` shows no open time for ``_GIVE_UP_DAYS`` at its end (its start,
        when ``back``) beyond every dated change of the definition."""
        if back:
            edge = state.starts[0] if state.starts else state.hi
            quiet_days = (edge - state.lo) // US_PER_DAY
        else:
            edge = state.ends[-1] if state.ends else state.lo
            quiet_days = (state.hi - edge) // US_PER_DAY
        if quiet_days <= _GIVE_UP_DAYS:
            return False  # the usual answer, without asking for the dated span (it may be slow)
        span = dated_span(self.definition)
        return span is None or (state.first < span[0] if back else state.last > span[1])

    # --- queries on instants (microseconds) ---------------------------------------------------

    def is_open(self, t: int) -> bool:
        for state in self._states:  # covering(t, t) inline, as in add: the cheapest query
            if state.lo <= t < state.hi:
                break
        else:
            state = self.covering(t, t)
        i = bisect_right(state.starts, t) - 1
        return i >= 0 and t < state.ends[i]

    def next_open(self, t: int) -> int:
        state = self.covering(t, t)
        while True:
            i = bisect_right(state.starts, t) - 1
            if i >= 0 and t < state.ends[i]:
                return t
            if i + 1 < len(state.starts):
                return state.starts[i + 1]
            state = self._forward(state)

    def next_close(self, t: int) -> int:
        state = self.covering(t, t)
        while True:
            i = bisect_right(state.starts, t) - 1
            if not (i >= 0 and t < state.ends[i]):
                i += 1
            # A window reaching the end of the span may go on: look further until it closes.
            if i < len(state.starts) and state.ends[i] < state.hi:
                return state.ends[i]
            always = always_open_from(self.definition)
            if always is not None and state.last > always:
                raise NeverClosesError(always)
            state = self._forward(state)

    def elapsed(self, a: int, b: int) -> int:
        if b < a:
            return -self.elapsed(b, a)
        state = self.covering(a, b)
        return state.total(b) - state.total(a)

    def add(self, t: int, d: int) -> int:
        if d == 0:
            return t
        # Open time never outruns the clock, so such a result lies outside the range.
        if not self._limits[0] <= t + d < self._limits[1]:
            raise OutOfRangeError()
        for state in self._states:  # covering(t, t) inline: this is the hottest path
            if state.lo <= t < state.hi:
                break
        else:
            state = self.covering(t, t)
        while d > 0:
            target = state.total(t) + d
            if state.cum_end and state.cum_end[-1] >= target:
                j = bisect_left(state.cum_end, target)
                return state.ends[j] - (state.cum_end[j] - target)
            state = self._forward(state)
        while True:
            target = state.total(t) + d
            if target >= 0:
                j = bisect_right(state.cum_start, target) - 1
                return state.starts[j] + (target - state.cum_start[j])
            quiet = quiet_before(self.definition)
            if quiet is not None and state.first < quiet:
                raise NeverOpenError(_never("was open before", quiet))
            if self._barren(state, back=True):
                raise NeverOpenError(_GIVE_UP_MESSAGE.format(what="before", day=state.first))
            state = self._extend(state, back=True)

    def windows(self, a: int, b: int) -> Iterator[tuple[int, int]]:
        state = self.covering(a, a)
        cursor = a  # everything before it has been yielded
        while cursor < b:
            starts, ends, hi = state.starts, state.ends, state.hi
            i = max(bisect_right(starts, cursor) - 1, 0)
            while i < len(starts):
                start, end = starts[i], ends[i]
                if start >= b:
                    return
                if end >= hi and hi < b:
                    break  # this window may go on past the span
                if end > cursor:
                    yield max(start, cursor), min(end, b)
                    cursor = min(end, b)
                i += 1
            else:
                quiet = quiet_after(self.definition)
                if hi >= b or (quiet is not None and state.last > quiet):
                    return
                if self._barren(state, back=False):
                    return
            state = self._extend(state, back=False)


_GIVE_UP_MESSAGE = (
    "the calendar has no open time for 60 years {what} {day}, past every dated change of its "
    "definition: it is taken never to open there"
)


def _never(what: str, day: date) -> str:
    if day <= FIRST_DAY or day >= LAST_DAY:
        return "the calendar has no open hours at all (no weekly hours, no adjustment that opens)"
    return f"the calendar never {what} {day.isoformat()}: no weekly hours or adjustments open it"


