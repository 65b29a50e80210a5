"""The words of a support contract: the severities, the metrics, how a severity change treats
elapsed time, and what can happen to a case.
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


def severity_name(value: object) -> str:
    """``value`` as a severity name: compared case-insensitively, ``_``, ``-`` and space alike;
    the enterprise names come back as ``Severity`` members, any other name as a ``str``.

    >>> severity_name("Non_Critical"), severity_name(" P1 ")
    (<Severity.NON_CRITICAL: 'non-critical'>, 'p1')
    """
    if isinstance(value, Severity):
        return value
    if not isinstance(value, str):
        raise ConfigError(f"a severity is a name (a str such as 'urgent' or 'p1'), not {value!r}")
    key = "-".join(value.strip().lower().replace("_", " ").replace("-", " ").split())
    if not key:
        raise ConfigError(f"a severity name must not be empty, not {value!r}")
    return _ENTERPRISE.get(key, key)


_ENTERPRISE: dict[str, str] = {s.value: s for s in Severity}


class Metric(_Lenient):
    """What a target measures: the first response, each next reply, the update cadence, the
    resolution.

    >>> Metric("next_reply")
    <Metric.NEXT_REPLY: 'next-reply'>
    """

    RESPONSE = "response"
    NEXT_REPLY = "next-reply"
    UPDATE = "update"
    RESOLUTION = "resolution"


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


class EventKind(_Lenient):
    """What happened to a case at an instant.

    >>> EventKind("customer_message")
    <EventKind.CUSTOMER_MESSAGE: 'customer-message'>
    """

    PAUSE = "pause"
    RESUME = "resume"
    RESPOND = "respond"
    UPDATE = "update"
    ESCALATE = "escalate"
    WORKAROUND = "workaround"
    RESOLVE = "resolve"
    CUSTOMER_MESSAGE = "customer-message"
    REOPEN = "reopen"
