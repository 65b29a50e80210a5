"""Tables of attempts: a pandas or polars DataFrame, or a mapping of equal-length columns.

A table has ``timestamp`` (aware datetimes, or epoch seconds as numbers), ``channel`` and
``status`` columns, each value checked as ``Attempt`` checks it. When the columns are NumPy
arrays or pandas Series they are checked and turned into epoch seconds and packed codes column
by column with NumPy (``arrays``); otherwise row by row (``rows``). NumPy and pandas are never
imported here: a caller holding such a table has imported them already (``sys.modules``).
"""

from __future__ import annotations

import sys
from collections.abc import Iterator, Mapping
from datetime import datetime
from decimal import Decimal
from typing import Any, Final

from bizhours.availability._attempts import (
    END_SECOND,
    FIRST_SECOND,
    epoch_instant,
    epoch_second,
    kind_code,
    require_aware,
)
from bizhours.availability._text import listed, shown
from bizhours.errors import AttemptError, BizHoursError

COLUMNS: Final = ("timestamp", "channel", "status")
_ACCEPTED_TIMESTAMP: Final = "aware datetimes, or epoch seconds as numbers"


class Table:
    """A table's three columns, as given (lists, NumPy arrays or pandas Series), and the labels
    its rows are named by in errors."""

    def __init__(self, columns: tuple[Any, Any, Any], index: Any = None) -> None:
        self.columns, self.index = columns, index
        sizes = [len(c) for c in columns]
        if len(set(sizes)) != 1:
            raise AttemptError(
                "a table's columns must have one length; got " + ", ".join(
                    f"{name} {size:,}" for name, size in zip(COLUMNS, sizes, strict=True))
            )
        self.size = sizes[0]

    def row(self, position: int) -> str:
        """How an error names the row at ``position``: its position, and its index label when
        that differs."""
        label = position if self.index is None else self.index[position]
        if label == position and type(label) is int:
            return f"row {position}"
        return f"row {position} (index {shown(label)})"

    def error(self, position: int, exc: BizHoursError) -> AttemptError:
        """The error of a bad value: ``exc``'s message, prefixed by the row's name."""
        error = AttemptError(f"{self.row(position)}: {exc}")
        error.__cause__ = exc
        return error

    def vectorised(self) -> bool:
        """Whether every column is a NumPy array or a pandas Series."""
        return all(_array_kind(c) is not None for c in self.columns)


def table_of(value: object) -> Table | None:
    """The ``Table`` ``value`` is (a DataFrame or a mapping with the three columns), ``None``
    when it is not a table at all."""
    pd = sys.modules.get("pandas")
    if pd is not None and isinstance(value, pd.DataFrame):
        columns = _columns(value, list(value.columns))
        index = value.index
        plain = isinstance(index, pd.RangeIndex) and index.start == 0 and index.step == 1
        return Table(columns, None if plain else index)
    if type(value).__module__.split(".")[0] == "polars" and hasattr(value, "get_column"):
        frame: Any = value
        _require(list(frame.columns))
        ts, ch, st = (_from_polars(frame.get_column(name)) for name in COLUMNS)
        return Table((ts, ch, st))
    if isinstance(value, Mapping):
        return Table(_columns(value, list(value)))
    return None


def _columns(table: Any, found: list[object]) -> tuple[Any, Any, Any]:
    _require(found)
    return table[COLUMNS[0]], table[COLUMNS[1]], table[COLUMNS[2]]


def _require(found: list[object]) -> None:
    missing = [name for name in COLUMNS if name not in found]
    if missing:
        raise AttemptError(
            f"a table of attempts needs the columns 'timestamp', 'channel' and 'status'; this "
            f"one has no {shown(missing[0])} (columns: {listed(found)})"
        )


def _from_polars(series: Any) -> Any:
    """A polars column as NumPy (or a list), without importing polars: an aware datetime
    column as a pandas-free UTC form, whole microseconds since the epoch."""
    dtype = series.dtype
    if str(dtype).startswith("Datetime"):
        if getattr(dtype, "time_zone", None) is None:
            return series.to_list()  # naive datetimes: the row check names the first
        if series.null_count():
            return series.to_list()
        return _Micros(series.dt.epoch("us").to_numpy())
    return series.to_numpy()  # numbers as such, text as an object array


class _Micros:
    """Epoch microseconds of an aware polars column (polars hands them over in UTC)."""

    def __init__(self, values: Any) -> None:
        self.values = values

    def __len__(self) -> int:
        return len(self.values)


def _array_kind(column: object) -> str | None:
    """``"pandas"``, ``"numpy"`` or ``"micros"`` for a column NumPy can read as a whole."""
    if isinstance(column, _Micros):
        return "micros"
    pd = sys.modules.get("pandas")
    if pd is not None and isinstance(column, pd.Series):
        return "pandas"
    np = sys.modules.get("numpy")
    if np is not None and isinstance(column, np.ndarray) and column.ndim == 1:
        return "numpy"
    return None


# --- row by row ------------------------------------------------------------------------------


def table_record(timestamp: object, channel: object, status: object) -> tuple[int, int]:
    """The epoch second and packed code of one row, checked as ``Attempt`` (or, for epoch
    seconds, ``Attempt.from_epoch``) checks them: channel and status first, then the instant.

    >>> table_record(1767621600.5, "SMTP", "451")
    (1767621600, 903)
    """
    code = kind_code(channel, status)
    if type(timestamp) is int and FIRST_SECOND <= timestamp < END_SECOND:
        return timestamp, code
    if isinstance(timestamp, datetime):
        return epoch_second(require_aware(timestamp, "attempt instant")), code
    if isinstance(timestamp, int | float | Decimal) and not isinstance(timestamp, bool):
        return epoch_instant(timestamp)[1], code
    raise AttemptError(
        f"timestamp {shown(timestamp)} ({type(timestamp).__name__}) is not accepted: give "
        f"{_ACCEPTED_TIMESTAMP}"
    )


def rows(table: Table) -> Iterator[tuple[int, int]]:
    """The table's ``(epoch second, packed code)`` records, row by row; the first bad value
    is an error naming its row."""
    columns = [_as_list(c) for c in table.columns]
    for position, row in enumerate(zip(*columns, strict=True)):
        try:
            yield table_record(*row)
        except BizHoursError as exc:
            raise table.error(position, exc) from exc


def _as_list(column: Any) -> Any:
    if isinstance(column, _Micros):
        return [m // 1_000_000 for m in column.values.tolist()]
    if _array_kind(column) == "pandas":
        return column.tolist() if column.dtype.kind not in "mM" else list(column)
    if _array_kind(column) == "numpy":
        return list(column) if column.dtype.kind in "mMO" else column.tolist()
    return column


# --- column by column, with NumPy --------------------------------------------------------------


def arrays(table: Table) -> tuple[Any, Any]:
    """The table's epoch seconds and packed codes as two NumPy int64 arrays; the first bad
    value (in row order; within a row channel, status, then timestamp, as ``Attempt``) is an
    error naming its row."""
    np = sys.modules["numpy"]
    ts, ch, st = table.columns
    channels, bad_channel = _factorised(np, ch, _channel_code)
    statuses, bad_status = _statuses(np, st)
    seconds, bad_time = _seconds(np, ts)
    bad = [b for b in (bad_channel, bad_status, bad_time) if b is not None]
    if bad:
        position, exc = min(bad, key=lambda b: b[0])  # min keeps the first of a tie
        raise table.error(position, exc)
    return seconds, statuses + channels


Bad = tuple[int, BizHoursError] | None
"""A column's first bad value: its position, and the error ``Attempt`` gives for it."""


def _channel_code(value: object) -> int:
    return kind_code(value, 200) & 1  # raises the channel's own error, as Attempt does


def _status_code(value: object) -> int:
    return kind_code("api", value)


def _values(np: Any, column: Any) -> Any:
    """A pandas or NumPy column as a NumPy array."""
    return column.to_numpy() if _array_kind(column) == "pandas" else np.asarray(column)


def _factorised(np: Any, column: Any, code: Any) -> tuple[Any, Bad]:
    """``code`` of each value, computed once per distinct value."""
    pd = sys.modules.get("pandas")
    pandas = _array_kind(column) == "pandas"
    if column.dtype.kind == "O" and not (pd is not None and (
            pd.api.types.infer_dtype(column, skipna=False) == "string"
            or isinstance(column.dtype, pd.CategoricalDtype))):
        inverse, distinct = _by_type(np, _values(np, column))
    elif pd is not None:  # hashing, and a pandas column as it is (to_numpy copies strings)
        inverse, uniques = pd.factorize(column if pandas else np.asarray(column),
                                        use_na_sentinel=False)
        distinct = uniques.tolist()
    else:
        uniques, inverse = np.unique(column, return_inverse=True)
        distinct = uniques.tolist()
    codes = np.empty(len(distinct), np.int64)
    bad: Bad = None
    for j, value in enumerate(distinct):
        try:
            codes[j] = code(value)
        except BizHoursError as exc:
            position = int(np.argmax(inverse == j))
            if bad is None or position < bad[0]:
                bad = (position, exc)
    return codes[inverse], bad


def _by_type(np: Any, objects: Any) -> tuple[Any, list[object]]:
    """Positions in the distinct values, and those values, of a column of Python objects (a
    NumPy object array).

    200 and 200.0 (or 1 and True) are one value to NumPy and pandas but not to ``Attempt``,
    so a value's type is part of its key.
    """
    pd = sys.modules.get("pandas")
    if pd is not None:
        try:
            # Values factorised by hashing (missing ones, numbered -1, put last); then the
            # type of each value compared with its distinct value's: when all are the same
            # (a column of ints and strings) that is the answer, else types are paired in.
            by_value, uniques = pd.factorize(objects)
            firsts: list[object] = list(uniques)
            missing = by_value < 0
            if missing.any():
                by_value = np.where(missing, len(firsts), by_value)
                firsts.append(objects[int(np.argmax(missing))])
            kinds = np.empty(len(firsts), object)
            kinds[:] = [type(v) for v in firsts]
            types = np.fromiter(map(type, objects), object, len(objects))
            if (types == kinds[by_value]).all():  # types compare by identity
                return by_value, firsts
            by_type, types = pd.factorize(types)
            inverse, _ = pd.factorize(by_value * len(types) + by_type)  # in order of appearance
            # A key first appears where the running maximum of the numbers reaches it.
            first = np.flatnonzero(np.diff(np.maximum.accumulate(inverse), prepend=-1))
            return inverse, objects[first].tolist()
        except TypeError:  # an unhashable value: one at a time
            pass
    values = objects.tolist()
    seen: dict[tuple[object, type], int] = {}
    distinct: list[object] = []
    keys = []
    for v in values:
        try:
            j = seen.get((v, type(v)))
            if j is None:
                j = seen[v, type(v)] = len(distinct)
                distinct.append(v)
        except TypeError:  # unhashable: an entry of its own, refused by the check
            j = len(distinct)
            distinct.append(v)
        keys.append(j)
    return np.array(keys, np.int64), distinct


def _statuses(np: Any, column: Any) -> tuple[Any, Bad]:
    """Each status's part of the packed code; ints are checked as a whole."""
    if column.dtype.kind not in "iu":
        return _factorised(np, column, _status_code)
    values = _values(np, column)
    out_of_range = (values < 0) | (values > 999)
    if out_of_range.any():
        position = int(np.argmax(out_of_range))
        return np.zeros(len(values), np.int64), (position, _error_of(
            _status_code, values[position].item()))
    return 2 * values.astype(np.int64), None


def _error_of(check: Any, value: object) -> BizHoursError:
    try:
        check(value)
    except BizHoursError as exc:
        return exc
    raise AssertionError(f"{value!r} passed the check it failed")  # pragma: no cover


def _seconds(np: Any, column: Any) -> tuple[Any, Bad]:
    """Floored epoch seconds of the timestamps, as int64."""
    if isinstance(column, _Micros):
        return column.values.astype(np.int64) // 1_000_000, None
    kind = _array_kind(column)
    if kind == "pandas" and column.dtype.kind == "M":
        if getattr(column.dtype, "tz", None) is None:
            return _object_seconds(np, list(column))
        values = column.dt.tz_convert(None).to_numpy()
    else:
        values = _values(np, column)
    if values.dtype.kind == "M":
        if kind == "numpy":
            return _object_seconds(np, column.astype("datetime64[us]").tolist())
        return _datetime64_seconds(np, values, column)
    if values.dtype.kind in "iu":
        outside = (values < FIRST_SECOND) | (values >= END_SECOND)
        return values.astype(np.int64), _first(np, outside, values)
    if values.dtype.kind == "f":
        outside = ~((values >= FIRST_SECOND) & (values < END_SECOND))  # NaN is outside too
        return np.floor(np.where(outside, 0, values)).astype(np.int64), _first(
            np, outside, values)
    return _object_seconds(np, values.tolist())


def _first(np: Any, bad: Any, values: Any) -> Bad:
    if not bad.any():
        return None
    position = int(np.argmax(bad))
    return position, _error_of(lambda v: table_record(v, "api", 200), values[position].item())


def _datetime64_seconds(np: Any, values: Any, column: Any) -> tuple[Any, Bad]:
    """Seconds of UTC datetime64 values (an aware pandas column made naive in UTC)."""
    unit, count = np.datetime_data(values.dtype)
    per_second = {"s": 1, "ms": 1_000, "us": 1_000_000, "ns": 1_000_000_000}[unit] // count
    missing = np.isnat(values)
    if missing.any():
        position = int(np.argmax(missing))
        return np.zeros(len(values), np.int64), (position, AttemptError(
            f"timestamp {column.iloc[position]!r} is not accepted: give {_ACCEPTED_TIMESTAMP}"))
    return values.view(np.int64) // per_second, None


def _object_seconds(np: Any, values: list[Any]) -> tuple[Any, Bad]:
    """Seconds of a column of Python values, one at a time."""
    out = np.zeros(len(values), np.int64)
    for position, value in enumerate(values):
        try:
            out[position] = table_record(value, "api", 200)[0]
        except BizHoursError as exc:
            return out, (position, exc)
    return out, None
