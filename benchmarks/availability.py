"""Attempts per second and peak memory of ``availability.measure``, in memory and from files.

A month (January 2026) of synthetic traffic: API calls and SMTP injections at random instants,
mostly successes and client errors, 0.5% scattered server failures, and five outages of one to
ten minutes in which every attempt fails. Timing runs and memory runs are separate, as
tracemalloc slows allocation down. A last row measures sparse traffic over a long period (one
success a day and one failure a week for ten years): its memory follows the seconds with
traffic, not the period's length.

Run: python benchmarks/availability.py [--rows 1000000]
"""

from __future__ import annotations

import argparse
import csv
import random
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


def timed(source: Callable[[], Iterable[Attempt]]) -> tuple[float, availability.Report]:
    """Best of three wall times of measuring the attempts ``source()`` gives."""
    best, report = float("inf"), None
    for _ in range(3):
        attempts = source()
        t0 = time.perf_counter()
        report = availability.measure(attempts, START, END)
        best = min(best, time.perf_counter() - t0)
    assert report is not None
    return best, report


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
        write_csv(epoch_csv, rows, iso=False)
        write_csv(iso_csv, rows, iso=True)
        cases: list[tuple[str, Callable[[], Iterable[Attempt]]]] = [
            ("in memory, time order", lambda: built),
            ("in memory, shuffled", lambda: shuffled),
            ("CSV file, epoch seconds", lambda: availability.read_csv(epoch_csv)),
            ("CSV file, ISO 8601", lambda: availability.read_csv(iso_csv)),
        ]
        print(f"{n:,} attempts over {SPAN:,} s (January 2026); Attempt() builds "
              f"{build_rate:,.0f}/s\n")
        print(f"| {'input':<24} | {'seconds':>8} | {'attempts/s':>11} | {'peak MiB':>8} |")
        print(f"|{'-' * 26}|{'-' * 9}:|{'-' * 12}:|{'-' * 9}:|")
        reports = []
        for name, source in cases:
            seconds, report = timed(source)
            reports.append(report)
            print(f"| {name:<24} | {seconds:8.2f} | {n / seconds:11,.0f} | "
                  f"{peak_mib(source):8.1f} |")
    count, seconds, peak = sparse()
    print(f"| {'1/day for 10 years':<24} | {seconds:8.2f} | {count / seconds:11,.0f} | "
          f"{peak:8.1f} |")
    assert all(r == reports[0] for r in reports[1:]), "every input must give the same report"
    r = reports[0]
    print(f"\nreport: {r.unavailable_seconds:,} unavailable of {r.total_seconds:,} s, "
          f"uptime {r.uptime:.5%}, {len(r.outages):,} outages, "
          f"{sum(1 for _ in r.failing_seconds()):,} failing seconds, "
          f"{len(r.persistent(timedelta(minutes=1), bridge=60))} persistent (>= 1 min, silent "
          "gaps up to 60 s bridged)")


if __name__ == "__main__":
    main()
