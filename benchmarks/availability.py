"""Attempts per second and peak memory of ``availability.measure``, in memory and from files.

A month (January 2026) of synthetic traffic: API calls and SMTP injections at random instants,
mostly successes and client errors, 0.5% scattered server failures, and five outages of one to
ten minutes in which every attempt fails. Timing runs and memory runs are separate, as
tracemalloc slows allocation down. A last row measures sparse traffic over a long period (one
success a day and one failure a week for ten years): its memory follows the seconds with
traffic, not the period's length.

Beside each file row, the limits measured in the same run on the same file: the csv module
alone reading it (for JSON Lines, ``json.loads`` of each line), and a plain loop applying the
same rules (the same timestamp forms, channels, statuses and failure classes) that counts
failing seconds without building anything per row. Beside the arrow engine's rows, pyarrow's
streaming CSV reader alone, and pyarrow with NumPy giving the verdict (the same failure
classes, no checks a bad row would need): the floor for a reader built on them. The last file
row measures the epoch file cut in time into eight files, one report each (the arrow engine),
then ``combine``; the time of ``combine`` alone is printed under the table. Times are medians
of three runs; peak MiB is Python's heap (tracemalloc), pyarrow's own pool is not in it.

Run: python benchmarks/availability.py [--rows 1000000]
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import re
import statistics
import tempfile
import time
import tracemalloc
from collections.abc import Callable, Iterable
from datetime import UTC, datetime, timedelta
from pathlib import Path

from bizhours import availability
from bizhours.availability import Attempt

START = datetime(2026, 1, 1, tzinfo=UTC)
END = datetime(2026, 2, 1, tzinfo=UTC)
FIRST = int(START.timestamp())
SPAN = int((END - START).total_seconds())
OUTAGES = [(FIRST + SPAN * k // 6, 60 * (1 + 2 * k)) for k in range(1, 6)]  # (start, length)


def traffic(rows: int) -> list[tuple[int, int, str, int | str]]:
    """``(epoch second, microsecond, channel, status)`` rows in time order."""
    rnd = random.Random(2026)
    seconds = sorted(FIRST + rnd.randrange(SPAN) for _ in range(rows))
    out: list[tuple[int, int, str, int | str]] = []
    for s in seconds:
        channel = "api" if rnd.random() < 0.7 else "smtp"
        down = any(a <= s < a + n for a, n in OUTAGES)
        r = rnd.random()
        if channel == "api":
            status: int | str = (503 if down or r < 0.004 else "timeout" if r < 0.005
                                 else 429 if r < 0.02 else 404 if r < 0.03 else 200)
        else:
            status = 451 if down or r < 0.005 else 550 if r < 0.02 else 250
        out.append((s, rnd.randrange(1_000_000), channel, status))
    return out


def write_csv(path: Path, rows: list[tuple[int, int, str, int | str]], iso: bool) -> None:
    with path.open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["timestamp", "channel", "status"])
        for s, micro, channel, status in rows:
            stamp = (datetime.fromtimestamp(s, UTC).replace(microsecond=micro)
                     .isoformat().replace("+00:00", "Z")) if iso else str(s)
            w.writerow([stamp, channel, status])


def frame(rows: list[tuple[int, int, str, int | str]]) -> object | None:
    """The rows as a pandas DataFrame (aware UTC timestamps, statuses as ints and
    ``"timeout"``), or ``None`` without pandas."""
    try:
        import pandas as pd
    except ImportError:
        return None
    try:  # a version of bizhours before tables (a before-and-after run)
        availability.measure(pd.DataFrame({"timestamp": [], "channel": [], "status": []}),
                             START, END)
    except availability.AvailabilityError:
        return None
    micros = pd.Series([s * 1_000_000 + m for s, m, _, _ in rows], dtype="int64")
    return pd.DataFrame({
        "timestamp": pd.to_datetime(micros, unit="us", utc=True),
        "channel": [ch for _, _, ch, _ in rows],
        "status": pd.Series([st for _, _, _, st in rows], dtype=object),
    })


def write_jsonl(path: Path, rows: list[tuple[int, int, str, int | str]]) -> None:
    with path.open("w", encoding="utf-8") as f:
        for s, _, channel, status in rows:
            f.write(json.dumps({"timestamp": s, "channel": channel, "status": status}) + "\n")


def median_time(run: Callable[[], object]) -> tuple[float, object]:
    """The median wall time of three runs of ``run()``, and its last result."""
    times, result = [], None
    for _ in range(3):
        t0 = time.perf_counter()
        result = run()
        times.append(time.perf_counter() - t0)
    return statistics.median(times), result


def timed(source: Callable[[], Iterable[Attempt]]) -> tuple[float, availability.Report]:
    """Median wall time of measuring the attempts ``source()`` gives."""
    seconds, report = median_time(lambda: availability.measure(source(), START, END))
    assert isinstance(report, availability.Report)
    return seconds, report


# --- the limits: the same file read with nothing of bizhours --------------------------------

_ISO = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}(?:[T ][0-9]{2}:[0-9]{2}(?::[0-9]{2}"
                  r"(?:\.[0-9]{1,9})?)?(?:Z|[+-][0-9]{2}(?::?[0-9]{2})?)?)?", re.ASCII)
_CHANNELS = {"api": 0, "smtp": 1}
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def csv_alone(path: Path) -> int:
    """Rows the csv module reads, doing nothing with them."""
    with path.open(newline="", encoding="utf-8") as f:
        return sum(1 for _ in csv.reader(f))


def json_alone(path: Path) -> int:
    """Lines json.loads reads, doing nothing with them."""
    with path.open(encoding="utf-8") as f:
        return sum(1 for line in f if json.loads(line))


def _second(text: str) -> int:
    """The epoch second of a timestamp in the accepted forms (no cache: the plain way)."""
    if len(text) <= 15 and text.isascii() and text.isdigit():
        return int(text)
    if not _ISO.fullmatch(text):
        raise ValueError(text)
    at = datetime.fromisoformat(text)
    if at.utcoffset() is None:
        raise ValueError(text)
    d = at - _EPOCH
    return d.days * 86_400 + d.seconds


def _kind(channel: str, status: str | int) -> tuple[int, bool]:
    """Channel (0 or 1) and failure of one row, by the contract's default classes."""
    ch = _CHANNELS[channel.lower()]
    if isinstance(status, str):
        st = status.lower()
        if st == "timeout":
            return ch, True
        if not (1 <= len(st) <= 3 and st.isascii() and st.isdigit()):
            raise ValueError(status)
        status = int(st)
    elif not 0 <= status <= 999:
        raise ValueError(status)
    failed = (500 <= status <= 599 or status == 0) if ch == 0 else status in (0, 421, 451, 452)
    return ch, failed


def plain_loop(rows: Iterable[tuple[object, object, object]]) -> int:
    """Unavailable seconds of ``(timestamp, channel, status)`` rows: the same rules, a cache
    of (channel, status) verdicts, an int-keyed dict and set, nothing built per row."""
    lo, hi = FIRST, FIRST + SPAN
    failures: dict[int, int] = {}
    ok: set[int] = set()
    kinds: dict[tuple[object, object], tuple[int, bool]] = {}
    for stamp, channel, status in rows:
        if type(stamp) is str:
            second = _second(stamp.strip())
        elif type(stamp) is int:
            second = stamp
        else:
            raise ValueError(stamp)
        channel = channel.strip() if type(channel) is str else channel
        status = status.strip() if type(status) is str else status
        kind = kinds.get((channel, status))
        if kind is None:
            kind = kinds[channel, status] = _kind(channel, status)  # type: ignore[arg-type]
        if lo <= second < hi:
            k = 2 * second + kind[0]
            if kind[1]:
                failures[k] = failures.get(k, 0) + 1
            else:
                ok.add(k)
    return len({k >> 1 for k in failures if k not in ok})


def plain_csv(path: Path) -> int:
    """``plain_loop`` over a CSV file split by hand, as the reader does for unquoted lines."""
    with path.open(newline="", encoding="utf-8") as f:
        next(f)
        return plain_loop(line.rstrip("\r\n").split(",") for line in f)  # type: ignore[misc]


def arrow_alone(path: Path) -> int:
    """Rows pyarrow's streaming CSV reader reads (as text), doing nothing with them."""
    import pyarrow as pa
    import pyarrow.csv as pa_csv

    types = {name: pa.string() for name in ("timestamp", "channel", "status")}
    with pa_csv.open_csv(path, convert_options=pa_csv.ConvertOptions(column_types=types)) as r:
        return sum(batch.num_rows for batch in r)


def arrow_numpy(path: Path) -> int:
    """Unavailable seconds by pyarrow and NumPy alone: the default failure classes over the
    streamed batches, a flag per (second, channel) cell of the month for a failure and for a
    success, then the cells with a failure and no success."""
    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc
    import pyarrow.csv as pa_csv

    types = {name: pa.string() for name in ("timestamp", "channel", "status")}
    failing, served = np.zeros(2 * SPAN, bool), np.zeros(2 * SPAN, bool)
    with pa_csv.open_csv(path, convert_options=pa_csv.ConvertOptions(column_types=types)) as r:
        for batch in r:
            ts = batch.column(0)
            if str(ts[0]).isdigit():
                seconds = pc.cast(ts, pa.int64()).to_numpy()
            else:
                seconds = pc.cast(pc.cast(ts, pa.timestamp("us", "UTC")),
                                  pa.int64()).to_numpy() // 1_000_000
            smtp = pc.equal(pc.utf8_lower(batch.column(1)), "smtp").to_numpy(zero_copy_only=False)
            status = batch.column(2)
            timeout = pc.equal(status, "timeout").to_numpy(zero_copy_only=False)
            code = pc.cast(pc.if_else(pc.equal(status, "timeout"), "0", status),
                           pa.int64()).to_numpy()
            failed = timeout | np.where(smtp, np.isin(code, (0, 421, 451, 452)),
                                        (code >= 500) & (code <= 599) | (code == 0))
            inside = (seconds >= FIRST) & (seconds < FIRST + SPAN)
            cells = 2 * (seconds - FIRST) + smtp
            failing[cells[inside & failed]] = True
            served[cells[inside & ~failed]] = True
    return int((failing & ~served).reshape(-1, 2).any(axis=1).sum())


def parts(path: Path, directory: Path, count: int) -> list[Path]:
    """``path`` cut into ``count`` files of consecutive rows, each with the header."""
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    header, rows = lines[0], lines[1:]
    out = []
    for n in range(count):
        part = directory / f"part-{n}.csv"
        part.write_text(header + "".join(rows[n * len(rows) // count:
                                               (n + 1) * len(rows) // count]), encoding="utf-8")
        out.append(part)
    return out


def plain_jsonl(path: Path) -> int:
    """``plain_loop`` over a JSON Lines file, one decoder for all lines."""
    decode = json.JSONDecoder().decode
    with path.open(encoding="utf-8") as f:
        return plain_loop((o["timestamp"], o["channel"], o["status"])
                          for o in map(decode, f))


def peak_mib(source: Callable[[], Iterable[Attempt]]) -> float:
    """Peak memory traced while measuring (the input list, when there is one, excluded)."""
    attempts = source()
    tracemalloc.start()
    try:
        availability.measure(attempts, START, END)
        return tracemalloc.get_traced_memory()[1] / 2**20
    finally:
        tracemalloc.stop()


def sparse() -> tuple[int, float, float]:
    """Attempts, wall time and peak MiB of measuring one success a day and one failure a week
    for ten years."""
    start, end = datetime(2016, 1, 1, tzinfo=UTC), datetime(2026, 1, 1, tzinfo=UTC)
    days = (end - start).days
    attempts = [Attempt(start + timedelta(days=d, hours=12), "api", 200) for d in range(days)]
    attempts += [Attempt(start + timedelta(days=d, hours=13), "api", 503)
                 for d in range(0, days, 7)]
    t0 = time.perf_counter()
    availability.measure(attempts, start, end)
    seconds = time.perf_counter() - t0
    tracemalloc.start()
    try:
        availability.measure(attempts, start, end)
        return len(attempts), seconds, tracemalloc.get_traced_memory()[1] / 2**20
    finally:
        tracemalloc.stop()


class Combined:
    """Stands for the attempts of several CSV files in ``timed``: ``measure`` is patched to see
    it, reading each part with the arrow engine and combining the reports."""

    def __init__(self, paths: list[Path]) -> None:
        self.paths = paths


def arrow_installed() -> bool:
    try:
        import pyarrow.csv  # noqa: F401
    except ImportError:
        return False
    return True


_measure = availability.measure


def _measure_or_combine(attempts: object, start: datetime, end: datetime) -> object:
    if isinstance(attempts, Combined):
        return availability.combine(
            _measure(availability.read_csv(p, engine="arrow"), start, end)
            for p in attempts.paths)
    return _measure(attempts, start, end)  # type: ignore[arg-type]


availability.measure = _measure_or_combine  # type: ignore[assignment]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    rows = traffic(parser.parse_args().rows)
    n = len(rows)

    t0 = time.perf_counter()
    built = [Attempt(datetime.fromtimestamp(s, UTC).replace(microsecond=m), ch, st)
             for s, m, ch, st in rows]
    build_rate = n / (time.perf_counter() - t0)
    shuffled = list(built)
    random.Random(1).shuffle(shuffled)

    with tempfile.TemporaryDirectory() as tmp:
        epoch_csv, iso_csv = Path(tmp, "epoch.csv"), Path(tmp, "iso.csv")
        jsonl = Path(tmp, "epoch.jsonl")
        write_csv(epoch_csv, rows, iso=False)
        write_csv(iso_csv, rows, iso=True)
        write_jsonl(jsonl, rows)
        pieces = parts(epoch_csv, Path(tmp), 8)
        # (name, attempts, the file and its limits: reader alone, plain loop)
        table = frame(rows)
        arrow = arrow_installed()
        cases: list[tuple[str, Callable[[], Iterable[Attempt]],
                          tuple[Callable[[], object], Callable[[], object]] | None]] = [
            ("in memory, time order", lambda: built, None),
            ("in memory, shuffled", lambda: shuffled, None),
            *([("pandas DataFrame", lambda: table, None)]  # type: ignore[list-item]
              if table is not None else []),
            ("CSV file, epoch seconds", lambda: availability.read_csv(epoch_csv),
             (lambda: csv_alone(epoch_csv), lambda: plain_csv(epoch_csv))),
            ("CSV file, ISO 8601", lambda: availability.read_csv(iso_csv),
             (lambda: csv_alone(iso_csv), lambda: plain_csv(iso_csv))),
            ("JSON Lines, epoch seconds", lambda: availability.read_jsonl(jsonl),
             (lambda: json_alone(jsonl), lambda: plain_jsonl(jsonl))),
            *([("CSV epoch, arrow engine",
                lambda: availability.read_csv(epoch_csv, engine="arrow"),
                (lambda: arrow_alone(epoch_csv), lambda: arrow_numpy(epoch_csv))),
               ("CSV ISO, arrow engine", lambda: availability.read_csv(iso_csv, engine="arrow"),
                (lambda: arrow_alone(iso_csv), lambda: arrow_numpy(iso_csv))),
               ("8 CSV parts, combined", lambda: Combined(pieces),
                (lambda: arrow_alone(epoch_csv), lambda: arrow_numpy(epoch_csv)))]
              if arrow else []),
        ]
        if not arrow:
            print("pyarrow is not installed: no rows for the arrow engine\n")
        print(f"{n:,} attempts over {SPAN:,} s (January 2026); Attempt() builds "
              f"{build_rate:,.0f}/s; median seconds of three runs\n")
        print(f"| {'input':<25} | {'seconds':>7} | {'attempts/s':>10} | {'peak MiB':>8} | "
              f"{'reader alone':>12} | {'plain loop':>10} | {'/ plain loop':>12} |")
        print(f"|{'-' * 27}|{'-' * 8}:|{'-' * 11}:|{'-' * 9}:|{'-' * 13}:|{'-' * 11}:|"
              f"{'-' * 13}:|")
        reports = []
        for name, source, limits in cases:
            seconds, report = timed(source)
            reports.append(report)
            alone = plain = ratio = ""
            if limits is not None:
                t_alone, _ = median_time(limits[0])
                t_plain, unavailable = median_time(limits[1])
                assert unavailable == report.unavailable_seconds, "the plain loop disagrees"
                alone, plain = f"{t_alone:.2f}", f"{t_plain:.2f}"
                ratio = f"{seconds / t_plain:.2f}x"
            print(f"| {name:<25} | {seconds:7.2f} | {n / seconds:10,.0f} | "
                  f"{peak_mib(source):8.1f} | {alone:>12} | {plain:>10} | {ratio:>12} |")
        if arrow:
            measured = [availability.measure(availability.read_csv(p, engine="arrow"), START,
                                             END) for p in pieces]
            t_combine, _ = median_time(lambda: availability.combine(measured))
    count, seconds, peak = sparse()
    print(f"| {'1/day for 10 years':<25} | {seconds:7.2f} | {count / seconds:10,.0f} | "
          f"{peak:8.1f} | {'':>12} | {'':>10} | {'':>12} |")
    assert all(r == reports[0] for r in reports[1:]), "every input must give the same report"
    r = reports[0]
    if arrow:
        print(f"\ncombine() of the 8 parts' reports alone: {t_combine:.3f} s")
    print(f"\nreport: {r.unavailable_seconds:,} unavailable of {r.total_seconds:,} s, "
          f"uptime {r.uptime:.5%}, {len(r.outages):,} outages, "
          f"{sum(1 for _ in r.failing_seconds()):,} failing seconds, "
          f"{len(r.persistent(timedelta(minutes=1), bridge=60))} persistent (>= 1 min, silent "
          "gaps up to 60 s bridged)")


if __name__ == "__main__":
    main()
