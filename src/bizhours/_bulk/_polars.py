"""polars columns: Series of ``Datetime`` with a time zone, and durations as ``Duration`` or
numbers of seconds. Nulls give nulls; an answer keeps the name and the time zone."""

from __future__ import annotations

import sys
from typing import Any

from bizhours._bulk._columns import NAT, Column, floored, seconds_us
from bizhours.errors import NaiveDatetimeError


def instants(value: Any, what: str) -> Column:
    """A polars Series of aware datetimes as a column."""
    pl = sys.modules["polars"]
    dtype = value.dtype
    if not isinstance(dtype, pl.Datetime):
        raise TypeError(f"{what} must hold aware datetimes, not {dtype}")
    if dtype.time_zone is None:
        raise NaiveDatetimeError(
            f"{what} is a Series of naive datetimes ({dtype}): give it a time zone with "
            ".dt.replace_time_zone('America/New_York') or .dt.replace_time_zone('UTC')"
        )
    name, tz = value.name, dtype.time_zone
    return Column(floored(_physical(value), dtype.time_unit, "M"),
                  lambda us, kind: _series(us, kind, name, tz))


def durations(value: Any, what: str) -> Any:
    """int64 microseconds of a polars Series of durations or of numbers of seconds."""
    pl = sys.modules["polars"]
    dtype = value.dtype
    if isinstance(dtype, pl.Duration):
        return floored(_physical(value), dtype.time_unit, "m")
    if dtype.is_integer() or dtype.is_float():
        missing = value.is_null().to_numpy() if value.null_count() else None
        numbers = value.fill_null(0) if missing is not None else value
        return seconds_us(numbers.to_numpy(), missing, what)
    raise TypeError(f"{what} must hold durations or numbers of seconds, not {dtype}")


def _physical(value: Any) -> Any:
    raw = value.to_physical()
    if raw.null_count():
        raw = raw.fill_null(NAT)
    return raw.to_numpy()


def _series(us: Any, kind: str, name: str, tz: str) -> Any:
    pl = sys.modules["polars"]
    if kind == "m":
        return pl.Series(name, us.view("timedelta64[us]"))  # NumPy's NaT becomes null
    utc = pl.Series(name, us.view("datetime64[us]")).dt.replace_time_zone("UTC")
    return utc if tz == "UTC" else utc.dt.convert_time_zone(tz)
