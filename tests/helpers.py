"""Helpers shared by the tests: zones, units, aware datetimes, and definitions on integers.

A plain module rather than fixtures: module-level constants and Hypothesis strategies use
these too, and ``@given`` tests cannot take function-scoped fixtures. Import them as
``from tests.helpers import NY, H, utc``.
"""

from __future__ import annotations

import os
import sys
import threading
from collections.abc import Callable, Mapping
from datetime import UTC, date, datetime, timedelta, tzinfo
from pathlib import Path
from zoneinfo import ZoneInfo

from bizhours._definition.definition import Definition, WeeklyHours
from bizhours._definition.holidays import HolidaySource
from bizhours._definition.hours import parse_time, parse_week
from bizhours._instants import US_PER_SECOND, local_to_us

# --- the repository ------------------------------------------------------------------------

ROOT = Path(__file__).resolve().parents[1]
CONTRACT = ROOT / "examples" / "contract.toml"
SCRIPT = Path(sys.executable).with_name("bizhours.exe" if os.name == "nt" else "bizhours")
"""The ``bizhours`` console script of the running interpreter's environment."""

# --- Hypothesis' budget (the profiles are in tests/conftest.py) -------------------------------

PROFILE = os.environ.get("BIZHOURS_HYPOTHESIS", "ci").strip().lower() or "ci"
"""The run's Hypothesis profile: ``ci`` (the default), ``thorough`` or ``quick``."""
if PROFILE not in ("ci", "thorough", "quick"):
    raise RuntimeError(
        f"BIZHOURS_HYPOTHESIS={PROFILE!r}: accepted ci (the default), thorough or quick")
THOROUGH = 10
"""How many times the CI examples the thorough profile runs."""
QUICK = 5
"""How many times fewer examples the quick profile runs (CI's run on other settings)."""


def examples(n: int) -> int:
    """The budget of a test that sets its own: ``n`` examples in CI, ``THOROUGH * n`` in the
    thorough profile, ``n // QUICK`` (at least one) in the quick one."""
    if PROFILE == "thorough":
        return THOROUGH * n
    return max(1, n // QUICK) if PROFILE == "quick" else n


# --- zones --------------------------------------------------------------------------------

NY = ZoneInfo("America/New_York")
ET = NY
LONDON = ZoneInfo("Europe/London")
TOKYO = ZoneInfo("Asia/Tokyo")
BERLIN = ZoneInfo("Europe/Berlin")

# --- durations ----------------------------------------------------------------------------

H = timedelta(hours=1)
MIN = timedelta(minutes=1)
US = timedelta(microseconds=1)
ZERO = timedelta(0)

# --- aware datetimes ----------------------------------------------------------------------


def utc(*args: int) -> datetime:
    """``datetime(*args)`` in UTC: ``utc(2026, 1, 5, 9)``."""
    return datetime(*args, tzinfo=UTC)  # type: ignore[arg-type, misc]


def et(*args: int) -> datetime:
    """``datetime(*args)`` in New York."""
    return datetime(*args, tzinfo=ET)  # type: ignore[arg-type, misc]


def uk(*args: int) -> datetime:
    """``datetime(*args)`` in London."""
    return datetime(*args, tzinfo=LONDON)  # type: ignore[arg-type, misc]


# --- integers (the engine's instants and durations, microseconds) -------------------------

MINUTE_US = 60 * US_PER_SECOND
HOUR_US = 60 * MINUTE_US
DAY_US = 24 * HOUR_US


def weekly(
    hours: Mapping[str, str],
    tz: tzinfo = UTC,
    *,
    holidays: HolidaySource | None = None,
) -> Definition:
    """A definition with ``hours`` (``{"mon-fri": "09:00-17:00"}``) from the beginning."""
    return Definition(tz, weekly=(WeeklyHours(date.min, parse_week(hours)),), holidays=holidays)


def at_us(tz: tzinfo, day: date, hhmm: str = "00:00") -> int:
    """The instant of the local wall time ``hhmm`` (``"24:00"`` allowed) on ``day`` in ``tz``."""
    return local_to_us(tz, day, parse_time(hhmm, is_close=True))


# --- time bounds ----------------------------------------------------------------------------


def finishes(call: Callable[[], object], seconds: float = 20.0) -> BaseException | None:
    """Run ``call`` in a thread; fail if it has not returned or raised within ``seconds``.
    Returns what it raised (``None`` when it returned)."""
    outcome: list[BaseException | None] = []

    def run() -> None:
        try:
            call()
            outcome.append(None)
        except BaseException as exc:
            outcome.append(exc)

    worker = threading.Thread(target=run, daemon=True)
    worker.start()
    worker.join(seconds)
    assert outcome, f"the call did not finish within {seconds} s"
    return outcome[0]
