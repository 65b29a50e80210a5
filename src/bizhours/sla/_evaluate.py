"""Measure a case against a policy at an instant: response deadlines, breach, update cadence.

Every measurement asks the target's clock (a ``Calendar``) for ``add`` and ``elapsed`` only, so
one policy evaluates any number of cases on the same compiled calendars. All work is in UTC:
Python compares and subtracts two datetimes of one zone by wall time, which is wrong across a
DST change; results go back to the zone of the case's opening time at the end.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta, tzinfo
from typing import TYPE_CHECKING, Literal

from bizhours.errors import CaseError
from bizhours.sla._case import Case, State, require_aware
from bizhours.sla._explain import Explanation, explain
from bizhours.sla._severity import EventKind, Severity, SeverityChange

if TYPE_CHECKING:
    from bizhours._calendar import Calendar
    from bizhours.sla._policy import Policy, Target

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

    >>> from datetime import timezone
    >>> from bizhours import sla
    >>> t0 = datetime(2026, 11, 21, 3, tzinfo=timezone.utc)
    >>> policy = sla.enterprise_policy("eastern")
    >>> status = policy.evaluate(sla.Case(t0, "critical"), t0 + timedelta(minutes=6)).response
    >>> status.remaining, status.share_used
    (datetime.timedelta(seconds=540), 0.4)
    """

    severity: Severity
    target: timedelta
    started_at: datetime
    carried: timedelta
    due: datetime | None
    original_due: datetime
    met_at: datetime | None
    breached: bool
    elapsed: timedelta
    remaining: timedelta
    remaining_wall: timedelta | None

    @property
    def share_used(self) -> float:
        """``elapsed / target``: over 1 once overdue."""
        return self.elapsed / self.target


@dataclass(frozen=True, slots=True)
class Evaluation:
    """A case as a dashboard shows it at ``now``; ``policy.evaluate(case, now)`` makes one.

    ``response`` is the current severity's response target; ``history`` holds the earlier
    severities' targets as they stood at each change. ``breached`` is true once any of them
    breached and never turns back. ``updates_ended_by`` says whether a ``"workaround"`` or the
    ``"resolution"`` ended the update cadence.

    >>> from datetime import timezone
    >>> from bizhours import sla
    >>> t0 = datetime(2026, 11, 21, 3, tzinfo=timezone.utc)
    >>> policy = sla.enterprise_policy("eastern", critical_update_every=timedelta(hours=1))
    >>> case = sla.Case(t0, "critical").respond(t0 + timedelta(minutes=10))
    >>> policy.evaluate(case, t0 + timedelta(minutes=30)).next_update_due.isoformat()
    '2026-11-21T04:10:00+00:00'
    """

    now: datetime
    severity: Severity
    response: ResponseStatus
    history: tuple[ResponseStatus, ...]
    breached: bool
    paused: bool
    pauses: tuple[Pause, ...]
    next_update_due: datetime | None
    last_update_at: datetime | None
    workaround_at: datetime | None
    resolved_at: datetime | None
    updates_ended_by: Literal["workaround", "resolution"] | None
    case: Case = field(repr=False, compare=False)
    policy: Policy = field(repr=False, compare=False)

    def explain(self) -> Explanation:
        """Why the response is due when it is: spans counted, pauses, closed periods skipped."""
        return explain(self)


def _deadline(
    clock: Calendar, start: datetime, need: timedelta, pauses: Sequence[Pause], stop: datetime
) -> tuple[datetime, timedelta]:
    """When ``need`` of unpaused clock time from ``start`` is used up, and the paused clock
    time in ``[start, stop)``. A pause still open counts as ending at ``stop``; a pause that
    begins after the deadline does not move it.
    """
    cur = start
    due: datetime | None = None
    paused = _ZERO
    for p0, p1 in pauses:
        a = p0 if p0 > start else start
        b = stop if p1 is None or p1 > stop else p1
        if b <= a:
            continue
        if due is None:
            candidate = clock.add(cur, need)
            if candidate <= a:
                due = candidate
            else:
                need -= clock.elapsed(cur, a)
                cur = b
        paused += clock.elapsed(a, b)
    return (clock.add(cur, need) if due is None else due), paused


def _utc(moment: datetime | None) -> datetime | None:
    return None if moment is None else moment.astimezone(UTC)


def _local(moment: datetime, tz: tzinfo | None) -> datetime:
    return moment if moment.tzinfo is tz else moment.astimezone(tz)


def _status(
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
    clock, goal = target.clock, target.response  # every instant here is in UTC
    stop = met_at or resolved_at or now
    # A response kept across a de-escalation may come before the new clock starts.
    measured_to = stop if stop > start else start
    original_due = clock.add(start, goal - carried)
    if pauses:
        due, paused = _deadline(clock, start, goal - carried, pauses, measured_to)
    else:
        due, paused = original_due, _ZERO
    elapsed = carried + clock.elapsed(start, measured_to) - paused
    paused_now = met_at is None and resolved_at is None and bool(pauses) and pauses[-1][1] is None
    return ResponseStatus(
        severity=severity,
        target=goal,
        started_at=_local(start, tz),
        carried=carried,
        due=None if paused_now else _local(due, tz),
        original_due=_local(original_due, tz),
        met_at=None if met_at is None else _local(met_at, tz),
        breached=stop > due,
        elapsed=elapsed,
        remaining=goal - elapsed,
        remaining_wall=None if paused_now else due - stop,
    )


def evaluate(policy: Policy, case: Case, now: datetime) -> Evaluation:
    """Measure ``case`` under ``policy`` at ``now``, from the events up to ``now`` only."""
    require_aware(now, "now")
    tz = case.opened_at.tzinfo
    opened = case.opened_at.astimezone(UTC)
    now_utc = now.astimezone(UTC)
    if now_utc < opened:
        raise CaseError(f"now {now.isoformat()} is before the case opened at "
                        f"{case.opened_at.isoformat()}")
    targets = policy.targets
    start, carried = opened, _ZERO
    pauses: list[Pause] = []
    history: list[ResponseStatus] = []
    # The case's own state machine says what each event changes (the response that counts,
    # the last update, the workaround); here, the pauses and each severity change's clock.
    state = State(case)
    for event in case.events:
        at = event.at.astimezone(UTC)
        if at > now_utc:
            break
        kind = event.kind
        if kind is EventKind.PAUSE:
            pauses.append((at, None))
        elif kind is EventKind.RESUME:
            pauses[-1] = (pauses[-1][0], at)
        elif kind is EventKind.ESCALATE:
            severity = state.severity
            before = _status(targets[severity], severity, start, carried, _utc(state.responded),
                             None, at, pauses, tz)
            history.append(before)
            rule = (policy.on_escalation if event.severity is Severity.CRITICAL
                    else policy.on_de_escalation)
            if rule is SeverityChange.FROM_OPENING:
                start, carried = opened, _ZERO
            else:
                carried = before.elapsed if rule is SeverityChange.CARRY_OVER else _ZERO
                start = at
        state.apply(event)
    severity = state.severity
    met_at, last_update = _utc(state.responded), _utc(state.last_update)
    workaround_at, resolved_at = _utc(state.workaround), _utc(state.resolved)

    target = targets[severity]
    response = _status(target, severity, start, carried, met_at, resolved_at, now_utc, pauses,
                       tz)
    paused = bool(pauses) and pauses[-1][1] is None and resolved_at is None
    ended_by: Literal["workaround", "resolution"] | None = (
        "workaround" if workaround_at is not None
        else "resolution" if resolved_at is not None
        else None
    )
    next_update = None
    if target.update_every is not None and met_at is not None and ended_by is None and not paused:
        base = met_at if last_update is None or last_update < met_at else last_update
        due, _ = _deadline(target.clock, base, target.update_every, pauses, now_utc)
        next_update = _local(due, tz)
    return Evaluation(
        now=now,
        severity=severity,
        response=response,
        history=tuple(history),
        breached=response.breached or any(h.breached for h in history),
        paused=paused,
        pauses=tuple((_local(a, tz), None if b is None else _local(b, tz)) for a, b in pauses),
        next_update_due=next_update,
        last_update_at=None if last_update is None else _local(last_update, tz),
        workaround_at=None if workaround_at is None else _local(workaround_at, tz),
        resolved_at=None if resolved_at is None else _local(resolved_at, tz),
        updates_ended_by=ended_by,
        case=case,
        policy=policy,
    )
