"""What a metric measures on its target's clock: its due moment through the pauses, and where
it stands (``MetricStatus``).

Every measurement asks the target's clock (a ``Calendar``) for ``add`` and ``elapsed`` only.
All work is in UTC: Python compares and subtracts two datetimes of one zone by wall time,
which is wrong across a DST change; results go back to the zone of the case's opening.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta, tzinfo

from bizhours._calendar import Calendar
from bizhours._definition.business_days import BusinessDays
from bizhours.sla._severity import Metric

_ZERO = timedelta(0)
Pause = tuple[datetime, datetime | None]  # (start, end); end None while still paused
Interval = tuple[datetime, datetime]
Goal = timedelta | BusinessDays


class PauseLog:
    """Pauses in time order, none overlapping; the last may still be open. Instants in UTC.

    ``clipped`` finds the pauses of a stretch by bisection, so measuring many metrics of a
    case with many pauses stays linear.
    """

    __slots__ = ("spans", "starts")

    def __init__(self) -> None:
        self.spans: list[Pause] = []
        self.starts: list[datetime] = []

    def open(self, at: datetime, end: datetime | None = None) -> None:
        """A pause from ``at`` (to ``end``, or still open)."""
        self.spans.append((at, end))
        self.starts.append(at)

    def close(self, at: datetime) -> None:
        """End the open pause at ``at``."""
        self.spans[-1] = (self.spans[-1][0], at)

    @property
    def running(self) -> bool:
        """Whether the last pause is still open."""
        return bool(self.spans) and self.spans[-1][1] is None

    def clipped(self, start: datetime, stop: datetime) -> list[Interval]:
        """Each pause clipped to ``[start, stop)`` (one still open ends at ``stop``), in
        order; those left empty are left out."""
        spans = self.spans
        out = []
        for i in range(max(bisect_right(self.starts, start) - 1, 0), len(spans)):
            p0, p1 = spans[i]
            if p0 >= stop:
                break
            a = p0 if p0 > start else start
            b = stop if p1 is None or p1 > stop else p1
            if a < b:
                out.append((a, b))
        return out


@dataclass(frozen=True, slots=True)
class MetricStatus:
    """Where one metric stands; times on the target's clock unless named ``_wall``.

    ``metric`` says which (the response, a next-reply cycle, an update interval, the
    resolution) and ``severity`` under which target. ``started_at`` is where its clock starts
    and ``carried`` the time it starts with (a carry-over from the previous severity).
    ``original_due`` is the due moment as computed at the start, before any pause; ``due`` is
    ``None`` while a pause stops this metric. ``met_at`` is the event that met it; ``ended_at``
    the instant it stopped unmet (a resolution, a workaround, an escalation). ``remaining`` is
    negative once overdue and frozen while paused or once stopped; ``remaining_wall`` is
    ``due`` minus now (or minus the instant the clock stopped), ``None`` while paused.
    ``target`` is the target as given (a ``timedelta`` or a ``BusinessDays``) and
    ``target_length`` its length on the clock: for business days, the open time from the
    start to the deadline before any pause. ``as_of`` is the instant it was measured to (now,
    or where it stopped); ``pauses`` the pauses that stopped its clock.

    >>> from datetime import timezone
    >>> from bizhours import sla
    >>> t0 = datetime(2026, 11, 21, 3, tzinfo=timezone.utc)
    >>> policy = sla.enterprise_policy("eastern")
    >>> status = policy.evaluate(sla.Case(t0, "critical"), t0 + timedelta(minutes=6)).response
    >>> status.remaining, status.share_used
    (datetime.timedelta(seconds=540), 0.4)
    """

    severity: str
    target: Goal
    started_at: datetime
    carried: timedelta
    due: datetime | None
    original_due: datetime
    met_at: datetime | None
    breached: bool
    elapsed: timedelta
    remaining: timedelta
    remaining_wall: timedelta | None
    target_length: timedelta
    metric: Metric = Metric.RESPONSE
    ended_at: datetime | None = None
    as_of: datetime | None = None
    warn_at: tuple[float, ...] = ()
    clock: Calendar | None = field(default=None, repr=False)
    pauses: tuple[Pause, ...] = field(default=(), repr=False)

    @property
    def share_used(self) -> float:
        """``elapsed / target_length``: over 1 once overdue."""
        if not self.target_length:  # a business-day target due where its clock starts
            return float("inf") if self.elapsed > _ZERO else 1.0
        return self.elapsed / self.target_length

    @property
    def stopped(self) -> bool:
        """Whether the metric was met or ended: its figures no longer change."""
        return self.met_at is not None or self.ended_at is not None

    def reaches(self, share: float) -> datetime | None:
        """The instant at which ``share_used`` reached or will reach ``share`` (> 0), with
        the pauses so far: ``due`` at 1, ``due`` moved by ``share - 1`` of the target's length
        above it. ``None`` when the metric stopped first, or while paused before reaching it.

        >>> from datetime import timezone
        >>> from bizhours import sla
        >>> t0 = datetime(2026, 11, 21, 3, tzinfo=timezone.utc)
        >>> ev = sla.enterprise_policy("eastern").evaluate(sla.Case(t0, "critical"), t0)
        >>> ev.response.reaches(0.5).isoformat()
        '2026-11-21T03:07:30+00:00'
        """
        if (isinstance(share, bool) or not isinstance(share, (int, float))
                or not 0 < share < float("inf")):
            raise ValueError(f"share must be a number above 0 (0.5 is half the target, 1 the "
                             f"due moment), not {share!r}")
        moment = self._reaching(share)
        if moment is None:
            return None
        return moment.astimezone(self.started_at.tzinfo)

    def _reaching(self, share: float) -> datetime | None:
        clock, as_of = self.clock, self.as_of
        if clock is None or as_of is None:
            raise ValueError("this status was built by hand, without its clock")
        stop = as_of.astimezone(UTC)
        if share >= 1:
            if self.due is None:
                return None
            due = self.due.astimezone(UTC)
            moment = due if share == 1 else clock.add(due, self.target_length * (share - 1))
        else:
            start = self.started_at.astimezone(UTC)
            need = self.target_length * share - self.carried
            if need <= _ZERO:
                return start
            pauses = [(a.astimezone(UTC), None if b is None else b.astimezone(UTC))
                      for a, b in self.pauses]
            moment = _count(clock, start, need, _clip(pauses, start, stop))
            if self.due is None and pauses and moment > pauses[-1][0]:
                return None  # paused before reaching it: when depends on the resumption
        if self.stopped and moment > stop:
            return None
        return moment

    @property
    def warnings(self) -> tuple[tuple[float, datetime | None], ...]:
        """``(share, reaches(share))`` for each share of the target's ``warn_at``."""
        return tuple((share, self.reaches(share)) for share in self.warn_at)


ResponseStatus = MetricStatus  # 0.1's name


def _clip(pauses: list[Pause], start: datetime, stop: datetime) -> list[Interval]:
    out = []
    for p0, p1 in pauses:
        a = p0 if p0 > start else start
        b = stop if p1 is None or p1 > stop else p1
        if a < b:
            out.append((a, b))
    return out


def _count(clock: Calendar, start: datetime, need: timedelta, spans: list[Interval]
           ) -> datetime:
    """When ``need`` of open clock time from ``start`` is used up outside ``spans`` (pauses
    in order within the stretch); a pause that begins at or after that instant does not
    move it."""
    cur = start
    for a, b in spans:
        candidate = clock.add(cur, need)
        if candidate <= a:
            return candidate
        need -= clock.elapsed(cur, a)
        cur = b
    return clock.add(cur, need)


def _moved(clock: Calendar, due: datetime, spans: list[Interval]) -> datetime:
    """A business-day deadline moved later by the paused clock time of each pause that began
    before it."""
    for a, b in spans:
        if a < due:
            due = clock.add(due, clock.elapsed(a, b))
    return due


def utc(moment: datetime | None) -> datetime | None:
    """``moment`` in UTC, or ``None``."""
    return None if moment is None else moment.astimezone(UTC)


def local(moment: datetime, tz: tzinfo | None) -> datetime:
    """``moment`` in ``tz`` (the zone of the case's opening), as it is when already there."""
    return moment if moment.tzinfo is tz else moment.astimezone(tz)


def _local(moment: datetime | None, tz: tzinfo | None) -> datetime | None:
    return None if moment is None else local(moment, tz)


@dataclass(frozen=True, slots=True)
class Measured:
    """A status and its due moment in UTC (kept while paused, when ``status.due`` is None)."""

    status: MetricStatus
    due: datetime


def measure(
    metric: Metric,
    severity: str,
    goal: Goal,
    clock: Calendar,
    start: datetime,
    carried: timedelta,
    met_at: datetime | None,
    ended_at: datetime | None,
    now: datetime,
    log: PauseLog,
    tz: tzinfo | None,
    warn_at: tuple[float, ...],
) -> Measured:
    """Where a metric of ``goal`` on ``clock`` stands at ``now``: its clock started at
    ``start`` with ``carried`` already used, stopped by ``met_at`` or ``ended_at``, stopped
    meanwhile by the pauses of ``log``; every instant in UTC."""
    stop = met_at or ended_at or now
    # A response kept across a de-escalation may come before the new clock starts.
    measured_to = stop if stop > start else start
    spans = log.clipped(start, measured_to)
    if isinstance(goal, BusinessDays):
        unpaused = clock.add(start, goal)
        length = clock.elapsed(start, unpaused)
        # A carry-over moves the deadline earlier by the time already used.
        original_due = clock.add(unpaused, -carried) if carried else unpaused
        due = _moved(clock, original_due, spans) if spans else original_due
    else:
        length = goal
        original_due = clock.add(start, goal - carried)
        due = _count(clock, start, goal - carried, spans) if spans else original_due
    paused = sum((clock.elapsed(a, b) for a, b in spans), _ZERO) if spans else _ZERO
    elapsed = carried + clock.elapsed(start, measured_to) - paused
    paused_now = met_at is None and ended_at is None and log.running
    status = MetricStatus(
        severity=severity,
        target=goal,
        started_at=local(start, tz),
        carried=carried,
        due=None if paused_now else local(due, tz),
        original_due=local(original_due, tz),
        met_at=_local(met_at, tz),
        breached=stop > due,
        elapsed=elapsed,
        remaining=length - elapsed,
        remaining_wall=None if paused_now else due - stop,
        target_length=length,
        metric=metric,
        ended_at=_local(ended_at, tz) if met_at is None else None,
        as_of=local(stop, tz),
        warn_at=warn_at,
        clock=clock,
        pauses=tuple((local(a, tz), local(b, tz)) for a, b in spans),
    )
    return Measured(status, due)
