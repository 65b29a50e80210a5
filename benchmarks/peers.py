"""bizhours against its Python peers on the Eastern window, in one process, one after another.

Every library gets the same calendar: Monday to Friday 09:00-17:00 America/New_York, closed
on the Federal Reserve holidays of ``bizhours.bank_holidays("US")`` for 2000-2060 (the same
dates, given to each library as a list). Each workload is timed on one fixed input with the
library's own call on its own input types (conversions to them are made beforehand and not
timed); then each library's answers on a few hundred inputs are checked against bizhours and
the disagreements are counted, with the reason.

Run: python benchmarks/peers.py [--quick]    (the peers are the ``bench`` extra)
"""

from __future__ import annotations

import argparse
import math
import platform
import random
import statistics
import time as clock
from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from importlib.metadata import version
from typing import Any
from zoneinfo import ZoneInfo

import bizhours

NY = ZoneInfo("America/New_York")
START = datetime(2026, 11, 20, 14, 37, tzinfo=NY)  # a Friday afternoon, open
EVENING = START + timedelta(hours=6)  # closed: next_open is Monday 09:00
HOURS = {"add 4 h": 4, "add 2,000 h": 2_000, "add 10 years": 20_000}  # 10 x 250 days x 8 h
SPANS = {"elapsed 1 day": timedelta(days=1), "elapsed 1 year": timedelta(days=365)}
WORKLOADS = [*HOURS, *SPANS, "is_open", "next_open"]


def fed_holidays() -> list[date]:
    fed = bizhours.bank_holidays("US")
    for year in range(2000, 2061):
        _ = date(year, 1, 1) in fed  # the holidays package fills a year when first asked
    return sorted(d for d in fed if 2000 <= d.year <= 2060)


HOLIDAYS = fed_holidays()
CAL = bizhours.Calendar("America/New_York", {"mon-fri": "09:00-17:00"}, HOLIDAYS)


@dataclass(frozen=True, slots=True)
class Op:
    """One library's way to do one workload: ``read(call(prepare(start)))`` is comparable
    with bizhours' answer; only ``call`` is timed."""

    prepare: Callable[[datetime], Any]
    call: Callable[[Any], Any]
    read: Callable[[Any], Any] = lambda x: x
    limit: Callable[[datetime], str | None] = lambda start: None  # a documented shortcoming


def _ident(x: Any) -> Any:
    return x


def _plus(delta: Any) -> Callable[[Any], Any]:
    return lambda s: s + delta


# --- the libraries ---------------------------------------------------------------------------


def bizhours_ops(hours: Mapping[str, int] = HOURS) -> dict[str, Op]:
    ops = {k: Op(_ident, lambda s, d=timedelta(hours=h): CAL.add(s, d)) for k, h in hours.items()}
    ops |= {k: Op(lambda s, p=p: (s, s + p), lambda ab: CAL.elapsed(*ab)) for k, p in SPANS.items()}
    return ops | {"is_open": Op(_ident, CAL.is_open), "next_open": Op(_ident, CAL.next_open)}


def businesstimedelta_ops(hours: Mapping[str, int] = HOURS) -> dict[str, Op]:
    import businesstimedelta as btd
    import pytz

    tz = pytz.timezone("America/New_York")
    rule = btd.Rules([btd.WorkDayRule(time(9), time(17), [0, 1, 2, 3, 4], tz=tz),
                      btd.HolidayRule(HOLIDAYS, tz=tz)])

    def local(s: datetime) -> datetime:
        return s.astimezone(tz)

    def is_open(s: datetime) -> bool:
        start, end = rule.next(s)
        return bool(start <= s < end)

    ops = {k: Op(local, _plus(btd.BusinessTimeDelta(rule, hours=h))) for k, h in hours.items()}
    ops |= {k: Op(lambda s, p=p: (local(s), local(s + p)),
                  lambda ab: rule.difference(*ab), lambda r: r.timedelta)
            for k, p in SPANS.items()}
    return ops | {"is_open": Op(local, is_open),
                  "next_open": Op(local, lambda s: rule.next(s)[0])}


def pandas_ops(hours: Mapping[str, int] = HOURS) -> dict[str, Op]:
    import pandas as pd

    def offset(n: int = 1) -> Any:
        return pd.offsets.CustomBusinessHour(n=n, start="09:00", end="17:00",
                                             weekmask="Mon Tue Wed Thu Fri", holidays=HOLIDAYS)

    one = offset()
    ops = {k: Op(pd.Timestamp, _plus(offset(h)), _py) for k, h in hours.items()}
    return ops | {"is_open": Op(pd.Timestamp, one.is_on_offset),
                  "next_open": Op(pd.Timestamp, one.rollforward, _py)}


def _py(x: Any) -> Any:
    return x.to_pydatetime() if hasattr(x, "to_pydatetime") else x


def business_duration_ops() -> dict[str, Op]:
    import pandas as pd
    from business_duration import businessDuration

    def seconds(ab: tuple[Any, Any]) -> Any:
        return businessDuration(ab[0], ab[1], time(9), time(17), [5, 6], HOLIDAYS, unit="sec")

    def read(x: float) -> Any:
        return None if x is None or math.isnan(x) else timedelta(seconds=round(x))

    return {k: Op(lambda s, p=p: (pd.Timestamp(s), pd.Timestamp(s + p)), seconds, read)
            for k, p in SPANS.items()}


def workalendar_ops() -> dict[str, Op]:
    """Whole working days only: hours are the caller's glue, kept to a few lines here."""
    from workalendar.core import SAT, SUN, CoreCalendar

    by_year: dict[int, list[tuple[date, str]]] = {}
    for d in HOLIDAYS:
        by_year.setdefault(d.year, []).append((d, "Fed holiday"))

    class Fed(CoreCalendar):  # type: ignore[misc]
        WEEKEND_DAYS = (SAT, SUN)

        def get_calendar_holidays(self, year: int) -> list[tuple[date, str]]:
            return by_year.get(year, [])

    fed = Fed()

    def local(s: datetime) -> datetime:
        return s.astimezone(NY)

    def is_open(s: datetime) -> bool:
        return bool(fed.is_working_day(s.date()) and 9 <= s.hour < 17)

    def next_open(s: datetime) -> datetime:
        if is_open(s):
            return s
        day = s.date()
        if not (fed.is_working_day(day) and s.hour < 9):
            day = fed.add_working_days(day, 1)
        return datetime.combine(day, time(9), NY)

    def add_days(days: int) -> Callable[[datetime], datetime]:
        # 2,000 h are 250 working days of 8 h, keeping the time of day: right only for a
        # start inside the hours, which is all workalendar can express.
        return lambda s: datetime.combine(fed.add_working_days(s.date(), days), s.timetz())

    def limit(s: datetime) -> str | None:
        return None if CAL.is_open(s) else "whole days only: a start outside the hours"

    return {"add 2,000 h": Op(local, add_days(250), limit=limit),
            "add 10 years": Op(local, add_days(2_500), limit=limit),
            "is_open": Op(local, is_open), "next_open": Op(local, next_open)}


def workclock_ops(hours: Mapping[str, int] = HOURS) -> dict[str, Op]:
    import workclock

    sched = workclock.Schedule([workclock.WorkDay(time(9), time(17)),
                                workclock.Holidays(HOLIDAYS)], time_zone=NY)
    ops = {k: Op(_ident, lambda s, d=timedelta(hours=h): sched.add(s, d)) for k, h in hours.items()}
    ops |= {k: Op(lambda s, p=p: (s, s + p), lambda ab: sched.between(*ab))
            for k, p in SPANS.items()}
    return ops | {"is_open": Op(_ident, lambda s: sched.next_period(s)[0] == s),
                  "next_open": Op(_ident, lambda s: sched.next_period(s)[0])}


def timegrid_ops(hours: Mapping[str, int] = HOURS) -> dict[str, Op]:
    """Naive datetimes only: given New York wall times, its answers read as New York ones."""
    import timegrid

    grid = timegrid.TimeGridCalendar.weekdays(time(9), time(17))
    for day in HOLIDAYS:
        grid.add_holiday(day)
    compiled = grid.compile(datetime(2000, 1, 1), datetime(2061, 1, 1))  # answers elapsed
    until = datetime(2061, 1, 1)  # its default search stops after 5 years

    def wall(s: datetime) -> datetime:
        return s.astimezone(NY).replace(tzinfo=None)

    def aware(x: datetime) -> datetime:
        return x.replace(tzinfo=NY)

    ops = {k: Op(wall, lambda n, d=timedelta(hours=h): grid.add_work_duration(n, d, until), aware)
           for k, h in hours.items()}
    ops |= {k: Op(lambda s, p=p: (wall(s), wall(s + p)),
                  lambda ab: compiled.get_working_duration(*ab)) for k, p in SPANS.items()}
    return ops | {"is_open": Op(wall, compiled.can_work),
                  "next_open": Op(wall, grid.get_next_open_time, aware)}


PEERS: list[tuple[str, str, Callable[..., dict[str, Op]]]] = [
    ("businesstimedelta", "businesstimedelta", businesstimedelta_ops),
    ("pandas CustomBusinessHour", "pandas", pandas_ops),
    ("business-duration", "business-duration", business_duration_ops),
    ("workalendar", "workalendar", workalendar_ops),
    ("workclock", "workclock", workclock_ops),
    ("timegrid", "timegrid", timegrid_ops),
]


# --- timing ----------------------------------------------------------------------------------


def median_us(call: Callable[[Any], Any], arg: Any, budget: float) -> float:
    """Median microseconds per call, in batches long enough to beat the timer's noise."""
    t0 = clock.perf_counter()
    call(arg)  # warm: compiles spans, fills caches
    once = max(clock.perf_counter() - t0, 1e-7)
    batch = max(1, int(0.002 / once))
    rounds = max(3, min(100, int(budget / (once * batch))))
    samples = []
    for _ in range(rounds):
        t0 = clock.perf_counter_ns()
        for _ in range(batch):
            call(arg)
        samples.append((clock.perf_counter_ns() - t0) / batch / 1000)
    return statistics.median(samples)


# --- checking --------------------------------------------------------------------------------


def sample_starts(count: int) -> list[datetime]:
    """Instants over 2026-2027: half on whole or half hours (window bounds), half anywhere,
    plus both clock changes, a holiday and the edges of a window."""
    rng = random.Random(2026)
    origin = datetime(2026, 1, 1, tzinfo=UTC)
    fixed = [datetime(2026, 3, 6, 16, tzinfo=NY), datetime(2026, 3, 8, 1, 30, tzinfo=NY),
             datetime(2026, 10, 30, 15, tzinfo=NY), datetime(2026, 11, 1, 1, 30, tzinfo=NY),
             datetime(2026, 11, 26, 10, tzinfo=NY), datetime(2026, 11, 20, 9, tzinfo=NY),
             datetime(2026, 11, 20, 17, tzinfo=NY), datetime(2026, 11, 20, 13, tzinfo=NY)]
    out = list(fixed)
    while len(out) < count:
        moment = (origin + timedelta(minutes=rng.randrange(2 * 365 * 24 * 60))).astimezone(NY)
        if len(out) % 2:
            moment = moment.replace(minute=rng.choice([0, 30]))
        out.append(moment)
    return out


def expected(workload: str, start: datetime) -> Any:
    if workload in HOURS:
        return CAL.add(start, timedelta(hours=HOURS[workload]))
    if workload in SPANS:
        return CAL.elapsed(start, start + SPANS[workload])
    return CAL.is_open(start) if workload == "is_open" else CAL.next_open(start)


def _crosses_clock_change(a: datetime, b: datetime) -> bool:
    lo, hi = sorted((a, b))
    day = lo
    while day <= hi + timedelta(days=1):
        if day.astimezone(NY).utcoffset() != lo.astimezone(NY).utcoffset():
            return True
        day += timedelta(days=1)
    return False


def why(workload: str, start: datetime, want: Any, got: Any) -> str | None:
    """``None`` when ``got`` agrees with bizhours' ``want``, else the reason it differs."""
    if isinstance(got, Exception):
        return f"raises {type(got).__name__}: {str(got)[:60]}"
    if got is None:
        end = start + SPANS.get(workload, timedelta(0))
        return "NaN" + (" across a clock change" if _crosses_clock_change(start, end) else "")
    if isinstance(want, datetime):
        if got.tzinfo is None or got.utcoffset() is None:
            return "time zone dropped"
        if got == want:
            return None
        if CAL.elapsed(min(got, want), max(got, want)) == timedelta(0):
            return "boundary: next opening instead of the close" if got > want else (
                "boundary: the close instead of the next opening")
        if abs(got - want) == timedelta(hours=1) and _crosses_clock_change(start, want):
            return "DST: an hour off across a clock change"
        return "other"
    if isinstance(want, bool):
        if bool(got) == want:
            return None
        wall = start.astimezone(NY).time()
        if wall in (time(9), time(17)):
            return f"boundary: {'open' if got else 'closed'} at {wall:%H:%M}"
        return "other"
    if got == want:
        return None
    if abs(got - want) == timedelta(hours=1) and _crosses_clock_change(
            start, start + SPANS[workload]):
        return "DST: an hour off across a clock change"
    return "other"


def check(workload: str, op: Op, starts: list[datetime], budget: float
          ) -> tuple[int, Counter[str], dict[str, str]]:
    """How many inputs were checked, the reasons of the disagreements, an example of each."""
    reasons: Counter[str] = Counter()
    examples: dict[str, str] = {}
    deadline = clock.perf_counter() + budget
    checked = 0
    for start in starts:
        if checked >= 5 and clock.perf_counter() > deadline:
            break
        try:
            got = op.read(op.call(op.prepare(start)))
        except Exception as err:  # a peer's failure is a finding, not a crash
            got = err
        checked += 1
        want = expected(workload, start)
        reason = why(workload, start, want, got)
        if reason is not None:
            reason = op.limit(start) or reason
            reasons[reason] += 1
            examples.setdefault(reason, f"{start:%a %Y-%m-%d %H:%M}: {_show(want)} vs {_show(got)}")
    return checked, reasons, examples


def _show(x: Any) -> str:
    if isinstance(x, datetime):
        return f"{x:%a %Y-%m-%d %H:%M}" + ("" if x.tzinfo else " (naive)")
    return str(x)


# --- the report ------------------------------------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="shorter timings, fewer checks")
    args = parser.parse_args()
    budget, count, check_budget = (0.2, 60, 1.0) if args.quick else (1.0, 300, 4.0)

    libraries = [("bizhours", version("bizhours"), bizhours_ops())]
    libraries += [(name, version(dist), make()) for name, dist, make in PEERS]
    inputs = {w: (EVENING if w == "next_open" else START) for w in WORKLOADS}
    timings: dict[str, dict[str, float]] = {}
    for name, _, ops in libraries:
        timings[name] = {w: median_us(op.call, op.prepare(inputs[w]), budget)
                         for w, op in ops.items()}

    starts = sample_starts(count)
    print(f"Python {platform.python_version()} on {platform.machine()}, "
          f"{platform.processor() or platform.platform()}; Eastern window, "
          f"{len(HOLIDAYS)} Fed holiday dates 2000-2060\n")
    header = [f"{n} {v}" for n, v, _ in libraries]
    print("| workload | " + " | ".join(header) + " |")
    print("|---|" + "---:|" * len(header))
    for w in WORKLOADS:
        ours = timings["bizhours"][w]
        cells = [f"{ours:,.1f}"]
        for name, _, _ in libraries[1:]:
            us = timings[name].get(w)
            cells.append("—" if us is None else f"{_fmt(us)} ({us / ours:,.0f}x)")
        print(f"| {w} | " + " | ".join(cells) + " |")
    print("\nmedian microseconds per call (ratio peer / bizhours); — : the library cannot do it")

    print("\n| peer | workload | checked | disagree | why (count) | example: bizhours vs peer |")
    print("|---|---|---:|---:|---|---|")
    for name, _, ops in libraries[1:]:
        for w, op in ops.items():
            checked, reasons, examples = check(w, op, starts, check_budget)
            why_cell = "; ".join(f"{r} ({n})" for r, n in reasons.most_common()) or "—"
            example = "; ".join(examples[r] for r, _ in reasons.most_common(1)) or ""
            print(f"| {name} | {w} | {checked} | {sum(reasons.values())} | {why_cell} "
                  f"| {example} |")
    _targets(timings)


def _fmt(us: float) -> str:
    return f"{us:,.0f}" if us >= 100 else f"{us:,.1f}"


def _targets(t: dict[str, dict[str, float]]) -> None:
    ours = t["bizhours"]
    peers = {n: v for n, v in t.items() if n != "bizhours"}
    print("\nTargets (issue 7):")
    for w in WORKLOADS:
        best = min(((v[w], n) for n, v in peers.items() if w in v), default=None)
        if best is not None:
            ok = ours[w] <= best[0]
            print(f"- {w}: bizhours {ours[w]:,.1f} us vs fastest peer {best[1]} "
                  f"{best[0]:,.1f} us: {'met' if ok else 'NOT met'}")
    arith = [w for w in WORKLOADS if w in HOURS or w in SPANS]
    worst = max(ours[w] for w in arith)
    print(f"- add/elapsed at most 3 us whatever the horizon: worst {worst:,.1f} us: "
          f"{'met' if worst <= 3 else 'NOT met'}")
    for peer in ("workclock", "timegrid"):
        ratio = t[peer]["add 2,000 h"] / ours["add 2,000 h"]
        print(f"- 10x faster than {peer} at 2,000 h: {ratio:,.1f}x: "
              f"{'met' if ratio >= 10 else 'NOT met'}")
    ratio = t["businesstimedelta"]["elapsed 1 year"] / ours["elapsed 1 year"]
    print(f"- 1,000x faster than businesstimedelta at one year (elapsed): {ratio:,.0f}x: "
          f"{'met' if ratio >= 1000 else 'NOT met'}")


if __name__ == "__main__":
    main()
