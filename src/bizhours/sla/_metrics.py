"""What a target measures on its clock: the response deadline, where a response stands,
and the update cadence.

Every measurement asks the target's clock (a ``Calendar``) for ``add`` and ``elapsed`` only.
All work is in UTC: Python compares and subtracts two datetimes of one zone by wall time,
which is wrong across a DST change; results go back to the zone of the case's opening.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, tzinfo

from bizhours._calendar import Calendar
from bizhours._definition.business_days import BusinessDays
from bizhours.sla._severity import Severity
from bizhours.sla._target import Target

_ZERO = timedelta(0)
Pause = tuple[datetime, datetime | None]  # (start, end); end None while still paused


@dataclass(frozen=True, slots=True)
class ResponseStatus:
    """Where one response target stands; times on the target's clock unless named ``_wall``.

    ``started_at`` is where this target's clock starts and ``carried`` the time it starts with
    (a carry-over from the previous severity). ``original_due`` is the due moment as computed
    at the start, before any pause; ``due`` is ``None`` while the clock is paused. ``remaining``
    is negative once overdue and frozen while paused or once answered; ``remaining_wall`` is
    ``due`` minus now (or minus the instant the clock stopped), ``None`` while paused.
    ``target`` is the target as given (a ``timedelta`` or a ``BusinessDays``) and
    ``target_length`` its length on the clock: for business days, the open time from the
    start to the deadline before any pause.

    >>> from datetime import timezone
    >>> from bizhours import sla
    >>> t0 = datetime(2026, 11, 21, 3, tzinfo=timezone.utc)
    >>> policy = sla.enterprise_policy("eastern")
    >>> status = policy.evaluate(sla.Case(t0, "critical"), t0 + timedelta(minutes=6)).response
    >>> status.remaining, status.share_used
    (datetime.timedelta(seconds=540), 0.4)
    """

    severity: Severity
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

    @property
    def share_used(self) -> float:
        """``elapsed / target_length``: over 1 once overdue."""
        if not self.target_length:  # a business-day target due where its clock starts
            return float("inf") if self.elapsed > _ZERO else 1.0
        return self.elapsed / self.target_length


def deadline(
    clock: Calendar, start: datetime, need: timedelta, pauses: Sequence[Pause], stop: datetime
) -> tuple[datetime, timedelta]:
    """When ``need`` of unpaused clock time from ``start`` is used up, and the paused clock
    time in ``[start, stop)``. A pause still open counts as ending at ``stop``; a pause that
    begins after the deadline does not move it.
    """
    cur = start
    due: datetime | None = None
    paused = _ZERO
    for a, b in _clipped(pauses, start, stop):
        if due is None:
            candidate = clock.add(cur, need)
            if candidate <= a:
                due = candidate
            else:
                need -= clock.elapsed(cur, a)
                cur = b
        paused += clock.elapsed(a, b)
    return (clock.add(cur, need) if due is None else due), paused


def _clipped(pauses: Sequence[Pause], start: datetime, stop: datetime
             ) -> Iterator[tuple[datetime, datetime]]:
    """Each pause clipped to ``[start, stop)`` (one still open ends at ``stop``), in order;
    those left empty are left out."""
    for p0, p1 in pauses:
        a = p0 if p0 > start else start
        b = stop if p1 is None or p1 > stop else p1
        if a < b:
            yield a, b


def moved_deadline(clock: Calendar, start: datetime, due: datetime, pauses: Sequence[Pause],
                   stop: datetime) -> tuple[datetime, timedelta]:
    """A business-day deadline ``due`` moved later by the paused clock time of each pause
    that began before it (as ``deadline`` moves one of open time), and the paused clock time
    in ``[start, stop)``; pauses as in ``deadline``."""
    paused = _ZERO
    for a, b in _clipped(pauses, start, stop):
        length = clock.elapsed(a, b)
        if a < due:
            due = clock.add(due, length)
        paused += length
    return due, paused


def utc(moment: datetime | None) -> datetime | None:
    """``moment`` in UTC, or ``None``."""
    return None if moment is None else moment.astimezone(UTC)


def local(moment: datetime, tz: tzinfo | None) -> datetime:
    """``moment`` in ``tz`` (the zone of the case's opening), as it is when already there."""
    return moment if moment.tzinfo is tz else moment.astimezone(tz)


def response_status(
    target: Target,
    severity: Severity,
    start: datetime,
    carried: timedelta,
    met_at: datetime | None,
    resolved_at: datetime | None,
    now: datetime,
    pauses: Sequence[Pause],
    tz: tzinfo | None,
) -> ResponseStatus:
    """Where ``target`` stands at ``now``: its clock started at ``start`` with ``carried``
    already used, stopped by ``met_at`` or ``resolved_at``; every instant in UTC."""
    clock, goal = target.clock, target.response  # every instant here is in UTC
    stop = met_at or resolved_at or now
    # A response kept across a de-escalation may come before the new clock starts.
    measured_to = stop if stop > start else start
    if isinstance(goal, BusinessDays):
        unpaused = clock.add(start, goal)
        length = clock.elapsed(start, unpaused)
        # A carry-over moves the deadline earlier by the time already used.
        original_due = clock.add(unpaused, -carried) if carried else unpaused
        due, paused = moved_deadline(clock, start, original_due, pauses, measured_to)
    else:
        length = goal
        original_due = clock.add(start, goal - carried)
        if pauses:
            due, paused = deadline(clock, start, goal - carried, pauses, measured_to)
        else:
            due, paused = original_due, _ZERO
    elapsed = carried + clock.elapsed(start, measured_to) - paused
    paused_now = met_at is None and resolved_at is None and bool(pauses) and pauses[-1][1] is None
    return ResponseStatus(
        severity=severity,
        target=goal,
        started_at=local(start, tz),
        carried=carried,
        due=None if paused_now else local(due, tz),
        original_due=local(original_due, tz),
        met_at=None if met_at is None else local(met_at, tz),
        breached=stop > due,
        elapsed=elapsed,
        remaining=length - elapsed,
        remaining_wall=None if paused_now else due - stop,
        target_length=length,
    )


def next_update_due(target: Target, met_at: datetime | None, last_update: datetime | None,
                    pauses: Sequence[Pause], now: datetime) -> datetime | None:
    """When the next update is owed on ``target``'s cadence (UTC), counted from the response
    or the last update after it; ``None`` without a cadence or before a response."""
    if target.update_every is None or met_at is None:
        return None
    base = met_at if last_update is None or last_update < met_at else last_update
    due, _ = deadline(target.clock, base, target.update_every, pauses, now)
    return due
