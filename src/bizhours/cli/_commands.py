"""The subcommands of ``bizhours`` (``availability`` lives in ``cli_availability``).

Each runner takes the parsed arguments and the service (calendar, policy, contract) chosen by
``--zone`` or ``--config``, prints its answer and returns the exit status.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from bizhours._calendar import Calendar
from bizhours._definition.business_days import BusinessDays
from bizhours._instants import zone_name
from bizhours.cli._format import OpenState, emit, iso, show_time
from bizhours.cli._hours import describe_days, hours_json, hours_lines
from bizhours.cli._input import (
    parse_date,
    parse_month,
    parse_time,
    today,
)
from bizhours.cli._output import OutputError, out, out_bytes
from bizhours.cli._rows import add_value, elapsed_value, one_or_many, run_rows, seconds_value
from bizhours.config import Contract, load_contract
from bizhours.durations import duration_json, format_duration, parse_deadline
from bizhours.errors import BizHoursError, UsageError
from bizhours.ics import to_ics
from bizhours.presets import calendar
from bizhours.sla import Policy, enterprise_policy

OVERVIEW_ZONES = ("eastern", "pacific", "uk")
MAX_DAYS = 3660  # ten years: enough for any report, short enough to never look like a hang


@dataclass(frozen=True, slots=True)
class Service:
    """The calendar, policy and contract a command runs on, chosen by --zone or --config."""

    label: str
    calendar: Calendar
    policy: Policy
    contract: Contract | None

    def notes(self, day: date) -> list[str]:
        """What the contract file says about ``day`` (nothing for a preset)."""
        return self.contract.notes_on(day) if self.contract else []


def service(args: argparse.Namespace) -> Service:
    """The calendar, policy and contract named by --zone/--subdivision or --config."""
    zone = getattr(args, "zone", None)
    sub = getattr(args, "subdivision", None)
    path = getattr(args, "config", None)
    if path is not None:
        if zone is not None or sub is not None:
            raise UsageError("--config takes the calendar from the contract file: "
                             "do not give --zone or --subdivision with it")
        contract = load_contract(path)
        return Service(contract.label, contract.calendar, contract.policy, contract)
    zone = zone or "eastern"
    try:
        cal = calendar(zone, sub)
    except BizHoursError as exc:
        raise UsageError(f"--subdivision: {exc}") from None
    label = f"{zone} ({sub.strip().upper()})" if sub else zone
    return Service(label, cal, enterprise_policy(cal), None)


def _json(args: argparse.Namespace) -> bool:
    return bool(getattr(args, "json", False))


def answer(args: argparse.Namespace, text: list[str], data: Any, value: str = "") -> None:
    """Print the answer in the format asked for (``value``: the answer alone)."""
    if getattr(args, "output_format", "text") == "value":
        out([value])
    else:
        emit(_json(args), text, data)


def run_overview(args: argparse.Namespace) -> int:
    """No subcommand: the three service windows (or the one chosen), open or closed."""
    chosen = any(hasattr(args, k) for k in ("zone", "subdivision", "config"))
    services = [service(args)] if chosen else [
        Service(z, calendar(z), enterprise_policy(z), None) for z in OVERVIEW_ZONES]
    states = []
    for s in services:
        at = parse_time(getattr(args, "at", "now"), s.calendar.timezone)
        states.append(OpenState.of(s.label, s.calendar, at))
    width = max(len(s.label) for s in states)
    answer(args, [s.row(width) for s in states], [s.as_json() for s in states])
    return 0


def run_open(args: argparse.Namespace, s: Service) -> int:
    """Open or closed at --at (default now); the exit status says which."""
    at = parse_time(getattr(args, "at", "now"), s.calendar.timezone)
    state = OpenState.of(s.label, s.calendar, at)
    answer(args, state.lines(), state.as_json(), "open" if state.is_open else "closed")
    return 0 if state.is_open else 1


def run_add(args: argparse.Namespace, s: Service) -> int:
    """TIME plus DURATION of business time, or plus business days (``2bd``, ``1bd@16:00``)."""
    if one_or_many(args, ("time", "duration"), ("TIME", "DURATION")):
        return run_rows(args, ("at", "duration"), lambda row: add_value(s.calendar, *row))
    tz = s.calendar.timezone
    at = parse_time(args.time, tz)
    duration = parse_deadline(args.duration)
    result = s.calendar.add(at, duration).astimezone(tz)
    if isinstance(duration, BusinessDays):
        how = f"{duration} on {s.label} business days after {show_time(at, tz)}"
    else:
        side = "before" if duration < timedelta(0) else "after"
        how = (f"{format_duration(abs(duration))} of {s.label} business time {side} "
               f"{show_time(at, tz)}")
    answer(args, [f"{show_time(result, tz)}  ({how})"],
         {"calendar": s.label, "at": iso(at, tz), **duration_json("duration", duration),
          "result": iso(result, tz)}, result.isoformat())
    return 0


def run_elapsed(args: argparse.Namespace, s: Service) -> int:
    """The business time between START and END."""
    if one_or_many(args, ("start", "end"), ("START", "END")):
        return run_rows(args, ("start", "end"), lambda row: elapsed_value(s.calendar, *row))
    tz = s.calendar.timezone
    start, end = parse_time(args.start, tz), parse_time(args.end, tz)
    elapsed = s.calendar.elapsed(start, end)
    text = (f"{format_duration(elapsed)} of {s.label} business time from {show_time(start, tz)} "
            f"to {show_time(end, tz)}")
    answer(args, [text], {"calendar": s.label, "start": iso(start, tz), "end": iso(end, tz),
                        **duration_json("elapsed", elapsed)}, seconds_value(elapsed))
    return 0


# --- hours ----------------------------------------------------------------------------------


def run_hours(args: argparse.Namespace, s: Service) -> int:
    """A month (or --from DATE --days N) of the calendar: grid, named days, windows."""
    tz = s.calendar.timezone
    if args.month is not None and (args.from_ is not None or args.days is not None):
        raise UsageError("give either --month or --from/--days, not both")
    if args.month is not None:
        first, following = parse_month(args.month)
        count = (following - first).days
    elif args.from_ is not None or args.days is not None:
        first = parse_date(args.from_, "--from") if args.from_ is not None else today(tz)
        count = 7 if args.days is None else args.days
        if not 1 <= count <= MAX_DAYS:
            raise UsageError(f"--days {count}: accepted 1 to {MAX_DAYS}")
    else:
        now = today(tz)
        first, following = parse_month(f"{now.year:04d}-{now.month:02d}")
        count = (following - first).days
    days = describe_days(s.calendar, first, count, s.notes)
    answer(args, hours_lines(s.label, s.calendar, days), hours_json(s.label, s.calendar, days))
    return 0


# --- export-ics -----------------------------------------------------------------------------


def run_export_ics(args: argparse.Namespace, s: Service) -> int:
    """The service calendar as iCalendar, on stdout or in --output FILE."""
    if _json(args):
        raise UsageError("export-ics writes iCalendar, not JSON: leave out --json")
    tz = s.calendar.timezone
    first = parse_date(args.from_, "--from") if args.from_ is not None else today(tz)
    last = parse_date(args.to, "--to") if args.to is not None else first + timedelta(days=364)
    if last < first:
        start = f"--from {first}" if args.from_ is not None else f"today, {first} (give --from)"
        raise UsageError(f"--to {last} is before {start}")
    if (last - first).days >= MAX_DAYS:
        raise UsageError(f"--from {first} --to {last}: at most {MAX_DAYS} days at a time")
    data = to_ics(s.calendar, first, last, name=s.label, notes=s.notes)
    if args.output is None:
        out_bytes(data)
        return 0
    _save(args.output, data)
    events = data.count(b"BEGIN:VEVENT")
    zone = zone_name(tz)
    label = s.label if s.label == zone else f"{s.label} ({zone})"
    out([f"{args.output}: {events} events, {label}, {first} to {last}"])
    return 0


def _save(path: str, data: bytes) -> None:
    """Write ``data`` to the file ``path``; a failure is an output error (exit status 74)."""
    try:
        with open(path, "wb") as f:
            f.write(data)
    except OSError as exc:
        raise OutputError(f"{path}: cannot write: {exc.strerror or exc}") from None


RUNNERS: dict[str, Callable[[argparse.Namespace, Service], int]] = {
    "open": run_open,
    "add": run_add,
    "elapsed": run_elapsed,
    "hours": run_hours,
    "export-ics": run_export_ics,
}
