"""A target: what a severity is owed, on which clock; and the terms evaluation reads."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import timedelta
from typing import Protocol

from bizhours._calendar import Calendar
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


@dataclass(frozen=True, slots=True)
class Target:
    """A response target on a clock, and optionally an update cadence on the same clock.

    >>> from bizhours import calendar
    >>> Target(timedelta(minutes=15), calendar("24x7"), update_every=timedelta(hours=1))
    Target(response=datetime.timedelta(seconds=900), clock=bizhours.calendar('24x7'), \
update_every=datetime.timedelta(seconds=3600))
    """

    response: timedelta
    clock: Calendar
    update_every: timedelta | None = None

    def __post_init__(self) -> None:
        positive_timedelta(self.response, "response target")
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
