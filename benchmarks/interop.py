"""Data tools at 10^6 rows: add_many on each kind of column against the NumPy datetime64
path on the same data, DuckDB's biz_add over a table, SQLite's biz_add per row beside a
Python function in SQLite that does nothing.

Run: python benchmarks/interop.py [--rows N] [--repeat K]   (needs numpy, pandas, polars,
pyarrow and duckdb: the extras numpy, polars and duckdb)
"""

from __future__ import annotations

import argparse
import gc
import sqlite3
import statistics
import time
from collections.abc import Callable
from datetime import UTC, datetime

import duckdb
import numpy as np
import pandas as pd
import polars as pl
import pyarrow as pa

import bizhours
from bizhours.batch import add_many
from bizhours.sql import register


def median_seconds(fn: Callable[[], object], repeat: int) -> float:
    """Median of ``repeat`` wall times."""
    times = []
    for _ in range(repeat):
        gc.collect()
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def tickets(count: int) -> tuple[np.ndarray, np.ndarray]:
    """Tickets opened over 2026 (UTC datetime64[us]) and 1-80 h targets (seconds)."""
    rng = np.random.default_rng(1)
    base = np.datetime64("2026-01-01T00:00", "us").astype("int64")
    opened = (base + rng.integers(0, 365 * 86_400 * 10**6, count)).view("datetime64[us]")
    return opened, rng.integers(60, 80 * 60, count) * 60


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--sqlite-rows", type=int, default=200_000)
    args = parser.parse_args()
    n, k = args.rows, args.repeat
    cal = bizhours.calendar("eastern")
    opened, seconds = tickets(n)
    target = seconds.astype("timedelta64[s]").astype("timedelta64[us]")
    add_many(cal, opened[:1000], target[:1000])  # compile the year outside the timings

    series = pd.Series(opened).dt.tz_localize("UTC").dt.tz_convert("America/New_York")
    arrow = pa.array(opened.view("int64")).view(pa.timestamp("us", tz="America/New_York"))
    arrow_series = pd.Series(pd.arrays.ArrowExtensionArray(arrow))
    polars = pl.Series("opened", opened).dt.replace_time_zone("UTC").dt.convert_time_zone(
        "America/New_York")
    base = median_seconds(lambda: add_many(cal, opened, target), k)
    rows = [("NumPy datetime64[us] (the baseline)", base)]
    for name, column, durations in (
        ("pandas Series, NumPy-backed", series, pd.Series(target)),
        ("pandas Series, Arrow-backed", arrow_series,
         pd.Series(pd.arrays.ArrowExtensionArray(pa.array(target)))),
        ("polars Series", polars, pl.Series(target)),
        ("pyarrow Array", arrow, pa.array(target)),
        ("pyarrow ChunkedArray, seconds as int64", pa.chunked_array([arrow]), pa.array(seconds)),
    ):
        rows.append((name, median_seconds(lambda c=column, d=durations: add_many(cal, c, d),
                                          k)))
    print(f"add_many over {n:,} rows, median of {k} runs (target: within 1.3x of NumPy)")
    print(f"{'column':45} {'seconds':>8} {'ratio':>6}")
    for name, t in rows:
        print(f"{name:45} {t:8.3f} {t / base:6.2f}")

    con = duckdb.connect()
    register(con, cal)
    con.register("tickets", pa.table({"opened": arrow.cast(pa.timestamp("us", tz="UTC")),
                                      "target": pa.array(seconds.astype("float64"))}))
    sql = "select max(biz_add(opened, target)) from tickets"
    bare = "select max(opened + to_seconds(target)) from tickets"
    duck = median_seconds(lambda: con.execute(sql).fetchall(), k)
    duck_bare = median_seconds(lambda: con.execute(bare).fetchall(), k)
    print(f"\nDuckDB over {n:,} rows, median of {k} runs (target: at most 1 s)")
    print(f"{'query':45} {'seconds':>8}")
    print(f"{'biz_add(opened, target)':45} {duck:8.3f}")
    print(f"{'opened + to_seconds(target) (no bizhours)':45} {duck_bare:8.3f}")

    m = args.sqlite_rows
    lite = sqlite3.connect(":memory:")
    register(lite, cal)
    lite.create_function("do_nothing", 2, lambda a, b: a, deterministic=True)
    texts = [datetime.fromtimestamp(int(t) / 1e6, UTC).astimezone(cal.timezone).isoformat()
             for t in opened[:m].view("int64")]
    lite.execute("create table tickets (opened text, target integer)")
    lite.executemany("insert into tickets values (?, ?)",
                     zip(texts, seconds[:m].tolist(), strict=True))
    per_row = {}
    for name, query in (("biz_add(opened, target)", "select max(biz_add(opened, target)) "
                         "from tickets"),
                        ("do_nothing(opened, target): a Python function, no work",
                         "select max(do_nothing(opened, target)) from tickets"),
                        ("max(opened) (no Python function)", "select max(opened) from tickets")):
        per_row[name] = median_seconds(lambda q=query: lite.execute(q).fetchall(), k) / m
    print(f"\nSQLite over {m:,} rows, median of {k} runs (target: biz_add at most 4 us a row)")
    print(f"{'query':58} {'us a row':>8}")
    for name, t in per_row.items():
        print(f"{name:58} {t * 1e6:8.2f}")


if __name__ == "__main__":
    main()
