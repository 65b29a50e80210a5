"""``bizhours hours``: a month grid like ``cal``, with the business days marked, the holidays
and adjustments named beneath it, and each day's open windows.

>>> import bizhours
>>> days = describe_days(bizhours.calendar("eastern"), date(2026, 11, 26), 1)
>>> days[0].holiday_name, days[0].is_business_day
('Thanksgiving Day', False)
"""

from __future__ import annotations

import calendar as _months
import itertools
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from bizhours._calendar import Calendar
from bizhours._instants import local_midnight, zone_name
from bizhours.cli._format import day_label, iso

LEGEND = ("* business day   ~ business day, hours adjusted   H bank holiday (closed)   "
          "x closed by an adjustment")
_WEEK_HEADER = " Mo  Tu  We  Th  Fr  Sa  Su"
_ONE_DAY = timedelta(days=1)


@dataclass(frozen=True, slots=True)
class DayInfo:
    """One local date of the calendar as the grid shows it."""

    day: date
    is_business_day: bool
    holiday_name: str | None
    is_adjusted: bool
    notes: tuple[str, ...]
    windows: tuple[tuple[datetime, datetime], ...]
    # The close on the next date of a window that runs on past this date's midnight (a
    # night range), when it closes before the next date's own midnight.
    closes_next_day: datetime | None = None

    @property
    def marker(self) -> str:
        """The grid's mark for the day (see ``LEGEND``)."""
        if self.is_business_day:
            return "~" if self.is_adjusted else "*"
        if self.holiday_name is not None:
            return "H"
        return "x" if self.is_adjusted else " "

    def hours(self) -> str:
        """``09:00-12:00, 13:00-17:00 EST``, ``22:00-06:00(+1) EST`` for a window that runs
        on to 06:00 on the next date, or ``closed``."""
        if not self.windows:
            return "closed"
        shown = list(self.windows)
        if self.closes_next_day is not None:
            shown[-1] = (shown[-1][0], self.closes_next_day)
        parts = [f"{_clock(a, self.day)}-{_clock(b, self.day)}" for a, b in shown]
        zones = dict.fromkeys(str(w.tzname()) for pair in shown for w in pair)
        return ", ".join(parts) + " " + "/".join(zones)

    def named(self) -> str | None:
        """The holidays and adjustments of the day in words, or ``None`` for a plain day."""
        names = list(self.notes)
        if self.holiday_name is not None and not any(self.holiday_name in n for n in names):
            names.insert(0, f"{self.holiday_name} (bank holiday)")
        if self.is_adjusted and not self.notes:
            names.append("hours adjusted")
        return "; ".join(names) or None

    def as_json(self) -> dict[str, Any]:
        return {
            "date": self.day.isoformat(),
            "is_business_day": self.is_business_day,
            "holiday_name": self.holiday_name,
            "is_adjusted": self.is_adjusted,
            "notes": list(self.notes),
            "windows": [[iso(a), iso(b)] for a, b in self.windows],
        }


def _clock(moment: datetime, day: date) -> str:
    """Wall-clock time of ``moment`` on ``day``; the next midnight is ``24:00``, a time on
    the next date ends in ``(+1)``."""
    text = f"{moment.hour:02d}:{moment.minute:02d}"
    text += f":{moment.second:02d}" if moment.second or moment.microsecond else ""
    if moment.date() == day:
        return text
    return "24:00" if text == "00:00" else text + "(+1)"


def describe_days(cal: Calendar, first: date, count: int,
                  notes: Callable[[date], list[str]] | None = None) -> list[DayInfo]:
    """``count`` local dates from ``first``: open time, holiday, adjustments, windows."""
    tz = cal.timezone
    midnights = [local_midnight(first + k * _ONE_DAY, tz) for k in range(count + 2)]
    each = [tuple((a.astimezone(tz), b.astimezone(tz)) for a, b in cal.windows(lo, hi))
            for lo, hi in itertools.pairwise(midnights)]
    out: list[DayInfo] = []
    for k in range(count):
        day, windows, after = first + k * _ONE_DAY, each[k], each[k + 1]
        runs_on = (windows and after and windows[-1][1] == after[0][0]
                   and after[0][1] < midnights[k + 2])
        out.append(DayInfo(day, bool(windows), cal.holiday_name(day), cal.is_adjusted(day),
                           tuple(notes(day)) if notes else (), windows,
                           after[0][1] if runs_on else None))
    return out


def grid(days: list[DayInfo]) -> list[str]:
    """One ``cal``-style block per month touched, showing only the given days."""
    out: list[str] = []
    by_day = {d.day: d for d in days}
    months = sorted({(d.day.year, d.day.month) for d in days})
    for year, month in months:
        if out:
            out.append("")
        title = f"{_months.month_name[month]} {year}"
        out += [f"{title:^{len(_WEEK_HEADER)}}".rstrip(), _WEEK_HEADER]
        for week in _months.Calendar().monthdatescalendar(year, month):
            cells = []
            for d in week:
                info = by_day.get(d) if d.month == month else None
                cells.append(f"{d.day:>3}{info.marker}" if info else "    ")
            if any(c.strip() for c in cells):
                out.append("".join(cells).rstrip())
    return out


def hours_lines(label: str, cal: Calendar, days: list[DayInfo]) -> list[str]:
    """The whole text answer of ``bizhours hours``."""
    zone = zone_name(cal.timezone)
    out = [label if label == zone else f"{label} ({zone})", "", *grid(days), "", LEGEND]
    named = [(d, d.named()) for d in days]
    special = [f"  {day_label(d.day)}  {text}  ->  {d.hours()}" for d, text in named if text]
    out += ["", "Holidays and adjustments:", *(special or ["  none"])]
    out += ["", "Windows:", *(f"  {day_label(d.day)}  {d.hours()}" for d in days)]
    return out


def hours_json(label: str, cal: Calendar, days: list[DayInfo]) -> dict[str, Any]:
    """The ``--json`` answer of ``bizhours hours``."""
    return {
        "calendar": label,
        "timezone": zone_name(cal.timezone),
        "first": days[0].day.isoformat(),
        "last": days[-1].day.isoformat(),
        "days": [d.as_json() for d in days],
    }
