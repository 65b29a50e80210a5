"""Business dates on a timeline: which date an instant belongs to, counting dates, and
business-day deadlines (``BusinessDays``).

A compiled state lists its business dates in order, so a date's index is its running count:
each query is a ``bisect`` or two, and moves to the next state only when the count runs past
the one it is in (forty years of business days are an index, not a walk). Dates are ordinals.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from datetime import date
from typing import Any

from bizhours._definition.business_days import BusinessDays
from bizhours._engine.state import State
from bizhours._engine.timeline import ONE_STATE_DAYS, Timeline, last_end
from bizhours._instants import EPOCH_ORDINAL, US_PER_DAY, from_us, local_to_us, time_of_day_us


@dataclass(slots=True)  # not frozen: one is made per query, and a frozen one costs 3x
class Position:
    """A business date found in a state: ``state.days[index]`` (never changed once made)."""

    state: State
    index: int

    @property
    def day(self) -> int:
        return self.state.days[self.index]


def is_business_day(tl: Timeline, day: date) -> bool:
    """Whether the local date ``day`` has business hours."""
    state = _state_of(tl, day.toordinal())
    i = bisect_left(state.days, day.toordinal())
    return i < len(state.days) and state.days[i] == day.toordinal()


def nth_after(tl: Timeline, state: State, day: int, n: int) -> Position:
    """The ``n``-th business date after the date ``day`` (``n >= 1``), from ``state``, which
    holds ``day`` (or, moving on, is the last state looked at)."""
    since = state.lo  # the end of the last open time seen, for forward's give-up rule
    while True:
        after = bisect_right(state.days, day)
        if after + n - 1 < len(state.days):
            return Position(state, after + n - 1)
        n -= len(state.days) - after
        day = max(day, state.last.toordinal())
        since = last_end(state, since)
        state = tl.forward(state, since)


def nth_before(tl: Timeline, state: State, day: int, n: int) -> Position:
    """The ``n``-th business date before the date ``day`` (``n >= 1``), as ``nth_after``."""
    since = state.starts[0] if state.starts else state.hi
    while True:
        j = bisect_left(state.days, day) - n
        if j >= 0:
            return Position(state, j)
        n -= bisect_left(state.days, day)
        day = min(day, state.first.toordinal())
        state = tl.backward(state, since)
        since = state.starts[0] if state.starts else since


def add_business_days(tl: Timeline, day: date, n: int) -> date:
    """``n > 0``: the n-th business date after ``day``; ``n < 0``: before; ``0``: ``day``
    itself when it is one, else the next."""
    ordinal = day.toordinal()
    state = _state_of(tl, ordinal)
    if n < 0:
        return date.fromordinal(nth_before(tl, state, ordinal, -n).day)
    if n == 0:
        return date.fromordinal(nth_after(tl, state, ordinal - 1, 1).day)
    return date.fromordinal(nth_after(tl, state, ordinal, n).day)


def business_days_between(tl: Timeline, a: date, b: date) -> int:
    """The business dates among ``[a, b)``; minus those of ``[b, a)`` when ``b < a``."""
    if b < a:
        return -business_days_between(tl, b, a)
    first, last = a.toordinal(), b.toordinal()
    held = _compiled(tl, first, last)  # the usual case: one compiled state holds both dates
    if held is not None:
        return bisect_left(held.days, last) - bisect_left(held.days, first)
    tz = tl.definition.timezone
    lo, hi = local_to_us(tz, a, 0), local_to_us(tz, b, 0)
    if last - first < ONE_STATE_DAYS:
        state = tl.covering(lo, hi)
        return bisect_left(state.days, last) - bisect_left(state.days, first)
    # Centuries apart: through the states between, without keeping them all (as elapsed).
    state = tl.covering(lo, lo)
    count = 0
    while last > state.last.toordinal():
        count += len(state.days) - bisect_left(state.days, first)
        first = state.last.toordinal() + 1
        state = tl.after(state)
    return count + bisect_left(state.days, last) - bisect_left(state.days, first)


def business_date(tl: Timeline, t: int) -> Position:
    """The business date the instant ``t`` belongs to: the first whose last close is after
    ``t`` (for day calendars, ``t``'s local date when it is a business date and ``t`` is
    before its last close, else the next business date; in a night range, its start's)."""
    # From two days before: the night range of the date before may reach past ``t``.
    state = tl.covering(max(t - 2 * US_PER_DAY, tl.limits[0]), t)
    i = bisect_right(state.reach, t)
    if i < len(state.days):
        return Position(state, i)
    return nth_after(tl, state, state.last.toordinal(), 1)


def add(tl: Timeline, t: int, deadline: BusinessDays) -> int:
    """The deadline ``deadline`` sets for work arriving at ``t``: from the start ``next_open(t)``
    and its business date (the next one when ``t`` arrives at or after the cutoff), that
    many business dates on, at the wall time ``by`` or the start's, moved into that date's
    hours, and never before the start."""
    start = tl.next_open(t)
    found = business_date(tl, start)
    cutoff = deadline.cutoff_us
    if cutoff is not None and _clock(tl, t, found) >= cutoff:
        found = nth_after(tl, found.state, found.day, 1)
        start = found.state.opens[found.index]
    target = nth_after(tl, found.state, found.day, deadline.days) if deadline.days else found
    opens, closes = target.state.opens[target.index], target.state.closes[target.index]
    by = deadline.by_us
    if by == "open":
        due = opens
    elif by == "close":
        due = closes
    else:
        clock = _clock(tl, start, found) if by is None else by
        due = _clamped(tl, _instant(tl, target, clock), opens, closes)
    return max(due, start)


def add_array(tl: Timeline, us: Any, deadline: BusinessDays) -> Any:
    """``add`` for each int64 instant of a NumPy array (``NaT`` stays ``NaT``)."""
    out = us.copy()
    nat = -(2**63)
    for i, t in enumerate(us.tolist()):
        if t != nat:
            out[i] = add(tl, t, deadline)
    return out


def _clamped(tl: Timeline, t: int, opens: int, closes: int) -> int:
    """``t`` moved into a date's hours ``[opens, closes)``: to its opening when before, its
    close when at or after it, and inside a closed break, to the close before the break."""
    if t <= opens:
        return opens
    if t >= closes:
        return closes
    state = tl.covering(opens, closes)
    i = bisect_right(state.starts, t) - 1
    return t if t < state.ends[i] else state.ends[i]


def _clock(tl: Timeline, t: int, on: Position) -> int:
    """The wall time of the instant ``t`` on the clock of the business date ``on``:
    microseconds since its midnight as the wall clock reads, past 24:00 on a later date."""
    midnight = (on.day - EPOCH_ORDINAL) * US_PER_DAY  # as if UTC
    offset = on.state.offsets[on.index]
    if offset is not None and 0 <= t + offset - midnight < 2 * US_PER_DAY:
        return t + offset - midnight  # the offset holds all that time: no zone lookup
    local = from_us(t, tl.definition.timezone)
    return (local.toordinal() - on.day) * US_PER_DAY + time_of_day_us(local)


def _instant(tl: Timeline, on: Position, clock: int) -> int:
    """The instant of the wall time ``clock`` on the clock of the business date ``on``
    (``clock < 2 * US_PER_DAY``), resolved under the one DST policy."""
    offset = on.state.offsets[on.index]
    if offset is not None:
        return (on.day - EPOCH_ORDINAL) * US_PER_DAY + clock - offset
    return local_to_us(tl.definition.timezone, date.fromordinal(on.day), clock)


def _state_of(tl: Timeline, day: int) -> State:
    """A state holding the local date ``day``."""
    held = _compiled(tl, day, day)  # without a zone lookup when one does: the usual case
    if held is not None:
        return held
    midnight = local_to_us(tl.definition.timezone, date.fromordinal(day), 0)
    return tl.covering(midnight, midnight)


def _compiled(tl: Timeline, first: int, last: int) -> State | None:
    """A state already compiled that holds the dates ``first..last`` (ordinals), if any."""
    for state in tl.states:
        if state.first.toordinal() <= first and last <= state.last.toordinal():
            return state
    return None
