"""Measured unavailability: which seconds of a period were unavailable under the contract.

A second is unavailable when the customer attempted API calls in it and all of them failed
(a server-side timeout or internal error), and/or attempted SMTP injections and all of them
failed likewise. ``measure`` turns a stream of ``Attempt``s (or a table of them) into a
``Report``; ``read_csv`` and ``read_jsonl`` stream attempt logs from files (``read_csv`` with
pyarrow too, ``engine="arrow"``); ``combine`` merges the reports of parts of the logs.

>>> from datetime import UTC, datetime
>>> t = datetime(2026, 1, 5, 14, 0, tzinfo=UTC)
>>> report = measure([Attempt(t, "api", 503), Attempt(t, "smtp", 250)], t,
...                  datetime(2026, 1, 5, 15, 0, tzinfo=UTC))
>>> report.unavailable_seconds, report.total_seconds, report.outages[0][0] == t
(1, 3600, True)
"""

from __future__ import annotations

from bizhours.availability._attempts import (
    Attempt,
    FailureRule,
    Status,
    default_api_failure,
    default_smtp_failure,
)
from bizhours.availability._input import InputSummary, RejectedRow
from bizhours.availability._lines import MAX_LINE
from bizhours.availability._logs import AttemptLog, read_csv, read_jsonl
from bizhours.availability._measure import measure
from bizhours.availability._report import BusinessOutage, Outage, Report, Rollup, combine
from bizhours.availability._seconds import SecondCounts, SecondRule, all_failed
from bizhours.errors import AttemptError, AvailabilityError, LogFormatError

__all__ = [
    "MAX_LINE",
    "Attempt",
    "AttemptError",
    "AttemptLog",
    "AvailabilityError",
    "BusinessOutage",
    "FailureRule",
    "InputSummary",
    "LogFormatError",
    "Outage",
    "RejectedRow",
    "Report",
    "Rollup",
    "SecondCounts",
    "SecondRule",
    "Status",
    "all_failed",
    "combine",
    "default_api_failure",
    "default_smtp_failure",
    "measure",
    "read_csv",
    "read_jsonl",
]
