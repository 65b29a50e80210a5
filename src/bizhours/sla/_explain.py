"""Why a metric is due when it is: the spans that counted, the pauses, the closed periods.

Built from one status and its target's clock, with the clock's public queries (``windows``,
``elapsed``, ``is_business_day``, ``holiday_name``, ``is_adjusted``), so every metric's status
is explained the same way; only ``Evaluation.explain`` calls it, so batch evaluation never
pays for it. Work is in UTC (two datetimes of one zone compare and
subtract by wall time); the parts are given in the zone of the case's opening time.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, tzinfo

from bizhours._calendar import Calendar
from bizhours._definition.business_days import BusinessDays
from bizhours._instants import weekday_abbr
from bizhours.sla._metrics import MetricStatus
from bizhours.sla._severity import Metric

_TICK = timedelta(microseconds=1)
_DAY = timedelta(days=1)
Interval = tuple[datetime, datetime]


@dataclass(frozen=True, slots=True)
class Span:
    """Open time on the target's clock, ``[start, end)``."""

    start: datetime
    end: datetime

    @property
    def length(self) -> timedelta:
        """Elapsed time from start to end."""
        # In UTC: a same-zone subtraction would ignore a DST change inside the span.
        return self.end.astimezone(UTC) - self.start.astimezone(UTC)


@dataclass(frozen=True, slots=True)
class PausedSpan:
    """A pause within the explained stretch; ``end`` is ``None`` while still paused.

    ``clock_time`` is the open time the pause took off the clock: all it can move a deadline by.
    """

    start: datetime
    end: datetime | None
    clock_time: timedelta


@dataclass(frozen=True, slots=True)
class ClosedPeriod:
    """Time the clock was closed, with why: ``night``, ``weekend``, ``holiday: <name>`` or
    ``adjustment`` (a date-specific change of that date's hours), once each, in date order.
    """

    start: datetime
    end: datetime
    reasons: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Explanation:
    """A metric's clock over ``[started_at, until)``: up to the due moment, or to now (or the
    instant the clock stopped) when that is later.

    ``counted`` is the time that counted (its total plus ``carried`` is the elapsed time), a
    span that straddles the due moment split there; ``ahead`` the open time still to run
    before ``due`` (its total is the remaining time);
    ``pauses`` and ``closed`` the time skipped, with reasons. ``str()`` reads as a timeline.

    >>> from datetime import timezone
    >>> from bizhours import sla
    >>> t0 = datetime(2026, 11, 21, 3, tzinfo=timezone.utc)
    >>> ev = sla.enterprise_policy("eastern").evaluate(sla.Case(t0, "critical"), t0)
    >>> print(ev.explain())
    critical response: 0:15:00 on bizhours.calendar('24x7') from Sat 2026-11-21 03:00 UTC
    ahead    Sat 2026-11-21 03:00 UTC -> Sat 2026-11-21 03:15 UTC  0:15:00
    due      Sat 2026-11-21 03:15 UTC
    """

    severity: str
    target: timedelta | BusinessDays
    clock: Calendar
    started_at: datetime
    until: datetime
    carried: timedelta
    due: datetime | None
    counted: tuple[Span, ...]
    ahead: tuple[Span, ...]
    pauses: tuple[PausedSpan, ...]
    closed: tuple[ClosedPeriod, ...]
    metric: Metric = Metric.RESPONSE

    def lines(self) -> list[str]:
        """The explanation as lines of text, in time order."""
        head = (f"{self.severity} {self.metric.value}: {self.target} on {self.clock!r} "
                f"from {_fmt(self.started_at)}")
        if self.carried:
            head += f", {self.carried} carried over"
        rows: list[tuple[datetime, str]] = []
        rows += [(s.start, f"counted  {_fmt(s.start)} -> {_fmt(s.end)}  {s.length}")
                 for s in self.counted]
        rows += [(p.start, f"paused   {_fmt(p.start)} -> "
                           f"{'(still paused)' if p.end is None else _fmt(p.end)}  "
                           f"{p.clock_time} of clock time") for p in self.pauses]
        rows += [(c.start, f"closed   {_fmt(c.start)} -> {_fmt(c.end)}  {', '.join(c.reasons)}")
                 for c in self.closed]
        rows += [(s.start, f"ahead    {_fmt(s.start)} -> {_fmt(s.end)}  {s.length}")
                 for s in self.ahead]
        rows.sort(key=lambda row: row[0].astimezone(UTC))
        due = "none while paused" if self.due is None else _fmt(self.due)
        return [head, *(text for _, text in rows), f"due      {due}"]

    def __str__(self) -> str:
        return "\n".join(self.lines())


def _fmt(moment: datetime) -> str:
    seconds = ":%S" if moment.second or moment.microsecond else ""
    stamp = moment.strftime(f"%Y-%m-%d %H:%M{seconds} %Z").rstrip()
    return f"{weekday_abbr(moment)} {stamp}"  # English whatever the locale


def _minus(spans: Iterable[Interval], cuts: list[Interval], tz: tzinfo | None) -> list[Span]:
    """``spans`` with the ``cuts`` taken out; both sorted, non-overlapping and in UTC."""
    out: list[Span] = []
    for a, b in spans:
        for c0, c1 in cuts:
            if c1 <= a or c0 >= b:
                continue
            if c0 > a:
                out.append(Span(a.astimezone(tz), c0.astimezone(tz)))
            a = max(a, c1)
        if a < b:
            out.append(Span(a.astimezone(tz), b.astimezone(tz)))
    return out


def _day_reason(clock: Calendar, day: date) -> str:
    # Precedence as in the calendar: an adjustment wins over a holiday, a holiday over the week.
    if clock.is_adjusted(day):
        return "adjustment"
    if clock.is_business_day(day):
        return "night"
    name = clock.holiday_name(day)
    return f"holiday: {name}" if name else "weekend"


def _closed(clock: Calendar, windows: list[Interval], start: datetime, end: datetime,
            tz: tzinfo | None) -> list[ClosedPeriod]:
    bounds = [start, *(t for w in windows for t in w), end]
    zone = clock.timezone
    out = []
    for g0, g1 in zip(bounds[::2], bounds[1::2], strict=True):
        if g1 <= g0:
            continue
        day, last = g0.astimezone(zone).date(), (g1 - _TICK).astimezone(zone).date()
        reasons: list[str] = []
        while day <= last:
            reason = _day_reason(clock, day)
            if reason not in reasons:
                reasons.append(reason)
            day += _DAY
        out.append(ClosedPeriod(g0.astimezone(tz), g1.astimezone(tz), tuple(reasons)))
    return out


def _split(spans: list[Span], at: datetime) -> list[Span]:
    """``spans`` with the one that straddles ``at`` cut in two there."""
    out = []
    for span in spans:
        if span.start.astimezone(UTC) < at < span.end.astimezone(UTC):
            out += [Span(span.start, at.astimezone(span.start.tzinfo)), Span(
                at.astimezone(span.start.tzinfo), span.end)]
        else:
            out.append(span)
    return out


def explain(status: MetricStatus, clock: Calendar, tz: tzinfo | None,
            now: datetime) -> Explanation:
    """The explanation of ``status`` on ``clock`` at ``now``, in the zone ``tz`` of the case's
    opening; see ``Evaluation.explain``."""
    start = status.started_at.astimezone(UTC)
    due = None if status.due is None else status.due.astimezone(UTC)
    running = not status.stopped
    stop = max((status.as_of or now).astimezone(UTC), start)
    end = due if running and due is not None and due > stop else stop
    cuts: list[Interval] = []
    pauses: list[PausedSpan] = []
    last = len(status.pauses) - 1
    for n, (p0, p1) in enumerate(status.pauses):
        a = max(p0.astimezone(UTC), start)
        b = stop if p1 is None else min(p1.astimezone(UTC), stop)
        still = running and status.due is None and n == last
        if b > a:
            cuts.append((a, b))
            pauses.append(PausedSpan(a.astimezone(tz), None if still else b.astimezone(tz),
                                     clock.elapsed(a, b)))
    windows = list(clock.windows(start, end)) if end > start else []
    counted = _minus(((a, min(b, stop)) for a, b in windows if a < stop), cuts, tz)
    if due is not None and due < stop:
        counted = _split(counted, due)
    return Explanation(
        severity=status.severity,
        target=status.target,
        clock=clock,
        started_at=status.started_at,
        until=end.astimezone(tz),
        carried=status.carried,
        due=status.due,
        counted=tuple(counted),
        ahead=tuple(Span(max(a, stop).astimezone(tz), b.astimezone(tz))
                    for a, b in windows if b > stop),
        pauses=tuple(pauses),
        closed=tuple(_closed(clock, windows, start, end, tz)),
        metric=status.metric,
    )
