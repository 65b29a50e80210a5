"""A column of instants or durations as int64 microseconds, whatever library holds it.

Each kind of column (NumPy, pandas, polars, pyarrow) is read by its own module into a
``Column``: the values as an int64 NumPy array (``NAT`` where a value is missing) and the
way to give an answer back in the same kind. This module holds what they share: NumPy's
units floored to the microsecond, and numbers of seconds read as durations.

A library is looked up in ``sys.modules`` only: a caller holding such a value has already
imported it, so ``import bizhours`` imports none of them.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from bizhours._engine import vector
from bizhours._instants import US_PER_SECOND
from bizhours.errors import OutOfRangeError

NAT = -(2**63)
"""NumPy's and pandas' missing instant, as int64; the missing value of every column here."""

_FINER = {"ns": 1_000, "ps": 1_000_000, "fs": 1_000_000_000, "as": 1_000_000_000_000}
# The most seconds whose microseconds fit in an int64 (beyond, no instant is reachable).
_MOST_SECONDS = (2**63 - 1) // US_PER_SECOND


@dataclass(frozen=True, slots=True)
class Column:
    """Values as int64 microseconds (``NAT`` where missing), and ``rebuild(us, kind)``, which
    gives an answer (``kind`` ``"M"`` for instants, ``"m"`` for durations) back in the form
    the values came in."""

    us: Any
    rebuild: Callable[[Any, str], Any]


def library(value: object) -> str | None:
    """The library holding ``value`` (``"pandas"``, ``"polars"``, ``"arrow"``, ``"numpy"``),
    or ``None`` for a Python sequence or scalar."""
    pd = sys.modules.get("pandas")
    if pd is not None and isinstance(value, pd.Series | pd.Index):
        return "pandas"
    pl = sys.modules.get("polars")
    if pl is not None and isinstance(value, pl.Series):
        return "polars"
    pa = sys.modules.get("pyarrow")
    if pa is not None and isinstance(value, pa.Array | pa.ChunkedArray):
        return "arrow"
    np = sys.modules.get("numpy")
    if np is not None and isinstance(value, np.ndarray):
        return "numpy"
    return None


def floored(raw: Any, unit: str, kind: str) -> Any:
    """int64 microseconds of int64 values counted in ``unit`` (a NumPy datetime unit), for
    instants (``kind="M"``) or durations (``"m"``); finer units floored toward the past,
    ``NAT`` kept."""
    np = vector.numpy()
    raw = np.asarray(raw, dtype="int64")
    if unit == "us":
        return raw
    if unit in _FINER:
        out = raw // _FINER[unit]
        nat = raw == NAT
        if nat.any():
            out[nat] = NAT
        return out
    return raw.view(f"{kind}8[{unit}]").astype(f"{kind}8[us]").view("int64")


def numpy_us(arr: Any, kind: str) -> Any:
    """int64 microseconds of a datetime64 (``kind="M"``) or timedelta64 (``"m"``) array."""
    np = vector.numpy()
    return floored(arr.view("int64"), np.datetime_data(arr.dtype)[0], kind)


def seconds_us(values: Any, missing: Any, what: str) -> Any:
    """int64 microseconds of numbers of seconds (an int or float NumPy array; ``missing`` a
    boolean array or ``None``). Floats are rounded to the nearest microsecond as
    ``timedelta(seconds=x)`` rounds them; NaN is a missing value."""
    np = vector.numpy()
    values = np.asarray(values)
    if values.dtype.kind == "f":
        missing = np.isnan(values) if missing is None else missing | np.isnan(values)
        safe = np.where(missing, 0.0, values)
        _within(safe, np.abs(safe) > _MOST_SECONDS, what, values)
        whole = np.trunc(safe)  # as timedelta: the whole seconds, then the rounded fraction
        out = whole.astype("int64") * US_PER_SECOND + np.rint((safe - whole) * 1e6).astype(
            "int64")
    elif values.dtype.kind in "iu":
        if missing is not None:
            values = np.where(missing, 0, values)
        _within(values, (values > _MOST_SECONDS) | (values < -_MOST_SECONDS), what, values)
        out = values.astype("int64") * US_PER_SECOND
    else:
        raise TypeError(f"{what} must be durations (timedeltas) or numbers of seconds, "
                        f"not {values.dtype}")
    if missing is not None and missing.any():
        out[missing] = NAT
    return out


def _within(values: Any, beyond: Any, what: str, shown: Any) -> None:
    np = vector.numpy()
    bad = np.flatnonzero(beyond)
    if bad.size:
        raise OutOfRangeError(
            f"{what}[{bad[0]}] = {shown[bad[0]]} seconds is longer than any duration "
            f"within the supported range (at most {_MOST_SECONDS:,} seconds either way)",
            value=shown[bad[0]].item())


def numpy_column(arr: Any, what: str) -> Column:
    """A ``datetime64`` array (read as UTC): the answer comes back as a NumPy array."""
    if arr.dtype.kind != "M":
        raise TypeError(f"{what} must be a datetime64 array (read as UTC), not {arr.dtype}")
    _one_dimensional(arr, what)
    return Column(numpy_us(arr, "M"), _numpy_answer)


def numpy_durations(arr: Any, what: str) -> Any:
    """int64 microseconds of a timedelta64 array or an array of numbers of seconds."""
    _one_dimensional(arr, what)
    if arr.dtype.kind == "m":
        return numpy_us(arr, "m")
    if arr.dtype.kind in "iuf":
        return seconds_us(arr, None, what)
    raise TypeError(f"{what} must be timedelta64 or numbers of seconds (int or float), "
                    f"not {arr.dtype}")


def _numpy_answer(us: Any, kind: str) -> Any:
    return us.view("datetime64[us]" if kind == "M" else "timedelta64[us]")


def _one_dimensional(arr: Any, what: str) -> None:
    if arr.ndim != 1:
        raise ValueError(f"{what} must be one-dimensional, not of shape {arr.shape}")
