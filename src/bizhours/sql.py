"""Business-time functions in SQL: ``register(connection, calendar)`` on a ``sqlite3`` or a
DuckDB connection.

The functions (named with ``prefix``, ``biz_`` by default):

- ``biz_add(ts, seconds)``: ``calendar.add(ts, timedelta(seconds=seconds))``;
- ``biz_elapsed(start, end)``: ``calendar.elapsed(start, end)`` in seconds;
- ``biz_is_open(ts)``: ``calendar.is_open(ts)``;
- ``biz_next_open(ts)``: ``calendar.next_open(ts)``.

In SQLite, timestamps are ISO 8601 text with an offset (``2026-11-20T16:00:00-05:00``; an
answer keeps the offset of the timestamp given), ``biz_is_open`` gives 1 or 0 and
``biz_elapsed`` an integer, or a float when there are microseconds. In DuckDB they are
``TIMESTAMPTZ``, seconds ``DOUBLE``, and the functions work on whole vectors at once
(through Arrow). A ``NULL`` argument gives ``NULL``; a bad value (text without an offset, an
instant beyond the supported range) raises the database's error: DuckDB's
``InvalidInputException`` shows bizhours' message; Python's ``sqlite3`` reports every error
of a function as ``OperationalError: user-defined function raised exception`` (with
``sqlite3.enable_callback_tracebacks(True)`` it prints bizhours' message too).

>>> import sqlite3, bizhours
>>> con = sqlite3.connect(":memory:")
>>> register(con, bizhours.calendar("eastern"))
>>> con.execute("select biz_add('2026-11-20T16:00:00-05:00', 7200)").fetchone()[0]
'2026-11-23T10:00:00-05:00'
"""

from __future__ import annotations

import importlib
import sqlite3
import sys
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from bizhours._calendar import Calendar
from bizhours.errors import NaiveDatetimeError

__all__ = ["register"]


def register(connection: Any, calendar: Calendar, prefix: str = "biz_") -> None:
    """Register ``biz_add``, ``biz_elapsed``, ``biz_is_open`` and ``biz_next_open`` (named
    with ``prefix``) on a ``sqlite3.Connection`` or a ``duckdb.DuckDBPyConnection``.

    >>> import sqlite3, bizhours
    >>> con = sqlite3.connect(":memory:")
    >>> register(con, bizhours.calendar("eastern"), prefix="eastern_")
    >>> con.execute("select eastern_is_open('2026-11-21T10:00:00-05:00')").fetchone()
    (0,)
    """
    if not isinstance(calendar, Calendar):
        raise TypeError(f"calendar must be a bizhours.Calendar, not {type(calendar).__name__}")
    if not isinstance(prefix, str) or not prefix.replace("_", "a").isalnum():
        raise ValueError(f"prefix {prefix!r} must be letters, digits and underscores")
    if isinstance(connection, sqlite3.Connection):
        _register_sqlite(connection, calendar, prefix)
        return
    duckdb = sys.modules.get("duckdb")
    if duckdb is not None and isinstance(connection, duckdb.DuckDBPyConnection):
        _register_duckdb(connection, calendar, prefix)
        return
    raise TypeError("connection must be a sqlite3.Connection or a duckdb connection, not "
                    f"{type(connection).__name__}")


# --- SQLite: one row at a time, ISO 8601 text ---------------------------------------------


def _instant(text: object, what: str) -> datetime:
    if not isinstance(text, str):
        raise TypeError(f"{what} must be ISO 8601 text with an offset, not {text!r}")
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise ValueError(f"{what} {text!r} is not an ISO 8601 timestamp (write "
                         "2026-11-20T16:00:00-05:00)") from None
    if moment.utcoffset() is None:
        raise NaiveDatetimeError(f"{what} {text!r} has no offset: write it with one, such as "
                                 "2026-11-20T16:00:00-05:00 or 2026-11-20T21:00:00+00:00")
    return moment


def _seconds(value: object) -> timedelta:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise TypeError(f"seconds must be a number, not {value!r}")
    try:
        return timedelta(seconds=value)
    except (OverflowError, ValueError):
        raise ValueError(f"seconds {value!r} is not a duration bizhours can reach") from None


def _whole(delta: timedelta) -> int | float:
    if delta.microseconds:
        return delta.total_seconds()
    return delta.days * 86_400 + delta.seconds


def _null_safe(fn: Callable[..., Any]) -> Callable[..., Any]:
    """``fn`` giving ``None`` for a ``None`` argument."""
    def call(*args: Any) -> Any:
        if any(a is None for a in args):
            return None
        return fn(*args)
    return call


def _register_sqlite(con: sqlite3.Connection, cal: Calendar, prefix: str) -> None:
    def add(ts: object, seconds: object) -> str:
        return cal.add(_instant(ts, "ts"), _seconds(seconds)).isoformat()

    def elapsed(start: object, end: object) -> int | float:
        return _whole(cal.elapsed(_instant(start, "start"), _instant(end, "end")))

    def is_open(ts: object) -> int:
        return int(cal.is_open(_instant(ts, "ts")))

    def next_open(ts: object) -> str:
        return cal.next_open(_instant(ts, "ts")).isoformat()

    for name, fn, count in (("add", add, 2), ("elapsed", elapsed, 2), ("is_open", is_open, 1),
                            ("next_open", next_open, 1)):
        con.create_function(prefix + name, count, _null_safe(fn), deterministic=True)


# --- DuckDB: whole vectors at once, through Arrow -------------------------------------------


def _register_duckdb(con: Any, cal: Calendar, prefix: str) -> None:
    duckdb = sys.modules["duckdb"]
    pa = importlib.import_module("pyarrow")  # DuckDB's Arrow functions need it
    pc = importlib.import_module("pyarrow.compute")

    ts, double = duckdb.sqltype("TIMESTAMPTZ"), duckdb.sqltype("DOUBLE")

    def add(starts: Any, seconds: Any) -> Any:
        return cal.add_many(starts, seconds)

    def elapsed(starts: Any, ends: Any) -> Any:
        spans = cal.elapsed_many(starts, ends).cast(pa.int64())
        return pc.divide(spans.cast(pa.float64()), 1e6)

    def is_open(at: Any) -> Any:
        flags = cal.is_open_many(at)
        nulls = at.is_null().to_numpy() if at.null_count else None
        return pa.array(flags, type=pa.bool_(), mask=nulls)

    def next_open(at: Any) -> Any:
        return cal.next_open_many(at)

    for name, fn, params, answer in (
        ("add", add, [ts, double], ts), ("elapsed", elapsed, [ts, ts], double),
        ("is_open", is_open, [ts], duckdb.sqltype("BOOLEAN")),
        ("next_open", next_open, [ts], ts),
    ):
        con.create_function(prefix + name, fn, params, answer, type="arrow",
                            null_handling="special", side_effects=False)
