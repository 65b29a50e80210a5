"""Median microseconds per call of the calendar queries, warm and cold.

Run: python benchmarks/arith.py
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import bizhours

NY = ZoneInfo("America/New_York")
START = datetime(2026, 11, 20, 14, 37, tzinfo=NY)
BUSINESS_YEAR = timedelta(hours=8 * 250)


def median_us(fn: Callable[[], object], repeat: int = 2000) -> float:
    """Median wall time of one call in microseconds, in batches of 50 to beat timer noise."""
    batch = 50
    for _ in range(repeat):  # warm up: caches, the specialising interpreter, CPU clocks
        fn()
    samples = []
    for _ in range(repeat // batch):
        t0 = time.perf_counter_ns()
        for _ in range(batch):
            fn()
        samples.append((time.perf_counter_ns() - t0) / batch / 1000)
    return statistics.median(samples)


def cold_us(make: Callable[[], bizhours.Calendar], query: Callable[[bizhours.Calendar], object]
            ) -> float:
    """Median cost of the first query on a freshly built calendar (compiles its span)."""
    samples = []
    for _ in range(20):
        cal = make()
        t0 = time.perf_counter_ns()
        query(cal)
        samples.append((time.perf_counter_ns() - t0) / 1000)
    return statistics.median(samples)


def main() -> None:
    cal = bizhours.calendar("eastern")
    far = START + timedelta(days=3650)
    for d in (timedelta(hours=4), BUSINESS_YEAR, 10 * BUSINESS_YEAR, -10 * BUSINESS_YEAR):
        cal.add(START, d)  # compile the spans the warm rows touch
    cal.elapsed(START, far)
    # Arguments are built once: the rows time the query, not the making of its inputs.
    four_h, ten_years, day_later, evening = (timedelta(hours=4), 10 * BUSINESS_YEAR,
                                             START + timedelta(days=1), START + timedelta(hours=6))
    rows = [
        ("add 4 h", median_us(lambda: cal.add(START, four_h))),
        ("add 1 business year", median_us(lambda: cal.add(START, BUSINESS_YEAR))),
        ("add 10 business years", median_us(lambda: cal.add(START, ten_years))),
        ("subtract 10 business years", median_us(lambda: cal.subtract(START, ten_years))),
        ("elapsed 1 day", median_us(lambda: cal.elapsed(START, day_later))),
        ("elapsed 10 years", median_us(lambda: cal.elapsed(START, far))),
        ("is_open", median_us(lambda: cal.is_open(START))),
        ("next_open", median_us(lambda: cal.next_open(evening))),
        ("next_close", median_us(lambda: cal.next_close(START))),
    ]

    def fresh() -> bizhours.Calendar:
        return bizhours.Calendar(
            "America/New_York", {"mon-fri": "09:00-17:00"}, bizhours.bank_holidays("US")
        )

    rows += [
        ("cold: first add 4 h (compiles ~2 years)",
         cold_us(fresh, lambda c: c.add(START, timedelta(hours=4)))),
        ("cold: first add 10 business years",
         cold_us(fresh, lambda c: c.add(START, 10 * BUSINESS_YEAR))),
    ]
    print("| workload (eastern) | median us/call |")
    print("|---|---:|")
    for name, us in rows:
        print(f"| {name} | {us:,.2f} |")
    ratio = rows[2][1] / rows[0][1]
    print(f"\nadd 10 business years / add 4 h = {ratio:.2f}x (target: within 3x)")


if __name__ == "__main__":
    main()
