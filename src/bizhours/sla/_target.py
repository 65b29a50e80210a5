"""A target: what a severity is owed, on which clock; and the terms evaluation reads."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import timedelta
from typing import Protocol

from bizhours._calendar import Calendar
from bizhours._definition.business_days import BusinessDays
from bizhours.errors import ConfigError
from bizhours.sla._severity import Severity, SeverityChange


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


@dataclass(frozen=True, slots=True)
class Target:
    """A response target on a clock, and optionally an update cadence on the same clock.

    ``response`` is a length of time on the clock (a ``timedelta``) or a business-day deadline
    (``BusinessDays(1, by="close")``: by the close of the next business day);
    ``update_every`` is a ``timedelta``.

    >>> from bizhours import calendar
    >>> Target(timedelta(minutes=15), calendar("24x7"), update_every=timedelta(hours=1))
    Target(response=datetime.timedelta(seconds=900), clock=bizhours.calendar('24x7'), \
update_every=datetime.timedelta(seconds=3600))
    """

    response: timedelta | BusinessDays
    clock: Calendar
    update_every: timedelta | None = None

    def __post_init__(self) -> None:
        response_goal(self.response, "response target")
        if self.update_every is not None:
            positive_timedelta(self.update_every, "update_every")
        if not isinstance(self.clock, Calendar):
            raise ConfigError(f"a target's clock must be a bizhours.Calendar, not {self.clock!r}")


class Terms(Protocol):
    """What evaluating a case reads of its policy (``sla.Policy`` has these)."""

    @property
    def targets(self) -> Mapping[Severity, Target]:
        """The target of each severity."""
        ...

    @property
    def on_escalation(self) -> SeverityChange:
        """How an escalation to critical treats elapsed time."""
        ...

    @property
    def on_de_escalation(self) -> SeverityChange:
        """How a de-escalation treats elapsed time."""
        ...
