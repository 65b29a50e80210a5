"""SLA policies: a target for each severity, each on its own clock."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from types import MappingProxyType

from bizhours._calendar import Calendar
from bizhours.errors import ConfigError
from bizhours.presets import calendar
from bizhours.sla._case import Case
from bizhours.sla._evaluate import Evaluation, evaluate
from bizhours.sla._severity import Severity, SeverityChange
from bizhours.sla._target import Target

CRITICAL_RESPONSE = timedelta(minutes=15)
NON_CRITICAL_RESPONSE = timedelta(hours=8)


@dataclass(frozen=True, slots=True, init=False)
class Policy:
    """A target for each severity, and how a severity change treats elapsed time.

    ``on_escalation`` (to critical) defaults to ``restart``: the critical clock starts at the
    escalation. ``on_de_escalation`` defaults to ``from-opening``: the new target is measured
    from the case's opening. Either may be ``restart``, ``carry-over`` or ``from-opening``.

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
        return evaluate(self, case, now)


def _restore_policy(targets: dict[Severity, Target], on_escalation: SeverityChange,
                    on_de_escalation: SeverityChange) -> Policy:
    return Policy(targets, on_escalation=on_escalation, on_de_escalation=on_de_escalation)


def enterprise_policy(
    zone_or_calendar: str | Calendar,
    non_critical_response: timedelta = NON_CRITICAL_RESPONSE,
    critical_update_every: timedelta | None = None,
    *,
    on_escalation: SeverityChange | str = SeverityChange.RESTART,
    on_de_escalation: SeverityChange | str = SeverityChange.FROM_OPENING,
) -> Policy:
    """The enterprise terms for a Service Time Zone (a preset name or a ``Calendar``).

    Critical: a call back within 15 minutes on the 24x7 clock, then an update every
    ``critical_update_every`` (``None``: no update target). Non-critical: a response within
    ``non_critical_response`` of business time.

    >>> enterprise_policy("uk").targets[Severity.NON_CRITICAL].response
    datetime.timedelta(seconds=28800)
    """
    if isinstance(zone_or_calendar, Calendar):
        business = zone_or_calendar
    elif isinstance(zone_or_calendar, str):
        business = calendar(zone_or_calendar)
    else:
        raise ConfigError(
            f"expected a Service Time Zone name or a bizhours.Calendar, not {zone_or_calendar!r}"
        )
    return Policy(
        {
            Severity.CRITICAL: Target(CRITICAL_RESPONSE, calendar("24x7"), critical_update_every),
            Severity.NON_CRITICAL: Target(non_critical_response, business),
        },
        on_escalation=on_escalation,
        on_de_escalation=on_de_escalation,
    )
