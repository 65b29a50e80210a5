"""The exception hierarchy: every error bizhours raises is a ``BizHoursError``."""

from __future__ import annotations


class BizHoursError(Exception):
    """Base class of every bizhours error.

    >>> issubclass(ConfigError, BizHoursError)
    True
    """


class ConfigError(BizHoursError, ValueError):
    """A calendar, policy or contract definition is invalid; the message names the bad value."""


class NaiveDatetimeError(BizHoursError, ValueError):
    """A datetime without a time zone was given where an instant is needed."""


class NeverOpenError(BizHoursError):
    """The calendar provably never opens again, so the query has no answer."""
