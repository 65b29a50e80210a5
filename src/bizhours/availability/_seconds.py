"""The per-second record: what happened in one failing second, and the rules that judge it.

A report keeps one ``SecondCounts`` per second in which at least one attempt failed; whether
that second was unavailable is a ``SecondRule`` applied to its counts (``all_failed`` is the
contract's).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from bizhours.availability._attempts import utc_at


@dataclass(frozen=True, slots=True)
class SecondCounts:
    """What happened in one failing second: attempts and failures per channel.

    >>> c = SecondCounts(1767621600, api_attempts=3, api_failures=3, smtp_attempts=0,
    ...                  smtp_failures=0)
    >>> all_failed(c), c.at.isoformat()
    (True, '2026-01-05T14:00:00+00:00')
    """

    second: int
    """UTC epoch second."""
    api_attempts: int
    api_failures: int
    smtp_attempts: int
    smtp_failures: int

    @property
    def at(self) -> datetime:
        """The start of the second, an aware UTC datetime."""
        return utc_at(self.second)


SecondRule = Callable[[SecondCounts], bool]


def all_failed(c: SecondCounts) -> bool:
    """The contract's rule: some channel was attempted and every attempt on it failed.

    >>> all_failed(SecondCounts(0, 2, 1, 0, 0))
    False
    """
    return (0 < c.api_attempts == c.api_failures) or (0 < c.smtp_attempts == c.smtp_failures)
