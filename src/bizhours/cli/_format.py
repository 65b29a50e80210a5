"""What the command line prints: times, durations and each subcommand's answer, as text for
people and as JSON (with the Python API's field names) for programs.

>>> from zoneinfo import ZoneInfo
>>> from datetime import UTC
>>> show_time(datetime(2026, 11, 20, 21, tzinfo=UTC), ZoneInfo("America/New_York"))
'Fri 2026-11-20 16:00 EST'
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta, tzinfo
from typing import Any

from bizhours._calendar import Calendar
from bizhours._instants import weekday_abbr, zone_name
from bizhours.cli._output import out, out_json
from bizhours.durations import format_duration
from bizhours.errors import NeverClosesError, NeverOpenError

_MAX_LISTED = 50


def show_time(moment: datetime, tz: tzinfo, *, with_date: bool = True,
              seconds: bool = False) -> str:
    """``moment`` on the wall clock of ``tz``, to the minute (seconds and fractions when set,
    or always with ``seconds``)."""
    local = moment.astimezone(tz)
    text = local.strftime("%H:%M")
    if with_date:
        text = f"{day_label(local)} {text}"
    if seconds or local.second or local.microsecond:
        text += f":{local.second:02d}"
    if local.microsecond:
        text += f".{local.microsecond:06d}".rstrip("0")
    return f"{text} {local.tzname()}"


def iso(moment: datetime | None, tz: tzinfo | None = None) -> str | None:
    """ISO 8601 text of ``moment`` (in ``tz`` when given), ``None`` stays ``None``."""
    if moment is None:
        return None
    return (moment.astimezone(tz) if tz is not None else moment).isoformat()


def emit(as_json: bool, text: list[str], data: object) -> None:
    """Print the answer: ``data`` as JSON, or the text lines (control characters escaped)."""
    if as_json:
        out_json(data)
    else:
        out(text)


@dataclass(frozen=True, slots=True)
class OpenState:
    """Whether a calendar is open at an instant, and what comes next (``None``: never)."""

    label: str
    calendar: Calendar
    at: datetime
    is_open: bool
    next_open: datetime | None
    next_close: datetime | None
    next_open_after_close: datetime | None
    holiday_name: str | None

    @classmethod
    def of(cls, label: str, cal: Calendar, at: datetime) -> OpenState:
        """Ask ``cal`` about ``at``: a calendar that never closes (24x7) or never opens again
        has ``None`` for the moments that do not exist."""
        is_open = cal.is_open(at)
        try:
            next_open: datetime | None = cal.next_open(at)
        except NeverOpenError:
            next_open = None
        close = after = None
        if next_open is not None:
            try:
                close = cal.next_close(at)
            except (NeverClosesError, NeverOpenError):  # 24x7, or never again
                close = None
            if close is not None:
                try:
                    after = cal.next_open(close)
                except NeverOpenError:
                    after = None
        return cls(label, cal, at, is_open, next_open, close, after, cal.holiday_name(at))

    def as_json(self) -> dict[str, Any]:
        tz = self.calendar.timezone
        return {
            "calendar": self.label,
            "timezone": zone_name(tz),
            "at": iso(self.at, tz),
            "is_open": self.is_open,
            "next_open": iso(self.next_open, tz),
            "next_close": iso(self.next_close, tz),
            "next_open_after_close": iso(self.next_open_after_close, tz),
            "holiday_name": self.holiday_name,
        }

    def lines(self) -> list[str]:
        tz = self.calendar.timezone
        state = "open" if self.is_open else "closed"
        why = f" ({self.holiday_name})" if self.holiday_name and not self.is_open else ""
        out = [f"{self.label}: {state} at {show_time(self.at, tz)}{why}"]
        if self.is_open:
            out.append(f"  closes      {self._when(self.next_close, 'never')}")
            if self.next_close is not None:
                out.append(f"  next opens  {self._when(self.next_open_after_close, 'never')}")
        else:
            out.append(f"  opens       {self._when(self.next_open, 'never again')}")
            if self.next_open is not None:
                out.append(f"  then closes {self._when(self.next_close, 'never')}")
        return out

    def row(self, width: int) -> str:
        """One line of the overview table."""
        if self.is_open:
            first, second = ("closes", self.next_close), ("next opens", self.next_open_after_close)
        else:
            first, second = ("opens", self.next_open), ("then closes", self.next_close)
        state = "open" if self.is_open else "closed"
        text = (f"{self.label:<{width}}  {state:<6}  {first[0]:<6} "
                f"{self._when(first[1], 'never'):<26}  "
                f"{second[0]} {self._when(second[1], 'never')}")
        return text + (f"  ({self.holiday_name})" if self.holiday_name else "")

    def _when(self, moment: datetime | None, missing: str) -> str:
        return missing if moment is None else show_time(moment, self.calendar.timezone)


def outage_lines(outages: Iterable[tuple[datetime, datetime]], tz: tzinfo,
                 business: Mapping[tuple[datetime, datetime], timedelta]) -> list[str]:
    """The outages, one a line (at most ``_MAX_LISTED``), in the calendar's zone."""
    out: list[str] = []
    items = list(outages)
    for start, end in items[:_MAX_LISTED]:
        same_day = start.astimezone(tz).date() == end.astimezone(tz).date()
        span = (f"{show_time(start, tz, seconds=True)} to "
                f"{show_time(end, tz, with_date=not same_day, seconds=True)}")
        out.append(f"  {span}  {format_duration(end - start)}"
                   f" ({format_duration(business[(start, end)])} in business hours)")
    if len(items) > _MAX_LISTED:
        out.append(f"  ... and {len(items) - _MAX_LISTED} more (--json lists them all)")
    return out


def listed(lines: list[str]) -> list[str]:
    """At most ``_MAX_LISTED`` lines, and a count of the rest."""
    if len(lines) <= _MAX_LISTED:
        return lines
    return [*lines[:_MAX_LISTED], f"  ... and {len(lines) - _MAX_LISTED} more"]


def day_label(day: date) -> str:
    """``Thu 2026-11-26``, in English whatever the locale."""
    return f"{weekday_abbr(day)} {day.strftime('%Y-%m-%d')}"
