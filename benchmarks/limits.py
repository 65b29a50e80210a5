"""Time and peak memory at the engine's limits: spans of millennia, batches with a far item,
unions of many calendars. Each row has its limit beside it, measured in the same run: the
same work done piecewise the slow obvious way (one compile a year, one call an item, one
query a part).

Run: python benchmarks/limits.py
"""

from __future__ import annotations

import statistics
import time
import tracemalloc
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta

import bizhours
from bizhours._engine.cache import clear

ZONES = ["America/New_York", "Europe/London", "Asia/Tokyo", "Australia/Sydney",
         "America/Los_Angeles", "Europe/Berlin", "Asia/Kolkata", "America/Sao_Paulo"]


def measured(fn: Callable[[], object], repeat: int = 3) -> tuple[float, float]:
    """Median seconds of ``fn`` on a cold engine, and its peak traced memory in MB (from one
    more run: tracing slows the interpreter down)."""
    times = []
    for _ in range(repeat):
        clear()
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    clear()
    tracemalloc.start()
    fn()
    peak = tracemalloc.get_traced_memory()[1] / 1e6
    tracemalloc.stop()
    return statistics.median(times), peak


def office(zone: str = "America/New_York") -> bizhours.Calendar:
    return bizhours.Calendar(zone, {"mon-fri": "09:00-17:00"})


def long_elapsed() -> object:
    cal = office()
    return cal.elapsed(datetime(1500, 1, 1, tzinfo=UTC), datetime(2500, 1, 1, tzinfo=UTC))


def one_century() -> object:  # the limit: what one kept span of the engine costs
    cal = office()
    return cal.elapsed(datetime(2000, 1, 1, tzinfo=UTC), datetime(2100, 1, 1, tzinfo=UTC))


def far_batch() -> object:
    import numpy as np

    cal = office()
    starts = np.array([datetime(2026, 1, 1) + timedelta(hours=7 * k) for k in range(1000)]
                      + [datetime(9999, 12, 20)], dtype="datetime64[us]")
    return cal.elapsed_many(starts, starts + np.timedelta64(3, "D"))


def far_one_by_one() -> object:  # the limit: the same items one call each
    cal = office()
    starts = [datetime(2026, 1, 1, tzinfo=UTC) + timedelta(hours=7 * k) for k in range(1000)]
    starts.append(datetime(9999, 12, 20, tzinfo=UTC))
    return [cal.elapsed(s, s + timedelta(days=3)) for s in starts]


def union(parts: int) -> Callable[[], object]:
    def run() -> object:
        cals = [office(ZONES[k % len(ZONES)]).with_hours(date(2026, 1, 1 + k % 28), "")
                for k in range(parts)]
        combined = cals[0]
        for cal in cals[1:]:
            combined = combined | cal
        return combined.next_open(datetime(2026, 6, 1, tzinfo=UTC))
    return run


def parts_alone(parts: int) -> Callable[[], object]:  # the limit: each part's own query
    def run() -> object:
        at = datetime(2026, 6, 1, tzinfo=UTC)
        return [office(ZONES[k % len(ZONES)]).with_hours(date(2026, 1, 1 + k % 28), "")
                .next_open(at) for k in range(parts)]
    return run


def main() -> None:
    rows = [
        ("elapsed over 1,000 years", long_elapsed, "one century", one_century),
        ("elapsed_many: 1,000 in 2026 + one in 9999", far_batch, "one call an item",
         far_one_by_one),
        ("next_open on a union of 100 calendars", union(100), "each part alone",
         parts_alone(100)),
        ("next_open on a union of 1,000 calendars", union(1000), "each part alone",
         parts_alone(1000)),
    ]
    print(f"{'work':<44} {'s':>7} {'MB':>7}   {'limit':<18} {'s':>7} {'MB':>7} {'x time':>7}")
    for name, fn, limit_name, limit in rows:
        t, mb = measured(fn)
        lt, lmb = measured(limit)
        print(f"{name:<44} {t:7.2f} {mb:7.1f}   {limit_name:<18} {lt:7.2f} {lmb:7.1f}"
              f" {t / lt:7.1f}")


if __name__ == "__main__":
    main()
