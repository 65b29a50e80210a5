"""The words of a support contract: the severities, how a severity change treats elapsed time,
and what can happen to a case.
"""

from __future__ import annotations

from enum import StrEnum

from bizhours.errors import ConfigError


class _Lenient(StrEnum):
    """A string enum that accepts its values case-insensitively, with ``_`` and ``-`` alike."""

    @classmethod
    def _missing_(cls, value: object) -> _Lenient:
        if isinstance(value, str):
            key = value.strip().lower().replace("_", "-").replace(" ", "-")
            for member in cls:
                if member.value == key:
                    return member
        accepted = ", ".join(repr(m.value) for m in cls)
        # Enum re-raises a ValueError from _missing_ as it is, so callers see this message.
        raise ConfigError(f"unknown {cls.__name__} {value!r}: accepted {accepted}")


class Severity(_Lenient):
    """The contract's two severities.

    >>> Severity("Non_Critical")
    <Severity.NON_CRITICAL: 'non-critical'>
    """

    CRITICAL = "critical"
    NON_CRITICAL = "non-critical"


class SeverityChange(_Lenient):
    """How a severity change treats the time already elapsed (a policy option).

    ``restart``: the new target's clock starts at the change. ``carry-over``: it starts at the
    change with the response clock's elapsed time carried over. ``from-opening``: the new
    target is measured from the case's opening, pauses excluded.

    >>> SeverityChange("carry_over")
    <SeverityChange.CARRY_OVER: 'carry-over'>
    """

    RESTART = "restart"
    CARRY_OVER = "carry-over"
    FROM_OPENING = "from-opening"


class EventKind(StrEnum):
    """What happened to a case at an instant."""

    PAUSE = "pause"
    RESUME = "resume"
    RESPOND = "respond"
    UPDATE = "update"
    ESCALATE = "escalate"
    WORKAROUND = "workaround"
    RESOLVE = "resolve"
