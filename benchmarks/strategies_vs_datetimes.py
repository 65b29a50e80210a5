"""How often a planted off-by-one at a window close is found: ``instants`` vs ``st.datetimes``.

The bug is the one in tests/test_strategies.py: a ticketing tool's due-date code that stores
closing time as 16:59:59.999999 and compares with ``<`` where it means ``<=``, so a case
opened in the last microsecond of a business day gets a due moment one microsecond late.
Each strategy runs the same property (the tool's due date equals ``Calendar.add``) under
Hypothesis seeds 0..N-1, generation only (no shrinking); the table shows in how many seeds
the bug was found within the example budget, and after how many examples.

Run: python benchmarks/strategies_vs_datetimes.py [seeds]
"""

from __future__ import annotations

import statistics
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from hypothesis import Phase, given, seed, settings
from hypothesis import strategies as st

from bizhours.strategies import instants

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
from test_strategies import OFFICE, tool_due  # the test's own planted bug

FOUR_HOURS = timedelta(hours=4)
ZONES = st.sampled_from([ZoneInfo("America/New_York"), UTC, ZoneInfo("Asia/Tokyo")])
STRATEGIES: list[tuple[str, st.SearchStrategy[datetime]]] = [
    ("instants(calendar)", instants(OFFICE)),
    ("st.datetimes(2000-2040, timezones=3 zones)",
     st.datetimes(datetime(2000, 1, 1), datetime(2040, 12, 31), timezones=ZONES)),
    ("st.datetimes(timezones=st.timezones())",
     st.datetimes(datetime(1900, 1, 1), datetime(2100, 12, 31), timezones=st.timezones())),
]


def examples_to_find(strategy: st.SearchStrategy[datetime], budget: int, run: int) -> int | None:
    """Examples tried until the first that shows the bug, or None within ``budget``."""
    calls = 0

    @seed(run)
    @settings(max_examples=budget, database=None, deadline=None, phases=[Phase.generate])
    @given(strategy)
    def due_dates_agree(at: datetime) -> None:
        nonlocal calls
        calls += 1
        assert tool_due(at, FOUR_HOURS) == OFFICE.add(at, FOUR_HOURS)

    try:
        due_dates_agree()
    except AssertionError:
        return calls
    return None


def row(name: str, make: Callable[[int], int | None], budget: int, seeds: int) -> str:
    t0 = time.perf_counter()
    found = [n for n in (make(s) for s in range(seeds)) if n is not None]
    median = f"{statistics.median(found):.0f}" if found else "-"
    spent = time.perf_counter() - t0
    return (f"| {name:<44} | {budget:>6} | {len(found):>3}/{seeds:<3} | {median:>8} | "
            f"{spent:>6.1f} |")


def main() -> None:
    seeds = int(sys.argv[1]) if len(sys.argv) > 1 else 20
    print("| strategy                                     | budget | found   | median n |  secs  |")
    print("|----------------------------------------------|--------|---------|----------|--------|")
    for name, strategy in STRATEGIES:
        for budget in (100, 1000):
            print(row(name, lambda s, st_=strategy, b=budget: examples_to_find(st_, b, s),
                      budget, seeds), flush=True)


if __name__ == "__main__":
    main()
