"""The enterprise terms: a critical call back within 15 minutes on a 24x7 clock, a
non-critical response within business hours of the Service Time Zone.
"""

from __future__ import annotations

from datetime import timedelta

from bizhours._calendar import Calendar
from bizhours._definition.business_days import BusinessDays
from bizhours.errors import ConfigError
from bizhours.presets import calendar
from bizhours.sla._policy import Policy
from bizhours.sla._severity import Severity, SeverityChange
from bizhours.sla._target import Target

CRITICAL_RESPONSE = timedelta(minutes=15)
NON_CRITICAL_RESPONSE = timedelta(hours=8)


def enterprise_policy(
    zone_or_calendar: str | Calendar,
    non_critical_response: timedelta | BusinessDays = NON_CRITICAL_RESPONSE,
    critical_update_every: timedelta | None = None,
    *,
    on_escalation: SeverityChange | str = SeverityChange.RESTART,
    on_de_escalation: SeverityChange | str = SeverityChange.FROM_OPENING,
) -> Policy:
    """The enterprise terms for a Service Time Zone (a preset name or a ``Calendar``).

    Critical: a call back within 15 minutes on the 24x7 clock, then an update every
    ``critical_update_every`` (``None``: no update target). Non-critical: a response within
    ``non_critical_response`` of business time, or by a business-day deadline
    (``BusinessDays(1, by="close")``).

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
