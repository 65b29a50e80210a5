"""The ``Calendar`` definition and its public queries.

A calendar is a small immutable value in local wall-clock terms (a time zone, weekly hours
effective from dates, a holiday source, date adjustments in the order they were made, or a
combination of two calendars). Its queries validate their arguments, hand integers to the
compiled timeline (``bizhours._engine.timeline``) and turn the answer back into a datetime.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, tzinfo
from typing import Any, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import holidays as _holidays

from bizhours._definition.dates import Adjustment, DateSpec, Kind, date_selector
from bizhours._definition.holidays import (
    HolidaySnapshot,
    HolidaySource,
    as_date,
    holiday_source,
)
from bizhours._definition.hours import WeekHours, parse_ranges, parse_week
from bizhours._engine.timeline import Timeline
from bizhours._instants import US_PER_DAY, from_us, local_to_us, require_aware, shift_day, to_us
from bizhours.errors import ConfigError

HolidaysArg = _holidays.HolidayBase | Iterable[date | str] | Mapping[date, str] | None
_ONE_DAY = timedelta(days=1)
_ONE_US = timedelta(microseconds=1)
_FULL_DAY = ((0, US_PER_DAY),)


def _zone(value: str | tzinfo) -> tzinfo:
    if isinstance(value, tzinfo):
        return value
    if isinstance(value, str):
        try:
            return ZoneInfo(value.strip())
        except (ZoneInfoNotFoundError, ValueError):
            pass
    raise ConfigError(
        f"unknown time zone {value!r}: accepted an IANA name such as 'America/New_York', "
        "'Europe/London' or 'UTC', or a tzinfo"
    )


def _instant(value: Any, name: str) -> int:
    """Microseconds since the epoch of an aware datetime argument."""
    try:
        return to_us(value)
    except (TypeError, AttributeError):  # not an aware datetime: say which way it is not
        require_aware(value, name)
        raise


def _micros(value: object) -> int:
    if not isinstance(value, timedelta):
        raise TypeError(f"duration must be a timedelta, not {type(value).__name__}")
    return (value.days * 86_400 + value.seconds) * 1_000_000 + value.microseconds


@dataclass(frozen=True, slots=True, init=False, repr=False)
class Calendar:
    """Business hours in one time zone, and exact arithmetic on them.

    >>> cal = Calendar("America/New_York", {"mon-fri": "09:00-17:00"})
    >>> from zoneinfo import ZoneInfo
    >>> cal.add(datetime(2026, 11, 27, 16, tzinfo=ZoneInfo("America/New_York")),
    ...         timedelta(hours=2)).isoformat()
    '2026-11-30T10:00:00-05:00'
    """

    timezone: tzinfo
    weekly: tuple[tuple[date, WeekHours], ...]
    holidays: HolidaySource | None
    adjustments: tuple[Adjustment, ...]
    combined: tuple[Literal["or", "and"], Calendar, Calendar] | None
    label: str | None = field(compare=False)
    _tl: Timeline = field(compare=False)  # set by _set, with the definition

    def __init__(
        self,
        timezone: str | tzinfo,
        hours: Mapping[str, str],
        holidays: HolidaysArg = None,
    ) -> None:
        self._set(_zone(timezone), ((date.min, parse_week(hours)),), holiday_source(holidays),
                  (), None, None)

    def _set(
        self,
        tz: tzinfo,
        weekly: tuple[tuple[date, WeekHours], ...],
        holidays: HolidaySource | None,
        adjustments: tuple[Adjustment, ...],
        combined: tuple[Literal["or", "and"], Calendar, Calendar] | None,
        label: str | None,
    ) -> None:
        for name, value in (
            ("timezone", tz), ("weekly", weekly), ("holidays", holidays),
            ("adjustments", adjustments), ("combined", combined), ("label", label),
        ):
            object.__setattr__(self, name, value)
        # Compiles nothing yet: spans are compiled as queries reach them.
        object.__setattr__(self, "_tl", Timeline(self))

    def _replace(self, **changes: object) -> Calendar:
        """A new calendar with some definition fields changed (the cache is not carried)."""
        values = {
            "tz": self.timezone, "weekly": self.weekly, "holidays": self.holidays,
            "adjustments": self.adjustments, "combined": self.combined, "label": None,
        }
        values.update(changes)
        return _restore(*values.values())

    def __reduce__(self) -> tuple[object, ...]:
        # The definition only: the compiled cache is rebuilt on demand after unpickling.
        return (_restore, (self.timezone, self.weekly, self.holidays, self.adjustments,
                           self.combined, self.label))

    def __repr__(self) -> str:
        if self.label is not None:
            return self.label
        if self.combined is not None:
            op, a, b = self.combined
            base = f"({a!r} {'|' if op == 'or' else '&'} {b!r})"
        else:
            base = f"Calendar({getattr(self.timezone, 'key', self.timezone)!r}, ...)"
        return base + (f" with {len(self.adjustments)} adjustment(s)" if self.adjustments else "")

    def _timeline(self) -> Timeline:
        return self._tl

    # --- adjustments ----------------------------------------------------------------------

    def _adjusted(self, kind: Kind, dates: DateSpec, hours: str) -> Calendar:
        adj = Adjustment(kind, date_selector(dates), parse_ranges(hours))
        return self._replace(adjustments=(*self.adjustments, adj))

    def with_hours(self, dates: DateSpec, hours: str) -> Calendar:
        """These local dates have exactly ``hours`` (``""`` closes them).

        >>> eastern = Calendar("America/New_York", {"mon-fri": "09:00-17:00"})
        >>> eve = eastern.with_hours(date(2026, 12, 24), "09:00-12:00")
        """
        return self._adjusted("set", dates, hours)

    def closed(self, dates: DateSpec) -> Calendar:
        """These local dates are closed all day: ``with_hours(dates, "")``."""
        return self._adjusted("set", dates, "")

    def expanded(self, dates: DateSpec, hours: str) -> Calendar:
        """These local dates gain ``hours`` on top of whatever they have."""
        return self._adjusted("add", dates, hours)

    def contracted(self, dates: DateSpec, hours: str) -> Calendar:
        """These local dates lose ``hours`` from whatever they have."""
        return self._adjusted("remove", dates, hours)

    def with_weekly_hours(self, hours: Mapping[str, str], *, effective: date | str) -> Calendar:
        """New standard weekly hours from the local date ``effective`` on."""
        day = as_date(effective, "effective")
        week = parse_week(hours)
        weekly = tuple(sorted([*(e for e in self.weekly if e[0] != day), (day, week)],
                              key=lambda e: e[0]))
        return self._replace(weekly=weekly)

    def __or__(self, other: object) -> Calendar:
        if not isinstance(other, Calendar):
            return NotImplemented
        return self._replace(weekly=(), holidays=None, adjustments=(),
                             combined=("or", self, other))

    def __and__(self, other: object) -> Calendar:
        if not isinstance(other, Calendar):
            return NotImplemented
        return self._replace(weekly=(), holidays=None, adjustments=(),
                             combined=("and", self, other))

    # --- queries --------------------------------------------------------------------------

    def is_open(self, at: datetime) -> bool:
        """Whether ``at`` lies in an open window ``[open, close)``."""
        return self._tl.is_open(_instant(at, "at"))

    def next_open(self, at: datetime) -> datetime:
        """``at`` itself when open, else the start of the next window."""
        return from_us(self._tl.next_open(_instant(at, "at")), at.tzinfo)  # type: ignore[arg-type]

    def next_close(self, at: datetime) -> datetime:
        """The end of the window containing ``at``, else the end of the next window."""
        return from_us(self._tl.next_close(_instant(at, "at")), at.tzinfo)  # type: ignore[arg-type]

    def add(self, at: datetime, duration: timedelta) -> datetime:
        """The instant ``duration`` of open time after ``at`` (before it, when negative).

        For ``duration >= 0`` the earliest ``x >= at`` with ``elapsed(at, x) == duration``,
        so a deadline that uses up a window ends at its close, not at the next opening.
        """
        t = _instant(at, "at")
        return from_us(self._tl.add(t, _micros(duration)), at.tzinfo)  # type: ignore[arg-type]

    def subtract(self, at: datetime, duration: timedelta) -> datetime:
        """``add(at, -duration)``."""
        t = _instant(at, "at")
        return from_us(self._tl.add(t, -_micros(duration)), at.tzinfo)  # type: ignore[arg-type]

    def elapsed(self, start: datetime, end: datetime) -> timedelta:
        """Open time inside ``[start, end)``; negative when ``end < start``."""
        a, b = _instant(start, "start"), _instant(end, "end")
        return _ONE_US * self._tl.elapsed(a, b)  # faster than timedelta(microseconds=)

    def windows(self, start: datetime, end: datetime) -> Iterator[tuple[datetime, datetime]]:
        """The open windows overlapping ``[start, end)``, clipped to it, in order."""
        a, b = _instant(start, "start"), _instant(end, "end")
        tz = start.tzinfo
        assert tz is not None
        return ((from_us(s, tz), from_us(e, tz)) for s, e in self._timeline().windows(a, b))

    def add_many(self, starts: Any, durations: Any) -> Any:
        """``add`` for each pair, in bulk: see ``bizhours.batch.add_many`` (lists, NumPy
        ``datetime64`` arrays and pandas Series; one duration may serve every start)."""
        from bizhours.batch import add_many

        return add_many(self, starts, durations)

    def elapsed_many(self, starts: Any, ends: Any) -> Any:
        """``elapsed`` for each pair, in bulk: see ``bizhours.batch.elapsed_many``."""
        from bizhours.batch import elapsed_many

        return elapsed_many(self, starts, ends)

    def __dask_tokenize__(self) -> object:
        # Dask hashes arguments to name tasks: the definition names a calendar, not its cache.
        return self.__reduce__()[1]

    def _local_date(self, day: date) -> date:
        if isinstance(day, datetime):
            # Through UTC: astimezone to the same tzinfo keeps a gap's wall time as it is.
            return from_us(_instant(day, "day"), self.timezone).date()
        if isinstance(day, date):
            return day
        raise TypeError(f"day must be a date or an aware datetime, not {type(day).__name__}")

    def is_business_day(self, day: date) -> bool:
        """Whether the local date ``day`` (or an aware datetime's local date) has open time."""
        local = self._local_date(day)
        lo = local_to_us(self.timezone, local, 0)
        hi = local_to_us(self.timezone, local + _ONE_DAY, 0)
        return self._timeline().elapsed(lo, hi) > 0

    def holiday_name(self, day: date) -> str | None:
        """The holiday's name on the local date ``day``, or ``None`` (adjustments aside)."""
        local = self._local_date(day)
        if self.holidays is None:
            return None
        return self._timeline().holiday_names(local.year).get(local)

    def is_adjusted(self, day: date) -> bool:
        """Whether a date-specific adjustment applies to the local date ``day``."""
        local = self._local_date(day)
        return any(next(a.dates.between(local, local), None) for a in self.adjustments)

    # --- what the engine may conclude without searching -------------------------------------

    def _dated_span(self) -> tuple[date, date] | None:
        """The first and last dates on which this definition (or a part) changes: weekly hours
        taking effect and finite adjustments; ``None`` when there are none. Past them the
        calendar repeats its regular pattern."""
        dates = [e for e, _ in self.weekly if e > date.min]
        for adj in self.adjustments:
            dates.append(adj.dates.first_date())
            last = adj.dates.last_date()
            if last is not None:
                dates.append(last)
        for part in self.combined[1:] if self.combined is not None else ():
            span = part._dated_span()
            if span is not None:
                dates += [shift_day(span[0], -1), shift_day(span[1], 1)]
        dates = [d for d in dates if d < date.max]
        return (min(dates), max(dates)) if dates else None

    def _quiet_after(self) -> date | None:
        """A date after which the calendar has no open time, or None when not provable."""
        lasts = [a.dates.last_date() for a in self.adjustments if a.opens()]
        if any(d is None for d in lasts):
            return None
        if self.weekly:
            effective, week = self.weekly[-1]
            if any(week):
                return None
            base = effective - _ONE_DAY if effective > date.min else date.min
        elif self.combined is not None:
            quiet = [c._quiet_after() for c in self.combined[1:]]
            known = [q for q in quiet if q is not None]
            if self.combined[0] == "or" and len(known) == 2:
                base = shift_day(max(known), 1)
            elif self.combined[0] == "and" and known:
                base = shift_day(min(known), 1)
            else:
                return None
        else:
            base = date.min
        return max([base, *(d for d in lasts if d is not None)])

    def _quiet_before(self) -> date | None:
        """A date before which the calendar has no open time, or None when not provable."""
        firsts = [a.dates.first_date() for a in self.adjustments if a.opens()]
        open_weeks = [e for e, week in self.weekly if any(week)]
        base = open_weeks[0] if open_weeks else date.max
        if self.combined is not None and not (self.weekly and self.weekly[0][0] == date.min):
            quiet = [c._quiet_before() for c in self.combined[1:]]
            known = [q for q in quiet if q is not None]
            if self.combined[0] == "or" and len(known) == 2:
                base = min(base, shift_day(min(known), -1))
            elif self.combined[0] == "and" and known:
                base = min(base, shift_day(max(known), -1))
            else:
                return None
        if base == date.min:
            return None
        return min([base, *firsts])

    def _always_open_from(self) -> date | None:
        """A date from which the calendar is open at every instant, or None."""
        base: date | None = None
        if self.weekly:
            effective, week = self.weekly[-1]
            if all(day == _FULL_DAY for day in week):
                base = _after_holidays(self.holidays, effective)
        elif self.combined is not None:
            always = [c._always_open_from() for c in self.combined[1:]]
            known = [a for a in always if a is not None]
            if self.combined[0] == "or" and known:
                base = shift_day(min(known), 1)
            elif self.combined[0] == "and" and len(known) == 2:
                base = shift_day(max(known), 1)
        if base is None:
            return None
        for adj in self.adjustments:
            if adj.kind == "add" or (adj.kind == "set" and adj.ranges == _FULL_DAY):
                continue
            last = adj.dates.last_date()
            if last is None:
                return None
            base = max(base, shift_day(last, 1))
        return base


def _after_holidays(source: HolidaySource | None, day: date) -> date | None:
    """``day``, or the day after the last holiday when that is later; ``None`` when holidays
    may fall at any date (a holidays class)."""
    if source is None:
        return day
    if isinstance(source, HolidaySnapshot):
        return max(day, shift_day(source.days[-1][0], 1)) if source.days else day
    return None


def _restore(*fields: Any) -> Calendar:
    """A calendar from its definition fields, as ``Calendar._set`` takes them."""
    cal = object.__new__(Calendar)
    cal._set(*fields)
    return cal
