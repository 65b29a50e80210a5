"""``bizhours due``: a case built from its events on the command line, measured by the policy
of the contract (or the enterprise terms), every metric shown; exit status 1 when breached.

Each event option may be repeated; the events are sorted by instant, and events at the same
instant keep the order of the command line.
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta, tzinfo
from typing import Any

from bizhours import sla
from bizhours._calendar import Calendar
from bizhours._definition.business_days import BusinessDays
from bizhours.cli._commands import Service, answer
from bizhours.cli._format import iso, show_time
from bizhours.cli._input import parse_pause, parse_time
from bizhours.cli._output import quoted
from bizhours.durations import duration_json, format_duration
from bizhours.errors import BizHoursError, UsageError
from bizhours.presets import calendar

EVENT_OPTIONS: dict[str, tuple[str, str, str]] = {
    # option: (event kind, metavar, help)
    "--responded": ("respond", "TIME", "an agent's reply: the first is the first response, a "
                    "later one answers the open next-reply cycle and counts as an update"),
    "--message": ("customer-message", "TIME", "the customer wrote: once the response has "
                  "been given, a next reply is owed"),
    "--updated": ("update", "TIME", "a progress update"),
    "--paused": ("pause", "START/END", "a pause of the clocks (waiting on the customer); "
                 "START/ for a pause still running"),
    "--escalated": ("escalate", "TIME=SEVERITY", "a change of severity (to a more or a less "
                    "urgent one, as the policy orders them)"),
    "--workaround": ("workaround", "TIME", "a workaround is provided: it ends the update "
                     "cadence"),
    "--resolved": ("resolve", "TIME", "the agreed resolution: it stops every clock"),
    "--reopened": ("reopen", "TIME", "the resolved case is open again"),
}


class EventAction(argparse.Action):
    """Keeps every event option in one list, in command-line order (``args.events``), so that
    events at the same instant happen in the order they were given."""

    def __call__(self, parser: argparse.ArgumentParser, namespace: argparse.Namespace,
                 values: str | Sequence[Any] | None, option_string: str | None = None) -> None:
        events = list(getattr(namespace, "events", None) or [])
        events.append((option_string or self.option_strings[0], str(values)))
        namespace.events = events


def add_due_options(p: argparse.ArgumentParser) -> None:
    """The options of ``bizhours due``."""
    p.add_argument("--severity", required=True, metavar="NAME",
                   help="the case's severity: a name of the contract's policy (without "
                        "--config: critical or non-critical)")
    p.add_argument("--opened", default="now", metavar="TIME",
                   help="when the case was opened (default: now)")
    for option, (_, metavar, text) in EVENT_OPTIONS.items():
        p.add_argument(option, action=EventAction, dest="events", default=[], metavar=metavar,
                       help=f"{text}; repeatable")
    p.add_argument("--at", default=argparse.SUPPRESS, metavar="TIME",
                   help="when to measure the case (default: now, or the last time given if "
                        "that is later)")


def run_due(args: argparse.Namespace, s: Service) -> int:
    """Every metric of a case opened at --opened with the events given; exit status 1 when
    the case is breached."""
    tz = s.calendar.timezone
    wall_now = datetime.now(UTC).replace(microsecond=0)
    opened = parse_time(args.opened, tz, now=wall_now)
    severity = _severity(args.severity, s.policy, f"--severity {quoted(args.severity)}", opened)
    events = [e for option, text in args.events
              for e in _events(option, text, tz, wall_now, s.policy, opened)]
    case = sla.Case.from_events(opened, severity, events)
    given = [opened, *(e[1] for e in events)]
    at = (parse_time(args.at, tz, now=wall_now) if hasattr(args, "at")
          else max(wall_now, *given, key=lambda t: t.astimezone(UTC)))
    ev = s.policy.evaluate(case, at)
    data = {"calendar": s.label, **ev.as_dict(), "events": _events_json(case, tz),
            "policy": _policy_json(s)}
    # value: the current response due moment alone; an empty line while it is paused.
    answer(args, _lines(ev, s, at), data, iso(ev.response.due, tz) or "")
    return 1 if ev.breached else 0


def _severity(text: str, policy: sla.Policy, what: str, opened: datetime) -> str:
    """``text`` as a severity name of ``policy``, else a usage error naming ``what`` and
    listing the policy's names."""
    try:
        name = sla.Case(opened, text).severity  # the case's own reading of a name
    except BizHoursError:
        name = ""
    if name not in policy.targets:
        raise UsageError(f"{what} is not a severity of the policy: accepted "
                         f"{', '.join(policy.order)}")
    return name


_Event = tuple[str, datetime] | tuple[str, datetime, str]


def _events(option: str, text: str, tz: tzinfo, now: datetime, policy: sla.Policy,
            opened: datetime) -> list[_Event]:
    """The events one option gives (a pause gives its resume too)."""
    kind = EVENT_OPTIONS[option][0]
    try:
        if kind == "pause":
            start, end = parse_pause(text, tz, now=now)
            pause: list[_Event] = [("pause", start)]
            return pause if end is None else [*pause, ("resume", end)]
        if kind == "escalate":
            moment, sep, name = text.partition("=")
            if not sep or not moment.strip() or not name.strip():
                raise UsageError(f"{option} {quoted(text)} is not TIME=SEVERITY: give the "
                                 f"time and the new severity, such as 2026-11-20T16:00="
                                 f"{policy.order[0]}")
            severity = _severity(name, policy, f"{option} {quoted(text)}: {quoted(name)}",
                                 opened)
            return [("escalate", parse_time(moment, tz, now=now), severity)]
        return [(kind, parse_time(text, tz, now=now))]
    except BizHoursError as exc:
        raise UsageError(f"{option}: {exc}") from None


def _events_json(case: sla.Case, tz: tzinfo) -> list[dict[str, Any]]:
    return [{"kind": e.kind.value, "at": iso(e.at, tz),
             "severity": None if e.severity is None else str(e.severity)} for e in case.events]


def _policy_json(s: Service) -> dict[str, Any]:
    """The policy the case is measured by: each severity's targets and clock."""
    policy = s.policy
    return {
        "order": [str(name) for name in policy.order],
        "on_escalation": policy.on_escalation.value,
        "on_de_escalation": policy.on_de_escalation.value,
        "targets": {str(name): {
            "clock": _clock_name(t.clock, s.calendar),
            **duration_json("response", t.response),
            **duration_json("update_every", t.update_every),
            **duration_json("next_reply", t.next_reply),
            **duration_json("resolution", t.resolution),
            "pausable": [m.value for m in sla.Metric if m in t.pausable],
            "warn_at": list(t.warn_at),
        } for name, t in policy.targets.items()},
    }


def _clock_name(clock: Calendar, business: Calendar) -> str:
    """``"business"`` (the contract's calendar), ``"24x7"``, or the clock's own text."""
    if clock == business:
        return "business"
    return "24x7" if clock == calendar("24x7") else repr(clock)


# --- text -------------------------------------------------------------------------------------


class _Words:
    """How the text names times and clocks for one case."""

    def __init__(self, s: Service, tz: tzinfo) -> None:
        self.s, self.tz = s, tz

    def time(self, moment: datetime) -> str:
        return show_time(moment, self.tz)

    def clock(self, clock: Calendar | None) -> str:
        if clock is None or clock == self.s.calendar:
            return f"of {self.s.label} business time"
        return "on the 24x7 clock" if clock == calendar("24x7") else f"on {clock!r}"

    def goal(self, goal: timedelta | BusinessDays, clock: Calendar | None) -> str:
        if isinstance(goal, BusinessDays):
            where = self.s.label if clock is None or clock == self.s.calendar else "24x7"
            return f"by {goal} on {where} business days"
        return f"within {format_duration(goal)} {self.clock(clock)}"

    def status(self, st: sla.MetricStatus, met: str) -> str:
        """Where one status stands: its due moment and its verdict."""
        clock = self.clock(st.clock)
        due = f"due {self.time(st.due)}" if st.due is not None else "due: paused"
        if st.met_at is not None:
            verdict = f"{met} {self.time(st.met_at)} ({'late' if st.breached else 'in time'})"
        elif st.ended_at is not None:
            verdict = f"ended unmet {self.time(st.ended_at)}" + (
                ", BREACHED" if st.breached else "")
        elif st.breached:
            verdict = f"BREACHED, overdue by {format_duration(-st.remaining)} {clock}"
        elif st.due is None:
            verdict = f"paused, {format_duration(st.remaining)} left {clock}"
        else:
            verdict = f"{format_duration(st.remaining)} left {clock}"
        return f"{due}: {verdict}"


_LABEL = 14  # the width of the label column


def _row(label: str, text: str) -> str:
    return f"  {label:<{_LABEL - 2}}  {text}" if len(label) <= _LABEL - 2 else f"  {label}  {text}"


def _lines(ev: sla.Evaluation, s: Service, at: datetime) -> list[str]:
    tz = s.calendar.timezone
    w = _Words(s, tz)
    target = s.policy.targets[ev.severity]
    r = ev.response
    how = "a call back" if ev.severity is sla.Severity.CRITICAL else "a response"
    lines = [
        f"{ev.severity} case opened {w.time(ev.case.opened_at)}, measured at {w.time(at)}",
        _row("target", f"{how} {w.goal(r.target, r.clock)}"),
        _row("response due", w.time(r.due) if r.due is not None
             else "paused: the deadline moves when the clock resumes"),
    ]
    clock = w.clock(r.clock)
    if r.met_at is not None:
        lines.append(_row("answered", f"{w.time(r.met_at)} "
                                      f"({'late' if r.breached else 'in time'})"))
    elif r.remaining < timedelta(0) or r.breached:
        lines.append(_row("BREACHED", f"overdue by {format_duration(-r.remaining)} {clock}"))
    else:
        lines.append(_row("remaining", f"{format_duration(r.remaining)} {clock}"))
    for old in ev.history:
        lines.append(_row(f"{old.metric.value} ({old.severity})", w.status(old, "met")))
    closed = _closed_periods(ev.case)
    for a, b in ev.pauses:
        why = " (resolved until reopened)" if (a, b) in closed else ""
        lines.append(_row("paused", f"{w.time(a)} to "
                                    f"{w.time(b) if b is not None else '(still paused)'}{why}"))
    severity = ev.case.opened_severity
    for event in ev.case.events:
        if event.kind is sla.EventKind.ESCALATE:
            order = s.policy.order
            assert event.severity is not None
            up = order.index(event.severity) < order.index(severity)
            severity = event.severity
            lines.append(_row("escalated" if up else "de-escalated",
                              f"{w.time(event.at)} to {event.severity}"))
        elif event.kind is sla.EventKind.WORKAROUND:
            lines.append(_row("workaround", w.time(event.at)))
        elif event.kind is sla.EventKind.RESOLVE:
            lines.append(_row("resolved", w.time(event.at)))
        elif event.kind is sla.EventKind.REOPEN:
            lines.append(_row("reopened", w.time(event.at)))
    lines += _update_lines(ev, target, w, at)
    lines += _reply_lines(ev, target, w)
    if ev.resolution is not None:
        res = ev.resolution
        lines.append(_row("resolution", f"{w.goal(res.target, res.clock)}, "
                                        f"{w.status(res, 'resolved')}"))
    elif target.resolution is None:
        lines.append(_row("resolution", "no resolution target"))
    lines += _warning_lines(ev, w)
    breaches = [f"{b.metric.value} ({b.severity})"
                + ("" if b.due is None else f", due {w.time(b.due)}") for b in ev.breaches]
    lines += [_row("" if n else "breaches", text) for n, text in enumerate(breaches)]
    return lines if breaches else [*lines, _row("breaches", "none")]


def _closed_periods(case: sla.Case) -> set[tuple[datetime, datetime | None]]:
    """Each (resolution, reopening) of ``case``: evaluation shows them among the pauses."""
    periods: set[tuple[datetime, datetime | None]] = set()
    resolved = None
    for event in case.events:
        if event.kind is sla.EventKind.RESOLVE:
            resolved = event.at
        elif event.kind is sla.EventKind.REOPEN and resolved is not None:
            periods.add((resolved, event.at))
    return periods


def _update_lines(ev: sla.Evaluation, target: sla.Target, w: _Words, at: datetime
                  ) -> list[str]:
    lines = []
    every = target.update_every
    if every is None and not ev.updates:
        return [_row("next update", "no update cadence agreed")]
    nxt = ev.next_update
    if every is not None:
        cadence = f"(every {format_duration(every)})"
        if ev.next_update_due is not None and nxt is not None and nxt.breached:
            late = target.clock.elapsed(ev.next_update_due, at)
            lines.append(_row("next update", f"OVERDUE since {w.time(ev.next_update_due)}, by "
                                             f"{format_duration(late)} {w.clock(target.clock)} "
                                             f"{cadence}"))
        elif ev.next_update_due is not None:
            lines.append(_row("next update", f"{w.time(ev.next_update_due)} {cadence}"))
        elif ev.updates_ended_by is not None:
            lines.append(_row("next update", f"none: the {ev.updates_ended_by} ended the "
                                             f"cadence {cadence}"))
        elif ev.paused and nxt is not None and not nxt.stopped:
            lines.append(_row("next update", f"paused: due when the clock resumes {cadence}"))
        else:
            lines.append(_row("next update", f"every {format_duration(every)} "
                                             f"{w.clock(target.clock)}, counted from the "
                                             "response"))
    for n, st in enumerate(ev.updates, 1):
        lines.append(_row(f"update {n}", f"from {w.time(st.started_at)}, "
                                         f"{w.status(st, 'met')}"))
    return lines


def _reply_lines(ev: sla.Evaluation, target: sla.Target, w: _Words) -> list[str]:
    if not ev.replies:
        if target.next_reply is None:
            return [_row("next reply", "no next-reply target")]
        return [_row("next reply", f"{w.goal(target.next_reply, target.clock)} of each "
                                   "customer message once responded (none owed)")]
    return [_row(f"reply {n}", f"message {w.time(st.started_at)}, {w.status(st, 'answered')}")
            for n, st in enumerate(ev.replies, 1)]


def _warning_lines(ev: sla.Evaluation, w: _Words) -> list[str]:
    lines = []
    for metric in sla.Metric:
        st = ev.status(metric)
        if st is None or not st.warn_at:
            continue
        shown = []
        for share, moment in st.warnings:
            when = "not reached" if moment is None else w.time(moment)
            shown.append(f"{share:.0%} {when}")
        lines.append(_row("warnings", f"{metric.value}: {', '.join(shown)}"))
    return lines
