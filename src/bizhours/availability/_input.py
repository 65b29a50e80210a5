"""What a measurement read: rows a lenient reader rejected, and the summary of the input.

Both the log readers (which reject rows) and the report (which carries them) use these
values, so they live apart from either.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class RejectedRow:
    """A row a lenient reader could not turn into an attempt.

    ``last_line`` is set when the row is a record that a quoted field made span several
    lines, from ``line`` to ``last_line``; it is ``None`` for a one-line row.

    >>> str(RejectedRow("api.csv", 7, "channel 'ftp' is not accepted"))
    "api.csv:7: channel 'ftp' is not accepted"
    >>> str(RejectedRow("api.csv", 7, "status is not accepted", last_line=9))
    'api.csv:7-9: status is not accepted'
    """

    path: str
    line: int
    reason: str
    last_line: int | None = None

    @property
    def lines(self) -> int:
        """How many physical lines the row took (1 unless a quoted field ran on)."""
        return 1 if self.last_line is None else self.last_line - self.line + 1

    def __str__(self) -> str:
        span = self.line if self.last_line is None else f"{self.line}-{self.last_line}"
        path = self.path if self.path.isprintable() else repr(self.path)  # no raw escapes
        return f"{path}:{span}: {self.reason}"


@dataclass(frozen=True, slots=True)
class InputSummary:
    """What the measurement read: attempts counted in its period, attempts outside it (ignored),
    and rows a lenient reader rejected (counted neither way)."""

    counted: int
    outside: int
    rejected: tuple[RejectedRow, ...] = ()
