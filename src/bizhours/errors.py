"""Every exception bizhours raises, in one place; each is a ``BizHoursError``.

Errors carry what they are about as fields (the value, the key, the line), so a caller can
act on an error without parsing its message.

>>> issubclass(OutOfRangeError, BizHoursError) and issubclass(ConfigError, ValueError)
True
"""

from __future__ import annotations

from datetime import date

RANGE_MESSAGE = (
    "result is beyond the supported range (years 1 to 9999, except their first and last day)"
)


class BizHoursError(Exception):
    """Base class of every bizhours error.

    >>> issubclass(ConfigError, BizHoursError)
    True
    """


class ConfigError(BizHoursError, ValueError):
    """A calendar, policy or contract definition is invalid; the message names the bad value.

    ``value`` is the bad value when the error is about one (else ``None``).
    """

    def __init__(self, message: str, *, value: object = None) -> None:
        super().__init__(message)
        self.value = value


class NaiveDatetimeError(BizHoursError, ValueError):
    """A datetime without a time zone was given where an instant is needed.

    ``value`` is the naive value (a datetime, a timestamp's text, a column's dtype).
    """

    def __init__(self, message: str, *, value: object = None) -> None:
        super().__init__(message)
        self.value = value


class NeverOpenError(BizHoursError):
    """The calendar provably never opens again (or was never open before), so the query
    has no answer."""


class NeverClosesError(BizHoursError):
    """The calendar is open at every instant from ``since`` on, so there is no next close.

    >>> str(NeverClosesError(None))
    'the calendar never closes: it is open at every instant from then on, so there is no next close'
    """

    def __init__(self, since: date | None) -> None:
        super().__init__(since)
        self.since = since

    def __str__(self) -> str:
        after = f" after {self.since.isoformat()}" if self.since not in (None, date.min) else ""
        return (f"the calendar never closes{after}: it is open at every instant from then on, "
                "so there is no next close")


class OutOfRangeError(BizHoursError):
    """An instant or a result lies beyond the supported range (years 1 to 9999, except
    their first and last day). ``value`` is the instant concerned when it is known.

    >>> str(OutOfRangeError()) == RANGE_MESSAGE
    True
    """

    def __init__(self, message: str = RANGE_MESSAGE, *, value: object = None) -> None:
        super().__init__(message)
        self.value = value


class ContractError(ConfigError):
    """A contract file is unreadable or has a bad or unknown key; the message names the key.

    ``source`` is the file (or ``"<string>"``), ``key`` the key's path (``None`` for the
    whole file) and ``reason`` what is wrong with it.
    """

    def __init__(self, source: str, key: str | None, reason: str) -> None:
        BizHoursError.__init__(self, source, key, reason)
        self.source, self.key, self.reason = source, key, reason
        self.value = None

    def __str__(self) -> str:
        where = f"{self.source}: {self.key}" if self.key else self.source
        return f"{where}: {self.reason}"


class CaseError(BizHoursError, ValueError):
    """An event does not fit the case's timeline; the message names the event and why."""


class AvailabilityError(BizHoursError, ValueError):
    """Bad input to the unavailability accounting: a period, an option or a rule's answer."""


class AttemptError(AvailabilityError):
    """An attempt's channel, status or instant is not one that is accepted."""


class LogFormatError(AvailabilityError):
    """A malformed row or header in an attempt log; the message starts with ``FILE:LINE:``
    (``FILE:LINE-LINE:`` for a record a quoted field made span several lines). ``skippable``
    says whether lenient reading would reject the row and go on (not for a bad header or a
    compressed file, which leave nothing to read).

    >>> str(LogFormatError("attempts.csv", 7, "unknown channel 'ftp'"))
    "attempts.csv:7: unknown channel 'ftp'"
    >>> str(LogFormatError("attempts.csv", 7, "status is not accepted", last_line=9))
    'attempts.csv:7-9: status is not accepted'
    """

    def __init__(self, path: str, line: int, reason: str, *, last_line: int | None = None,
                 skippable: bool = False) -> None:
        super().__init__(path, line, reason)
        self.path, self.line, self.reason = path, line, reason
        self.skippable = skippable
        self.last_line = line if last_line is None else last_line  # line, unless a quote ran on

    def __str__(self) -> str:
        lines = f"{self.line}-{self.last_line}" if self.last_line > self.line else f"{self.line}"
        path = self.path if self.path.isprintable() else repr(self.path)  # no raw escapes
        return f"{path}:{lines}: {self.reason}"


class MissingDependencyError(BizHoursError):
    """An optional package needed for this feature is not installed."""


class UsageError(BizHoursError):
    """A command line that cannot be run as given; the message is printed on one line."""
