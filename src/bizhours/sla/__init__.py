"""SLA policies: every metric a support contract or a ticketing tool tracks (first response,
next replies, updates, resolution), per severity, each target on its own clock.

The enterprise terms: a critical case is answered by a call back within 15 minutes on a 24x7
clock, then updated at the agreed cadence until resolved or a workaround is provided; a
non-critical case is answered within the non-critical target, in the Service Time Zone's
business hours.

>>> from datetime import datetime, timedelta
>>> from zoneinfo import ZoneInfo
>>> policy = enterprise_policy("eastern")
>>> friday = datetime(2026, 11, 20, 15, tzinfo=ZoneInfo("America/New_York"))
>>> policy.evaluate(Case(friday, "non-critical"), now=friday).response.due.isoformat()
'2026-11-23T15:00:00-05:00'
"""

from bizhours.errors import CaseError
from bizhours.sla._case import Case, Event
from bizhours.sla._enterprise import CRITICAL_RESPONSE, NON_CRITICAL_RESPONSE, enterprise_policy
from bizhours.sla._explain import ClosedPeriod, Explanation, PausedSpan, Span
from bizhours.sla._metrics import MetricStatus, ResponseStatus
from bizhours.sla._policy import Evaluation, Policy
from bizhours.sla._severity import EventKind, Metric, Severity, SeverityChange, severity_name
from bizhours.sla._target import Target

__all__ = [
    "CRITICAL_RESPONSE",
    "NON_CRITICAL_RESPONSE",
    "Case",
    "CaseError",
    "ClosedPeriod",
    "Evaluation",
    "Event",
    "EventKind",
    "Explanation",
    "Metric",
    "MetricStatus",
    "PausedSpan",
    "Policy",
    "ResponseStatus",
    "Severity",
    "SeverityChange",
    "Span",
    "Target",
    "enterprise_policy",
    "severity_name",
]
