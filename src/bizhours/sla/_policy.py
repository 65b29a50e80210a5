"""SLA policies, and what a policy says of a case at an instant.

``Policy`` and ``Evaluation`` share this module because each names the other (a policy
evaluates a case; an evaluation keeps the policy it was measured by); what the evaluation
measures lives below them: the events replayed in ``_replay``, each target's metrics in
``_metrics``, the explanation in ``_explain``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from types import MappingProxyType
from typing import Literal

from bizhours.errors import CaseError, ConfigError
from bizhours.sla._case import Case, require_aware
from bizhours.sla._explain import Explanation, explain
from bizhours.sla._metrics import (
    Pause,
    ResponseStatus,
    local,
    next_update_due,
    response_status,
    utc,
)
from bizhours.sla._replay import replay
from bizhours.sla._severity import Severity, SeverityChange
from bizhours.sla._target import Target


@dataclass(frozen=True, slots=True, init=False)
class Policy:
    """A target for each severity, and how a severity change treats elapsed time.

    ``on_escalation`` (to critical) defaults to ``restart``: the critical clock starts at the
    escalation. ``on_de_escalation`` defaults to ``from-opening``: the new target is measured
    from the case's opening. Either may be ``restart``, ``carry-over`` or ``from-opening``.

    >>> from datetime import timedelta
    >>> from bizhours import calendar
    >>> eastern = calendar("eastern")
    >>> policy = Policy({"critical": Target(timedelta(minutes=15), calendar("24x7")),
    ...                  "non-critical": Target(timedelta(hours=8), eastern)})
    """

    targets: Mapping[Severity, Target]
    on_escalation: SeverityChange
    on_de_escalation: SeverityChange

    def __init__(
        self,
        targets: Mapping[Severity, Target] | Mapping[str, Target],
        *,
        on_escalation: SeverityChange | str = SeverityChange.RESTART,
        on_de_escalation: SeverityChange | str = SeverityChange.FROM_OPENING,
    ) -> None:
        if not isinstance(targets, Mapping):
            raise ConfigError(f"targets must map each severity to a Target, not {targets!r}")
        parsed: dict[Severity, Target] = {}
        for key, target in targets.items():
            severity = Severity(key)
            if not isinstance(target, Target):
                raise ConfigError(f"the {severity.value} target must be a Target, not {target!r}")
            parsed[severity] = target
        missing = [s.value for s in Severity if s not in parsed]
        if missing:
            raise ConfigError(f"the policy has no target for {', '.join(missing)}")
        object.__setattr__(self, "targets", MappingProxyType(parsed))
        object.__setattr__(self, "on_escalation", SeverityChange(on_escalation))
        object.__setattr__(self, "on_de_escalation", SeverityChange(on_de_escalation))

    def __hash__(self) -> int:
        # A frozenset: equal policies compare equal whatever order their targets were given in.
        return hash((frozenset(self.targets.items()), self.on_escalation, self.on_de_escalation))

    def __reduce__(self) -> tuple[object, ...]:
        # A mappingproxy does not pickle; policies go to worker processes in batch jobs.
        return (_restore_policy, (dict(self.targets), self.on_escalation, self.on_de_escalation))

    def evaluate(self, case: Case, now: datetime) -> Evaluation:
        """Measure ``case`` at ``now``, from its events up to ``now`` only.

        Evaluating many cases reuses each target's calendar, compiled once.
        """
        return _evaluate(self, case, now)


def _restore_policy(targets: dict[Severity, Target], on_escalation: SeverityChange,
                    on_de_escalation: SeverityChange) -> Policy:
    return Policy(targets, on_escalation=on_escalation, on_de_escalation=on_de_escalation)


@dataclass(frozen=True, slots=True)
class Evaluation:
    """A case as a dashboard shows it at ``now``; ``policy.evaluate(case, now)`` makes one.

    ``response`` is the current severity's response target; ``history`` holds the earlier
    severities' targets as they stood at each change. ``breached`` is true once any of them
    breached and never turns back. ``updates_ended_by`` says whether a ``"workaround"`` or the
    ``"resolution"`` ended the update cadence.

    >>> from datetime import timedelta, timezone
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
        status = self.response
        return explain(status, self.policy.targets[status.severity].clock,
                       self.case.opened_at.tzinfo, self.pauses, self.resolved_at, self.now)


def _updates_ended_by(workaround_at: datetime | None,
                      resolved_at: datetime | None) -> Literal["workaround", "resolution"] | None:
    if workaround_at is not None:
        return "workaround"
    return "resolution" if resolved_at is not None else None


def _evaluate(policy: Policy, case: Case, now: datetime) -> Evaluation:
    """Measure ``case`` under ``policy`` at ``now``, from the events up to ``now`` only."""
    require_aware(now, "now")
    tz = case.opened_at.tzinfo
    opened = case.state.opened_utc  # the case's own, converted once when it opened
    now_utc = now.astimezone(UTC)
    if now_utc < opened:
        raise CaseError(f"now {now.isoformat()} is before the case opened at "
                        f"{case.opened_at.isoformat()}")
    run = replay(policy, case, opened, now_utc)
    state, pauses = run.state, run.pauses
    severity = state.severity
    met_at, last_update = utc(state.responded), utc(state.last_update)
    workaround_at, resolved_at = utc(state.workaround), utc(state.resolved)

    target = policy.targets[severity]
    response = response_status(target, severity, run.start, run.carried, met_at, resolved_at,
                               now_utc, pauses, tz)
    paused = bool(pauses) and pauses[-1][1] is None and resolved_at is None
    ended_by = _updates_ended_by(workaround_at, resolved_at)
    owed = (None if ended_by is not None or paused
            else next_update_due(target, met_at, last_update, pauses, now_utc))
    return Evaluation(
        now=now,
        severity=severity,
        response=response,
        history=run.history,
        breached=response.breached or any(h.breached for h in run.history),
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
