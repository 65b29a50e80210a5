"""Measure a case against a policy at an instant: replay its events up to then, and ask each
severity's target where it stands (``bizhours.sla._metrics``).

One policy evaluates any number of cases on the same compiled calendars.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Literal

from bizhours.errors import CaseError
from bizhours.sla._case import Case, State, require_aware
from bizhours.sla._explain import Explanation, explain
from bizhours.sla._metrics import (
    Pause,
    ResponseStatus,
    local,
    next_update_due,
    response_status,
    utc,
)
from bizhours.sla._severity import EventKind, Severity, SeverityChange
from bizhours.sla._target import Terms


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
    policy: Terms = field(repr=False, compare=False)  # the sla.Policy it was measured by

    def explain(self) -> Explanation:
        """Why the response is due when it is: spans counted, pauses, closed periods skipped."""
        status = self.response
        return explain(status, self.policy.targets[status.severity].clock,
                       self.case.opened_at.tzinfo, self.pauses, self.resolved_at, self.now)


def evaluate(policy: Terms, case: Case, now: datetime) -> Evaluation:
    """Measure ``case`` under ``policy`` at ``now``, from the events up to ``now`` only."""
    require_aware(now, "now")
    tz = case.opened_at.tzinfo
    opened = case.opened_at.astimezone(UTC)
    now_utc = now.astimezone(UTC)
    if now_utc < opened:
        raise CaseError(f"now {now.isoformat()} is before the case opened at "
                        f"{case.opened_at.isoformat()}")
    targets = policy.targets
    start, carried = opened, timedelta(0)
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
            before = response_status(targets[severity], severity, start, carried,
                                     utc(state.responded), None, at, pauses, tz)
            history.append(before)
            rule = (policy.on_escalation if event.severity is Severity.CRITICAL
                    else policy.on_de_escalation)
            if rule is SeverityChange.FROM_OPENING:
                start, carried = opened, timedelta(0)
            else:
                carried = before.elapsed if rule is SeverityChange.CARRY_OVER else timedelta(0)
                start = at
        state.apply(event)
    severity = state.severity
    met_at, last_update = utc(state.responded), utc(state.last_update)
    workaround_at, resolved_at = utc(state.workaround), utc(state.resolved)

    target = targets[severity]
    response = response_status(target, severity, start, carried, met_at, resolved_at, now_utc,
                               pauses, tz)
    paused = bool(pauses) and pauses[-1][1] is None and resolved_at is None
    ended_by: Literal["workaround", "resolution"] | None = (
        "workaround" if workaround_at is not None
        else "resolution" if resolved_at is not None
        else None
    )
    owed = (None if ended_by is not None or paused
            else next_update_due(target, met_at, last_update, pauses, now_utc))
    return Evaluation(
        now=now,
        severity=severity,
        response=response,
        history=tuple(history),
        breached=response.breached or any(h.breached for h in history),
        paused=paused,
        pauses=tuple((local(a, tz), None if b is None else local(b, tz)) for a, b in pauses),
        next_update_due=None if owed is None else local(owed, tz),
        last_update_at=None if last_update is None else local(last_update, tz),
        workaround_at=None if workaround_at is None else local(workaround_at, tz),
        resolved_at=None if resolved_at is None else local(resolved_at, tz),
        updates_ended_by=ended_by,
        case=case,
        policy=policy,
    )
