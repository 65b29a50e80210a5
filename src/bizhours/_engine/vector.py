"""The timeline's queries over NumPy arrays: ``add`` and ``elapsed`` for int64 microsecond
instants at once, by ``searchsorted`` on the compiled window bounds.

NumPy is imported on first use only: callers get here with arrays they already hold.
"""

from __future__ import annotations

import importlib
from typing import Any

from bizhours._engine.state import State
from bizhours._engine.timeline import Timeline
from bizhours._instants import MAX_US, MIN_US

# No duration longer than the supported range can ever be met; past this bound int64 sums
# could overflow, so such items take the scalar path, which raises the range error.
MAX_DURATION_US = MAX_US - MIN_US

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


def add_vector(tl: Timeline, t: Any, d: Any) -> Any:
    """``Timeline.add`` for int64 arrays of instants and durations (no NaT)."""
    np = numpy()
    out = t.copy()
    if not len(t):
        return out
    huge = np.flatnonzero(np.abs(d) > MAX_DURATION_US)
    for k in huge:  # the scalar path raises its range error for these
        out[k] = tl.add(int(t[k]), int(d[k]))
    fwd, back = d > 0, d < 0
    lo, hi = int(t.min()), int(t.max())
    while True:
        state = tl.covering(lo, hi)
        target = _totals(state, t) + d
        top = state.cum_end[-1] if state.cum_end else 0
        # Beyond the compiled span: let the scalar path extend the timeline (or raise) for
        # the farthest item; totals shift uniformly, so then every item is covered.
        far = np.flatnonzero(fwd & (target > top))
        if far.size:
            k = far[np.argmax(target[far])]
            tl.add(int(t[k]), int(d[k]))
            continue
        early = np.flatnonzero(back & (target < 0))
        if early.size:
            k = early[np.argmin(target[early])]
            tl.add(int(t[k]), int(d[k]))
            continue
        break
    starts, ends, cum_start, cum_end = _bounds(state)
    if fwd.any():
        j = np.searchsorted(cum_end, target[fwd], side="left")
        out[fwd] = ends[j] - (cum_end[j] - target[fwd])
    if back.any():
        j = np.searchsorted(cum_start, target[back], side="right") - 1
        out[back] = starts[j] + (target[back] - cum_start[j])
    return out


def elapsed_vector(tl: Timeline, a: Any, b: Any) -> Any:
    """``Timeline.elapsed`` for int64 arrays of instants (no NaT)."""
    if not len(a):
        return a.copy()
    state = tl.covering(int(min(a.min(), b.min())), int(max(a.max(), b.max())))
    return _totals(state, b) - _totals(state, a)


