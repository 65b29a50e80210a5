"""Deadlines and elapsed business time on a partitioned Dask DataFrame, on worker processes.

The recipe of docs/scaling.md: scatter the calendar once to every worker, pass the future to
``map_partitions``, and let each partition call the batch functions.
"""

from __future__ import annotations

import os
from typing import Any

import pytest

dd = pytest.importorskip("dask.dataframe")
distributed = pytest.importorskip("distributed")
np = pytest.importorskip("numpy")
pd = pytest.importorskip("pandas")

import bizhours  # noqa: E402


def _tickets(count: int) -> Any:
    """Tickets opened over a year (across both DST changes), with targets and close times."""
    rng = np.random.default_rng(2026)
    base = np.datetime64("2026-01-01T00:00", "us").astype("int64")
    opened = pd.Series((base + rng.integers(0, 365 * 86_400 * 10**6, count))
                       .view("datetime64[us]")).dt.tz_localize("UTC").dt.tz_convert(
                           "America/New_York")
    return pd.DataFrame({
        "opened": opened,
        "target": pd.to_timedelta(rng.integers(1, 80, count), unit="h"),
        "closed": opened + pd.to_timedelta(rng.integers(-100, 3_000, count), unit="h"),
    })


def test_dask_partitions_match_one_process() -> None:
    # Defined here so that it is pickled by value: worker processes cannot import tests/.
    def sla_columns(part: Any, cal: bizhours.Calendar) -> Any:
        from bizhours.batch import add_many, elapsed_many

        out = part.copy()
        out["due"] = add_many(cal, part["opened"], part["target"])
        out["spent"] = elapsed_many(cal, part["opened"], part["closed"])
        out["pid"] = os.getpid()
        out["calendar_id"] = id(cal)
        return out

    cal = bizhours.calendar("eastern")
    tickets = _tickets(4_000)
    expected = sla_columns(tickets, cal)
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
    ) as cluster, distributed.Client(cluster) as client:
        shared = client.scatter(cal, broadcast=True)  # one copy per worker, unpickled once
        frame = dd.from_pandas(tickets, npartitions=8)
        got = frame.map_partitions(sla_columns, shared, meta=expected.head(0)).compute()

    got = got.sort_index()
    pd.testing.assert_series_equal(got["due"], expected["due"])
    pd.testing.assert_series_equal(got["spent"], expected["spent"])
    assert str(got["due"].dtype) == "datetime64[us, America/New_York]"
    # The work ran in the worker processes, and every partition on a worker used that
    # worker's one calendar object: it was not shipped per partition, let alone per row.
    assert os.getpid() not in set(got["pid"])
    assert 1 <= got["pid"].nunique() <= 2
    assert (got.groupby("pid")["calendar_id"].nunique() == 1).all()
    # Spot-check against the scalar API.
    row = tickets.iloc[17]
    assert got["due"].iloc[17] == cal.add(row["opened"].to_pydatetime(),
                                          row["target"].to_pytimedelta())


def test_a_calendar_tokenizes_by_its_definition_compiled_or_not() -> None:
    import dask
    from dask.base import tokenize

    compiled = bizhours.calendar("eastern")
    compiled.is_open(pd.Timestamp("2026-06-01", tz="UTC").to_pydatetime())
    equal = bizhours.Calendar("America/New_York", {"mon-fri": "09:00-17:00"},
                              bizhours.bank_holidays("US"))
    with dask.config.set({"tokenize.ensure-deterministic": True}):
        assert tokenize(compiled) == tokenize(equal)
        assert tokenize(compiled) != tokenize(bizhours.calendar("uk"))
