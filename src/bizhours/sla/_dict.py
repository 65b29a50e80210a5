"""Statuses as JSON-ready data: the parts of ``Evaluation.as_dict`` and ``bizhours due
--json``.

Instants are ISO 8601 in the case's zone; a duration is ISO 8601 beside its ``_seconds`` (an
integer, or a float when it has a fraction); a business-day target is its text form
(``"1bd@close"``) with ``_seconds`` null, since it is not a length of time.
"""

from __future__ import annotations

from datetime import datetime, timedelta, tzinfo
from typing import TYPE_CHECKING, Any

from bizhours._definition.business_days import BusinessDays
from bizhours.durations import iso_duration

if TYPE_CHECKING:
    from bizhours.sla._metrics import MetricStatus


def iso(moment: datetime | None, tz: tzinfo | None) -> str | None:
    """``moment`` in ``tz`` as ISO 8601; ``None`` stays ``None``."""
    return None if moment is None else moment.astimezone(tz).isoformat()


def durations(name: str, value: timedelta | BusinessDays | None) -> dict[str, Any]:
    """``name`` in ISO 8601 (or business days' text) and ``name_seconds`` as a number.

    >>> durations("elapsed", timedelta(minutes=90))
    {'elapsed': 'PT1H30M', 'elapsed_seconds': 5400}
    """
    if value is None or isinstance(value, BusinessDays):
        return {name: None if value is None else str(value), f"{name}_seconds": None}
    seconds = value / timedelta(seconds=1)
    return {name: iso_duration(value),
            f"{name}_seconds": int(seconds) if seconds.is_integer() else seconds}


def statuses(items: tuple[MetricStatus, ...], tz: tzinfo | None) -> list[dict[str, Any]]:
    """Each status as JSON-ready data."""
    return [status_dict(s, tz) for s in items]


def status_dict(status: MetricStatus, tz: tzinfo | None) -> dict[str, Any]:
    """One metric's status as JSON-ready data."""
    share = status.share_used
    return {
        "metric": status.metric.value,
        "severity": str(status.severity),
        **durations("target", status.target),
        **durations("target_length", status.target_length),
        "started_at": iso(status.started_at, tz),
        **durations("carried", status.carried),
        "due": iso(status.due, tz),
        "original_due": iso(status.original_due, tz),
        "met_at": iso(status.met_at, tz),
        "ended_at": iso(status.ended_at, tz),
        "breached": status.breached,
        **durations("elapsed", status.elapsed),
        **durations("remaining", status.remaining),
        **durations("remaining_wall", status.remaining_wall),
        "share_used": share if share != float("inf") else None,
        "warnings": [{"share": s, "at": iso(at, tz)} for s, at in status.warnings],
    }
