"""Cases per second of SLA evaluation: 100,000 cases against one policy.

One policy holds its calendars, each compiled once and reused by every case; the last row
builds a new calendar per case, the pattern to avoid, to show what that reuse is worth.

Run: python benchmarks/sla.py
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import bizhours
from bizhours import sla

NY = ZoneInfo("America/New_York")
YEAR_START = datetime(2026, 1, 1, 5, tzinfo=UTC)
N = 100_000


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
    """Seconds for evaluating every case, and cases per second."""
    t0 = time.perf_counter()
    for case, now in cases:
        evaluate(case, now)
    seconds = time.perf_counter() - t0
    return seconds, len(cases) / seconds


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
    rows = [("mixed queue, first pass (compiles 2026 once)", N, *rate(cases, cold.evaluate))]
    warm = sla.enterprise_policy("eastern", critical_update_every=timedelta(hours=1))
    rate(cases[:1000], warm.evaluate)
    few = N // 200
    rows += [
        ("mixed queue: pauses, escalations, responses, updates", N, *rate(cases, warm.evaluate)),
        ("opened only, no events", N, *rate(plain, warm.evaluate)),
        ("evaluate and explain()", N // 10,
         *rate(cases[: N // 10], lambda c, now: warm.evaluate(c, now).explain())),
        ("a new calendar per case (the pattern to avoid)", few,
         *rate(cases[:few], per_case_calendar)),
    ]
    print("| workload (eastern policy) | cases | seconds | cases/s |")
    print("|---|---:|---:|---:|")
    for name, n, seconds, per_second in rows:
        print(f"| {name} | {n:,} | {seconds:.2f} | {per_second:,.0f} |")
    print(f"\n{N:,} mixed cases against one policy: {rows[1][3]:,.0f} cases/s, "
          f"{rows[-1][3]:,.0f} cases/s with a calendar built per case.")


if __name__ == "__main__":
    main()
