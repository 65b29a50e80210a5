"""What a metric measures on its target's clock: its due moment through the pauses, and where
it stands (``MetricStatus``).

Every measurement asks the target's clock (a ``Calendar``) for ``add`` and ``elapsed`` only.
All work is in UTC: Python compares and subtracts two datetimes of one zone by wall time,
which is wrong across a DST change; results go back to the zone of the case's opening.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field
from datetime import datetime, timedelta, tzinfo

from bizhours._calendar import Arithmetic, Calendar, arithmetic
from bizhours._definition.business_days import BusinessDays
from bizhours._instants import duration_us, from_us, to_us
from bizhours.sla._severity import Metric
from bizhours.sla._target import Target

_ZERO = timedelta(0)
_US = timedelta(microseconds=1)
Pause = tuple[datetime, datetime | None]  # (start, end); end None while still paused
Interval = tuple[datetime, datetime]


class PauseLog:
    """Pauses in time order, none overlapping, in microseconds since the epoch; the last may
    still be open (its end ``None``).

    ``clipped`` finds the pauses of a stretch by bisection, so measuring many metrics of a
    case with many pauses stays linear.
    """

    __slots__ = ("ends", "starts")

    def __init__(self) -> None:
        self.starts: list[int] = []
        self.ends: list[int | None] = []

    def open(self, at: int, end: int | None = None) -> None:
        """A pause from ``at`` (to ``end``, or still open)."""
        self.starts.append(at)
        self.ends.append(end)

    def close(self, at: int) -> None:
        """End the open pause at ``at``."""
        self.ends[-1] = at

    @property
    def running(self) -> bool:
        """Whether the last pause is still open."""
        return bool(self.ends) and self.ends[-1] is None

    def clipped(self, start: int, stop: int) -> list[tuple[int, int]]:
        """Each pause clipped to ``[start, stop)`` (one still open ends at ``stop``), in
        order; those left empty are left out."""
        starts, ends = self.starts, self.ends
        if not starts or starts[0] >= stop:
            return []
        out = []
        for i in range(max(bisect_right(starts, start) - 1, 0), len(starts)):
            p0, p1 = starts[i], ends[i]
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
    or where it stopped); ``pauses`` the pauses that stopped its clock, each clipped to the
    stretch measured; ``paused_since`` the start of the pause stopping it now, else ``None``.

    >>> from datetime import timezone
    >>> from bizhours import sla
    >>> t0 = datetime(2026, 11, 21, 3, tzinfo=timezone.utc)
    >>> policy = sla.enterprise_policy("eastern")
    >>> status = policy.evaluate(sla.Case(t0, "critical"), t0 + timedelta(minutes=6)).response
    >>> status.remaining, status.share_used
    (datetime.timedelta(seconds=540), 0.4)
    """

    severity: str
    target: timedelta | BusinessDays
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
    paused_since: datetime | None = None

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
        return None if moment is None else from_us(moment, self.started_at.tzinfo)  # type: ignore[arg-type]

    def _reaching(self, share: float) -> int | None:
        if self.clock is None or self.as_of is None:
            raise ValueError("this status was built by hand, without its clock")
        clock = arithmetic(self.clock)
        stop, start = to_us(self.as_of), to_us(self.started_at)
        spans = [(to_us(a), stop if b is None else to_us(b)) for a, b in self.pauses]
        length = duration_us(self.target_length)
        if share >= 1:
            due = self._due(clock, start, length, spans)
            moment = due if share == 1 else clock.add(
                due, duration_us(self.target_length * (share - 1)))
        else:
            need = duration_us(self.target_length * share - self.carried)
            if need <= 0:
                return start
            moment = _count_us(clock, start, need, spans)
        if self.paused_since is not None and moment > to_us(self.paused_since):
            return None  # paused before reaching it: when depends on the resumption
        if self.stopped and moment > stop:
            return None
        return moment

    def _due(self, clock: Arithmetic, start: int, length: int,
             spans: list[tuple[int, int]]) -> int:
        """The due moment with the pauses so far (``due`` itself, unless paused now)."""
        if self.due is not None:
            return to_us(self.due)
        if isinstance(self.target, BusinessDays):
            return _moved_us(clock, to_us(self.original_due), spans)
        return _count_us(clock, start, length - duration_us(self.carried), spans)

    @property
    def warnings(self) -> tuple[tuple[float, datetime | None], ...]:
        """``(share, reaches(share))`` for each share of the target's ``warn_at``."""
        return tuple((share, self.reaches(share)) for share in self.warn_at)


ResponseStatus = MetricStatus  # 0.1's name


def _count_us(clock: Arithmetic, start: int, need: int, spans: list[tuple[int, int]]) -> int:
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


def _moved_us(clock: Arithmetic, due: int, spans: list[tuple[int, int]]) -> int:
    """A business-day deadline moved later by the paused clock time of each pause that began
    before it."""
    for a, b in spans:
        if a < due:
            due = clock.add(due, clock.elapsed(a, b))
    return due


@dataclass(frozen=True, slots=True)
class Measured:
    """A status and its due moment in microseconds (kept while paused, when ``status.due``
    is None)."""

    status: MetricStatus
    due: int


@dataclass(frozen=True, slots=True)
class Goal:
    """What a metric of a target measures against: the target as given, on which clock
    (the calendar and its integer arithmetic), with the target's shares to warn at."""

    metric: Metric
    severity: str
    target: timedelta | BusinessDays
    calendar: Calendar
    clock: Arithmetic
    warn_at: tuple[float, ...]
    length_us: int  # for a timedelta target; 0 for business days
    pausable: bool  # whether a pause stops it (the closed time after a resolution always does)


@dataclass(frozen=True, slots=True)
class Goals:
    """Every metric a severity's target has, each with its clock; ``None`` for one it lacks."""

    target: Target
    response: Goal
    next_reply: Goal | None
    update: Goal | None
    resolution: Goal | None


def goals_of(severity: str, target: Target) -> Goals:
    """The metrics of ``target`` for ``severity``, on its clock."""
    clock = arithmetic(target.clock)

    def goal(metric: Metric) -> Goal | None:
        value = target.goal(metric)
        if value is None:
            return None
        length = 0 if isinstance(value, BusinessDays) else duration_us(value)
        return Goal(metric, severity, value, target.clock, clock, target.warn_at, length,
                    metric in target.pausable)

    response = goal(Metric.RESPONSE)
    assert response is not None  # every target has a response
    return Goals(target, response, goal(Metric.NEXT_REPLY), goal(Metric.UPDATE),
                 goal(Metric.RESOLUTION))


def measure(goal: Goal, start: int, carried: int, met_at: int | None, ended_at: int | None,
            now: int, log: PauseLog, tz: tzinfo) -> Measured:
    """Where a metric of ``goal`` stands at ``now``: its clock started at ``start`` with
    ``carried`` already used, stopped by ``met_at`` or ``ended_at``, stopped meanwhile by the
    pauses of ``log``; every instant in microseconds since the epoch, shown in ``tz``."""
    clock = goal.clock
    stop = met_at if met_at is not None else ended_at if ended_at is not None else now
    # A response kept across a de-escalation may come before the new clock starts.
    measured_to = stop if stop > start else start
    spans = log.clipped(start, measured_to) if log.starts else None
    target = goal.target
    if isinstance(target, BusinessDays):
        unpaused = clock.deadline(start, target)
        length = clock.elapsed(start, unpaused)
        # A carry-over moves the deadline earlier by the time already used.
        original_due = clock.add(unpaused, -carried) if carried else unpaused
        due = _moved_us(clock, original_due, spans) if spans else original_due
    else:
        length = goal.length_us
        original_due = clock.add(start, length - carried)
        due = _count_us(clock, start, length - carried, spans) if spans else original_due
    elapsed = carried + clock.elapsed(start, measured_to)
    if spans:
        for a, b in spans:
            elapsed -= clock.elapsed(a, b)
    paused_now = met_at is None and ended_at is None and log.running
    # Each instant becomes a datetime once: the same object where two fields are equal.
    shown_stop = from_us(stop, tz)
    shown_due = from_us(due, tz) if due != stop else shown_stop
    status = MetricStatus(
        severity=goal.severity,
        target=target,
        started_at=from_us(start, tz) if start != stop else shown_stop,
        carried=_US * carried if carried else _ZERO,
        due=None if paused_now else shown_due,
        original_due=shown_due if original_due == due else from_us(original_due, tz),
        met_at=None if met_at is None else shown_stop,
        breached=stop > due,
        elapsed=_US * elapsed,
        remaining=_US * (length - elapsed),
        remaining_wall=None if paused_now else _US * (due - stop),
        target_length=_US * length,
        metric=goal.metric,
        ended_at=shown_stop if met_at is None and ended_at is not None else None,
        as_of=shown_stop,
        warn_at=goal.warn_at,
        clock=goal.calendar,
        pauses=tuple((from_us(a, tz), from_us(b, tz)) for a, b in spans) if spans else (),
        paused_since=from_us(max(log.starts[-1], start), tz) if paused_now else None,
    )
    return Measured(status, due)
