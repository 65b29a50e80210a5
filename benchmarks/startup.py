"""How long ``bizhours open`` takes to start and answer, beside a bare interpreter importing
zoneinfo, measured in the same run: medians of several runs, and the ratio.

    PYTHONPATH=src python benchmarks/startup.py [--runs 15]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time

CASES = [
    ("python -c 'import zoneinfo' (baseline)", [sys.executable, "-c", "import zoneinfo"]),
    ("bizhours --version", [sys.executable, "-m", "bizhours", "--version"]),
    ("bizhours open --zone 24x7", [sys.executable, "-m", "bizhours", "open", "--zone", "24x7"]),
    ("bizhours open", [sys.executable, "-m", "bizhours", "open"]),
    ("bizhours open --zone uk", [sys.executable, "-m", "bizhours", "open", "--zone", "uk"]),
]


def median_ms(command: list[str], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                       check=False)
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=15)
    runs = parser.parse_args().runs
    for _, command in CASES:  # warm the file cache once, so the first case pays no more
        subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                       check=False)
    figures = [(name, median_ms(command, runs)) for name, command in CASES]
    baseline = figures[0][1]
    print(f"startup, median of {runs} runs ({sys.version.split()[0]})")
    print(f"{'command':<42} {'median ms':>10} {'x baseline':>11}")
    for name, ms in figures:
        print(f"{name:<42} {ms:>10.1f} {ms / baseline:>11.1f}")


if __name__ == "__main__":
    main()
