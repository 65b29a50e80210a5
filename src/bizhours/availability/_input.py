"""What a measurement read: rows a lenient reader rejected, and the summary of the input.

Both the log readers (which reject rows) and the report (which carries them) use these
values, so they live apart from either.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class RejectedRow:
    """A row a lenient reader could not turn into an attempt.

    >>> str(RejectedRow("api.csv", 7, "channel 'ftp' is not accepted"))
    "api.csv:7: channel 'ftp' is not accepted"
    """

    path: str
    line: int
    reason: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.reason}"


@dataclass(frozen=True, slots=True)
class InputSummary:
    """What the measurement read: attempts counted in its period, attempts outside it (ignored),
    and rows a lenient reader rejected (counted neither way)."""

    counted: int
    outside: int
    rejected: tuple[RejectedRow, ...] = ()
