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


def equal_calendar() -> Callable[[], bizhours.Calendar]:
    """A maker of calendars equal to ``bizhours.calendar("eastern")``, holidays built once."""
    holidays = bizhours.bank_holidays("US")
    return lambda: bizhours.Calendar("America/New_York", {"mon-fri": "09:00-17:00"}, holidays)


def uncached(make: Callable[[], bizhours.Calendar]) -> Callable[[], bizhours.Calendar]:
    """``make``, with the engine's timelines forgotten first, so the calendar compiles anew
    (before 0.2 every new calendar did)."""
    try:
        from bizhours._engine.cache import clear
    except ImportError:  # 0.1: timelines were cached per calendar object
        return make

    def fresh() -> bizhours.Calendar:
        clear()
        return make()

    return fresh


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

    equal = equal_calendar()
    fresh = uncached(equal)
    rows += [
        ("cold: first add 4 h (compiles ~2 years)",
         cold_us(fresh, lambda c: c.add(START, four_h))),
        ("cold: first add 10 business years",
         cold_us(fresh, lambda c: c.add(START, ten_years))),
        ("build a calendar equal to a compiled one", median_us(equal, repeat=500)),
        ("first add 4 h on that fresh equal calendar",
         cold_us(equal, lambda c: c.add(START, four_h))),
    ]
    print("| workload (eastern) | median us/call |")
    print("|---|---:|")
    for name, us in rows:
        print(f"| {name} | {us:,.2f} |")
    ratio = rows[2][1] / rows[0][1]
    print(f"\nadd 10 business years / add 4 h = {ratio:.2f}x (target: within 3x)")


if __name__ == "__main__":
    main()
