"""The service calendar as an iCalendar file: each opening window and each named holiday.

Needs the optional ``icalendar`` package (``pip install "bizhours[ics]"``). Windows are
written in the calendar's own time zone, with its VTIMEZONE, so Outlook and Google Calendar
show them on the right wall-clock times across DST changes.

>>> import bizhours
>>> data = to_ics(bizhours.calendar("eastern"), date(2026, 11, 26), date(2026, 11, 27))
>>> data.count(b"BEGIN:VEVENT")  # Friday's window and Thanksgiving Day
2
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from typing import Any

from bizhours._calendar import Calendar
from bizhours._instants import local_midnight, zone_name
from bizhours.errors import ConfigError, MissingDependencyError, OutOfRangeError

__all__ = ["MissingDependencyError", "to_ics"]

_ONE_DAY = timedelta(days=1)


def _icalendar() -> Any:
    try:
        import icalendar
    except ImportError:
        raise MissingDependencyError(
            "iCalendar export needs the icalendar package: pip install \"bizhours[ics]\""
        ) from None
    return icalendar


def to_ics(
    cal: Calendar,
    first: date,
    last: date,
    *,
    name: str | None = None,
    notes: Callable[[date], list[str]] | None = None,
    stamp: datetime | None = None,
) -> bytes:
    """iCalendar bytes for the local dates ``first..last`` inclusive: one event per opening
    window ("Support open") and one all-day event per named holiday (and per date ``notes``
    has something to say about). ``stamp`` is the DTSTAMP (default: now), so two exports of
    the same calendar differ only there; UIDs are derived from the event itself.

    >>> import bizhours
    >>> to_ics(bizhours.calendar("uk"), date(2026, 12, 25), date(2026, 12, 25))[:15]
    b'BEGIN:VCALENDAR'
    """
    if last < first:
        raise ConfigError(f"the export ends ({last}) before it starts ({first})", value=last)
    if last >= date.max:
        raise OutOfRangeError(f"the export must end before {date.max}, not on {last}", value=last)
    ical = _icalendar()
    label = name or repr(cal)
    tz = cal.timezone
    stamp = (stamp or datetime.now(UTC)).astimezone(UTC)
    out = ical.Calendar()
    out.add("prodid", "-//bizhours//service calendar//EN")
    out.add("version", "2.0")
    out.add("x-wr-calname", f"{label} service hours")
    out.add("x-wr-timezone", zone_name(tz))
    start, end = local_midnight(first, tz), local_midnight(last + _ONE_DAY, tz)
    for a, b in cal.windows(start, end):
        event = ical.Event()
        event.add("summary", f"Support open ({label})")
        event.add("dtstart", a.astimezone(tz))
        event.add("dtend", b.astimezone(tz))
        event.add("transp", "TRANSPARENT")
        event.add("dtstamp", stamp)
        event.add("uid", _uid(label, "open", a.astimezone(UTC).isoformat()))
        out.add_component(event)
    day = first
    while day <= last:
        names = [n for n in [cal.holiday_name(day)] if n] + (notes(day) if notes else [])
        if names:
            event = ical.Event()
            state = "open" if cal.is_business_day(day) else "closed"
            event.add("summary", f"{'; '.join(names)} ({label}: {state})")
            event.add("dtstart", day)
            event.add("dtend", day + _ONE_DAY)
            event.add("transp", "TRANSPARENT")
            event.add("dtstamp", stamp)
            event.add("uid", _uid(label, "day", day.isoformat()))
            out.add_component(event)
        day += _ONE_DAY  # last < date.max, checked above
    # Only the zone's transitions around the export: a compact VTIMEZONE, right past 2038.
    out.add_missing_timezones(first_date=_shift(first, -366), last_date=_shift(last, 366))
    data: bytes = out.to_ical()
    return data


def _shift(day: date, days: int) -> date:
    return date.fromordinal(min(max(day.toordinal() + days, 1), date.max.toordinal()))


def _uid(label: str, kind: str, key: str) -> str:
    digest = hashlib.sha1(f"{label}|{kind}|{key}".encode(), usedforsecurity=False).hexdigest()
    return f"{digest[:24]}@bizhours"
