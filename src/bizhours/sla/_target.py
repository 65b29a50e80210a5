"""A target: what a severity is owed, metric by metric, on which clock; and the terms
evaluation reads."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import timedelta
from typing import Protocol

from bizhours._calendar import Calendar
from bizhours._definition.business_days import BusinessDays
from bizhours.errors import ConfigError
from bizhours.sla._severity import Metric, SeverityChange


def positive_timedelta(value: object, what: str) -> timedelta:
    if not isinstance(value, timedelta):
        raise ConfigError(f"{what} must be a positive timedelta, not {value!r}")
    if value <= timedelta(0):
        # "-1:00:00" reads better than str()'s "-1 day, 23:00:00".
        shown = f"-{-value}" if value < timedelta(0) else str(value)
        raise ConfigError(f"{what} must be a positive timedelta, not {shown}")
    return value


def response_goal(value: object, what: str) -> timedelta | BusinessDays:
    """``value`` as a target's goal: a positive ``timedelta``, or a ``BusinessDays`` that
    gives time to answer (``0bd`` alone would be due the moment work can begin)."""
    if not isinstance(value, BusinessDays):
        if not isinstance(value, timedelta):
            raise ConfigError(f"{what} must be a positive timedelta or a bizhours.BusinessDays, "
                              f"not {value!r}")
        return positive_timedelta(value, what)
    if value.days == 0 and value.by is None:
        raise ConfigError(f"{what} {value} would be due the moment work can begin: give a time "
                          "of day (0bd@close, 0bd@16:00) or one business day or more (1bd)")
    return value


_ALL_METRICS = frozenset(Metric)


def _pausable(value: object) -> frozenset[Metric]:
    if isinstance(value, str) or not isinstance(value, (set, frozenset, list, tuple)):
        raise ConfigError(f"pausable must be a set of metrics ({_accepted()}), not {value!r}")
    return frozenset(Metric(m) for m in value)


def _accepted() -> str:
    return ", ".join(repr(m.value) for m in Metric)


def _shares(value: object) -> tuple[float, ...]:
    if isinstance(value, str) or not isinstance(value, (list, tuple)):
        raise ConfigError(f"warn_at must be a tuple of shares of the target (0.5, 0.75), "
                          f"not {value!r}")
    shares = []
    for share in value:
        if (isinstance(share, bool) or not isinstance(share, (int, float))
                or not 0 < share < float("inf")):
            raise ConfigError(f"warn_at holds shares of the target above 0 (0.5 is half, 1 the "
                              f"due moment), not {share!r}")
        shares.append(float(share))
    return tuple(sorted(set(shares)))


@dataclass(frozen=True, slots=True)
class Target:
    """What a severity is owed, every metric on one clock.

    ``response`` (the first response) is a length of time on the clock (a ``timedelta``) or a
    business-day deadline (``BusinessDays(1, by="close")``: by the close of the next business
    day); so are ``next_reply`` (each customer message answered within) and ``resolution``
    (resolved within, from the opening or the change). ``update_every`` (a ``timedelta``) is
    the cadence of updates after the first response. ``pausable`` names the metrics a pause
    stops (all by default); ``warn_at`` the shares of a target at which tools warn.

    >>> from bizhours import calendar
    >>> Target(timedelta(minutes=15), calendar("24x7"), update_every=timedelta(hours=1))
    Target(response=datetime.timedelta(seconds=900), clock=bizhours.calendar('24x7'), \
update_every=datetime.timedelta(seconds=3600))
    """

    response: timedelta | BusinessDays
    clock: Calendar
    update_every: timedelta | None = None
    next_reply: timedelta | BusinessDays | None = None
    resolution: timedelta | BusinessDays | None = None
    pausable: frozenset[Metric] = _ALL_METRICS
    warn_at: tuple[float, ...] = ()

    def __post_init__(self) -> None:
        response_goal(self.response, "response target")
        if self.update_every is not None:
            positive_timedelta(self.update_every, "update_every")
        if self.next_reply is not None:
            response_goal(self.next_reply, "next_reply target")
        if self.resolution is not None:
            response_goal(self.resolution, "resolution target")
        if not isinstance(self.clock, Calendar):
            raise ConfigError(f"a target's clock must be a bizhours.Calendar, not {self.clock!r}")
        object.__setattr__(self, "pausable", _pausable(self.pausable))
        object.__setattr__(self, "warn_at", _shares(self.warn_at))

    def __repr__(self) -> str:
        # 0.1's three parts always, the others only when given (the examples stay short).
        parts = [f"response={self.response!r}", f"clock={self.clock!r}",
                 f"update_every={self.update_every!r}"]
        for name in ("next_reply", "resolution"):
            value = getattr(self, name)
            if value is not None:
                parts.append(f"{name}={value!r}")
        if self.pausable != _ALL_METRICS:
            parts.append(f"pausable={_metric_set(self.pausable)}")
        if self.warn_at:
            parts.append(f"warn_at={self.warn_at!r}")
        return f"Target({', '.join(parts)})"

    def goal(self, metric: Metric) -> timedelta | BusinessDays | None:
        """The target of ``metric``: ``response``, ``next_reply``, ``update_every`` or
        ``resolution``; ``None`` when not given."""
        if metric is Metric.RESPONSE:
            return self.response
        if metric is Metric.NEXT_REPLY:
            return self.next_reply
        return self.update_every if metric is Metric.UPDATE else self.resolution


def _metric_set(metrics: frozenset[Metric]) -> str:
    if not metrics:
        return "frozenset()"
    ordered = [m for m in Metric if m in metrics]
    return "frozenset({" + ", ".join(f"sla.Metric.{m.name}" for m in ordered) + "})"


class Terms(Protocol):
    """What evaluating a case reads of its policy (``sla.Policy`` has these)."""

    @property
    def targets(self) -> Mapping[str, Target]:
        """The target of each severity."""
        ...

    @property
    def order(self) -> tuple[str, ...]:
        """The severities, most urgent first."""
        ...

    @property
    def on_escalation(self) -> SeverityChange:
        """How a change to a more urgent severity treats elapsed time."""
        ...

    @property
    def on_de_escalation(self) -> SeverityChange:
        """How a change to a less urgent severity treats elapsed time."""
        ...
