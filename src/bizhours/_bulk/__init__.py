"""Bulk arithmetic at the edge: many instants and durations in (lists and tuples, NumPy
``datetime64`` arrays, pandas Series and Index, polars Series, pyarrow arrays), validated and
turned into integer microseconds, answered by the timeline one item at a time (sequences) or
by ``bizhours._engine.vector`` (columns), and given back in the form the starts came in.
``bizhours.batch`` is its public face.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from bizhours._bulk import _arrow, _pandas, _polars, _python
from bizhours._bulk._columns import (
    NAT,
    Column,
    library,
    numpy_column,
    numpy_durations,
    numpy_us,
)
from bizhours._definition.business_days import BusinessDays
from bizhours._engine import business, vector
from bizhours._engine.timeline import Timeline
from bizhours._instants import MAX_US, MIN_US, duration_us, from_us
from bizhours.errors import OutOfRangeError

_INSTANTS = {"pandas": _pandas.instants, "polars": _polars.instants,
             "arrow": _arrow.instants, "numpy": numpy_column}
_DURATIONS = {"pandas": _pandas.durations, "polars": _polars.durations,
              "arrow": _arrow.durations, "numpy": numpy_durations}


def _column(value: object, what: str) -> Column | None:
    """``value`` as a column of instants, or ``None`` for a Python sequence."""
    kind = library(value)
    return None if kind is None else _INSTANTS[kind](value, what)


def _sequence(starts: Any, values: list[Any]) -> Any:
    return tuple(values) if isinstance(starts, tuple) else values


def _durations(value: object, count: int) -> Any:
    """int64 microseconds (``NAT`` where missing) of one duration or a column of them."""
    np = vector.numpy()
    if isinstance(value, timedelta):
        return np.full(count, duration_us(value, "durations"), dtype="int64")
    if isinstance(value, np.timedelta64):
        return np.full(count, int(numpy_us(np.array([value]), "m")[0]), dtype="int64")
    kind = library(value)
    if kind is not None:
        out = _DURATIONS[kind](value, "durations")
    else:
        items = _python.deadlines(value, count)  # type: ignore[arg-type]
        if any(isinstance(d, BusinessDays) for d in items):
            raise TypeError("durations must be timedeltas here: one BusinessDays serves every "
                            "start, and a mix of BusinessDays and timedeltas needs a list of "
                            "starts")
        out = np.array([NAT if d is None else d for d in items], dtype="int64")
    _python.same_length(count, len(out), "durations")
    return out


def _sequence_durations(value: object, count: int) -> list[int | BusinessDays | None]:
    """The durations for the pure-Python path, from a column of them too."""
    if library(value) is None and type(value).__name__ != "timedelta64":
        return _python.deadlines(value, count)  # type: ignore[arg-type]
    micros = _durations(value, count).tolist()
    return [None if d == NAT else d for d in micros]


def _check_range(us: Any, what: str) -> None:
    np = vector.numpy()
    bad = np.flatnonzero((us < MIN_US) | (us >= MAX_US))
    if bad.size:
        moment = us[bad[0]].astype("datetime64[us]")
        raise OutOfRangeError(
            f"{what}[{bad[0]}] = {moment} is beyond the supported "
            "range (years 1 to 9999, except their first and last day)", value=moment
        )


def _masked(fn: Any, x: Any, y: Any) -> Any:
    """``fn(x, y)`` on the items where neither is NaT; NaT where either is."""
    nat = (x == NAT) | (y == NAT)
    if not nat.any():
        return fn(x, y)
    out = x.copy()
    out[~nat] = fn(x[~nat], y[~nat])
    out[nat] = NAT
    return out


def add_many(tl: Timeline, starts: Any, durations: Any) -> Any:
    """``tl.add`` for each start and duration, in the form ``starts`` came in."""
    column = _column(starts, "starts")
    if column is None:
        us, zones = _python.instants(starts, "starts")
        answers = _python.add_list(tl, us, _sequence_durations(durations, len(us)), zones)
        return _sequence(starts, answers)
    t = column.us
    if isinstance(durations, BusinessDays):
        _check_range(t[t != NAT], "starts")
        return column.rebuild(business.add_array(tl, t, durations), "M")
    d = _durations(durations, len(t))

    def add(x: Any, y: Any) -> Any:
        _check_range(x, "starts")
        return vector.add_vector(tl, x, y)

    return column.rebuild(_masked(add, t, d), "M")


def elapsed_many(tl: Timeline, starts: Any, ends: Any) -> Any:
    """``tl.elapsed`` for each pair, in the form ``starts`` came in."""
    column = _column(starts, "starts")
    if column is None:
        a, _ = _python.instants(starts, "starts")
        end_column = _column(ends, "ends")
        if end_column is None:
            b, _ = _python.instants(ends, "ends")
        else:
            b = [None if x == NAT else x for x in end_column.us.tolist()]
        _python.same_length(len(a), len(b), "ends")
        return _sequence(starts, _python.elapsed_list(tl, a, b))
    a = column.us
    end_column = _column(ends, "ends")
    if end_column is None:
        np = vector.numpy()
        moments, _ = _python.instants(ends, "ends")
        b = np.array([NAT if x is None else x for x in moments], dtype="int64")
    else:
        b = end_column.us
    _python.same_length(len(a), len(b), "ends")

    def elapsed(x: Any, y: Any) -> Any:
        _check_range(x, "starts")
        _check_range(y, "ends")
        return vector.elapsed_vector(tl, x, y)

    return column.rebuild(_masked(elapsed, a, b), "m")


def _instants_only(tl: Timeline, starts: Any, scalar: Any, vectorised: Any, kind: str) -> Any:
    """A query of one instant for each of ``starts``, in the form they came in."""
    column = _column(starts, "at")
    if column is None:
        us, zones = _python.instants(starts, "at")
        answers = [None if t is None else scalar(t, z) for t, z in zip(us, zones, strict=True)]
        return _sequence(starts, answers)
    t = column.us
    present = t != NAT
    _check_range(t[present], "at")
    if kind == "?":
        flags = vector.numpy().zeros(len(t), dtype=bool)
        flags[present] = vectorised(tl, t[present])
        return flags
    out = t.copy()
    out[present] = vectorised(tl, t[present])
    return column.rebuild(out, kind)


def is_open_many(tl: Timeline, starts: Any) -> Any:
    """``tl.is_open`` for each instant: a list of bools (``None`` where missing) for a
    sequence; a boolean NumPy array for a column (a missing instant is not open)."""
    return _instants_only(tl, starts, lambda t, _: tl.is_open(t), vector.is_open_vector, "?")


def next_open_many(tl: Timeline, starts: Any) -> Any:
    """``tl.next_open`` for each instant, in the form ``starts`` came in."""
    return _instants_only(tl, starts, lambda t, z: from_us(tl.next_open(t), z),
                          vector.next_open_vector, "M")
