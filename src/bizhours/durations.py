"""Durations as people type them: ``4h``, ``90m``, ``1h30m``, ``45s`` or ISO 8601 ``PT8H``.

Days, weeks, months and years are refused: a business day is not 24 hours (the Eastern
preset's is 8), so ``2d`` has no single meaning in business time. Give hours instead.

>>> parse_duration("1h30m")
datetime.timedelta(seconds=5400)
>>> format_duration(parse_duration("PT8H"))
'8h'
"""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Final

from bizhours._instants import duration_us
from bizhours.errors import ConfigError

__all__ = ["format_duration", "iso_duration", "parse_duration"]

_ACCEPTED: Final = (
    "accepted: hours, minutes and seconds such as 4h, 90m, 1h30m, 45s, 1.5h, "
    "or ISO 8601 such as PT8H or PT1H30M; a leading '-' counts backwards"
)
_UNIT_US: Final = {"h": 3_600_000_000, "m": 60_000_000, "s": 1_000_000}
# More digits than any timedelta needs (its longest is about 8.6e13 seconds; a fraction finer
# than a microsecond of an hour has at most 10 significant decimals): numbers are checked
# against this before they are converted, so that a huge one costs nothing.
_MAX_DIGITS: Final = 16
_NUMBER: Final = r"(\d+(?:\.\d+)?)"
_SHORT: Final = re.compile(
    rf"^(?:{_NUMBER}\s*h)?\s*(?:{_NUMBER}\s*m)?\s*(?:{_NUMBER}\s*s)?$", re.IGNORECASE | re.ASCII
)
_ISO: Final = re.compile(
    rf"^P(?:T(?:{_NUMBER}H)?(?:{_NUMBER}M)?(?:{_NUMBER}S)?)$", re.IGNORECASE | re.ASCII
)
_DAYS: Final = re.compile(
    r"(\d\s*(d|days?|w|weeks?)\b)|(^P.*[DWY])|(^P\d+(?:\.\d+)?M)", re.IGNORECASE | re.ASCII
)


def parse_duration(text: str) -> timedelta:
    """The duration written in ``text``, exact to the microsecond.

    >>> parse_duration("-PT2H") == -parse_duration("2h")
    True
    """
    if not isinstance(text, str):
        raise ConfigError(f"duration {text!r} must be a string; {_ACCEPTED}")
    raw = text.strip()
    body = raw[1:].lstrip() if raw.startswith("-") else raw
    sign = -1 if raw.startswith("-") else 1
    if _DAYS.search(body):
        raise ConfigError(
            f"duration {_quoted(raw)}: a business day is not 24 hours (the Eastern preset's is 8, "
            "and holidays and weekends have none), so days, weeks, months and years are not "
            "accepted; give business hours instead, such as 16h for two 8-hour days"
        )
    match = _ISO.match(body) or _SHORT.match(body)
    if not body or match is None or not any(match.groups()) or body.upper() in ("P", "PT"):
        raise ConfigError(f"duration {_quoted(raw)} is not understood; {_ACCEPTED}")
    micros = sum(_micros(value, _UNIT_US[unit], raw)
                 for value, unit in zip(match.groups(), "hms", strict=True) if value is not None)
    try:
        return sign * timedelta(microseconds=micros)
    except OverflowError:
        raise ConfigError(f"duration {_quoted(raw)} is too long for a timedelta") from None


def _micros(number: str, unit_us: int, raw: str) -> int:
    """The microseconds of ``number`` (digits, maybe a fraction) of a unit, exactly."""
    whole, _, fraction = number.partition(".")
    whole, fraction = whole.lstrip("0"), fraction.rstrip("0")
    if len(whole) > _MAX_DIGITS:
        raise ConfigError(f"duration {_quoted(raw)} is too long for a timedelta")
    if len(fraction) > _MAX_DIGITS:
        raise ConfigError(f"duration {_quoted(raw)} is finer than a microsecond")
    scale = 10 ** len(fraction)
    micros, rest = divmod(int(whole or "0", 10) * unit_us * scale
                          + int(fraction or "0", 10) * unit_us, scale)
    if rest:
        raise ConfigError(f"duration {_quoted(raw)} is finer than a microsecond")
    return int(micros)


def _quoted(raw: str) -> str:
    """``raw`` quoted for a message, cut after 40 characters (with its length)."""
    return repr(raw) if len(raw) <= 40 else f"{raw[:40]!r}... ({len(raw):,} characters)"


def format_duration(value: timedelta) -> str:
    """``value`` written back in the short form: ``7h30m``, ``45s``, ``0.25s``, ``-2h``, ``0s``.

    >>> format_duration(timedelta(hours=7, minutes=30))
    '7h30m'
    """
    micros = duration_us(value)
    sign, micros = ("-", -micros) if micros < 0 else ("", micros)
    hours, rest = divmod(micros, _UNIT_US["h"])
    minutes, rest = divmod(rest, _UNIT_US["m"])
    seconds, fraction = divmod(rest, _UNIT_US["s"])
    parts = [f"{hours}h" if hours else "", f"{minutes}m" if minutes else ""]
    if seconds or fraction:
        parts.append(f"{seconds}.{fraction:06d}".rstrip("0") + "s" if fraction else f"{seconds}s")
    return sign + ("".join(parts) or "0s")


def iso_duration(value: timedelta) -> str:
    """``value`` as an ISO 8601 duration in hours, minutes and seconds (``-`` when negative).

    >>> iso_duration(timedelta(hours=7, minutes=30))
    'PT7H30M'
    """
    sign = "-" if value < timedelta(0) else ""
    return sign + "PT" + format_duration(abs(value)).upper()
