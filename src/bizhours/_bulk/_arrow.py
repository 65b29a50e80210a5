"""pyarrow columns: ``Array`` and ``ChunkedArray`` of ``timestamp`` with a time zone, and
durations as ``duration`` or numbers of seconds. Nulls give nulls."""

from __future__ import annotations

import sys
from typing import Any

from bizhours._bulk._columns import NAT, Column, floored, seconds_us
from bizhours.errors import NaiveDatetimeError


def instants(value: Any, what: str) -> Column:
    """An Arrow array of aware timestamps as a column; the answer has the same time zone."""
    pa = sys.modules["pyarrow"]
    kind = value.type
    if not pa.types.is_timestamp(kind):
        raise TypeError(f"{what} must hold aware timestamps, not {kind}")
    if kind.tz is None:
        raise NaiveDatetimeError(
            f"{what} holds naive timestamps ({kind}): give them a time zone, such as "
            "pyarrow.compute.assume_timezone(values, 'America/New_York') or "
            "values.cast(pyarrow.timestamp('us', tz='UTC')) for UTC"
        )
    chunked = isinstance(value, pa.ChunkedArray)
    tz = kind.tz
    return Column(floored(_physical(value), kind.unit, "M"),
                  lambda us, answer: _array(us, answer, tz, chunked))


def durations(value: Any, what: str) -> Any:
    """int64 microseconds of an Arrow array of durations or of numbers of seconds."""
    pa = sys.modules["pyarrow"]
    kind = value.type
    if pa.types.is_duration(kind):
        return floored(_physical(value), kind.unit, "m")
    if pa.types.is_integer(kind) or pa.types.is_floating(kind):
        missing = value.is_null().to_numpy(zero_copy_only=False) if value.null_count else None
        numbers = value.fill_null(0) if value.null_count else value
        return seconds_us(numbers.to_numpy(), missing, what)
    raise TypeError(f"{what} must hold durations or numbers of seconds, not {kind}")


def _physical(value: Any) -> Any:
    """The int64 values of a timestamp or duration array, ``NAT`` where null."""
    pa = sys.modules["pyarrow"]
    raw = value.cast(pa.int64())
    if raw.null_count:
        raw = raw.fill_null(NAT)
    return raw.to_numpy()


def _array(us: Any, kind: str, tz: str, chunked: bool) -> Any:
    pa = sys.modules["pyarrow"]
    nat = us == NAT
    values = pa.array(us, type=pa.int64(), mask=nat if nat.any() else None)
    out = values.view(pa.timestamp("us", tz=tz) if kind == "M" else pa.duration("us"))
    return pa.chunked_array([out], type=out.type) if chunked else out
