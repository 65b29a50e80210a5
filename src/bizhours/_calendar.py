"""``Calendar``: a definition and its public queries.

A calendar is a small immutable value: a ``Definition`` (``bizhours._definition``) and, for
people, a label. Its queries validate their arguments, hand integers to the definition's
compiled timeline (``bizhours._engine``, shared by every equal calendar) and turn the answer
back into a datetime in the caller's zone.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta, timezone, tzinfo
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import holidays as _holidays

from bizhours import _bulk
from bizhours._definition.business_days import BusinessDays
from bizhours._definition.dates import (
    Adjustment,
    DateRange,
    Dates,
    DateSpec,
    Kind,
    date_selector,
)
from bizhours._definition.definition import Definition, Operator, WeeklyHours
from bizhours._definition.holidays import as_date, holiday_source, names_in_year
from bizhours._definition.hours import parse_ranges, parse_week
from bizhours._engine import business
from bizhours._engine.cache import timeline_for
from bizhours._engine.timeline import Timeline
from bizhours._instants import (
    FIRST_DAY,
    LAST_DAY,
    duration_us,
    from_us,
    require_aware,
    to_us,
)
from bizhours.errors import ConfigError, OutOfRangeError

HolidaysArg = _holidays.HolidayBase | Iterable[date | str] | Mapping[date, str] | None
_ONE_US = timedelta(microseconds=1)
_ONE_DAY = timedelta(days=1)


_ACCEPTED_ZONES = ("accepted an IANA name such as 'America/New_York', 'Europe/London' or "
                   "'UTC', or a tzinfo (zoneinfo, dateutil.tz, datetime.timezone, pytz)")
# An IANA name: components of letters, digits, '_', '-' and '+' joined by '/' (never a path).
_ZONE_NAME = re.compile(r"[A-Za-z0-9_+-]+(?:/[A-Za-z0-9_+-]+)*", re.ASCII)
_ZONE_NAME_MAX = 64
# Where a zone object is asked for its offsets before a calendar is built on it.
_PROBES = tuple(datetime(y, m, 15, tzinfo=UTC) for y, m in ((1970, 1), (2026, 1), (2026, 7)))


def _dates_named(dates: Dates) -> str:
    """An adjustment's dates as an error message names them."""
    if isinstance(dates, DateRange):
        if dates.first == dates.last:
            return dates.first.isoformat()
        return f"{dates.first.isoformat()}..{dates.last.isoformat()}"
    return "the dates of the rule"


def checked_zone(value: str | tzinfo) -> tzinfo:
    """The zone a calendar is given, checked: a name read by zoneinfo, a pytz zone converted
    to zoneinfo by its name, any other tzinfo probed for its offsets."""
    if isinstance(value, str):
        return _named_zone(value.strip(), value)
    if not isinstance(value, tzinfo):
        raise ConfigError(f"time zone {value!r} is a {type(value).__name__}: "
                          f"{_ACCEPTED_ZONES}", value=value)
    if isinstance(value, ZoneInfo | timezone):
        return value  # these always give offsets, and are hashable
    pytz = sys.modules.get("pytz")  # a pytz zone exists only once pytz is imported
    if pytz is not None and isinstance(value, pytz.tzinfo.BaseTzInfo):
        return _from_pytz(value, value.zone)
    _probe(value)
    return value


def _named_zone(name: str, value: object) -> tzinfo:
    if len(name) <= _ZONE_NAME_MAX and _ZONE_NAME.fullmatch(name):
        try:
            return ZoneInfo(name)
        except (ZoneInfoNotFoundError, ValueError, OSError):  # OSError: a directory's name
            pass
    shown = repr(name) if len(name) <= _ZONE_NAME_MAX else (
        f"{name[:_ZONE_NAME_MAX]!r}... ({len(name)} characters)")
    raise ConfigError(f"unknown time zone {shown}: {_ACCEPTED_ZONES}", value=value)


def _from_pytz(value: tzinfo, name: object) -> tzinfo:
    # pytz zones give a naive wall time the zone's first offset (often LMT), not PEP 495's.
    if isinstance(name, str):
        try:
            return ZoneInfo(name)
        except (ZoneInfoNotFoundError, ValueError, OSError):
            pass
    raise ConfigError(
        f"pytz zone {value!r} has no zoneinfo zone of its name {name!r}: pytz zones do not "
        "follow PEP 495, so they are read as the zoneinfo zone of their name; give an IANA "
        "name that zoneinfo knows (such as 'America/New_York') or a zoneinfo.ZoneInfo",
        value=value,
    )


def _probe(tz: tzinfo) -> None:
    """Refuse a tzinfo that cannot give offsets: it would fail deep inside a query."""
    for moment in _PROBES:
        try:
            if (moment.replace(tzinfo=tz).utcoffset() is not None
                    and moment.astimezone(tz).utcoffset() is not None):
                continue
            reason = "gives no UTC offset (its utcoffset returns None)"
        except Exception as exc:  # whatever a foreign tzinfo raises, it is refused here
            reason = f"raises {type(exc).__name__} ({exc}) when asked for its UTC offset"
        raise ConfigError(f"time zone {tz!r} {reason}: {_ACCEPTED_ZONES}", value=tz)


def _instant(value: Any, name: str) -> int:
    """Microseconds since the epoch of an aware datetime argument."""
    try:
        return to_us(value)
    except (TypeError, AttributeError):  # not an aware datetime: say which way it is not
        require_aware(value, name)
        raise


@dataclass(frozen=True, slots=True, init=False, repr=False)
class Calendar:
    """Business hours in one time zone, and exact arithmetic on them.

    Equality, hashing and pickling follow ``definition``; equal calendars share one compiled
    timeline. ``label``, when set (the presets have one), is how the calendar shows itself.

    >>> cal = Calendar("America/New_York", {"mon-fri": "09:00-17:00"})
    >>> from zoneinfo import ZoneInfo
    >>> cal.add(datetime(2026, 11, 27, 16, tzinfo=ZoneInfo("America/New_York")),
    ...         timedelta(hours=2)).isoformat()
    '2026-11-30T10:00:00-05:00'
    """

    definition: Definition
    label: str | None = field(compare=False)
    # What a combination shows before its own adjustments: "(a | b)", from its parts' reprs.
    origin: str | None = field(compare=False)
    _timeline: Timeline = field(compare=False)

    def __init__(
        self,
        timezone: str | tzinfo,
        hours: Mapping[str, str],
        holidays: HolidaysArg = None,
    ) -> None:
        definition = Definition(checked_zone(timezone), (WeeklyHours(date.min, parse_week(hours)),),
                                holiday_source(holidays))
        _set(self, definition, None, None)

    @property
    def timezone(self) -> tzinfo:
        """The zone the calendar's local dates and hours are read in."""
        return self.definition.timezone

    def __reduce__(self) -> tuple[object, ...]:
        # The definition only: the timeline is found (or compiled) again on unpickling.
        return (calendar_of, (self.definition, self.label, self.origin))

    def __repr__(self) -> str:
        if self.label is not None:
            return self.label
        base = self.origin or f"Calendar({getattr(self.timezone, 'key', self.timezone)!r}, ...)"
        count = len(self.definition.adjustments)
        return base + (f" with {count} adjustment(s)" if count else "")

    def _changed(self, definition: Definition) -> Calendar:
        # A changed calendar is no longer the one its label names.
        return calendar_of(definition, None, self.origin)

    # --- adjustments ----------------------------------------------------------------------

    def _adjusted(self, kind: Kind, dates: DateSpec, hours: str) -> Calendar:
        selected = date_selector(dates)
        adj = Adjustment(kind, selected, parse_ranges(hours, _dates_named(selected)))
        return self._changed(self.definition.adjusted(adj))

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
        weekly = WeeklyHours(as_date(effective, "effective"), parse_week(hours))
        return self._changed(self.definition.with_weekly(weekly))

    def _combined(self, operator: Operator, other: Calendar) -> Calendar:
        shown = f"({self!r} {'|' if operator == 'or' else '&'} {other!r})"
        return calendar_of(self.definition.combine(operator, other.definition), None, shown)

    def __or__(self, other: object) -> Calendar:
        if not isinstance(other, Calendar):
            return NotImplemented
        return self._combined("or", other)

    def __and__(self, other: object) -> Calendar:
        if not isinstance(other, Calendar):
            return NotImplemented
        return self._combined("and", other)

    # --- queries --------------------------------------------------------------------------

    def is_open(self, at: datetime) -> bool:
        """Whether ``at`` lies in an open window ``[open, close)``."""
        return self._timeline.is_open(_instant(at, "at"))

    def next_open(self, at: datetime) -> datetime:
        """``at`` itself when open, else the start of the next window."""
        t = self._timeline.next_open(_instant(at, "at"))
        return from_us(t, at.tzinfo)  # type: ignore[arg-type]

    def next_close(self, at: datetime) -> datetime:
        """The end of the window containing ``at``, else the end of the next window."""
        t = self._timeline.next_close(_instant(at, "at"))
        return from_us(t, at.tzinfo)  # type: ignore[arg-type]

    def previous_open(self, at: datetime) -> datetime:
        """The start of the window holding ``at``, else the start of the latest window
        before it; ``NeverOpenError`` at once when there is none.

        >>> eastern = Calendar("America/New_York", {"mon-fri": "09:00-17:00"})
        >>> from zoneinfo import ZoneInfo
        >>> saturday = datetime(2026, 11, 28, 10, tzinfo=ZoneInfo("America/New_York"))
        >>> eastern.previous_open(saturday).isoformat()
        '2026-11-27T09:00:00-05:00'
        """
        t = self._timeline.previous_open(_instant(at, "at"))
        return from_us(t, at.tzinfo)  # type: ignore[arg-type]

    def previous_close(self, at: datetime) -> datetime:
        """The end of the latest window that ends at or before ``at`` (inside a window, the
        close before it); ``NeverOpenError`` at once when there is none."""
        t = self._timeline.previous_close(_instant(at, "at"))
        return from_us(t, at.tzinfo)  # type: ignore[arg-type]

    def add(self, at: datetime, duration: timedelta | BusinessDays) -> datetime:
        """The instant ``duration`` of open time after ``at`` (before it, when negative); or
        the deadline a ``BusinessDays`` sets for work arriving at ``at``.

        For ``duration >= 0`` the earliest ``x >= at`` with ``elapsed(at, x) == duration``,
        so a deadline that uses up a window ends at its close, not at the next opening.

        >>> from zoneinfo import ZoneInfo
        >>> eastern = Calendar("America/New_York", {"mon-fri": "09:00-17:00"})
        >>> friday = datetime(2026, 11, 20, 11, tzinfo=ZoneInfo("America/New_York"))
        >>> eastern.add(friday, BusinessDays(1, by="close")).isoformat()
        '2026-11-23T17:00:00-05:00'
        """
        t = _instant(at, "at")
        if isinstance(duration, BusinessDays):
            return from_us(business.add(self._timeline, t, duration), at.tzinfo)  # type: ignore[arg-type]
        return from_us(self._timeline.add(t, duration_us(duration)), at.tzinfo)  # type: ignore[arg-type]

    def subtract(self, at: datetime, duration: timedelta) -> datetime:
        """``add(at, -duration)``; a ``BusinessDays`` deadline counts forward only."""
        t = _instant(at, "at")
        if isinstance(duration, BusinessDays):
            raise ValueError(f"cannot subtract {duration}: a business-day deadline counts "
                             "forward from its start (use add_business_days(day, -n) for dates)")
        return from_us(self._timeline.add(t, -duration_us(duration)), at.tzinfo)  # type: ignore[arg-type]

    def elapsed(self, start: datetime, end: datetime) -> timedelta:
        """Open time inside ``[start, end)``; negative when ``end < start``."""
        a, b = _instant(start, "start"), _instant(end, "end")
        return _ONE_US * self._timeline.elapsed(a, b)  # faster than timedelta(microseconds=)

    def windows(self, start: datetime, end: datetime) -> Iterator[tuple[datetime, datetime]]:
        """The open windows overlapping ``[start, end)``, clipped to it, in order."""
        a, b = _instant(start, "start"), _instant(end, "end")
        tz = start.tzinfo
        assert tz is not None
        return ((from_us(s, tz), from_us(e, tz)) for s, e in self._timeline.windows(a, b))

    def add_many(self, starts: Any, durations: Any) -> Any:
        """``add`` for each pair, in bulk: see ``bizhours.batch.add_many`` (lists, NumPy
        ``datetime64`` arrays, pandas, polars and pyarrow columns; one duration may serve
        every start)."""
        return _bulk.add_many(self._timeline, starts, durations)

    def elapsed_many(self, starts: Any, ends: Any) -> Any:
        """``elapsed`` for each pair, in bulk: see ``bizhours.batch.elapsed_many``."""
        return _bulk.elapsed_many(self._timeline, starts, ends)

    def is_open_many(self, instants: Any) -> Any:
        """``is_open`` for each instant, in bulk: a list of bools (``None`` where missing)
        for a sequence, a boolean NumPy array for a column (a missing instant is not open)."""
        return _bulk.is_open_many(self._timeline, instants)

    def next_open_many(self, instants: Any) -> Any:
        """``next_open`` for each instant, in bulk, given back in the form of ``instants``
        (the kinds ``add_many`` takes)."""
        return _bulk.next_open_many(self._timeline, instants)

    def __dask_tokenize__(self) -> object:
        # Dask hashes arguments to name tasks: the definition names a calendar.
        return self.definition

    def _local_date(self, day: date, name: str = "day") -> date:
        if isinstance(day, datetime):
            # Through UTC: astimezone to the same tzinfo keeps a gap's wall time as it is.
            local = from_us(_instant(day, name), self.timezone).date()
        elif isinstance(day, date):
            local = day
        else:
            raise TypeError(f"{name} must be a date or an aware datetime, not {type(day).__name__}")
        if not FIRST_DAY <= local <= LAST_DAY:
            raise OutOfRangeError(value=day)
        return local

    def is_business_day(self, day: date) -> bool:
        """Whether the local date ``day`` (or an aware datetime's local date) has business
        hours: the ranges it is given, a night range counted whole on the date it starts."""
        return business.is_business_day(self._timeline, self._local_date(day))

    def business_date(self, at: datetime) -> date:
        """The business day ``at`` belongs to: its local date when that is a business day
        and ``at`` is before its last close, else the next business day (in a night range,
        the date the range starts on).

        >>> from zoneinfo import ZoneInfo
        >>> eastern = Calendar("America/New_York", {"mon-fri": "09:00-17:00"})
        >>> eastern.business_date(datetime(2026, 11, 20, 18, tzinfo=ZoneInfo("America/New_York")))
        datetime.date(2026, 11, 23)
        """
        found = business.business_date(self._timeline, _instant(at, "at"))
        return date.fromordinal(found.day)

    def add_business_days(self, day: date, n: int) -> date:
        """The ``n``-th business day after the local date ``day`` (before it when ``n < 0``;
        with ``n == 0``, ``day`` itself when it is a business day, else the next one).

        >>> eastern = Calendar("America/New_York", {"mon-fri": "09:00-17:00"})
        >>> eastern.add_business_days(date(2026, 11, 21), 1)  # from a Saturday
        datetime.date(2026, 11, 23)
        """
        if isinstance(n, bool) or not isinstance(n, int):
            raise TypeError(f"n must be an int (business days to move), not {type(n).__name__}")
        return business.add_business_days(self._timeline, self._local_date(day), n)

    def business_days_between(self, start: date, end: date) -> int:
        """The business days among the local dates ``[start, end)``; negative when ``end``
        is before ``start``, so counts add up. Aware datetimes count as their local dates.

        >>> eastern = Calendar("America/New_York", {"mon-fri": "09:00-17:00"})
        >>> eastern.business_days_between(date(2026, 11, 20), date(2026, 11, 27))
        5
        """
        a, b = self._local_date(start, "start"), self._local_date(end, "end")
        return business.business_days_between(self._timeline, a, b)

    def holiday_name(self, day: date) -> str | None:
        """The holiday's name on the local date ``day``, or ``None`` (adjustments aside); for
        a combined calendar the names its parts give that date, each once, joined by ``", "``.

        >>> from bizhours import presets
        >>> both = presets.calendar("eastern") | presets.calendar("uk")
        >>> both.holiday_name(date(2026, 11, 26)), both.holiday_name(date(2026, 12, 25))
        ('Thanksgiving Day', 'Christmas Day')
        """
        names = _holiday_names(self.definition, self._local_date(day))
        return ", ".join(dict.fromkeys(names)) if names else None

    def is_adjusted(self, day: date) -> bool:
        """Whether a date-specific adjustment applies to the local date ``day``."""
        local = self._local_date(day)
        return any(next(a.dates.between(local, local), None)
                   for a in self.definition.adjustments)


def _holiday_names(definition: Definition, day: date) -> list[str]:
    """The holiday names of ``definition`` and of all it combines on the date ``day``, in
    order (a loop, not recursion: combinations may be nested deep)."""
    names, todo = [], [definition]
    while todo:
        current = todo.pop()
        source = current.holidays
        if source is not None and (name := names_in_year(source, day.year).get(day)):
            names.append(name)
        todo.extend(reversed(current.parts()))
    return names


def _set(cal: Calendar, definition: Definition, label: str | None, origin: str | None) -> None:
    object.__setattr__(cal, "definition", definition)
    object.__setattr__(cal, "label", label)
    object.__setattr__(cal, "origin", origin)
    # A lookup: equal definitions share one timeline, compiled as queries reach its spans.
    object.__setattr__(cal, "_timeline", timeline_for(definition))


def calendar_of(definition: Definition, label: str | None = None,
                origin: str | None = None) -> Calendar:
    """The calendar of ``definition``, shown as ``label`` when one is given.

    >>> from zoneinfo import ZoneInfo
    >>> calendar_of(Definition(ZoneInfo("UTC")), "never open")
    never open
    """
    cal = object.__new__(Calendar)
    _set(cal, definition, label, origin)
    return cal


@dataclass(frozen=True, slots=True)
class Arithmetic:
    """A calendar's arithmetic on integer microseconds since the epoch (UTC), for the layers
    that work on integers inside (``sla``): the same answers as ``Calendar.add`` and
    ``Calendar.elapsed``, without a ``datetime`` at either end.

    >>> from bizhours.presets import calendar
    >>> clock = arithmetic(calendar("24x7"))
    >>> clock.add(0, 90), clock.elapsed(0, 90)
    (90, 90)
    """

    add: Callable[[int, int], int]
    elapsed: Callable[[int, int], int]
    timeline: Timeline

    def deadline(self, t: int, deadline: BusinessDays) -> int:
        """The deadline ``deadline`` sets for work arriving at ``t``."""
        return business.add(self.timeline, t, deadline)


def arithmetic(cal: Calendar) -> Arithmetic:
    """``cal``'s integer arithmetic (see ``Arithmetic``)."""
    tl = cal._timeline  # noqa: SLF001 (the calendar's own module)
    return Arithmetic(tl.add, tl.elapsed, tl)
