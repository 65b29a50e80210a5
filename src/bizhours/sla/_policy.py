"""SLA policies, and what a policy says of a case at an instant.

``Policy`` and ``Evaluation`` share this module because each names the other (a policy
evaluates a case; an evaluation keeps the policy it was measured by); what the evaluation
measures lives below them: the events replayed in ``_replay``, each target's metrics in
``_metrics``, the explanation in ``_explain``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, tzinfo
from types import MappingProxyType
from typing import Any, Literal

from bizhours._instants import from_us, to_us
from bizhours.errors import CaseError, ConfigError
from bizhours.sla._case import Case, require_aware
from bizhours.sla._dict import iso, status_dict, statuses
from bizhours.sla._explain import Explanation, explain
from bizhours.sla._metrics import Goals, Measured, MetricStatus, Pause, goals_of
from bizhours.sla._replay import replay
from bizhours.sla._severity import Metric, Severity, SeverityChange, severity_name
from bizhours.sla._target import Target


@dataclass(frozen=True, slots=True, init=False)
class Policy:
    """A target for each severity, their order of urgency, and how a severity change treats
    elapsed time.

    Severities are names (``"critical"``, ``"p1"``, ``"urgent"``), compared case-insensitively
    with ``_``, ``-`` and space alike. ``order`` lists them most urgent first (default: the
    mapping's order, except that the two enterprise severities always put ``critical``
    first). A change to an earlier name is an escalation: ``on_escalation`` (default
    ``restart``: the new clock starts at the change); to a later one a de-escalation:
    ``on_de_escalation`` (default ``from-opening``: measured from the case's opening). Either
    may be ``restart``, ``carry-over`` or ``from-opening``.

    >>> from datetime import timedelta
    >>> from bizhours import calendar
    >>> eastern = calendar("eastern")
    >>> policy = Policy({"p1": Target(timedelta(hours=1), calendar("24x7")),
    ...                  "p2": Target(timedelta(hours=8), eastern)})
    >>> policy.order
    ('p1', 'p2')
    """

    targets: Mapping[str, Target]
    on_escalation: SeverityChange
    on_de_escalation: SeverityChange
    order: tuple[str, ...]
    # Each target's metrics with their clocks, derived from ``targets`` once, here: every
    # evaluation reads them.
    goals: Mapping[str, Goals] = field(repr=False, compare=False)

    def __init__(
        self,
        targets: Mapping[Severity, Target] | Mapping[str, Target],
        *,
        order: Iterable[str] | None = None,
        on_escalation: SeverityChange | str = SeverityChange.RESTART,
        on_de_escalation: SeverityChange | str = SeverityChange.FROM_OPENING,
    ) -> None:
        if not isinstance(targets, Mapping):
            raise ConfigError(f"targets must map each severity to a Target, not {targets!r}")
        parsed: dict[str, Target] = {}
        for key, target in targets.items():
            severity = severity_name(key)
            if severity in parsed:
                raise ConfigError(f"severity {key!r} is given twice (as {severity!r})")
            if not isinstance(target, Target):
                raise ConfigError(f"the {severity} target must be a Target, not {target!r}")
            parsed[severity] = target
        if not parsed:
            raise ConfigError("a policy needs a target for at least one severity")
        object.__setattr__(self, "targets", MappingProxyType(parsed))
        object.__setattr__(self, "goals", MappingProxyType(
            {name: goals_of(name, target) for name, target in parsed.items()}))
        object.__setattr__(self, "order", _order(parsed, order))
        object.__setattr__(self, "on_escalation", SeverityChange(on_escalation))
        object.__setattr__(self, "on_de_escalation", SeverityChange(on_de_escalation))

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Policy):
            return NotImplemented
        return self._key() == other._key()

    def __hash__(self) -> int:
        return hash(self._key())

    def _key(self) -> tuple[object, ...]:
        # The order is the policy's; the mapping's order is not (it is read as the order).
        return (frozenset(self.targets.items()), self.order, self.on_escalation,
                self.on_de_escalation)

    def __reduce__(self) -> tuple[object, ...]:
        # A mappingproxy does not pickle; policies go to worker processes in batch jobs.
        return (_restore_policy, (dict(self.targets), self.order, self.on_escalation,
                                  self.on_de_escalation))

    def evaluate(self, case: Case, now: datetime) -> Evaluation:
        """Measure ``case`` at ``now``, from its events up to ``now`` only.

        Evaluating many cases reuses each target's calendar, compiled once.
        """
        return _evaluate(self, case, now)


def _order(targets: Mapping[str, Target], order: Iterable[str] | None) -> tuple[str, ...]:
    if order is None:
        if set(targets) == _ENTERPRISE:
            return (Severity.CRITICAL, Severity.NON_CRITICAL)
        return tuple(targets)
    if isinstance(order, str) or not isinstance(order, Iterable):
        raise ConfigError(f"order must list the severities most urgent first, not {order!r}")
    names = tuple(severity_name(name) for name in order)
    if len(set(names)) != len(names) or set(names) != set(targets):
        raise ConfigError(f"order must list each severity of the policy once "
                          f"({', '.join(targets)}), not {list(order)!r}")
    return names


_ENTERPRISE = {Severity.CRITICAL, Severity.NON_CRITICAL}


def _restore_policy(targets: dict[str, Target], order: tuple[str, ...],
                    on_escalation: SeverityChange, on_de_escalation: SeverityChange) -> Policy:
    return Policy(targets, order=order, on_escalation=on_escalation,
                  on_de_escalation=on_de_escalation)
@dataclass(frozen=True, slots=True)
class Evaluation:
    """A case as a dashboard shows it at ``now``; ``policy.evaluate(case, now)`` makes one.

    ``response`` is the current severity's first-response status; ``history`` holds the
    earlier severities' response and resolution statuses as they stood at each change.
    ``replies`` holds one status per next-reply cycle, ``updates`` one per update interval,
    in order; ``resolution`` the resolution status when the target has one. ``breached`` is
    true once any metric breached and never turns back; ``breaches`` lists the breached
    statuses in the order they breached. ``updates_ended_by`` says whether a
    ``"workaround"`` or the ``"resolution"`` ended the update cadence.

    >>> from datetime import timedelta, timezone
    >>> from bizhours import sla
    >>> t0 = datetime(2026, 11, 21, 3, tzinfo=timezone.utc)
    >>> policy = sla.enterprise_policy("eastern", critical_update_every=timedelta(hours=1))
    >>> case = sla.Case(t0, "critical").respond(t0 + timedelta(minutes=10))
    >>> policy.evaluate(case, t0 + timedelta(minutes=30)).next_update_due.isoformat()
    '2026-11-21T04:10:00+00:00'
    """

    now: datetime
    severity: str
    response: MetricStatus
    history: tuple[MetricStatus, ...]
    breached: bool
    paused: bool
    pauses: tuple[Pause, ...]
    next_update_due: datetime | None
    last_update_at: datetime | None
    workaround_at: datetime | None
    resolved_at: datetime | None
    updates_ended_by: Literal["workaround", "resolution"] | None
    replies: tuple[MetricStatus, ...] = ()
    updates: tuple[MetricStatus, ...] = ()
    resolution: MetricStatus | None = None
    breaches: tuple[MetricStatus, ...] = ()
    case: Case = field(default=None, repr=False, compare=False)  # type: ignore[assignment]
    policy: Policy = field(default=None, repr=False, compare=False)  # type: ignore[assignment]

    @property
    def next_reply(self) -> MetricStatus | None:
        """The last next-reply cycle, whatever its state; ``None`` before any."""
        return self.replies[-1] if self.replies else None

    @property
    def next_update(self) -> MetricStatus | None:
        """The last update interval, whatever its state; ``None`` before any."""
        return self.updates[-1] if self.updates else None

    def status(self, metric: Metric | str = Metric.RESPONSE) -> MetricStatus | None:
        """The current status of ``metric``: the response, the last reply cycle, the last
        update interval, or the resolution (``None`` when there is none)."""
        which = Metric(metric)
        if which is Metric.RESPONSE:
            return self.response
        if which is Metric.NEXT_REPLY:
            return self.next_reply
        return self.next_update if which is Metric.UPDATE else self.resolution

    def explain(self, metric: Metric | str = Metric.RESPONSE) -> Explanation:
        """Why ``metric`` (default the response) is due when it is: the spans counted, the
        pauses, the closed periods skipped; a span that straddles the due moment is split
        there. ``ValueError`` when the case has no such status yet."""
        status = self.status(metric)
        if status is None:
            raise ValueError(f"the case has no {Metric(metric).value} status to explain at "
                             f"{self.now.isoformat()}")
        assert status.clock is not None  # evaluation builds every status with its clock
        return explain(status, status.clock, self.case.opened_at.tzinfo, self.now)

    def as_dict(self) -> dict[str, Any]:
        """The evaluation as JSON-ready data: instants in ISO 8601 in the case's zone,
        durations in ISO 8601 with ``_seconds`` beside them, business days as their text.
        ``bizhours due --json`` prints this shape."""
        tz = self.case.opened_at.tzinfo
        return {
            "severity": str(self.severity),
            "opened_at": iso(self.case.opened_at, tz),
            "now": iso(self.now, tz),
            "breached": self.breached,
            "paused": self.paused,
            "response": status_dict(self.response, tz),
            "history": statuses(self.history, tz),
            "replies": statuses(self.replies, tz),
            "next_reply": None if self.next_reply is None else status_dict(self.next_reply, tz),
            "updates": statuses(self.updates, tz),
            "next_update": None if self.next_update is None else status_dict(self.next_update,
                                                                              tz),
            "next_update_due": iso(self.next_update_due, tz),
            "resolution": None if self.resolution is None else status_dict(self.resolution, tz),
            "breaches": statuses(self.breaches, tz),
            "pauses": [[iso(a, tz), iso(b, tz)] for a, b in self.pauses],
            "last_update_at": iso(self.last_update_at, tz),
            "workaround_at": iso(self.workaround_at, tz),
            "resolved_at": iso(self.resolved_at, tz),
            "updates_ended_by": self.updates_ended_by,
        }


def _updates_ended_by(workaround_at: int | None,
                      resolved_at: int | None) -> Literal["workaround", "resolution"] | None:
    if workaround_at is not None:
        return "workaround"
    return "resolution" if resolved_at is not None else None


_METRIC_RANK = {metric: n for n, metric in enumerate(Metric)}


def _breaches(measured: list[Measured]) -> tuple[MetricStatus, ...]:
    """The breached statuses in the order they breached (their due moments)."""
    hit = [m for m in measured if m.status.breached]
    hit.sort(key=lambda m: (m.due, _METRIC_RANK[m.status.metric]))
    return tuple(m.status for m in hit)


def _evaluate(policy: Policy, case: Case, now: datetime) -> Evaluation:
    """Measure ``case`` under ``policy`` at ``now``, from the events up to ``now`` only."""
    require_aware(now, "now")
    tz = case.opened_at.tzinfo
    assert tz is not None  # a case opens at an aware datetime
    now_us = to_us(now)
    if now_us < case.state.opened_us:
        raise CaseError(f"now {now.isoformat()} is before the case opened at "
                        f"{case.opened_at.isoformat()}")
    run = replay(policy, case, now_us)
    measured = [run.response, *run.history, *run.replies, *run.updates]
    if run.resolution is not None:
        measured.append(run.resolution)
    breaches = _breaches(measured)
    ended_by = _updates_ended_by(run.workaround, run.resolved)
    return Evaluation(
        now=now,
        severity=run.severity,
        response=run.response.status,
        history=tuple(m.status for m in run.history),
        breached=bool(breaches),
        paused=run.paused,
        pauses=tuple((from_us(a, tz), None if b is None else from_us(b, tz))
                     for a, b in zip(run.pauses.starts, run.pauses.ends, strict=True))
        if run.pauses.starts else (),
        next_update_due=run.updates[-1].status.due if run.update_running else None,
        last_update_at=_shown(run.last_update, tz),
        workaround_at=_shown(run.workaround, tz),
        resolved_at=_shown(run.resolved, tz),
        updates_ended_by=ended_by,
        replies=tuple(m.status for m in run.replies),
        updates=tuple(m.status for m in run.updates),
        resolution=None if run.resolution is None else run.resolution.status,
        breaches=breaches,
        case=case,
        policy=policy,
    )


def _shown(moment: int | None, tz: tzinfo) -> datetime | None:
    return None if moment is None else from_us(moment, tz)
