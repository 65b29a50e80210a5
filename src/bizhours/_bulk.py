"""Bulk arithmetic at the edge: many instants and durations in (lists, NumPy ``datetime64``
arrays, pandas Series), validated and turned into integer microseconds, answered by the
timeline one item at a time or by ``bizhours._engine.vector``, and given back in the form
they came in. ``bizhours.batch`` is its public face.
"""

from __future__ import annotations

import sys
from bisect import bisect_left
from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import Any, cast

from bizhours._definition.business_days import BusinessDays
from bizhours._engine import business, vector
from bizhours._engine.timeline import Timeline
from bizhours._instants import MAX_US, MIN_US, duration_us, from_us, require_aware, to_us
from bizhours.errors import NaiveDatetimeError, OutOfRangeError

_NAT = -(2**63)
_ONE_US = timedelta(microseconds=1)  # ONE_US * n is much faster than timedelta(microseconds=n)


# --- the pure-Python path ------------------------------------------------------------------


def _instants(values: Iterable[object], what: str) -> tuple[list[int], list[Any]]:
    """Microseconds and tzinfos of aware datetimes; a bad item names its position."""
    out: list[int] = []
    zones: list[Any] = []
    for i, value in enumerate(values):
        try:
            us: int | None = to_us(value)  # type: ignore[arg-type]
        except (TypeError, AttributeError):
            us = None
        if us is None:  # outside the except: the error shows no engine traceback
            if not isinstance(value, datetime):
                raise TypeError(
                    f"{what}[{i}] must be an aware datetime, not {type(value).__name__}"
                )
            require_aware(value, f"{what}[{i}]")  # it is naive: raises NaiveDatetimeError
        out.append(us)  # type: ignore[arg-type]
        zones.append(value.tzinfo)  # type: ignore[attr-defined]
    return out, zones


def _add_list(tl: Timeline, us: list[int], micros: list[int], zones: list[Any]
              ) -> list[datetime]:
    """``Timeline.add`` item by item; the common case (a positive duration ending inside the
    compiled span) is inlined, as the conversions already cost more than the arithmetic."""
    if not us:
        return []
    add = tl.add
    # The span of the first start; another only when a start falls outside it, so items
    # decades apart compile the years around each, not every year between.
    state = tl.covering(us[0], us[0])
    total, ends, cum_end = state.total, state.ends, state.cum_end
    top = cum_end[-1] if cum_end else 0
    out = []
    for t, d, zone in zip(us, micros, zones, strict=True):
        if not state.lo <= t < state.hi:
            state = tl.covering(t, t)
            total, ends, cum_end = state.total, state.ends, state.cum_end
            top = cum_end[-1] if cum_end else 0
        if d > 0 and (target := total(t) + d) <= top:
            j = bisect_left(cum_end, target)
            out.append(from_us(ends[j] - (cum_end[j] - target), zone))
        else:
            out.append(from_us(add(t, d), zone))
    return out


def _durations(values: timedelta | Iterable[object], count: int) -> list[int]:
    if isinstance(values, timedelta):
        return [duration_us(values, "durations")] * count
    out = [duration_us(value, f"durations[{i}]") for i, value in enumerate(values)]
    _same_length(count, len(out), "durations")
    return out


def _deadlines(values: Iterable[object], count: int) -> list[int | BusinessDays]:
    """Durations as microseconds, with the ``BusinessDays`` among them kept as they are."""
    out = [value if isinstance(value, BusinessDays) else duration_us(value, f"durations[{i}]")
           for i, value in enumerate(values)]
    _same_length(count, len(out), "durations")
    return out


def _add_each(tl: Timeline, us: list[int], durations: list[int | BusinessDays],
              zones: list[Any]) -> list[datetime]:
    """``Calendar.add`` item by item, for durations that mix business days and time."""
    return [from_us(business.add(tl, t, d) if isinstance(d, BusinessDays) else tl.add(t, d), z)
            for t, d, z in zip(us, durations, zones, strict=True)]


def _same_length(count: int, other: int, what: str) -> None:
    if count != other:
        raise ValueError(
            f"starts has {count} items but {what} has {other}: give one per start"
            + (" (or a single timedelta)" if what == "durations" else "")
        )


# --- the vectorised path -------------------------------------------------------------------


def _vector_kind(value: object) -> str | None:
    """``"pandas"`` or ``"numpy"`` when ``value`` is a Series or ndarray, else ``None``.

    Looks in ``sys.modules`` only: a caller holding such a value has already imported it.
    """
    pd = sys.modules.get("pandas")
    if pd is not None and isinstance(value, pd.Series):
        return "pandas"
    np = sys.modules.get("numpy")
    if np is not None and isinstance(value, np.ndarray):
        return "numpy"
    return None


def _whole_us(arr: Any, what: str, kind: str) -> Any:
    """int64 microseconds of a datetime64 (``kind="M"``) or timedelta64 (``"m"``) array."""
    np = vector.numpy()
    unit = np.datetime_data(arr.dtype)[0]
    raw = arr.view("int64")
    if unit in ("ns", "ps", "fs", "as"):
        per = {"ns": 1_000, "ps": 1_000_000, "fs": 1_000_000_000, "as": 1_000_000_000_000}[unit]
        bad = np.flatnonzero((raw % per != 0) & (raw != _NAT))
        if bad.size:
            raise ValueError(
                f"{what}[{bad[0]}] has a fraction of a microsecond ({arr[bad[0]]}): "
                "bizhours is exact to the microsecond; round it first"
            )
    return arr.astype(f"{kind}8[us]").view("int64")


def _us_array(value: object, what: str, count: int | None) -> Any:
    """int64 microseconds (UTC) of a Series of aware timestamps, a datetime64 array or a
    sequence of aware datetimes."""
    np = vector.numpy()
    kind = _vector_kind(value)
    if kind == "pandas":
        pd = sys.modules["pandas"]
        dtype = value.dtype  # type: ignore[attr-defined]
        if isinstance(dtype, pd.DatetimeTZDtype):
            arr = value.dt.tz_convert(None).to_numpy()  # type: ignore[attr-defined]
        elif dtype.kind == "M":
            raise NaiveDatetimeError(
                f"{what} is a Series of naive timestamps ({dtype}): give it a time zone "
                "with .dt.tz_localize('America/New_York') or .dt.tz_localize('UTC')"
            )
        else:
            raise TypeError(f"{what} must hold aware timestamps, not {dtype}")
    elif kind == "numpy":
        arr = value
        if arr.dtype.kind != "M":  # type: ignore[attr-defined]
            raise TypeError(
                f"{what} must be a datetime64 array (read as UTC), not {arr.dtype}"  # type: ignore[attr-defined]
            )
    else:
        us, _ = _instants(value, what)  # type: ignore[arg-type]
        arr = np.array(us, dtype="int64").view("datetime64[us]")
    if arr.ndim != 1:
        raise ValueError(f"{what} must be one-dimensional, not of shape {arr.shape}")
    out = _whole_us(arr, what, "M")
    if count is not None:
        _same_length(count, len(out), what)
    return out


def _duration_array(value: object, count: int) -> Any:
    np = vector.numpy()
    if isinstance(value, timedelta):
        return np.full(count, duration_us(value, "durations"), dtype="int64")
    if isinstance(value, np.timedelta64):
        return np.full(count, int(_whole_us(np.array([value]), "durations", "m")[0]))
    kind = _vector_kind(value)
    if kind == "pandas":
        arr = value.to_numpy()  # type: ignore[attr-defined]
    elif kind == "numpy":
        arr = value
    else:
        arr = np.array(_durations(value, count), dtype="int64").view("timedelta64[us]")  # type: ignore[arg-type]
    if arr.dtype.kind != "m":
        raise TypeError(f"durations must be timedelta64 or timedeltas, not {arr.dtype}")
    out = _whole_us(arr, "durations", "m")
    _same_length(count, len(out), "durations")
    return out


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
    nat = (x == _NAT) | (y == _NAT)
    if not nat.any():
        return fn(x, y)
    out = x.copy()
    out[~nat] = fn(x[~nat], y[~nat])
    out[nat] = _NAT
    return out


def _vector_result(starts: object, us: Any, kind: str) -> Any:
    """The answer in the form of ``starts``: a datetime64/timedelta64 array or a Series."""
    arr = us.view("datetime64[us]" if kind == "M" else "timedelta64[us]")
    if _vector_kind(starts) != "pandas":
        return arr
    pd = sys.modules["pandas"]
    series = pd.Series(arr, index=starts.index, name=starts.name)  # type: ignore[attr-defined]
    if kind == "M":
        series = series.dt.tz_localize("UTC").dt.tz_convert(starts.dt.tz)  # type: ignore[attr-defined]
    return series


def add_many(tl: Timeline, starts: Any, durations: Any) -> Any:
    """``tl.add`` for each start and duration, in the form ``starts`` came in."""
    if _vector_kind(starts) is None:
        us, zones = _instants(starts, "starts")
        if isinstance(durations, BusinessDays):
            return _add_each(tl, us, [durations] * len(us), zones)
        if isinstance(durations, timedelta):
            return _add_list(tl, us, _durations(durations, len(us)), zones)
        mixed = _deadlines(durations, len(us))
        if any(isinstance(d, BusinessDays) for d in mixed):
            return _add_each(tl, us, mixed, zones)
        return _add_list(tl, us, cast("list[int]", mixed), zones)  # none is a BusinessDays
    t = _us_array(starts, "starts", None)
    if isinstance(durations, BusinessDays):
        _check_range(t[t != _NAT], "starts")
        return _vector_result(starts, business.add_array(tl, t, durations), "M")
    d = _duration_array(durations, len(t))

    def add(x: Any, y: Any) -> Any:
        _check_range(x, "starts")
        return vector.add_vector(tl, x, y)

    return _vector_result(starts, _masked(add, t, d), "M")


def elapsed_many(tl: Timeline, starts: Any, ends: Any) -> Any:
    """``tl.elapsed`` for each pair, in the form ``starts`` came in."""
    if _vector_kind(starts) is None:
        a, _ = _instants(starts, "starts")
        b, _ = _instants(ends, "ends")
        _same_length(len(a), len(b), "ends")
        # Per pair: only the years each pair spans compile.
        return [_ONE_US * tl.elapsed(x, y) for x, y in zip(a, b, strict=True)]
    a = _us_array(starts, "starts", None)
    b = _us_array(ends, "ends", len(a))

    def elapsed(x: Any, y: Any) -> Any:
        _check_range(x, "starts")
        _check_range(y, "ends")
        return vector.elapsed_vector(tl, x, y)

    return _vector_result(starts, _masked(elapsed, a, b), "m")
