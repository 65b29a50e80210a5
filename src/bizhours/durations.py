"""Durations as people type them: ``4h``, ``90m``, ``1h30m``, ``45s`` or ISO 8601 ``PT8H``;
and business-day deadlines: ``2bd``, ``1bd@16:00``, ``1bd@close``, ``1bd@16:00,cutoff=10:00``.

Days, weeks, months and years are refused: a business day is not 24 hours (the Eastern
preset's is 8), so ``2d`` has no single meaning in business time. Give business days
(``2bd``, read by ``parse_deadline``) or hours instead.

>>> parse_duration("1h30m")
datetime.timedelta(seconds=5400)
>>> format_duration(parse_duration("PT8H"))
'8h'
>>> parse_deadline("1bd@16:00")
BusinessDays(1, by='16:00')
"""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any, Final

from bizhours._definition.business_days import BusinessDays
from bizhours._instants import duration_us
from bizhours.errors import ConfigError

__all__ = ["duration_json", "format_deadline", "format_duration", "iso_duration",
           "parse_deadline", "parse_duration"]

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


_BD_FORMS: Final = (
    "business days such as 2bd, 1bd@16:00, 1bd@open, 1bd@close, 0bd@close or "
    "1bd@16:00,cutoff=10:00 (a whole number of business days, then '@' and a wall time "
    "HH:MM[:SS], open or close, then ',cutoff=HH:MM[:SS]')"
)
_BD_ACCEPTED: Final = "accepted: " + _BD_FORMS
_NOT_24_HOURS: Final = (
    "a business day is not 24 hours (the Eastern preset's is 8, and holidays and weekends "
    "have none), so days, weeks, months and years are not accepted"
)
# "2bd", "1.5 BD@16:00,cutoff=10:00", "-1bd", "bd": anything written as business days, so
# that its mistakes get the business-day message rather than "not understood". One way to
# match each blank: two optional runs of blanks side by side would make a long run of them
# cost quadratic time.
_BD: Final = re.compile(
    r"^(?P<sign>-?)\s*(?:(?P<days>[\d.]+)\s*)?bd(?![a-z])\s*(?P<rest>.*)$",
    re.IGNORECASE | re.ASCII | re.DOTALL,
)


def parse_duration(text: str) -> timedelta:
    """The duration written in ``text``, exact to the microsecond.

    >>> parse_duration("-PT2H") == -parse_duration("2h")
    True
    """
    return _duration(text, "give business hours instead, such as 16h for two 8-hour days",
                     _ACCEPTED)


def parse_deadline(text: str) -> timedelta | BusinessDays:
    """The duration or business-day deadline written in ``text``: a ``timedelta`` for hours,
    minutes and seconds (as ``parse_duration``), a ``BusinessDays`` for ``2bd``,
    ``1bd@16:00``, ``1bd@open``, ``1bd@close`` or ``1bd@16:00,cutoff=10:00`` (any case,
    spaces allowed around the parts). ``parse_deadline(str(x)) == x`` for any ``BusinessDays``.

    >>> parse_deadline(" 1BD @ 16:00 , Cutoff = 10:00 ")
    BusinessDays(1, by='16:00', cutoff='10:00')
    """
    if not isinstance(text, str):
        raise ConfigError(f"duration {text!r} must be a string; {_ACCEPTED}; or {_BD_FORMS}")
    match = _BD.match(text.strip())
    if match is None:
        return _duration(text, "write 2bd for two business days, or give business hours such "
                         "as 16h for two 8-hour days", f"{_ACCEPTED}; or {_BD_FORMS}")
    return _business_days(text.strip(), match)


def _duration(text: str, instead: str, accepted: str) -> timedelta:
    """``parse_duration``, whose refusal of days ends with ``instead`` and whose refusal of
    what it cannot read lists ``accepted``."""
    if not isinstance(text, str):
        raise ConfigError(f"duration {text!r} must be a string; {_ACCEPTED}")
    raw = text.strip()
    # After the sign, ASCII blanks only, as between the parts ("-\x852h" is not "-2h").
    body = raw[1:].lstrip(" \t\n\r\f\v") if raw.startswith("-") else raw
    sign = -1 if raw.startswith("-") else 1
    if _BD.match(body):
        raise ConfigError(
            f"duration {_quoted(raw)} is a business-day deadline, not a length of open time, "
            f"and is not accepted here; {_ACCEPTED}")
    if _DAYS.search(body):
        raise ConfigError(f"duration {_quoted(raw)}: {_NOT_24_HOURS}; {instead}")
    match = _ISO.match(body) or _SHORT.match(body)
    if not body or match is None or not any(match.groups()) or body.upper() in ("P", "PT"):
        raise ConfigError(f"duration {_quoted(raw)} is not understood; {accepted}")
    micros = sum(_micros(value, _UNIT_US[unit], raw)
                 for value, unit in zip(match.groups(), "hms", strict=True) if value is not None)
    try:
        return sign * timedelta(microseconds=micros)
    except OverflowError:
        raise ConfigError(f"duration {_quoted(raw)} is too long for a timedelta") from None


def _business_days(raw: str, match: re.Match[str]) -> BusinessDays:
    """The ``BusinessDays`` of ``raw``, which ``_BD`` matched; or why not."""
    shown = _quoted(raw)
    days, rest = match["days"] or "", match["rest"]
    if match["sign"] == "-":
        raise ConfigError(
            f"business days {shown}: a business-day deadline counts forward from the start, so "
            "it cannot be negative (nor subtracted); to count back, give business hours such "
            "as -16h")
    if not days:
        raise ConfigError(f"business days {shown}: give the number of business days before "
                          f"'bd', such as 2bd; {_BD_ACCEPTED}")
    if not days.isdigit():
        raise ConfigError(
            f"business days {shown}: the number of business days must be whole (0, 1, 2, ...); "
            "for part of a day give a wall time (1bd@12:00) or business hours such as 4h")
    if len(days.lstrip("0")) > _MAX_DIGITS:  # before int(): a huge number costs nothing
        raise ConfigError(f"business days {shown}: more business days than any calendar "
                          "could reach")
    by: str | None = None
    cutoff: str | None = None
    if rest.startswith("@"):
        by, comma, rest = rest[1:].partition(",")
        by = by.strip()
        if not by:
            raise ConfigError(f"business days {shown}: '@' needs a wall time (HH:MM[:SS]), "
                              f"open or close after it; {_BD_ACCEPTED}")
        rest = comma + rest
    if rest and not rest.startswith(","):
        raise ConfigError(f"business days {shown}: {_quoted(rest)} after 'bd' is not "
                          f"understood; {_BD_ACCEPTED}")
    for item in rest[1:].split(",") if rest else ():
        key, equals, value = item.partition("=")
        key = key.strip().lower()
        if not equals or key != "cutoff":
            raise ConfigError(f"business days {shown}: {_quoted(key)} after the comma is not a "
                              "known key: accepted cutoff=HH:MM[:SS] (cutoff=10:00)")
        if cutoff is not None:
            raise ConfigError(f"business days {shown}: cutoff is given twice")
        cutoff = value.strip()
    # A wall time has at most 8 characters: a longer one is refused here, so that the message
    # quotes it cut short.
    for name, given, accepted in (("by", by, "HH:MM[:SS], open or close"),
                                  ("cutoff", cutoff, "HH:MM[:SS]")):
        if given is not None and len(given) > 8:
            raise ConfigError(f"business days {shown}: {name} {_quoted(given)} is not a wall "
                              f"time: accepted {accepted}")
    try:
        return BusinessDays(int(days), by=by, cutoff=cutoff)
    except ConfigError as exc:
        raise ConfigError(f"duration {shown}: {exc}") from None


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


def format_deadline(value: timedelta | BusinessDays) -> str:
    """``value`` in the text form ``parse_deadline`` reads: ``2bd``, ``1bd@close``, ``7h30m``.

    >>> format_deadline(BusinessDays(1, by="close")), format_deadline(timedelta(hours=2))
    ('1bd@close', '2h')
    """
    return str(value) if isinstance(value, BusinessDays) else format_duration(value)


def duration_json(name: str, value: timedelta | BusinessDays | None) -> dict[str, Any]:
    """A duration as JSON fields: ``name`` in ISO 8601 and ``name_seconds`` as a number (an
    integer, or a float with a fraction); business days as their text form with
    ``name_seconds`` null, since they are not a length of time.

    >>> duration_json("elapsed", timedelta(minutes=90))
    {'elapsed': 'PT1H30M', 'elapsed_seconds': 5400}
    """
    if value is None or isinstance(value, BusinessDays):
        return {name: None if value is None else str(value), f"{name}_seconds": None}
    seconds = value / timedelta(seconds=1)
    return {name: iso_duration(value),
            f"{name}_seconds": int(seconds) if seconds.is_integer() else seconds}
