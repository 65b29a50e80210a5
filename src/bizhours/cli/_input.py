"""Command-line values: times, dates, months and pauses, read against the calendar's zone.

A time is ISO 8601 with an offset (``2026-11-20T16:00-05:00``), ``Z``, or no offset (then it is
wall time in the calendar's own zone), or ``now``. A wall time the clocks skip (in a DST gap)
is an error; one the clocks repeat is its first occurrence, as in calendar hours.

>>> from zoneinfo import ZoneInfo
>>> parse_time("2026-11-20T16:00", ZoneInfo("America/New_York")).isoformat()
'2026-11-20T16:00:00-05:00'
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, tzinfo

from bizhours._instants import from_us, resolve, time_of_day_us, zone_name
from bizhours.cli._output import quoted
from bizhours.errors import ConfigError

_TIMES = "ISO 8601 such as 2026-11-20T16:00, 2026-11-20T16:00-05:00 or 2026-11-20T21:00Z, or now"
# The ISO 8601 forms accepted, checked before datetime.fromisoformat, which since Python 3.11
# also takes any separator, basic and week dates, a NUL after the time, and cuts fractions
# finer than a microsecond without a word.
_ISO_TIME = re.compile(
    r"\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,6})?)?"
    r"(?:Z|[+-]\d{2}(?::?\d{2})?)?)?", re.ASCII)
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}", re.ASCII)
_MONTH = re.compile(r"^(\d{4})-(\d{2})$", re.ASCII)  # ASCII: \d alone takes any script's digits


def today(tz: tzinfo) -> date:
    """The current local date in ``tz``."""
    return datetime.now(UTC).astimezone(tz).date()



def parse_time(text: str, tz: tzinfo, *, now: datetime | None = None) -> datetime:
    """An aware datetime from the command line; a time without an offset is wall time in
    ``tz``. ``now`` is the current time in ``tz`` (``now`` may be given for tests)."""
    raw = text.strip()
    if raw.lower() == "now":
        # Whole seconds: "now" is read to the second, and prints without a fraction.
        return (now or datetime.now(UTC)).replace(microsecond=0).astimezone(tz)
    try:
        if not _ISO_TIME.fullmatch(raw):
            raise ValueError(raw)
        value = datetime.fromisoformat(raw)
    except ValueError:
        raise ConfigError(f"time {quoted(raw)} is not understood: accepted {_TIMES}") from None
    if value.utcoffset() is not None:
        return value
    wall = resolve(tz, value.date(), time_of_day_us(value))
    if wall.outcome == "skipped":
        raise ConfigError(
            f"time {quoted(raw)} does not exist in {zone_name(tz)}: the clocks skip it (a DST "
            "change); give a time outside the gap or an explicit offset"
        )
    return from_us(wall.instant, tz)


def parse_date(text: str, what: str = "date") -> date:
    """A ``YYYY-MM-DD`` date.

    >>> parse_date("2026-11-20")
    datetime.date(2026, 11, 20)
    """
    try:
        if not _DATE.fullmatch(text.strip()):
            raise ValueError(text)
        return date.fromisoformat(text.strip())
    except ValueError:
        raise ConfigError(f"{what} {quoted(text.strip())} is not a date: write YYYY-MM-DD"
                          ) from None


def parse_month(text: str) -> tuple[date, date]:
    """The first day of the month ``YYYY-MM`` and the first day of the next.

    >>> parse_month("2026-12")
    (datetime.date(2026, 12, 1), datetime.date(2027, 1, 1))
    """
    match = _MONTH.match(text.strip())
    if match is None or not 1 <= int(match.group(2)) <= 12 or int(match.group(1)) < 1:
        raise ConfigError(f"month {quoted(text.strip())} is not a month: write YYYY-MM, "
                          "such as 2026-11")
    year, month = int(match.group(1)), int(match.group(2))
    first = date(year, month, 1)
    if (year, month) == (9999, 12):
        raise ConfigError(f"month {quoted(text.strip())} is past the last supported month")
    following = date(year + month // 12, month % 12 + 1, 1)
    return first, following


def parse_pause(text: str, tz: tzinfo, *, now: datetime | None = None
                ) -> tuple[datetime, datetime | None]:
    """``START/END`` (``END`` empty for a pause still running) as two instants."""
    start, sep, end = text.partition("/")
    if not sep or not start.strip():
        raise ConfigError(
            f"pause {quoted(text)} is not START/END: give two times such as "
            "2026-11-20T16:00/2026-11-23T10:00, or START/ for a pause still running"
        )
    first = parse_time(start, tz, now=now)
    if not end.strip():
        return first, None
    last = parse_time(end, tz, now=now)
    if last < first:
        raise ConfigError(f"pause {quoted(text)} ends before it starts")
    return first, last
