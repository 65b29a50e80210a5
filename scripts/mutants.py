"""Plant known bugs in the engine, SLA and availability cores, one at a time, and check that
the tests catch each: a mutation check kept with the code.

Each mutant replaces one exact piece of a source file (it must occur exactly once: a mutant
whose text is gone is reported stale, to be rewritten) in a copy of ``src/``, then runs the
tests that should catch it against that copy. A mutant the tests miss is a gap in the tests.

Run: python scripts/mutants.py [--jobs N] [--skip-control] [NAME ...]
(all by default; a few minutes; CI runs it). ``--jobs`` runs that many mutants at once, each
on its own copy; ``--skip-control`` leaves out the control run, for a caller that has just
run the whole suite on the same source (CI). Exit status 1 when a mutant survives or is
stale; 2 when the tests fail with nothing planted (the control run, first).
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


@dataclass(frozen=True, slots=True)
class Mutant:
    """One planted bug: in ``path`` (under ``src/bizhours``), ``old`` becomes ``new``; the
    tests under ``tests`` should fail."""

    name: str
    path: str
    old: str
    new: str
    tests: tuple[str, ...]


ENGINE = ("tests/engine", "tests/calendar")
SLA = ("tests/sla",)
AVAILABILITY = ("tests/availability",)

MUTANTS = (
    Mutant("total: off by one inside a window", "_engine/state.py",
           "(end - t if t < end else 0)", "(end - t - 1 if t < end else 0)", ENGINE),
    Mutant("add: a deadline that uses up a window lands on the next opening",
           "_engine/timeline.py", "j = bisect_left(state.cum_end, target)",
           "j = bisect_right(state.cum_end, target)", ENGINE),
    Mutant("business days: moving past a state's last date loses a date",
           "_engine/business.py", "        n -= len(state.days) - after\n",
           "        n -= len(state.days) - after + 1\n", ENGINE),
    Mutant("business days: a wall time in a break kept there", "_engine/business.py",
           "return t if t < state.ends[i] else state.ends[i]", "return t", ENGINE),
    Mutant("business days: a cutoff compared after it, not at it", "_engine/business.py",
           "_clock(tl, t, found) >= cutoff", "_clock(tl, t, found) > cutoff", ENGINE),
    Mutant("business days: a night range's part after midnight counted on its own date",
           "_engine/compile.py", "before, hours.carried, before_offset",
           "before, (), before_offset", ENGINE),
    Mutant("rules: a year's first date skipped", "_definition/dates.py",
           "dates.walk(date(year, 1, 1), date(year, 12, 31))",
           "dates.walk(date(year, 1, 2), date(year, 12, 31))", ("tests/definition",)),
    Mutant("next_open: open at the close", "_engine/timeline.py",
           "            if i >= 0 and t < state.ends[i]:\n                return t",
           "            if i >= 0 and t <= state.ends[i]:\n                return t", ENGINE),
    Mutant("windows: split at the edge of a compiled span", "_engine/timeline.py",
           "if end >= hi and hi < b:  # this window may go on past the span",
           "if False:  # this window may go on past the span", ENGINE),
    Mutant("previous_close: a window going on across an edge taken as closed",
           "_engine/timeline.py", "if i >= 0 and state.ends[i] == going_on:",
           "if False and state.ends[i] == going_on:", ENGINE),
    Mutant("previous_open: a window begun at a span's edge taken from before it",
           "_engine/timeline.py",
           "if found is not None and state.hi <= t:  # the state just before the edge",
           "if False:", ENGINE),
    Mutant("clip: a window touching the span's start kept", "_engine/compile.py",
           "        if ends[i] > lo:", "        if ends[i] >= lo:", ENGINE),
    Mutant("intersection: touching windows overlap", "_engine/compile.py",
           "        if start < end:\n            out.append((start, end))",
           "        if start <= end:\n            out.append((start, end))", ENGINE),
    Mutant("state: windows that touch are not merged", "_engine/state.py",
           "if ends and start <= ends[-1]:", "if ends and start < ends[-1]:", ENGINE),
    Mutant("compile: new weekly hours take effect a day late", "_engine/compile.py",
           "k = bisect_right(effective, day) - 1", "k = bisect_left(effective, day) - 1",
           ENGINE),
    Mutant("add backwards: landing on an opening gives the close before it",
           "_engine/timeline.py", "j = bisect_right(state.cum_start, target) - 1",
           "j = bisect_left(state.cum_start, target) - 1", ENGINE),
    Mutant("resolver: a wall time in a DST gap a microsecond before its end", "_instants.py",
           "            lo = mid\n    return hi\n", "            lo = mid\n    return hi - 1\n",
           ENGINE),
    Mutant("vector: open time of an instant inside a window miscounted", "_engine/vector.py",
           "np.maximum(ends[k] - t, 0)", "np.abs(ends[k] - t)", ("tests/engine",
                                                                  "tests/batch")),
    Mutant("SLA: a pause beginning at the deadline moves it", "sla/_metrics.py",
           "if candidate <= a:", "if candidate < a:", SLA),
    Mutant("SLA: a pause open past the response not clipped", "sla/_metrics.py",
           "b = stop if p1 is None or p1 > stop else p1", "b = stop if p1 is None else p1", SLA),
    Mutant("SLA: a response exactly at the deadline is late", "sla/_metrics.py",
           "breached=stop > due,", "breached=stop >= due,", SLA),
    Mutant("SLA: paused time not subtracted", "sla/_metrics.py",
           "            elapsed -= clock.elapsed(a, b)\n", "            elapsed -= 0\n", SLA),
    Mutant("SLA: a late update does not breach its interval", "sla/_replay.py",
           "            self._end_interval(at, at)\n            self._start_interval(at)",
           "            self._start_interval(at)", SLA),
    Mutant("SLA: a reopening does not pause the metrics outside pausable", "sla/_replay.py",
           "        self.closed.open(resolved, at)\n", "", SLA),
    Mutant("availability: an API success right after an outage ignored by the bridge",
           "availability/_report.py", "traffic.silent(2 * (s + 1), 2 * nxt)",
           "traffic.silent(2 * (s + 1) + 1, 2 * nxt)", AVAILABILITY),
    Mutant("availability: outages a second apart are one", "availability/_report.py",
           "seconds[j] == seconds[j - 1] + 1", "seconds[j] <= seconds[j - 1] + 2",
           AVAILABILITY),
    Mutant("availability: a bridge one second too long", "availability/_report.py",
           "a - spans[-1][1] <= gap", "a - spans[-1][1] <= gap + 1", AVAILABILITY),
    Mutant("availability: SMTP 452 not a failure", "availability/_attempts.py",
           "status in (421, 451, 452, NO_RESPONSE)", "status in (421, 451, NO_RESPONSE)",
           AVAILABILITY),
    Mutant("availability: HTTP 599 not a failure", "availability/_attempts.py",
           "500 <= status <= 599", "500 <= status < 599", AVAILABILITY),
    Mutant("availability: combine keeps a block of 64 successes as arrays",
           "availability/_traffic.py", "if len(cells) >= DENSE:", "if len(cells) > DENSE:",
           AVAILABILITY),
    Mutant("arrow engine: a byte-order mark starting a batch read as pyarrow reads it",
           "availability/_arrow.py", "if not block.startswith(codecs.BOM_UTF8):", "if True:",
           AVAILABILITY),
    Mutant("availability: a second unavailable only when both channels fail",
           "availability/_report.py",
           "(api_fail > 0 and api_ok == 0) or (smtp_fail > 0 and smtp_ok == 0)",
           "(api_fail > 0 and api_ok == 0) and (smtp_fail > 0 and smtp_ok == 0)", AVAILABILITY),
)


def run(mutant: Mutant, scratch: Path) -> str:
    """``caught``, ``SURVIVED`` or ``STALE`` for one mutant, on a fresh copy of ``src/``."""
    src = scratch / "src"
    if src.exists():
        shutil.rmtree(src)
    shutil.copytree(ROOT / "src", src)
    target = src / "bizhours" / mutant.path
    text = target.read_text(encoding="utf-8")
    if text.count(mutant.old) != 1:
        return "STALE"
    target.write_text(text.replace(mutant.old, mutant.new), encoding="utf-8")
    return "SURVIVED" if passes(src, mutant.tests) else "caught"


def passes(src: Path, tests: tuple[str, ...]) -> bool:
    """Whether ``tests`` pass against the package in ``src`` (first on the path)."""
    env = {**os.environ, "PYTHONPATH": str(src), "PYTHONDONTWRITEBYTECODE": "1"}
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-x", "-q", "-p", "no:cacheprovider", *tests],
        cwd=ROOT, env=env, capture_output=True, text=True, check=False)
    return result.returncode == 0


def controls(chosen: list[Mutant], scratch: Path) -> list[tuple[str, ...]]:
    """The test groups that fail with nothing planted (then a failure says nothing)."""
    src = scratch / "src"
    shutil.copytree(ROOT / "src", src)
    failing = [group for group in dict.fromkeys(m.tests for m in chosen)
               if not passes(src, group)]
    shutil.rmtree(src)
    return failing


def timed(mutant: Mutant) -> tuple[str, float]:
    """``run`` on a scratch directory of its own, and the seconds it took."""
    t0 = time.perf_counter()
    with tempfile.TemporaryDirectory() as scratch:
        outcome = run(mutant, Path(scratch))
    return outcome, time.perf_counter() - t0


def main(argv: list[str]) -> int:
    """Run the mutants named (all by default) and print a table; 1 when any is not caught."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--jobs", type=int, default=1, help="mutants run at once (default 1)")
    parser.add_argument("--skip-control", action="store_true",
                        help="no control run: the caller has just run the suite on this source")
    parser.add_argument("names", nargs="*", metavar="NAME")
    args = parser.parse_args(argv)
    chosen = [m for m in MUTANTS if not args.names or m.name in args.names]
    unknown = set(args.names) - {m.name for m in MUTANTS}
    if unknown or args.jobs < 1:
        print(f"unknown mutants: {sorted(unknown)}" if unknown else "--jobs must be 1 or more",
              file=sys.stderr)
        return 2
    if not args.skip_control:
        with tempfile.TemporaryDirectory() as scratch:
            failing = controls(chosen, Path(scratch))
        if failing:  # a planted bug cannot be told from a test that fails anyway
            print(f"the tests fail with nothing planted: {failing}", file=sys.stderr)
            return 2
    bad = 0
    print(f"{'mutant':<76} {'result':<9} {'s':>5}")
    with ThreadPoolExecutor(args.jobs) as pool:  # each a subprocess: threads only wait
        for mutant, (outcome, seconds) in zip(chosen, pool.map(timed, chosen), strict=True):
            bad += outcome != "caught"
            print(f"{mutant.name:<76} {outcome:<9} {seconds:5.0f}", flush=True)
    print(f"{len(chosen) - bad} of {len(chosen)} caught")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
