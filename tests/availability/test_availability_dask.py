"""A month of logs measured on Dask worker processes, one report a partition, then combined:
the recipe of docs/scaling.md, equal to measuring every attempt in one process."""

from __future__ import annotations

import os
import random
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

dask = pytest.importorskip("dask")
db = pytest.importorskip("dask.bag")
dd = pytest.importorskip("dask.dataframe")
distributed = pytest.importorskip("distributed")
pd = pytest.importorskip("pandas")
pytest.importorskip("pyarrow")

from bizhours import availability  # noqa: E402
from bizhours.availability import Attempt  # noqa: E402

START, END = datetime(2026, 1, 1, tzinfo=UTC), datetime(2026, 2, 1, tzinfo=UTC)


@pytest.fixture(scope="module")
def client() -> Iterator[Any]:
    """Two worker processes, shared by the tests of this file (a cluster takes seconds)."""
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
    ) as cluster, distributed.Client(cluster) as c:
        yield c


def _logs(directory: Path, files: int, rows: int) -> list[Attempt]:
    """``files`` CSV logs of random attempts over January, overlapping in time (each file a
    server's log), with bursts of failures; the attempts of all of them."""
    rnd = random.Random(2026)
    span = int((END - START).total_seconds())
    everything = []
    for n in range(files):
        attempts = []
        for _ in range(rows):
            second = rnd.randrange(span)
            if rnd.random() < 0.01:
                second = rnd.choice([-1, span])  # outside the period: ignored, and counted
            elif rnd.random() < 0.3:
                second = span // 2 + rnd.randrange(600)  # a busy stretch every file shares
            channel = rnd.choice(["api", "smtp"])
            status = rnd.choice([200, 200, 503, "timeout"] if channel == "api" else
                                [250, 250, 451, 550])
            attempts.append(Attempt(START + timedelta(seconds=second), channel, status))
        attempts.sort(key=lambda a: a.second)
        lines = [f"{a.second},{a.channel},{a.status}\n" for a in attempts]
        if n == 1:
            lines.insert(5, "not a row\n")  # a lenient reader rejects it, on its line
        (directory / f"server-{n}.csv").write_text("timestamp,channel,status\n" + "".join(lines),
                                                   encoding="utf-8")
        everything += attempts
    return everything


def test_dask_bag_over_log_files_combines_to_the_single_process_report(
    client: Any, tmp_path: Path
) -> None:
    everything = _logs(tmp_path, files=6, rows=3000)
    paths = sorted(str(p) for p in tmp_path.glob("*.csv"))
    expected = availability.measure(everything, START, END)

    # Defined here so that it is pickled by value: worker processes cannot import tests/.
    def measure_file(path: str) -> tuple[availability.Report, int]:
        log = availability.read_csv(path, engine="arrow", lenient=True)
        return availability.measure(log, START, END), os.getpid()

    measured = db.from_sequence(paths, npartitions=len(paths)).map(measure_file)
    pairs = measured.compute()
    # The tree of docs/scaling.md: each partition's reports combined on its worker, then the
    # partitions' reports combined.
    tree = measured.map(lambda pair: pair[0]).reduction(
        availability.combine, availability.combine).compute()

    assert len({pid for _, pid in pairs}) == 2  # both worker processes measured files
    assert os.getpid() not in {pid for _, pid in pairs}
    combined = availability.combine(report for report, _ in pairs)
    assert tree == combined
    # Equal to one process measuring every attempt, but for the row the lenient reader
    # rejected (counted neither way).
    assert [str(r).split("/")[-1] for r in combined.rejected] == [
        "server-1.csv:7: row has 1 fields, the header has 3"]
    assert availability.measure(everything, START, END, rejected=combined.rejected) == combined
    assert combined.unavailable_seconds == expected.unavailable_seconds > 0
    assert combined.input.counted == expected.input.counted
    assert combined.input.outside == expected.input.outside > 0


def test_dask_dataframe_partitions_combine_to_the_single_process_report(
    client: Any, tmp_path: Path,
) -> None:
    everything = _logs(tmp_path, files=1, rows=8000)
    frame = pd.DataFrame({"timestamp": [a.second for a in everything],
                          "channel": [a.channel for a in everything],
                          "status": pd.Series([a.status for a in everything], dtype=object)})

    def measure_part(part: Any) -> availability.Report:
        return availability.measure(part, START, END)

    parts = dd.from_pandas(frame, npartitions=5).to_delayed()
    reports = dask.compute(*[dask.delayed(measure_part)(p) for p in parts])

    assert len(reports) == 5
    assert availability.combine(reports) == availability.measure(everything, START, END)
