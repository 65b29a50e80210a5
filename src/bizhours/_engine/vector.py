"""The timeline's queries over NumPy arrays: ``add`` and ``elapsed`` for int64 microsecond
instants at once, by ``searchsorted`` on the compiled window bounds.

NumPy is imported on first use only: callers get here with arrays they already hold.
"""

from __future__ import annotations

import importlib
from typing import Any

from bizhours._engine.state import State
from bizhours._engine.timeline import Timeline
from bizhours._instants import US_PER_DAY

# Items are taken in groups of instants near each other, so a batch of 2026 dates with one
# "9999-12-29" compiles the years around each, not the eight thousand between.
_GAP_US = 2 * 366 * US_PER_DAY
_GROUP_US = 20 * 366 * US_PER_DAY
_LONG_US = 5 * 366 * US_PER_DAY  # of open time: a duration longer takes the scalar path

_numpy: list[Any] = []


def numpy() -> Any:
    """NumPy, imported on first use."""
    if not _numpy:
        _numpy.append(importlib.import_module("numpy"))
    return _numpy[0]


_cache: list[tuple[State, tuple[Any, ...]]] = []


def _bounds(state: State) -> tuple[Any, ...]:
    """The compiled lists of ``state`` as int64 arrays, converted once per state."""
    cached = _cache[0] if _cache else None
    if cached is not None and cached[0] is state:
        return cached[1]
    np = numpy()
    arrays = tuple(
        np.array(x, dtype="int64")
        for x in (state.starts, state.ends, state.cum_start, state.cum_end)
    )
    _cache[:] = [(state, arrays)]  # one entry: consecutive batches mostly share a state
    return arrays


def _totals(state: State, t: Any) -> Any:
    """Open time in ``[state.lo, t)`` for each ``t`` (``State.total``, vectorised)."""
    np = numpy()
    starts, ends, _, cum_end = _bounds(state)
    if not len(starts):
        return np.zeros(len(t), dtype="int64")
    i = np.searchsorted(starts, t, side="right") - 1
    k = np.maximum(i, 0)
    total = cum_end[k] - np.maximum(ends[k] - t, 0)
    return np.where(i >= 0, total, 0)


def _groups(t: Any) -> list[Any]:
    """Indexes of ``t`` in groups of instants near each other (sorted, no gap over
    ``_GAP_US``, none spanning over ``_GROUP_US``): each group compiles only its own years."""
    np = numpy()
    if not len(t):
        return []
    if int(t.max()) - int(t.min()) <= _GAP_US:  # the usual batch: one group, nothing to sort
        return [np.arange(len(t))]
    order = np.argsort(t, kind="stable")
    ts = t[order]
    cuts = np.flatnonzero(np.diff(ts) > _GAP_US) + 1
    groups = []
    for chunk in np.split(order, cuts):
        first = int(t[chunk[0]])
        while int(t[chunk[-1]]) - first > _GROUP_US:  # a long run: cut it into spans
            k = int(np.searchsorted(t[chunk], first + _GROUP_US, side="right"))
            groups.append(chunk[:k])
            chunk = chunk[k:]
            first = int(t[chunk[0]])
        groups.append(chunk)
    return groups


def add_vector(tl: Timeline, t: Any, d: Any) -> Any:
    """``Timeline.add`` for int64 arrays of instants and durations (no NaT)."""
    np = numpy()
    out = t.copy()
    if not len(t):
        return out
    # Far durations (over years of open time) take the scalar path, which raises its range
    # error or walks the years without compiling them all at once.
    far = np.abs(d) > _LONG_US
    if not far.any() and int(t.max()) - int(t.min()) <= _GAP_US:
        return _add_near(tl, t, d)  # one group of all: no indexing in and out
    for k in np.flatnonzero(far):
        out[k] = tl.add(int(t[k]), int(d[k]))
    near = np.flatnonzero(~far)
    for group in _groups(t[near]):
        index = near[group]
        out[index] = _add_near(tl, t[index], d[index])
    return out


def _add_near(tl: Timeline, t: Any, d: Any) -> Any:
    """``add_vector`` for instants near each other and durations of at most ``_LONG_US``."""
    np = numpy()
    out = t.copy()
    fwd, back = d > 0, d < 0
    lo, hi = int(t.min()), int(t.max())
    state = tl.covering(lo, hi)
    for attempt in range(4):
        target = _totals(state, t) + d
        top = state.cum_end[-1] if state.cum_end else 0
        outside = (fwd & (target > top)) | (back & (target < 0))
        if attempt == 3 or not outside.any():
            break
        # Beyond the compiled span: let the scalar path extend the timeline (or raise) for
        # the farthest item; totals shift uniformly, so then most items are covered.
        beyond = np.flatnonzero(outside)
        k = beyond[np.argmax(np.abs(d[beyond]))]
        tl.add(int(t[k]), int(d[k]))
        state = tl.covering(lo, hi)
    for k in np.flatnonzero(outside):  # still beyond (the timeline walks, not grows): one by one
        out[k] = tl.add(int(t[k]), int(d[k]))
    starts, ends, cum_start, cum_end = _bounds(state)
    inside_fwd, inside_back = fwd & ~outside, back & ~outside
    if inside_fwd.any():
        j = np.searchsorted(cum_end, target[inside_fwd], side="left")
        out[inside_fwd] = ends[j] - (cum_end[j] - target[inside_fwd])
    if inside_back.any():
        j = np.searchsorted(cum_start, target[inside_back], side="right") - 1
        out[inside_back] = starts[j] + (target[inside_back] - cum_start[j])
    return out


def elapsed_vector(tl: Timeline, a: Any, b: Any) -> Any:
    """``Timeline.elapsed`` for int64 arrays of instants (no NaT)."""
    np = numpy()
    out = np.zeros(len(a), dtype="int64")
    if not len(a):
        return out
    far = np.abs(b - a) > _GROUP_US
    for k in np.flatnonzero(far):  # centuries apart: the scalar path walks them
        out[k] = tl.elapsed(int(a[k]), int(b[k]))
    near = np.flatnonzero(~far)
    for group in _groups(a[near]):
        index = near[group]
        ga, gb = a[index], b[index]
        state = tl.covering(int(min(ga.min(), gb.min())), int(max(ga.max(), gb.max())))
        out[index] = _totals(state, gb) - _totals(state, ga)
    return out


def is_open_vector(tl: Timeline, t: Any) -> Any:
    """``Timeline.is_open`` for an int64 array of instants (no NaT): a boolean array."""
    np = numpy()
    out = np.zeros(len(t), dtype=bool)
    for index in _groups(t):
        g = t[index]
        starts, ends, _, _ = _bounds(tl.covering(int(g.min()), int(g.max())))
        i = np.searchsorted(starts, g, side="right") - 1
        out[index] = (i >= 0) & (g < ends[np.maximum(i, 0)]) if len(starts) else False
    return out


def next_open_vector(tl: Timeline, t: Any) -> Any:
    """``Timeline.next_open`` for an int64 array of instants (no NaT)."""
    np = numpy()
    out = t.copy()
    for index in _groups(t):
        g = t[index]
        starts, ends, _, _ = _bounds(tl.covering(int(g.min()), int(g.max())))
        i = np.searchsorted(starts, g, side="right") - 1
        shut = ~((i >= 0) & (g < ends[np.maximum(i, 0)])) if len(starts) else np.ones(
            len(g), dtype=bool)
        after = i + 1 < len(starts)
        answer = g.copy()
        found = shut & after
        answer[found] = starts[(i + 1)[found]]
        for k in np.flatnonzero(shut & ~after):  # the next window lies beyond the span
            answer[k] = tl.next_open(int(g[k]))
        out[index] = answer
    return out
