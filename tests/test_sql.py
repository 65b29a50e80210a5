"""The SQL functions equal the Python calls, in SQLite and DuckDB, NULL in, NULL out."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import bizhours
from bizhours.sql import register
from bizhours.strategies import business_durations, instants
from tests.batch.test_batch import CALENDARS, FIRST, LAST
from tests.helpers import examples

SETTINGS = settings(max_examples=examples(40), deadline=None,
                    suppress_health_check=[HealthCheck.too_slow])
NAMES = ["eastern", "uk", "night", "follow-the-sun"]


def _rows() -> Any:
    def rows(name: str) -> Any:
        cal = CALENDARS[name]
        at = instants(cal, min_date=FIRST, max_date=LAST)
        row = st.tuples(st.none() | at, st.none() | at,
                        st.none() | business_durations(cal, max_value=timedelta(days=200)))
        return st.tuples(st.just(name), st.lists(row, max_size=6))
    return st.sampled_from(NAMES).flatmap(rows)


def _seconds(d: timedelta) -> int | float:
    return d.total_seconds() if d.microseconds else d.days * 86_400 + d.seconds


def _expected(cal: bizhours.Calendar, a: Any, b: Any, d: Any) -> tuple[Any, ...]:
    seconds = None if d is None else _seconds(d)
    return (
        None if a is None or d is None else cal.add(a, timedelta(seconds=seconds)),
        None if a is None or b is None else cal.elapsed(a, b),
        None if a is None else cal.is_open(a),
        None if a is None else cal.next_open(a),
    )


@SETTINGS
@given(_rows())
def test_sqlite_functions_equal_the_python_calls(case: Any) -> None:
    name, rows = case
    cal = CALENDARS[name]
    con = sqlite3.connect(":memory:")
    register(con, cal)
    for a, b, d in rows:
        got = con.execute(
            "select biz_add(?, ?), biz_elapsed(?, ?), biz_is_open(?), biz_next_open(?)",
            (None if a is None else a.isoformat(), None if d is None else _seconds(d),
             None if a is None else a.isoformat(), None if b is None else b.isoformat(),
             None if a is None else a.isoformat(), None if a is None else a.isoformat()),
        ).fetchone()
        due, spent, open_, next_open = _expected(cal, a, b, d)
        assert _read(got[0], a) == due and _read(got[3], a) == next_open
        assert got[1] == (None if spent is None else _seconds(spent))
        assert got[2] == (None if open_ is None else int(open_))


def _read(text: str | None, start: datetime | None) -> datetime | None:
    """An answer's instant, after checking it is written in the offset of ``start``'s text."""
    if text is None:
        return None
    assert start is not None
    moment = datetime.fromisoformat(text)
    assert moment.utcoffset() == start.utcoffset()
    return moment


def test_sqlite_select_computes_due_and_breach() -> None:
    con = sqlite3.connect(":memory:")
    register(con, bizhours.calendar("eastern"))
    con.execute("create table tickets (id, opened, answered)")
    con.executemany("insert into tickets values (?, ?, ?)", [
        (1, "2026-11-20T16:00:00-05:00", "2026-11-23T09:30:00-05:00"),
        (2, "2026-11-20T16:00:00-05:00", "2026-11-23T11:00:00-05:00"),
        (3, "2026-11-20T16:00:00-05:00", None),
    ])
    rows = con.execute("select id, biz_add(opened, 7200) as due, answered > biz_add(opened, "
                       "7200) from tickets order by id").fetchall()
    assert rows == [(1, "2026-11-23T10:00:00-05:00", 0), (2, "2026-11-23T10:00:00-05:00", 1),
                    (3, "2026-11-23T10:00:00-05:00", None)]


def test_sqlite_bad_values_raise_the_database_error() -> None:
    con = sqlite3.connect(":memory:")
    register(con, bizhours.calendar("eastern"), prefix="bh_")
    for sql in ("select bh_add('2026-11-20T16:00:00', 60)",
                "select bh_add('tuesday', 60)",
                "select bh_add('2026-11-20T16:00:00+00:00', 'x')",
                "select bh_next_open('9999-12-31T12:00:00+00:00')"):
        with pytest.raises(sqlite3.OperationalError, match="user-defined function"):
            con.execute(sql).fetchone()


def test_register_refuses_what_it_cannot_use() -> None:
    with pytest.raises(TypeError, match=r"sqlite3\.Connection or a duckdb connection"):
        register(object(), bizhours.calendar("eastern"))
    with pytest.raises(ValueError, match="prefix"):
        register(sqlite3.connect(":memory:"), bizhours.calendar("eastern"), prefix="x; drop")
    with pytest.raises(TypeError, match=r"bizhours\.Calendar"):
        register(sqlite3.connect(":memory:"), "eastern")  # type: ignore[arg-type]


# --- DuckDB -----------------------------------------------------------------------------


@SETTINGS
@given(_rows())
def test_duckdb_functions_equal_the_python_calls(case: Any) -> None:
    duckdb = pytest.importorskip("duckdb")
    pa = pytest.importorskip("pyarrow")
    name, rows = case
    cal = CALENDARS[name]
    con = duckdb.connect()
    register(con, cal)
    table = pa.table({
        "a": pa.array([a for a, _, _ in rows], type=pa.timestamp("us", tz="UTC")),
        "b": pa.array([b for _, b, _ in rows], type=pa.timestamp("us", tz="UTC")),
        "s": pa.array([None if d is None else float(_seconds(d)) for _, _, d in rows],
                      type=pa.float64()),
    })
    con.register("t", table)
    got = con.execute("select biz_add(a, s), biz_elapsed(a, b), biz_is_open(a), "
                      "biz_next_open(a) from t").fetchall()
    assert len(got) == len(rows)
    for (a, b, d), row in zip(rows, got, strict=True):
        due, spent, open_, next_open = _expected(cal, a, b, None if d is None else
                                                 timedelta(seconds=float(_seconds(d))))
        assert row[0] == due and row[2] == open_ and row[3] == next_open
        assert row[1] == (None if spent is None else spent / timedelta(seconds=1))


def test_duckdb_bad_values_raise_with_bizhours_message() -> None:
    duckdb = pytest.importorskip("duckdb")
    con = duckdb.connect()
    register(con, bizhours.calendar("eastern"))
    with pytest.raises(duckdb.InvalidInputException, match=r"seconds is longer than any"):
        con.execute("select biz_add(TIMESTAMPTZ '2026-11-20 21:00:00+00', 1e30)").fetchall()
    with pytest.raises(duckdb.InvalidInputException, match=r"beyond the supported range"):
        con.execute("select biz_add(TIMESTAMPTZ '9999-12-31 12:00:00+00', 1)").fetchall()
    assert con.execute("select biz_add(NULL, 1), biz_is_open(NULL)").fetchall() == [
        (None, None)]
    start = datetime(2026, 11, 20, 21, tzinfo=UTC)
    assert con.execute("select biz_add(?, 7200)", [start]).fetchone()[0] == datetime(
        2026, 11, 23, 15, tzinfo=UTC)
