"""Cases per second of SLA evaluation: 100,000 cases against one policy.

One policy holds its calendars, each compiled once and reused by every case; the last row
builds a new calendar per case, the pattern to avoid, to show what that reuse is worth.

Run: python benchmarks/sla.py [CASES]   (default 100,000)
"""

from __future__ import annotations

import random
import statistics
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from functools import partial
from zoneinfo import ZoneInfo

import bizhours
from bizhours import sla

NY = ZoneInfo("America/New_York")
YEAR_START = datetime(2026, 1, 1, 5, tzinfo=UTC)
N = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000


def queue(n: int, seed: int = 7) -> list[tuple[sla.Case, datetime]]:
    """``n`` cases opened over 2026, as a support queue has them, each with its ``now``."""
    rng = random.Random(seed)
    out = []
    for _ in range(n):
        t = YEAR_START + timedelta(minutes=rng.randrange(365 * 24 * 60))
        critical = rng.random() < 0.3
        case = sla.Case(t.astimezone(NY), "critical" if critical else "non-critical")

        def later(hours: float) -> datetime:
            nonlocal t  # stepped in UTC: wall-clock steps in New York misorder around DST
            t += timedelta(minutes=rng.randrange(1, int(hours * 60) + 2))
            return t.astimezone(NY)

        if not critical and rng.random() < 0.4:
            case = case.pause(later(6)).resume(later(40))
        if not critical and rng.random() < 0.15:
            case = case.escalate(later(10), "critical")
            critical = True
        if rng.random() < 0.7:
            case = case.respond(later(0.5 if critical else 12))
            for _ in range(rng.randrange(4) if critical else 0):
                case = case.update(later(1.5))
            if critical and rng.random() < 0.3:
                case = case.workaround(later(3))
        if rng.random() < 0.2:
            case = case.resolve(later(24))
        out.append((case, later(12)))
    return out


def rate(cases: list[tuple[sla.Case, datetime]],
         evaluate: Callable[[sla.Case, datetime], object]) -> tuple[float, float]:
    """Seconds for evaluating every case (the median of three passes), and cases per second."""
    times = []
    for _ in range(3):
        t0 = time.perf_counter()
        for case, now in cases:
            evaluate(case, now)
        times.append(time.perf_counter() - t0)
    seconds = statistics.median(times)
    return seconds, len(cases) / seconds


def median_seconds(work: Callable[[], object], repeat: int = 5) -> float:
    """The median wall time of ``work()`` over ``repeat`` runs."""
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        work()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def calendar_calls(policy: sla.Policy, cases: list[tuple[sla.Case, datetime]]) -> Callable[
        [], None]:
    """The limit of evaluation: the two calendar calls a case's response needs (the due
    moment and the elapsed time on its target's clock), with nothing around them."""
    work = [(policy.targets[c.severity].clock, c.opened_at, now) for c, now in cases]
    goal = timedelta(hours=1)

    def run() -> None:
        for clock, opened, now in work:
            clock.add(opened, goal)
            clock.elapsed(opened, now)

    return run


def long_case(events: int) -> tuple[datetime, list[tuple[str, datetime]]]:
    """A critical case with ``events`` events: pauses and resumes a minute apart, answered
    first, each tenth pause followed by an update."""
    t = YEAR_START
    out: list[tuple[str, datetime]] = [("respond", t)]
    while len(out) < events:
        t += timedelta(minutes=1)
        out.append(("pause", t))
        t += timedelta(minutes=1)
        out.append(("resume", t))
        if len(out) % 20 == 1:
            out.append(("update", t))
    return YEAR_START, out[:events]


def by_methods(opened: datetime, events: list[tuple[str, datetime]]) -> sla.Case:
    case = sla.Case(opened, "critical")
    for kind, at in events:
        case = getattr(case, kind)(at)
    return case


def building_rows(cases: list[tuple[sla.Case, datetime]]) -> list[tuple[str, int, float, str]]:
    """Building cases: the mixed queue from event rows, and one long case at two lengths."""
    rows = []
    rows_of = [(c.opened_at, c.opened_severity, [(e.kind.value, e.at, e.severity)
                                                 if e.severity else (e.kind.value, e.at)
                                                 for e in reversed(c.events)])
               for c, _ in cases]
    n = len(rows_of)
    seconds = median_seconds(lambda: [sla.Case.from_events(*r) for r in rows_of], 3)
    limit = median_seconds(lambda: [sorted(r[2], key=lambda e: e[1]) for r in rows_of], 3)
    rows.append(("mixed queue: Case.from_events (rows in reverse order)", n, seconds / n * 1e6,
                 f"{seconds / limit:.1f}x sorting the same rows"))
    per_event: dict[tuple[str, int], float] = {}
    for size in (1_000, 16_000):
        opened, events = long_case(size)
        sort = median_seconds(partial(sorted, events, key=lambda e: e[1]), 5)
        for how, build in (("from_events", partial(sla.Case.from_events, opened, "critical",
                                                   events)),
                           ("event by event", partial(by_methods, opened, events))):
            seconds = median_seconds(build, 5)
            per_event[(how, size)] = seconds
            rows.append((f"one case of {size:,} events, {how}", size, seconds / size * 1e6,
                         f"{seconds / sort:.1f}x sorting its rows"))
    for how in ("from_events", "event by event"):
        ratio = per_event[(how, 16_000)] / (16 * per_event[(how, 1_000)])
        rows.append((f"16,000 events / 16 x 1,000 events, {how}", 16_000, ratio,
                     "linear is 1.0"))
    return rows


def fresh_eastern() -> bizhours.Calendar:
    """A new, uncompiled calendar equal to the eastern preset."""
    return bizhours.Calendar("America/New_York", {"mon-fri": "09:00-17:00"},
                             bizhours.bank_holidays("US"))


def per_case_calendar(case: sla.Case, now: datetime) -> sla.Evaluation:
    return sla.enterprise_policy(fresh_eastern()).evaluate(case, now)


def main() -> None:
    cases = queue(N)
    plain = [(sla.Case(c.opened_at, c.opened_severity), now) for c, now in cases]
    cold = sla.enterprise_policy(fresh_eastern(), critical_update_every=timedelta(hours=1))
    t0 = time.perf_counter()
    for case, now in cases:
        cold.evaluate(case, now)
    first = time.perf_counter() - t0
    rows = [("mixed queue, first pass (compiles 2026 once)", N, first, N / first)]
    warm = sla.enterprise_policy("eastern", critical_update_every=timedelta(hours=1))
    rate(cases[:1000], warm.evaluate)
    few = N // 200
    limit = median_seconds(calendar_calls(warm, cases), 3)
    rows += [
        ("mixed queue: pauses, escalations, responses, updates", N, *rate(cases, warm.evaluate)),
        ("opened only, no events", N, *rate(plain, warm.evaluate)),
        ("evaluate and explain()", N // 10,
         *rate(cases[: N // 10], lambda c, now: warm.evaluate(c, now).explain())),
        ("a new calendar per case (the pattern to avoid)", few,
         *rate(cases[:few], per_case_calendar)),
        ("limit: the two calendar calls alone (add, elapsed)", N, limit, N / limit),
    ]
    print("| workload (eastern policy, every metric) | cases | seconds | cases/s | us a case "
          "| x the calendar calls |")
    print("|---|---:|---:|---:|---:|---:|")
    for name, n, seconds, per_second in rows:
        print(f"| {name} | {n:,} | {seconds:.2f} | {per_second:,.0f} | "
              f"{seconds / n * 1e6:.1f} | {seconds / n / (limit / N):.1f} |")
    print(f"\n{N:,} mixed cases against one policy: {rows[1][3]:,.0f} cases/s "
          f"(median of three passes), {rows[-2][3]:,.0f} cases/s with a calendar built per "
          "case.\n")
    print("| building cases | events or cases | us each (an event, a case; a ratio) | limit |")
    print("|---|---:|---:|---|")
    for name, n, value, beside in building_rows(cases):
        print(f"| {name} | {n:,} | {value:.2f} | {beside} |")


if __name__ == "__main__":
    main()
