"""Business-time arithmetic over many instants at once: deadlines and elapsed time in bulk.

Two paths give the same answers as ``Calendar.add`` and ``Calendar.elapsed`` item by item:

- sequences of aware ``datetime``s (lists, tuples, any iterable) go through the compiled
  timeline one item at a time, in pure Python, and come back as lists;
- NumPy ``datetime64`` arrays (read as UTC) and pandas Series of aware timestamps go through
  vectorised ``searchsorted`` on the compiled window bounds, and come back in the same form
  (a Series keeps its index, name and time zone). NumPy and pandas are optional and never
  imported unless such an argument is given. Missing values (``NaT``) give ``NaT``.
"""

from __future__ import annotations

import importlib
import sys
from bisect import bisect_left
from collections.abc import Iterable
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any, NoReturn, overload

from bizhours._engine.timeline import State
from bizhours._instants import from_us, to_us
from bizhours.errors import NaiveDatetimeError, OutOfRangeError

if TYPE_CHECKING:
    from bizhours._calendar import Calendar

# The supported instants (years 1 to 9999, except their first and last day), in microseconds.
_MIN_US = to_us(datetime(1, 1, 2, tzinfo=UTC))
_MAX_US = to_us(datetime(9999, 12, 31, tzinfo=UTC))
# No duration longer than the supported range can ever be met; past this bound int64 sums
# could overflow, so such items take the scalar path, which raises the range error.
_MAX_DURATION_US = _MAX_US - _MIN_US
_NAT = -(2**63)
_ONE_US = timedelta(microseconds=1)  # ONE_US * n is much faster than timedelta(microseconds=n)


# --- the pure-Python path ------------------------------------------------------------------


def _instants(values: Iterable[object], what: str) -> tuple[list[int], list[Any]]:
    """Microseconds and tzinfos of aware datetimes; a bad item names its position."""
    out: list[int] = []
    zones: list[Any] = []
    for i, value in enumerate(values):
        try:
            out.append(to_us(value))  # type: ignore[arg-type]
        except (TypeError, AttributeError):
            if not isinstance(value, datetime):
                raise TypeError(
                    f"{what}[{i}] must be an aware datetime, not {type(value).__name__}"
                ) from None
            raise NaiveDatetimeError(
                f"{what}[{i}] {value.isoformat()} is naive: give it a tzinfo, such as "
                "ZoneInfo('America/New_York') or timezone.utc"
            ) from None
        zones.append(value.tzinfo)  # type: ignore[attr-defined]
    return out, zones


def _add_list(cal: Calendar, us: list[int], micros: list[int], zones: list[Any]) -> list[datetime]:
    """``Timeline.add`` item by item; the common case (a positive duration ending inside the
    compiled span) is inlined, as the conversions already cost more than the arithmetic."""
    if not us:
        return []
    tl = cal._timeline()
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
        return [_us_of(values, "durations")] * count
    out: list[int] = []
    for value in values:
        if not isinstance(value, timedelta):
            _not_timedelta(value, f"durations[{len(out)}]")
        out.append((value.days * 86_400 + value.seconds) * 1_000_000 + value.microseconds)
    _same_length(count, len(out), "durations")
    return out


def _not_timedelta(value: object, what: str) -> NoReturn:
    raise TypeError(f"{what} must be a timedelta, not {type(value).__name__}")


def _us_of(value: object, what: str) -> int:
    if not isinstance(value, timedelta):
        _not_timedelta(value, what)
    return (value.days * 86_400 + value.seconds) * 1_000_000 + value.microseconds


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


_numpy: list[Any] = []


def _np() -> Any:
    """NumPy, imported on first use."""
    if not _numpy:
        _numpy.append(importlib.import_module("numpy"))
    return _numpy[0]


def _whole_us(arr: Any, what: str, kind: str) -> Any:
    """int64 microseconds of a datetime64 (``kind="M"``) or timedelta64 (``"m"``) array."""
    np = _np()
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
    np = _np()
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
    np = _np()
    if isinstance(value, timedelta):
        return np.full(count, _us_of(value, "durations"), dtype="int64")
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


_cache: list[tuple[State, tuple[Any, ...]]] = []


def _bounds(state: State) -> tuple[Any, ...]:
    """The compiled lists of ``state`` as int64 arrays, converted once per state."""
    cached = _cache[0] if _cache else None
    if cached is not None and cached[0] is state:
        return cached[1]
    np = _np()
    arrays = tuple(
        np.array(x, dtype="int64")
        for x in (state.starts, state.ends, state.cum_start, state.cum_end)
    )
    _cache[:] = [(state, arrays)]  # one entry: consecutive batches mostly share a state
    return arrays


def _totals(state: State, t: Any) -> Any:
    """Open time in ``[state.lo, t)`` for each ``t`` (``State.total``, vectorised)."""
    np = _np()
    starts, ends, _, cum_end = _bounds(state)
    if not len(starts):
        return np.zeros(len(t), dtype="int64")
    i = np.searchsorted(starts, t, side="right") - 1
    k = np.maximum(i, 0)
    total = cum_end[k] - np.maximum(ends[k] - t, 0)
    return np.where(i >= 0, total, 0)


def _check_range(us: Any, what: str) -> None:
    np = _np()
    bad = np.flatnonzero((us < _MIN_US) | (us >= _MAX_US))
    if bad.size:
        moment = us[bad[0]].astype("datetime64[us]")
        raise OutOfRangeError(
            f"{what}[{bad[0]}] = {moment} is beyond the supported "
            "range (years 1 to 9999, except their first and last day)", value=moment
        )


def _add_vector(cal: Calendar, t: Any, d: Any) -> Any:
    """``Timeline.add`` for int64 arrays of instants and durations (no NaT)."""
    np = _np()
    tl = cal._timeline()
    out = t.copy()
    if not len(t):
        return out
    _check_range(t, "starts")
    huge = np.flatnonzero(np.abs(d) > _MAX_DURATION_US)
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


def _elapsed_vector(cal: Calendar, a: Any, b: Any) -> Any:
    """``Timeline.elapsed`` for int64 arrays of instants (no NaT)."""
    if not len(a):
        return a.copy()
    _check_range(a, "starts")
    _check_range(b, "ends")
    state = cal._timeline().covering(int(min(a.min(), b.min())), int(max(a.max(), b.max())))
    return _totals(state, b) - _totals(state, a)


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


# --- the public functions ------------------------------------------------------------------


@overload
def add_many(
    cal: Calendar, starts: Iterable[datetime], durations: timedelta | Iterable[timedelta]
) -> list[datetime]: ...
@overload
def add_many(cal: Calendar, starts: Any, durations: Any) -> Any: ...
def add_many(cal: Calendar, starts: Any, durations: Any) -> Any:
    """``cal.add(start, duration)`` for each pair; one duration may serve every start.

    Sequences of aware datetimes give a list, each result in its start's tzinfo; a
    ``datetime64`` array (UTC) gives a ``datetime64[us]`` array; a pandas Series of aware
    timestamps gives a Series in its time zone.

    >>> import bizhours
    >>> from zoneinfo import ZoneInfo
    >>> friday = datetime(2026, 11, 20, 16, tzinfo=ZoneInfo("America/New_York"))
    >>> [d.isoformat() for d in add_many(bizhours.calendar("eastern"), [friday],
    ...                                  timedelta(hours=2))]
    ['2026-11-23T10:00:00-05:00']
    """
    if _vector_kind(starts) is None:
        us, zones = _instants(starts, "starts")
        return _add_list(cal, us, _durations(durations, len(us)), zones)
    t = _us_array(starts, "starts", None)
    d = _duration_array(durations, len(t))
    return _vector_result(starts, _masked(lambda x, y: _add_vector(cal, x, y), t, d), "M")


@overload
def elapsed_many(
    cal: Calendar, starts: Iterable[datetime], ends: Iterable[datetime]
) -> list[timedelta]: ...
@overload
def elapsed_many(cal: Calendar, starts: Any, ends: Any) -> Any: ...
def elapsed_many(cal: Calendar, starts: Any, ends: Any) -> Any:
    """``cal.elapsed(start, end)`` for each pair (negative where ``end < start``).

    Sequences give a list of timedeltas; a ``datetime64`` array gives a ``timedelta64[us]``
    array; a pandas Series gives a Series of ``timedelta64[us]`` with the same index.

    >>> import bizhours
    >>> from zoneinfo import ZoneInfo
    >>> ny = ZoneInfo("America/New_York")
    >>> elapsed_many(bizhours.calendar("eastern"), [datetime(2026, 11, 20, 16, tzinfo=ny)],
    ...              [datetime(2026, 11, 23, 10, tzinfo=ny)])
    [datetime.timedelta(seconds=7200)]
    """
    if _vector_kind(starts) is None:
        a, _ = _instants(starts, "starts")
        b, _ = _instants(ends, "ends")
        _same_length(len(a), len(b), "ends")
        if not a:
            return []
        elapsed = cal._timeline().elapsed  # per pair: only the years each pair spans compile
        return [_ONE_US * elapsed(x, y) for x, y in zip(a, b, strict=True)]
    a = _us_array(starts, "starts", None)
    b = _us_array(ends, "ends", len(a))
    return _vector_result(starts, _masked(lambda x, y: _elapsed_vector(cal, x, y), a, b), "m")
