"""Median microseconds per call of the calendar queries, warm and cold.

Run: python benchmarks/arith.py
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from datetime import date, datetime, timedelta
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


def paired_ratio(fn: Callable[[], object], beside: Callable[[], object], rounds: int = 40
                 ) -> float:
    """Median over ``rounds`` of cost(fn) / cost(beside), the two timed in alternating
    batches so that the machine's noise falls on both alike."""
    batch = 50
    for _ in range(500):
        fn()
        beside()
    ratios = []
    for _ in range(rounds):
        costs = []
        for f in (fn, beside):
            t0 = time.perf_counter_ns()
            for _ in range(batch):
                f()
            costs.append(time.perf_counter_ns() - t0)
        ratios.append(costs[0] / costs[1])
    return statistics.median(ratios)


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
    rows += [(name, median_us(query)) for name, query in business_day_queries(cal)]

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
    ratio = paired_ratio(lambda: cal.add(START, ten_years), lambda: cal.add(START, four_h))
    print(f"\nadd 10 business years / add 4 h = {ratio:.2f}x (target: within 3x)")
    print("\n| business-day query | beside (plain add, same horizon) | median ratio |")
    print("|---|---|---:|")
    for name, query, plain, beside in business_day_pairs(cal):
        print(f"| {name} | {plain} | {paired_ratio(query, beside):.2f}x |")
    print("(target: each within 2x)")


Query = Callable[[], object]


def business_day_queries(cal: bizhours.Calendar) -> list[tuple[str, Query]]:
    """The business-day queries, warm (their spans compiled first)."""
    one, next_by, ten_years = (bizhours.BusinessDays(1),
                               bizhours.BusinessDays(1, by="16:00", cutoff="10:00"),
                               bizhours.BusinessDays(2500))
    today, year_on, forty_on = date(2026, 11, 20), date(2027, 11, 20), date(2066, 11, 20)
    cal.add(START, ten_years)
    cal.business_days_between(today, forty_on)
    return [
        ("add BusinessDays(1)", lambda: cal.add(START, one)),
        ("add BusinessDays(1, by=16:00, cutoff=10:00)", lambda: cal.add(START, next_by)),
        ("add BusinessDays(2500) (ten years)", lambda: cal.add(START, ten_years)),
        ("business_days_between, one year", lambda: cal.business_days_between(today, year_on)),
        ("business_days_between, forty years",
         lambda: cal.business_days_between(today, forty_on)),
        ("add_business_days(day, 1)", lambda: cal.add_business_days(today, 1)),
        ("business_date", lambda: cal.business_date(START)),
    ]


def business_day_pairs(cal: bizhours.Calendar) -> list[tuple[str, Query, str, Query]]:
    """Each business-day query with a plain ``add`` reaching as far."""
    queries = dict(business_day_queries(cal))
    plain = {
        "add 4 h": lambda: cal.add(START, timedelta(hours=4)),
        "add 1 business year": lambda: cal.add(START, BUSINESS_YEAR),
        "add 10 business years": lambda: cal.add(START, 10 * BUSINESS_YEAR),
    }
    beside = {
        "add BusinessDays(1)": "add 4 h",
        "add BusinessDays(1, by=16:00, cutoff=10:00)": "add 4 h",
        "add BusinessDays(2500) (ten years)": "add 10 business years",
        "business_days_between, one year": "add 1 business year",
        "business_days_between, forty years": "add 10 business years",
    }
    return [(name, queries[name], other, plain[other]) for name, other in beside.items()]


if __name__ == "__main__":
    main()
