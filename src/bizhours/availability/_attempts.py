"""Attempts: one API call or SMTP injection, its instant and its status, validated once.

An ``Attempt`` also carries two derived integers so that measuring millions of them is a tight
loop: ``second`` (the UTC epoch second its instant falls in) and ``code``, packing the channel
and status (``2 * status + channel``; ``"timeout"`` is ``-2 + channel``). The failure rules
(``FailureRule``, the contract's defaults) say which statuses are server-side failures.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Final

from bizhours._instants import EPOCH
from bizhours._instants import require_aware as aware
from bizhours.availability._text import shown
from bizhours.errors import AttemptError, AvailabilityError

Status = int | str
"""An HTTP status or SMTP reply code 0-999, or ``"timeout"``."""

NO_RESPONSE: Final = 0
"""The status a client writes when no response came at all (curl's ``000``): a timeout."""

TIMEOUT: Final = "timeout"
CHANNELS: Final = ("api", "smtp")
_CHANNEL_CODE: Final = {"api": 0, "smtp": 1}
_ACCEPTED_STATUS: Final = "an int 0-999, a string of 1-3 digits, or 'timeout'"
_ACCEPTED_CHANNEL: Final = "'api' or 'smtp' (any case)"
# Epoch seconds of 0001-01-01T00:00:00Z and 10000-01-01T00:00:00Z: the instants a datetime holds.
FIRST_SECOND: Final = -62_135_596_800
END_SECOND: Final = 253_402_300_800


def epoch_second(at: datetime) -> int:
    """The UTC epoch second an aware ``at`` falls in (floored), in exact integer arithmetic.

    >>> epoch_second(datetime(1970, 1, 1, 0, 0, 1, 500_000, tzinfo=UTC))
    1
    """
    # Not _instants.to_us(at) // 1_000_000: the same answer, but three times slower for a UTC
    # instant (the common case in logs), and every attempt built from a datetime comes here.
    d = at - EPOCH
    return d.days * 86_400 + d.seconds


def period_seconds(start: datetime, end: datetime) -> tuple[int, int]:
    """The whole UTC epoch seconds ``[lo, hi)`` of the period ``[start, end)``.

    Compared as instants: two datetimes of one zone compare by wall time, which misorders
    the repeated hour when clocks go back.

    >>> period_seconds(datetime(1970, 1, 1, 0, 0, 0, 1, tzinfo=UTC),
    ...                datetime(1970, 1, 1, 0, 0, 2, 500_000, tzinfo=UTC))
    (1, 2)
    """
    lo = ceil_epoch_second(require_aware(start, "start"))
    hi = epoch_second(require_aware(end, "end"))
    if end.astimezone(UTC) < start.astimezone(UTC):
        raise AvailabilityError(f"end {end.isoformat()} is before start {start.isoformat()}")
    return lo, max(lo, hi)


def ceil_epoch_second(at: datetime) -> int:
    """The first whole UTC epoch second at or after ``at``.

    >>> ceil_epoch_second(datetime(1970, 1, 1, 0, 0, 1, 500_000, tzinfo=UTC))
    2
    """
    d = at - EPOCH
    return d.days * 86_400 + d.seconds + (1 if d.microseconds else 0)


def utc_at(second: int) -> datetime:
    """The aware UTC datetime at the start of an epoch second.

    >>> utc_at(86_400)
    datetime.datetime(1970, 1, 2, 0, 0, tzinfo=datetime.timezone.utc)
    """
    return EPOCH + timedelta(0, second)


def require_aware(at: object, what: str) -> datetime:
    """``at`` itself when it is an aware datetime; otherwise the error that says why not."""
    return aware(at, what, AttemptError)


def _status_code(status: object) -> int:
    """The status's part of the packed code, or ``AttemptError`` naming the bad value."""
    if isinstance(status, int) and not isinstance(status, bool):
        if 0 <= status <= 999:
            return 2 * int(status)  # int() turns an IntEnum such as HTTPStatus into a plain int
    elif isinstance(status, str):
        text = status.lower()
        if text == TIMEOUT:
            return -2
        if 1 <= len(text) <= 3 and text.isascii() and text.isdigit():
            return 2 * int(text)
    raise AttemptError(f"status {shown(status)} is not accepted: give {_ACCEPTED_STATUS}")


def _kind(channel: object, status: object) -> tuple[str, Status, int]:
    """Stored channel, stored status and packed code of an attempt's channel and status.

    >>> _kind("SMTP", "451")
    ('smtp', 451, 903)
    """
    try:
        key = (channel, status, type(status))  # the type keeps 200.0 and True out of 200's entry
        return _KINDS[key]
    except TypeError:  # an unhashable channel or status
        key = None
    except KeyError:
        pass
    ch = _CHANNEL_CODE.get(channel.lower()) if isinstance(channel, str) else None
    if ch is None:
        raise AttemptError(
            f"channel {shown(channel)} is not accepted: give {_ACCEPTED_CHANNEL}"
        )
    code = _status_code(status) + ch
    kind = (CHANNELS[ch], code >> 1 if code >= 0 else TIMEOUT, code)
    if key is not None and len(_KINDS) < 100_000:  # bounded: case variants of valid values
        _KINDS[key] = kind
        _CODES[key] = code
    return kind


# Validated (channel, status, type) -> kind: building an attempt from a file row is one lookup.
_KINDS: Final[dict[object, tuple[str, Status, int]]] = {}
_CODES: Final[dict[object, int]] = {}  # the same keys -> the packed code alone


def kind_code(channel: object, status: object) -> int:
    """The packed code of a channel and status, checked as ``Attempt`` checks them.

    >>> kind_code("SMTP", "451"), kind_code("api", "timeout")
    (903, -2)
    """
    try:
        return _CODES[(channel, status, type(status))]
    except (KeyError, TypeError):
        return _kind(channel, status)[2]


def code_channel(code: int) -> str:
    """The channel a packed code stands for.

    >>> code_channel(903)
    'smtp'
    """
    return CHANNELS[code & 1]


def code_status(code: int) -> Status:
    """The stored status a packed code stands for: an int, or ``"timeout"``.

    >>> code_status(903), code_status(-1)
    (451, 'timeout')
    """
    return code >> 1 if code >= 0 else TIMEOUT


@dataclass(frozen=True, slots=True, init=False)
class Attempt:
    """One attempted API call or SMTP injection.

    ``channel`` is stored lower-case and a digit-string ``status`` as an int, so attempts read
    from a file equal those built in code.

    >>> a = Attempt(datetime(2026, 1, 5, 14, 0, 0, 250_000, tzinfo=UTC), "API", "503")
    >>> a.channel, a.status, a.second
    ('api', 503, 1767621600)
    """

    at: datetime
    channel: str
    status: Status
    second: int = field(init=False, repr=False, compare=False)
    """The UTC epoch second ``at`` falls in."""
    code: int = field(init=False, repr=False, compare=False)
    """Channel and status packed in one int (``2 * status + channel``; a timeout is
    ``-2 + channel``): what ``measure`` judges and counts by."""

    def __init__(self, at: datetime, channel: str, status: Status) -> None:
        kind = _kind(channel, status)
        _fill(self, require_aware(at, "attempt instant"), epoch_second(at), kind)

    # Equal at the same instant, compared in UTC: within one zone datetimes compare by wall
    # time, so the two 01:30s of the night clocks go back would be one attempt.
    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Attempt):
            return NotImplemented
        return self._key() == other._key()

    def __hash__(self) -> int:
        return hash(self._key())

    def _key(self) -> tuple[object, ...]:
        return (self.at.astimezone(UTC), self.channel, self.status)

    @classmethod
    def from_epoch(cls, seconds: int | float | Decimal, channel: str, status: Status) -> Attempt:
        """An attempt at UTC epoch ``seconds`` (an int is the fast path; fractions are kept).

        >>> Attempt.from_epoch(1767621600, "smtp", "timeout").at.isoformat()
        '2026-01-05T14:00:00+00:00'
        """
        return trusted_attempt(*epoch_instant(seconds), channel, status)


def epoch_instant(seconds: object) -> tuple[datetime, int]:
    """The aware UTC instant of epoch ``seconds`` (int, float or Decimal) and its floor.

    The range is checked before anything is converted: flooring ``Decimal("1e999999999")``
    would build an integer of a billion digits first.

    >>> epoch_instant(Decimal("-0.5"))
    (datetime.datetime(1969, 12, 31, 23, 59, 59, 500000, tzinfo=datetime.timezone.utc), -1)
    """
    if type(seconds) is int:
        if FIRST_SECOND <= seconds < END_SECOND:
            return utc_at(seconds), seconds
    elif isinstance(seconds, int | float | Decimal) and not isinstance(seconds, bool):
        exact = Decimal(seconds)  # a float converts exactly; flooring it then is exact too
        if exact.is_finite() and FIRST_SECOND <= exact < END_SECOND:
            whole = math.floor(exact)
            micros = int((exact - whole) * 1_000_000)
            return EPOCH + timedelta(seconds=whole, microseconds=micros), whole
    else:
        raise AttemptError(f"epoch seconds {shown(seconds)} must be an int, float or Decimal")
    raise AttemptError(
        f"epoch seconds {shown(seconds)} are not a finite instant in years 1-9999"
    )


def trusted_attempt(at: datetime, second: int, channel: object, status: object) -> Attempt:
    """An ``Attempt`` whose ``at`` is known aware and whose ``second`` is already computed.

    The readers' fast path: channel and status are still checked (whatever their type), the
    instant is not.
    """
    attempt: Attempt = _new(Attempt)
    _fill(attempt, at, second, _kind(channel, status))
    return attempt


_new = object.__new__
# Slot descriptors set a frozen attempt's fields once, faster than object.__setattr__.
_SET_AT, _SET_CHANNEL, _SET_STATUS, _SET_SECOND, _SET_CODE = (
    Attempt.__dict__[name].__set__ for name in ("at", "channel", "status", "second", "code")
)


def _fill(attempt: Attempt, at: datetime, second: int, kind: tuple[str, Status, int]) -> None:
    _SET_AT(attempt, at)
    _SET_CHANNEL(attempt, kind[0])
    _SET_STATUS(attempt, kind[1])
    _SET_SECOND(attempt, second)
    _SET_CODE(attempt, kind[2])


FailureRule = Callable[[Status], bool]
"""Says whether one attempt's status is a server-side failure."""


def default_api_failure(status: Status) -> bool:
    """The contract's API failure: a server-side timeout or internal error (HTTP 500-599); no
    response at all (status 0, curl's ``000``) is a timeout.

    >>> default_api_failure(503), default_api_failure(429), default_api_failure("timeout")
    (True, False, True)
    >>> default_api_failure(0)
    True
    """
    return status == TIMEOUT or (type(status) is int and (500 <= status <= 599 or status == 0))


def default_smtp_failure(status: Status) -> bool:
    """The contract's SMTP failure: a timeout or a transient server error (421, 451, 452); no
    reply at all (status 0) is a timeout.

    >>> default_smtp_failure(451), default_smtp_failure(550), default_smtp_failure(0)
    (True, False, True)
    """
    return status == TIMEOUT or status in (421, 451, 452, NO_RESPONSE)
