"""pandas columns: Series and Index of aware timestamps, NumPy- or Arrow-backed, or of
Python objects; durations as timedeltas or numbers of seconds. An answer keeps the index,
the name and the time zone of the starts."""

from __future__ import annotations

import importlib
import sys
from typing import Any

from bizhours._bulk import _arrow, _python
from bizhours._bulk._columns import NAT, Column, numpy_us, seconds_us
from bizhours._engine import vector
from bizhours.errors import NaiveDatetimeError


def instants(value: Any, what: str) -> Column:
    """A Series or Index of aware timestamps as a column."""
    pd = sys.modules["pandas"]
    if isinstance(value, pd.Index):
        column = instants(pd.Series(value), what)
        name = value.name
        return Column(column.us, lambda us, kind: pd.Index(column.rebuild(us, kind), name=name))
    dtype = value.dtype
    index, name = value.index, value.name
    if isinstance(dtype, pd.DatetimeTZDtype):
        us = numpy_us(value.dt.tz_convert(None).to_numpy(), "M")
        return Column(us, lambda us, kind: _numpy_backed(us, kind, index, name, dtype.tz))
    if isinstance(dtype, pd.ArrowDtype):
        pa = importlib.import_module("pyarrow")  # loaded already: the Series is Arrow-backed
        try:
            column = _arrow.instants(pa.array(value.array), what)
        except NaiveDatetimeError:
            raise _naive(what, dtype) from None
        return Column(column.us, lambda us, kind: pd.Series(
            pd.arrays.ArrowExtensionArray(column.rebuild(us, kind)), index=index, name=name))
    if dtype.kind == "M":
        raise _naive(what, dtype)
    if dtype.kind == "O":
        # Python datetimes, one zone each: read one by one, the arithmetic vectorised.
        moments, zones = _python.instants(value.tolist(), what)
        np = vector.numpy()
        us = np.array([NAT if t is None else t for t in moments], dtype="int64")
        return Column(us, lambda us, kind: _objects(us, kind, zones, index, name))
    raise TypeError(f"{what} must hold aware timestamps, not {dtype}")


def durations(value: Any, what: str) -> Any:
    """int64 microseconds of a Series or Index of timedeltas or numbers of seconds."""
    pd = sys.modules["pandas"]
    dtype = value.dtype
    if isinstance(dtype, pd.ArrowDtype):
        pa = importlib.import_module("pyarrow")
        return _arrow.durations(pa.array(value.array), what)
    if dtype.kind == "m":
        return numpy_us(value.to_numpy(), "m")
    if dtype.kind in "iuf":
        missing = value.isna().to_numpy()
        numbers = value.to_numpy(dtype="float64" if dtype.kind == "f" else "int64",
                                 na_value=0) if missing.any() else value.to_numpy()
        return seconds_us(numbers, missing if missing.any() else None, what)
    if dtype.kind == "O":
        np = vector.numpy()
        items = _python.deadlines(value.tolist(), len(value))
        if any(not isinstance(d, int | None) for d in items):
            raise TypeError(f"{what} must hold timedeltas here: one BusinessDays serves every "
                            "start, and a mix of BusinessDays and timedeltas needs a list of "
                            "starts")
        return np.array([NAT if d is None else d for d in items], dtype="int64")
    raise TypeError(f"{what} must hold timedeltas or numbers of seconds, not {dtype}")


def _naive(what: str, dtype: object) -> NaiveDatetimeError:
    return NaiveDatetimeError(
        f"{what} is a Series of naive timestamps ({dtype}): give it a time zone with "
        ".dt.tz_localize('America/New_York') or .dt.tz_localize('UTC')"
    )


def _numpy_backed(us: Any, kind: str, index: Any, name: Any, tz: Any) -> Any:
    pd = sys.modules["pandas"]
    if kind == "m":
        return pd.Series(us.view("timedelta64[us]"), index=index, name=name)
    series = pd.Series(us.view("datetime64[us]"), index=index, name=name)
    return series.dt.tz_localize("UTC").dt.tz_convert(tz)


def _objects(us: Any, kind: str, zones: list[Any], index: Any, name: Any) -> Any:
    """Instants as an object Series of datetimes, each in its start's zone (``None`` where
    missing); durations as ``timedelta64[us]``."""
    pd = sys.modules["pandas"]
    if kind == "m":
        return pd.Series(us.view("timedelta64[us]"), index=index, name=name)
    answers = _python.as_datetimes(us.tolist(), zones)
    return pd.Series(answers, index=index, name=name, dtype=object)
