"""The engine: a definition's compiled states, extended as queries reach them, and the
queries answered on them.

A timeline keeps a few disjoint states (``bizhours._engine.state``): a query far from the
others starts a new one instead of compiling the years between. States are immutable
snapshots, replaced under a lock when they grow or meet, so readers never lock. Every query is
a ``bisect`` or two on one state. A timeline knows its definition, never a ``Calendar``.
"""

from __future__ import annotations

import os
import threading
import weakref
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterator
from datetime import date

from bizhours._definition.definition import Definition
from bizhours._definition.holidays import names_in_year
from bizhours._engine.bounds import (
    always_open_before,
    always_open_from,
    dated_span,
    opens_again,
    quiet_after,
    quiet_before,
)
from bizhours._engine.compile import compile_days
from bizhours._engine.state import Span, State
from bizhours._instants import FIRST_DAY, LAST_DAY, US_PER_DAY, from_us, local_to_us, shift_day
from bizhours.errors import NeverClosesError, NeverOpenError, OutOfRangeError

# A query within this many days of a compiled state extends it; further away starts anew.
_NEAR_DAYS = 2 * 366
# The longest span one state holds, and the most a timeline keeps: a query reaching further
# (a span of centuries) walks through states of this size one after another, and the ones
# farthest from the latest are dropped, so memory stays bounded whatever the horizon.
_STATE_DAYS = 100 * 366
_KEPT_DAYS = 2 * _STATE_DAYS
# The longest span ``covering`` holds in one state: a query between further dates walks.
ONE_STATE_DAYS = _STATE_DAYS - 2 * _NEAR_DAYS
# A search that finds no open time for this long, past every dated change of the definition,
# gives up: the regular pattern (weekly hours, holidays, recurrences) then never opens. It is
# decades longer than any weekly, yearly or weekday-and-date cycle a calendar repeats on.
_GIVE_UP_DAYS = 60 * 366

_timelines: weakref.WeakSet[Timeline] = weakref.WeakSet()


def _new_locks_after_fork() -> None:
    # A fork copies a lock held by another thread as held, for ever: the child starts afresh.
    for timeline in list(_timelines):
        timeline.unlock()


class Timeline:
    """The compiled, lazily extended form of one definition; a combination's timeline holds
    its parts' timelines, whose states its own are compiled from."""

    __slots__ = ("__weakref__", "_limits", "_lock", "_part_of", "_parts", "_states",
                 "definition")

    def __init__(self, definition: Definition,
                 part_of: Callable[[Definition], Timeline] | None = None) -> None:
        self.definition = definition
        # A combination's parts are found on its first compile, through ``part_of`` (the
        # shared cache), so building a chain of a thousand unions looks up no part.
        self._part_of = part_of or Timeline
        self._parts: tuple[Timeline, ...] | None = None
        self._lock = threading.Lock()
        self._states: tuple[State, ...] = ()
        tz = definition.timezone
        self._limits = (local_to_us(tz, FIRST_DAY, 0), local_to_us(tz, LAST_DAY, US_PER_DAY))
        _timelines.add(self)

    def unlock(self) -> None:
        """A new lock, for a forked child: the parent's may have been held by a thread the
        child does not have (the states themselves are always whole)."""
        self._lock = threading.Lock()

    @property
    def limits(self) -> tuple[int, int]:
        """The first instant of the supported range, and the one just past its end."""
        return self._limits

    @property
    def parts(self) -> tuple[Timeline, ...]:
        """The timelines of the definitions this one combines (none for a plain one)."""
        if self._parts is None:
            self._parts = tuple(map(self._part_of, self.definition.parts()))
        return self._parts

    @property
    def states(self) -> tuple[State, ...]:
        """The compiled states, in date order (a snapshot: they are replaced, never changed)."""
        return self._states

    # --- compiling -------------------------------------------------------------------------

    def holiday_names(self, year: int) -> dict[date, str]:
        """The definition's holiday names for one year (cached; do not mutate)."""
        source = self.definition.holidays
        return names_in_year(source, year) if source is not None else {}

    def _compile(self, first: date, last: date) -> Span:
        tz = self.definition.timezone
        lo, hi = local_to_us(tz, first, 0), local_to_us(tz, shift_day(last, 1), 0)
        parts = [part.covering(lo, hi, exact=True) for part in self.parts]
        return compile_days(self.definition, first, last, self.holiday_names, parts)

    def _build(self, first: date, last: date, parts: list[State]) -> State:
        """A state for ``first..last`` that reuses the compiled ``parts`` inside it."""
        span = Span.empty()
        day = first
        for part in parts:
            if day < part.first:
                span.extend(self._compile(day, shift_day(part.first, -1)))
            span.extend(part)
            day = shift_day(part.last, 1)
        if day <= last:
            span.extend(self._compile(day, last))
        tz = self.definition.timezone
        lo, hi = local_to_us(tz, first, 0), local_to_us(tz, last, US_PER_DAY)
        return State.of(first, last, lo, hi, span)

    def _span(self, first: date, last: date, absorb: bool = True) -> State:
        """Under the lock: compile ``first..last``, absorbing the states it meets (when
        ``absorb``; else those it overlaps only), and keep it."""
        first, last = max(first, FIRST_DAY), min(last, LAST_DAY)
        reach = 1 if absorb else 0
        meets = [s for s in self._states
                 if s.first <= shift_day(last, reach) and s.last >= shift_day(first, -reach)]
        if meets:
            first, last = min(first, meets[0].first), max(last, meets[-1].last)
        new = self._build(first, last, meets)
        kept = [s for s in self._states if all(s is not m for m in meets)]
        self._states = tuple(sorted([*_bounded(kept, new), new], key=lambda s: s.first))
        return new

    def covering(self, lo: int, hi: int, exact: bool = False) -> State:
        """A state whose span contains ``[lo, hi]``: compiled in whole years around them
        unless ``exact`` (a combination asking its parts for the dates it compiles)."""
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
            if near and (max(last, near[-1].last) - min(first, near[0].first)).days < _STATE_DAYS:
                first = min(first, near[0].first)
                last = max(last, near[-1].last)
            elif not exact:
                first = shift_day(date(first.year, 1, 1), -1)
                last = date(min(last.year + 1, 9999), 12, 31)
            state = self._span(first, last)
            while not state.covers(lo, hi):  # a zone's offset can be a day wide
                state = self._span(shift_day(state.first, -1), shift_day(state.last, 1))
            return state

    def after(self, state: State) -> State:
        """A state holding the instant ``state`` ends at: ``state`` grown (doubling) while
        that keeps it short, else the dates after it on their own."""
        if state.last >= LAST_DAY:
            raise OutOfRangeError()
        with self._lock:
            for s in self._states:
                if s.lo <= state.hi < s.hi:
                    return s
            days = (state.last - state.first).days + 1
            if 2 * days <= _STATE_DAYS:
                return self._span(state.first, shift_day(state.last, max(days, 366)))
            first = shift_day(state.last, 1)
            last = shift_day(first, _STATE_DAYS // 2)
            later = [s.first for s in self._states if s.first > first]
            return self._span(first, min([last, *(shift_day(d, -1) for d in later)]),
                              absorb=False)

    def before(self, state: State) -> State:
        """A state holding the instant just before ``state`` begins (as ``after``)."""
        if state.first <= FIRST_DAY:
            raise OutOfRangeError()
        with self._lock:
            for s in self._states:
                if s.lo < state.lo <= s.hi:
                    return s
            days = (state.last - state.first).days + 1
            if 2 * days <= _STATE_DAYS:
                return self._span(shift_day(state.first, -max(days, 366)), state.last)
            last = shift_day(state.first, -1)
            first = shift_day(last, -_STATE_DAYS // 2)
            earlier = [s.last for s in self._states if s.last < last]
            return self._span(max([first, *(shift_day(d, 1) for d in earlier)]), last,
                              absorb=False)

    def forward(self, state: State, quiet_since: int) -> State:
        """The state after ``state`` (``after``), or ``NeverOpenError`` when the calendar
        never opens there; ``quiet_since`` is the end of the last open time seen."""
        quiet = quiet_after(self.definition)
        if quiet is not None and state.last > quiet:
            raise NeverOpenError(_never("opens after", quiet))
        if self._barren(state, quiet_since, back=False):
            raise NeverOpenError(_GIVE_UP_MESSAGE.format(what="after", day=state.last))
        return self.after(state)

    def backward(self, state: State, quiet_since: int) -> State:
        """The state before ``state`` (``before``), or ``NeverOpenError`` as ``_forward``."""
        quiet = quiet_before(self.definition)
        if quiet is not None and state.first < quiet:
            raise NeverOpenError(_never("was open before", quiet))
        if self._barren(state, quiet_since, back=True):
            raise NeverOpenError(_GIVE_UP_MESSAGE.format(what="before", day=state.first))
        return self.before(state)

    def _barren(self, state: State, quiet_since: int, back: bool) -> bool:
        """Whether no open time was seen for ``_GIVE_UP_DAYS`` from ``quiet_since`` to the
        end of ``state`` (its start, when ``back``), beyond every dated change."""
        edge = state.lo if back else state.hi
        if abs(edge - quiet_since) // US_PER_DAY <= _GIVE_UP_DAYS:
            return False  # the usual answer, without asking for the dated span (it may be slow)
        span = dated_span(self.definition)
        if span is not None and (state.first >= span[0] if back else state.last <= span[1]):
            return False
        day = shift_day(state.first, -1) if back else shift_day(state.last, 1)
        return not opens_again(self.definition, day, back)

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
        since = last_end(state, state.lo)
        while True:
            i = bisect_right(state.starts, t) - 1
            if i >= 0 and t < state.ends[i]:
                return t
            if i + 1 < len(state.starts):
                return state.starts[i + 1]
            state = self.forward(state, since)
            since = last_end(state, since)

    def next_close(self, t: int) -> int:
        state = self.covering(t, t)
        since = last_end(state, state.lo)
        i = _window_at_or_after(state, t)
        while True:
            # A window reaching the end of the span may go on: look further until it closes.
            if i < len(state.starts) and state.ends[i] < state.hi:
                return state.ends[i]
            reaching, edge = i < len(state.starts), state.hi
            always = always_open_from(self.definition)
            if always is not None and state.last > always:
                raise NeverClosesError(always)
            state = self.forward(state, since)
            since = last_end(state, since)
            if state.lo <= t:
                i = _window_at_or_after(state, t)  # grown: look again from t
            elif reaching and not (state.starts and state.starts[0] == edge):
                return edge  # the window ran to the edge and no further
            else:
                i = 0

    def previous_open(self, t: int) -> int:
        """The start of the window holding ``t``, else of the latest window before it."""
        if self._always_open_at(t):
            return self._limits[0]  # open from the start of the range, without a break
        state = self.covering(t, t)
        since = state.starts[0] if state.starts else state.hi
        found: int | None = None  # a start at a state's first instant: it may begin earlier
        while True:
            i = bisect_right(state.starts, t) - 1
            if found is not None and state.hi <= t:  # the state just before the edge
                if not (state.ends and state.ends[-1] == found):
                    return found
                i = len(state.starts) - 1
            if i >= 0:
                if state.starts[i] > state.lo:
                    return state.starts[i]
                found = state.starts[i]
            try:
                state = self.backward(state, since)
            except (NeverOpenError, OutOfRangeError):
                if found is None:
                    raise NeverOpenError(_NO_EARLIER.format(what="opened")) from None
                return found
            since = state.starts[0] if state.starts else since
            if state.hi > t:
                found = None  # grown: the window is found again from t

    def previous_close(self, t: int) -> int:
        """The end of the latest window that ends at or before ``t``."""
        if self._always_open_at(t):
            raise NeverClosesError(None)
        state = self.covering(t, t)
        since = state.starts[0] if state.starts else state.hi
        going_on: int | None = None  # the edge a window of the later state went on across
        while True:
            i = bisect_right(state.ends, t) - 1
            if i >= 0 and state.ends[i] == going_on:
                i -= 1  # not a close: that window goes on past the edge
            if i >= 0:
                return state.ends[i]
            going_on = state.lo if state.starts and state.starts[0] == state.lo else None
            try:
                state = self.backward(state, since)
            except OutOfRangeError:
                raise NeverOpenError(_NO_EARLIER.format(what="closed")) from None
            since = state.starts[0] if state.starts else since
            if state.hi > t:
                going_on = None  # grown: its windows are merged across the old edge

    def _always_open_at(self, t: int) -> bool:
        before = always_open_before(self.definition)
        return before is not None and t < local_to_us(self.definition.timezone, before, 0)

    def elapsed(self, a: int, b: int) -> int:
        if b < a:
            return -self.elapsed(b, a)
        if (b - a) // US_PER_DAY < ONE_STATE_DAYS:
            state = self.covering(a, b)
            return state.total(b) - state.total(a)
        # Centuries apart: through the states between, without keeping them all.
        state = self.covering(a, a)
        total, cursor = 0, a
        while b > state.hi:
            total += state.total(state.hi) - state.total(cursor)
            cursor = state.hi
            state = self.after(state)
        return total + state.total(b) - state.total(cursor)

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
        target = state.total(t) + d  # open time from the state's start
        if d > 0:
            since = last_end(state, state.lo)
            while not (state.cum_end and state.cum_end[-1] >= target):
                edge, top = state.hi, state.cum_end[-1] if state.cum_end else 0
                state = self.forward(state, since)
                since = last_end(state, since)
                target += state.total(edge) - top
            j = bisect_left(state.cum_end, target)
            return state.ends[j] - (state.cum_end[j] - target)
        since = state.starts[0] if state.starts else state.hi
        while target < 0:
            edge = state.lo
            state = self.backward(state, since)
            since = state.starts[0] if state.starts else since
            target += state.total(edge)
        j = bisect_right(state.cum_start, target) - 1
        return state.starts[j] + (target - state.cum_start[j])

    def windows(self, a: int, b: int) -> Iterator[tuple[int, int]]:
        state = self.covering(a, a)
        since = last_end(state, state.lo)
        cursor = a  # everything before it has been yielded
        pending: int | None = None  # the start of a window that ran to the previous edge
        while cursor < b:
            starts, ends, hi = state.starts, state.ends, state.hi
            i = max(bisect_right(starts, cursor) - 1, 0)
            while i < len(starts) and starts[i] < b:
                start, end = starts[i], ends[i]
                if end >= hi and hi < b:  # this window may go on past the span
                    pending = max(start, cursor) if pending is None else pending
                    break
                if end > cursor:
                    yield (max(start, cursor) if pending is None else pending), min(end, b)
                    cursor, pending = min(end, b), None
                i += 1
            else:
                quiet = quiet_after(self.definition)
                if hi >= b or (quiet is not None and state.last > quiet):
                    return
                if self._barren(state, since, back=False):
                    return
            edge = hi
            state = self.after(state)
            since = last_end(state, since)
            if state.lo < edge:
                pending = None  # grown: the window is found again from the cursor
            elif pending is not None and not (state.starts and state.starts[0] == edge):
                yield pending, edge
                cursor, pending = edge, None


def last_end(state: State, since: int) -> int:
    """The end of ``state``'s last window, or ``since`` when it has none."""
    return state.ends[-1] if state.ends else since


def _window_at_or_after(state: State, t: int) -> int:
    """The index of the window holding ``t``, else of the first one after it."""
    i = bisect_right(state.starts, t) - 1
    return i if i >= 0 and t < state.ends[i] else i + 1


def _bounded(kept: list[State], new: State) -> list[State]:
    """``kept`` without the states farthest from ``new`` that would take the timeline past
    ``_KEPT_DAYS``."""
    def days(s: State) -> int:
        return (s.last - s.first).days + 1

    def distance(s: State) -> int:
        return max((new.first - s.last).days, (s.first - new.last).days)

    total = days(new) + sum(map(days, kept))
    out = sorted(kept, key=distance)
    while out and total > _KEPT_DAYS:
        total -= days(out.pop())
    return out


_GIVE_UP_MESSAGE = (
    "the calendar has no open time for 60 years {what} {day}, past every dated change of its "
    "definition: it is taken never to open there"
)


_NO_EARLIER = "the calendar never {what} before that instant: it has no earlier window"


def _never(what: str, day: date) -> str:
    if day <= FIRST_DAY or day >= LAST_DAY:
        return "the calendar has no open hours at all (no weekly hours, no adjustment that opens)"
    return f"the calendar never {what} {day.isoformat()}: no weekly hours or adjustments open it"




os.register_at_fork(after_in_child=_new_locks_after_fork)
