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

CRITICAL_RESPONSE = timedelta(minutes=15)
NON_CRITICAL_RESPONSE = timedelta(hours=8)


def _positive(value: object, what: str) -> timedelta:
    if not isinstance(value, timedelta):
        raise ConfigError(f"{what} must be a positive timedelta, not {value!r}")
    if value <= timedelta(0):
        # "-1:00:00" reads better than str()'s "-1 day, 23:00:00".
        shown = f"-{-value}" if value < timedelta(0) else str(value)
        raise ConfigError(f"{what} must be a positive timedelta, not {shown}")
    return value


@dataclass(frozen=True, slots=True)
class Target:
    """A response target on a clock, and optionally an update cadence on the same clock.

    >>> Target(timedelta(minutes=15), calendar("24x7"), update_every=timedelta(hours=1))
    Target(response=datetime.timedelta(seconds=900), clock=bizhours.calendar('24x7'), \
update_every=datetime.timedelta(seconds=3600))
    """

    response: timedelta
    clock: Calendar
    update_every: timedelta | None = None

    def __post_init__(self) -> None:
        _positive(self.response, "response target")
        if self.update_every is not None:
            _positive(self.update_every, "update_every")
        if not isinstance(self.clock, Calendar):
            raise ConfigError(f"a target's clock must be a bizhours.Calendar, not {self.clock!r}")


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
