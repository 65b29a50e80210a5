"""Statuses as JSON-ready data: the parts of ``Evaluation.as_dict`` and ``bizhours due
--json``.

Instants are ISO 8601 in the case's zone; a duration is ISO 8601 beside its ``_seconds`` (an
integer, or a float when it has a fraction); a business-day target is its text form
(``"1bd@close"``) with ``_seconds`` null, since it is not a length of time.
"""

from __future__ import annotations

from datetime import datetime, tzinfo
from typing import TYPE_CHECKING, Any

from bizhours.durations import duration_json

if TYPE_CHECKING:
    from bizhours.sla._metrics import MetricStatus


def iso(moment: datetime | None, tz: tzinfo | None) -> str | None:
    """``moment`` in ``tz`` as ISO 8601; ``None`` stays ``None``.

    >>> from datetime import UTC
    >>> iso(datetime(2026, 11, 20, 21, tzinfo=UTC), UTC), iso(None, UTC)
    ('2026-11-20T21:00:00+00:00', None)
    """
    return None if moment is None else moment.astimezone(tz).isoformat()


def statuses(items: tuple[MetricStatus, ...], tz: tzinfo | None) -> list[dict[str, Any]]:
    """Each status as JSON-ready data."""
    return [status_dict(s, tz) for s in items]


def status_dict(status: MetricStatus, tz: tzinfo | None) -> dict[str, Any]:
    """One metric's status as JSON-ready data."""
    share = status.share_used
    return {
        "metric": status.metric.value,
        "severity": str(status.severity),
        **duration_json("target", status.target),
        **duration_json("target_length", status.target_length),
        "started_at": iso(status.started_at, tz),
        **duration_json("carried", status.carried),
        "due": iso(status.due, tz),
        "original_due": iso(status.original_due, tz),
        "met_at": iso(status.met_at, tz),
        "ended_at": iso(status.ended_at, tz),
        "breached": status.breached,
        **duration_json("elapsed", status.elapsed),
        **duration_json("remaining", status.remaining),
        **duration_json("remaining_wall", status.remaining_wall),
        "share_used": share if share != float("inf") else None,
        "warnings": [{"share": s, "at": iso(at, tz)} for s, at in status.warnings],
    }
