"""Plot how cost grows with the horizon (one ``add``) and with the batch size (``add_many``).

Run: python benchmarks/plot.py [OUT.png]    (needs the bench and numpy extras, and matplotlib)
"""

from __future__ import annotations

import sys
from collections.abc import Callable

import matplotlib

matplotlib.use("Agg")  # files only, no display
import matplotlib.pyplot as plt
from batch import as_datetimes, cases, eastern, per_case_ns
from peers import (
    START,
    Op,
    bizhours_ops,
    businesstimedelta_ops,
    median_us,
    pandas_ops,
    timegrid_ops,
    workclock_ops,
)

from bizhours.batch import add_many

HOURS = [1, 4, 8, 40, 200, 2_000, 20_000]
SLOW_LIMIT = 2_000  # businesstimedelta walks the calendar: stop before it takes minutes


def horizon_curves() -> dict[str, list[tuple[int, float]]]:
    libraries: dict[str, Callable[..., dict[str, Op]]] = {
        "bizhours": bizhours_ops, "workclock": workclock_ops, "timegrid": timegrid_ops,
        "pandas CustomBusinessHour": pandas_ops, "businesstimedelta": businesstimedelta_ops,
    }
    curves: dict[str, list[tuple[int, float]]] = {}
    for name, make in libraries.items():
        ops = make({f"{h} h": h for h in HOURS if name != "businesstimedelta" or h <= SLOW_LIMIT})
        curves[name] = [(int(k.split()[0]), median_us(op.call, op.prepare(START), budget=0.3))
                        for k, op in ops.items() if k.endswith(" h")]
    return curves


def batch_curves() -> dict[str, list[tuple[int, float]]]:
    cal = eastern()
    sizes = [1, 10, 100, 1_000, 10_000, 100_000, 1_000_000]
    opened, target, _ = cases(max(sizes), seed=3)
    add_many(cal, opened[:1000], target[:1000])
    vec, pure = [], []
    for n in sizes:
        o, t = opened[:n], target[:n]
        vec.append((n, per_case_ns(lambda o=o, t=t: add_many(cal, o, t), n)))
        if n <= 100_000:
            s, d = as_datetimes(o), t.tolist()
            pure.append((n, per_case_ns(lambda s=s, d=d: add_many(cal, s, d), n)))
    return {"NumPy datetime64": vec, "list of aware datetimes": pure}


def main() -> None:
    out = sys.argv[1] if len(sys.argv) > 1 else "docs/performance.png"
    fig, (left, right) = plt.subplots(1, 2, figsize=(11, 4.2))
    for name, points in horizon_curves().items():
        left.plot(*zip(*points, strict=True), marker="o", label=name)
    left.set(xscale="log", yscale="log", xlabel="business hours added",
             ylabel="median microseconds per add", title="One add against the horizon")
    for name, points in batch_curves().items():
        right.plot(*zip(*points, strict=True), marker="o", label=name)
    right.set(xscale="log", yscale="log", xlabel="cases per add_many call",
              ylabel="nanoseconds per case", title="add_many against the batch size")
    for ax in (left, right):
        ax.grid(True, which="both", alpha=0.3)
        ax.legend(fontsize=8)
    fig.suptitle("bizhours, Eastern window (Mon-Fri 09:00-17:00 New York, Fed holidays)")
    fig.tight_layout()
    fig.savefig(out, dpi=110)
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
