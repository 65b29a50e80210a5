"""Business-day deadlines: "two business days on", "next business day by 16:00".

A ``BusinessDays`` is not a length of open time: it moves along business dates and lands
at a wall time, so it is a value of its own beside ``timedelta`` (the engine's rules are in
``bizhours._engine.timeline``; the text form is read by ``bizhours.durations``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import time
from typing import Literal

from bizhours._definition.hours import parse_time
from bizhours._instants import US_PER_SECOND
from bizhours.errors import ConfigError

Anchor = Literal["open", "close"]
"""A ``by`` that names the target day's first opening or last close."""

_SHAPE = re.compile(r"[0-9]{1,2}:[0-9]{2}(?::[0-9]{2})?")
_ACCEPTED_TIME = "None, 'HH:MM' or 'HH:MM:SS' (00:00 to 23:59:59) or a datetime.time"


@dataclass(frozen=True, slots=True, init=False)
class BusinessDays:
    """A deadline ``days`` business days on, by a wall time, with an optional cutoff.

    ``by`` and ``cutoff`` are kept as naive whole-second ``datetime.time`` values (``by`` may
    also be ``"open"`` or ``"close"``), so ``"16:00"`` and ``time(16)`` give equal values.

    >>> str(BusinessDays(1, by="16:00", cutoff="10:00"))
    '1bd@16:00,cutoff=10:00'
    >>> BusinessDays(2) == BusinessDays(2, by=None)
    True
    """

    days: int
    by: time | Anchor | None
    cutoff: time | None

    def __init__(self, days: int, by: time | str | None = None,
                 cutoff: time | str | None = None) -> None:
        if isinstance(days, bool) or not isinstance(days, int) or days < 0:
            raise ConfigError(
                f"business days {days!r} must be a whole number >= 0 (a business-day deadline "
                "counts forward from the start)", value=days)
        anchor = by.strip().lower() if isinstance(by, str) else None
        object.__setattr__(self, "days", days)
        object.__setattr__(self, "by", anchor if anchor in ("open", "close")
                           else _wall_time(by, "by", "; or 'open' or 'close'"))
        object.__setattr__(self, "cutoff", _wall_time(cutoff, "cutoff", ""))

    def __repr__(self) -> str:
        parts = [str(self.days)]
        if self.by is not None:
            parts.append(f"by={_text(self.by)!r}")
        if self.cutoff is not None:
            parts.append(f"cutoff={_text(self.cutoff)!r}")
        return f"BusinessDays({', '.join(parts)})"

    def __str__(self) -> str:
        by = "" if self.by is None else "@" + _text(self.by)
        cutoff = "" if self.cutoff is None else ",cutoff=" + _text(self.cutoff)
        return f"{self.days}bd{by}{cutoff}"

    @property
    def by_us(self) -> int | Anchor | None:
        """``by`` as microseconds after midnight (or its anchor, or ``None``)."""
        return self.by if self.by is None or isinstance(self.by, str) else _us(self.by)

    @property
    def cutoff_us(self) -> int | None:
        """``cutoff`` as microseconds after midnight, or ``None``."""
        return None if self.cutoff is None else _us(self.cutoff)


def _wall_time(value: object, name: str, more: str) -> time | None:
    """``value`` as a naive whole-second time, or ``ConfigError`` naming ``name``."""
    if value is None:
        return None
    if isinstance(value, str):
        try:
            us = parse_time(value, is_close=False)
        except ConfigError:
            shaped = _SHAPE.fullmatch(value.strip()) is not None
            reason = "out of range" if shaped else "not HH:MM or HH:MM:SS in ASCII digits"
            raise ConfigError(f"business days {name}={_shown(value)} is {reason}: accepted "
                              f"{_ACCEPTED_TIME}{more}", value=value) from None
        seconds = us // US_PER_SECOND
        return time(seconds // 3600, seconds // 60 % 60, seconds % 60)
    if isinstance(value, time) and value.tzinfo is None and value.microsecond == 0:
        return value
    raise ConfigError(f"business days {name}={_shown(value)} is not accepted: {_ACCEPTED_TIME}"
                      f"{more} (a wall time in the calendar's zone, without tzinfo or fractions)",
                      value=value)


def _shown(value: object) -> str:
    """``value``'s repr for a message, cut after 40 characters."""
    text = repr(value)
    return text if len(text) <= 40 else f"{text[:40]}... ({len(text):,} characters)"


def _us(value: time) -> int:
    return ((value.hour * 60 + value.minute) * 60 + value.second) * US_PER_SECOND


def _text(value: time | str) -> str:
    if isinstance(value, str):
        return value
    return value.strftime("%H:%M:%S" if value.second else "%H:%M")
