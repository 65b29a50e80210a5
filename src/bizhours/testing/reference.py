"""A slow, obviously-correct reference calendar to test business-time arithmetic against.

It walks local dates one at a time and turns each date's open ranges into instants with the
documented rules; nothing is compiled or cached beyond one date's windows. Use it in property
tests: whatever a fast calendar answers, this one must answer too.

>>> from datetime import datetime, timedelta
>>> from zoneinfo import ZoneInfo
>>> ref = ReferenceCalendar.from_spec("America/New_York", {"mon-fri": "09:00-17:00"})
>>> friday = datetime(2026, 11, 20, 16, tzinfo=ZoneInfo("America/New_York"))
>>> ref.add(friday, timedelta(hours=2)).isoformat()
'2026-11-23T10:00:00-05:00'
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from zoneinfo import ZoneInfo

from bizhours._calendar import Calendar
from bizhours._definition.business_days import BusinessDays
from bizhours._definition.definition import Definition
from bizhours.errors import (
    BizHoursError,
    NaiveDatetimeError,
    NeverClosesError,
    NeverOpenError,
    OutOfRangeError,
)
from bizhours.testing._build import BuiltFromInputs
from bizhours.testing._business import FIRST_DAY, LAST_DAY, SEARCH_DAYS, BusinessDayQueries
from bizhours.testing._definition import (
    Inputs,
    combined_owned,
    combined_windows,
    inputs_of,
    owned_hours,
)
from bizhours.testing._intervals import Range, Window, union
from bizhours.testing._spec import DAY_NAMES, parse_days, parse_ranges, parse_time, parse_week
from bizhours.testing._wall import first_instant

__all__ = [
    "DAY_NAMES",
    "SEARCH_DAYS",
    "Range",
    "ReferenceCalendar",
    "Window",
    "parse_days",
    "parse_ranges",
    "parse_time",
    "parse_week",
]


_UTC = UTC
_ONE_DAY = timedelta(days=1)
_FIRST_DAY, _LAST_DAY = FIRST_DAY, LAST_DAY
_RANGE = "reference: beyond the supported range of dates"
_ZERO = timedelta(0)
OwnedOn = Callable[[date], tuple[list[Range], list[Range]]]
OwnedWindows = Callable[[date], tuple[list[Window], list[Window]]]


class ReferenceCalendar(BusinessDayQueries, BuiltFromInputs):
    """Business hours given by ``hours_on(local_date)``, answered by walking date by date.

    ``hours_on`` returns that date's open ranges as ``(open, close)`` offsets from local
    midnight, ``0 <= open < close <= 24h``, not overlapping. Instead of it, ``windows_on``
    may give each local date's windows as aware UTC instants, in order, not overlapping,
    within the date (from its midnight to the next); a union or intersection of calendars
    is read that way. ``build`` (and the adjustment methods, ``|`` and ``&``) make one from a
    calendar's raw arguments, ``from_calendar`` from a calendar's definition. The queries have
    the semantics of ``bizhours.Calendar``, the business-day ones included (``_business``
    says how a date's business hours are found, and the decisions taken); a result is its
    instant converted into the first argument's tzinfo (so an argument given as a wall time
    inside a DST gap comes back normalised).

    >>> ref = ReferenceCalendar(UTC, lambda day: [(_ZERO, _ONE_DAY)])
    >>> ref.is_open(datetime(2026, 1, 1, tzinfo=UTC))
    True
    """

    __slots__ = ("_business", "_cache", "_hours_on", "_inputs", "_owned_on", "_owned_windows",
                 "_tz", "_windows_on")

    def __init__(
        self,
        tz: tzinfo,
        hours_on: Callable[[date], Sequence[Range]] | None = None,
        *,
        windows_on: Callable[[date], Sequence[Window]] | None = None,
    ) -> None:
        if not isinstance(tz, tzinfo):
            raise TypeError(f"tz must be a tzinfo, not {type(tz).__name__}")
        if (hours_on is None) == (windows_on is None):
            raise TypeError("give exactly one of hours_on and windows_on")
        self._tz = tz
        self._hours_on = hours_on
        self._windows_on = windows_on
        # For a reference read from a calendar's inputs: each date's own ranges and those
        # the date before spilled onto its clock (which date's business hours they are).
        self._owned_on: OwnedOn | None = None
        # The same for a union or intersection, as UTC windows.
        self._owned_windows: OwnedWindows | None = None
        self._inputs = None
        # Only memos of pure per-date answers; they change no result.
        self._cache: dict[date, tuple[Window, ...]] = {}
        self._business: dict[date, tuple[Window, ...]] = {}

    @classmethod
    def _from_inputs(cls, inputs: Inputs) -> ReferenceCalendar:
        if inputs.operator is not None:
            ref = cls(inputs.tz, windows_on=combined_windows(inputs))
            ref._owned_windows = combined_owned(inputs)
        else:
            owned = owned_hours(inputs)

            def hours_on(day: date) -> list[Range]:
                own, spilled = owned(day)
                return union(own + spilled)

            ref = cls(inputs.tz, hours_on)
            ref._owned_on = owned
        ref._inputs = inputs
        return ref

    # --- read from a Calendar's definition ---------------------------------------------------

    @classmethod
    def from_calendar(cls, calendar: Calendar) -> ReferenceCalendar:
        """The reference for a ``bizhours.Calendar``, read from its definition only.

        Its zone, weekly hours (and when each takes effect), holidays, adjustments and, for
        ``a | b`` and ``a & b``, the references of ``a`` and ``b``: each local date is
        resolved by the documented precedence, without the engine's compiled timeline, so
        the two can be checked against each other. The definition keeps the hours as the
        engine parsed them and the holidays as the parameters it read from the ``holidays``
        object: the reference reads those stored values (asking the ``holidays`` package
        for each year, iterating rules itself). To check the engine's reading of the raw
        arguments too, make the reference from them with ``build``.

        >>> import bizhours
        >>> ref = ReferenceCalendar.from_calendar(bizhours.calendar("eastern"))
        >>> thanksgiving = datetime(2026, 11, 26, 12, tzinfo=ZoneInfo("America/New_York"))
        >>> ref.is_open(thanksgiving), ref.next_open(thanksgiving).isoformat()
        (False, '2026-11-27T09:00:00-05:00')
        """
        if not isinstance(calendar, Calendar):
            raise TypeError(f"calendar must be a bizhours.Calendar, not {type(calendar).__name__}")
        return cls._from_definition(calendar.definition)

    @classmethod
    def _from_definition(cls, definition: Definition) -> ReferenceCalendar:
        parts = [cls._from_definition(part).windows for part in definition.parts()]
        return cls._from_inputs(inputs_of(definition, parts))

    @classmethod
    def from_spec(
        cls,
        tz: str | tzinfo,
        weekly: Mapping[str, str],
        *,
        holidays: Iterable[date] = (),
        replacements: Mapping[date, str] | None = None,
        weekly_from: Mapping[date, Mapping[str, str]] | None = None,
    ) -> ReferenceCalendar:
        """A reference from a plain spec: weekly hours, holidays and per-date replacements.

        Precedence for a date: its replacement (``""`` is closed), else closed on a holiday,
        else the weekly hours in effect (``weekly_from`` maps effective dates to new weekly
        hours; ``weekly`` is in effect before the first of them). A range that crosses
        midnight (``"22:00-06:00"``) gives its part after midnight to the next date, where
        a holiday closes it. Replacements are made in date order, as ``with_hours`` calls
        in date order are: a replacement's part after midnight adds to the next date unless
        that date is replaced too (its replacement, made later, sets its hours).

        >>> ref = ReferenceCalendar.from_spec("UTC", {"fri-mon": "22:00-24:00"})
        >>> ref.is_business_day(date(2026, 11, 24))
        False
        """
        zone = ZoneInfo(tz) if isinstance(tz, str) else tz
        base = parse_week(weekly)
        changes = sorted((day, parse_week(spec)) for day, spec in (weekly_from or {}).items())
        closed = frozenset(holidays)
        replaced = {day: parse_ranges(text) for day, text in (replacements or {}).items()}

        def week_on(day: date) -> tuple[tuple[Range, ...], ...]:
            week = base
            for effective, later in changes:
                if effective <= day:
                    week = later
            return week

        def owned_on(day: date) -> tuple[list[Range], list[Range]]:
            # A night range given on a date runs into the next: its part after midnight is
            # that date's, and part of the business hours of the date it starts on. A
            # replacement sets the date's own hours and adds its night part to the next date,
            # unless that date's own replacement (made after it) sets its hours.
            before = day - _ONE_DAY
            spilled: list[Range] = []
            if day in replaced:
                own = _before_midnight(replaced[day])
            elif day in closed:
                own = []
            else:
                own = _before_midnight(week_on(day)[day.weekday()])
                spilled = _after_midnight(week_on(before)[before.weekday()])
            if before in replaced and day not in replaced:
                spilled += _after_midnight(replaced[before])
            return union(own), union(spilled)

        def hours_on(day: date) -> list[Range]:
            own, spilled = owned_on(day)
            return union(own + spilled)

        ref = cls(zone, hours_on)
        ref._owned_on = owned_on
        return ref

    @property
    def tz(self) -> tzinfo:
        """The calendar's time zone: its local dates are in this zone."""
        return self._tz

    # --- one local date ------------------------------------------------------------------

    def day_windows(self, day: date) -> tuple[Window, ...]:
        """The windows of local date ``day`` as UTC instants; empty ones (in a gap) dropped."""
        cached = self._cache.get(day)
        if cached is not None:
            return cached
        if not _FIRST_DAY <= day <= _LAST_DAY:
            return ()
        if self._windows_on is not None:
            self._cache[day] = given = self._checked(day, self._windows_on(day))
            return given
        assert self._hours_on is not None
        midnight = datetime.combine(day, time())
        windows: list[Window] = []
        previous_close = _ZERO
        for opens, closes in sorted(self._hours_on(day)):
            if not _ZERO <= opens < closes <= _ONE_DAY or opens < previous_close:
                raise ValueError(f"bad or overlapping range {opens}-{closes} on {day}")
            previous_close = closes
            start, end = self.instant(midnight + opens), self.instant(midnight + closes)
            if start < end:
                windows.append((start, end))
        self._cache[day] = result = tuple(windows)
        return result

    def business_windows(self, day: date) -> tuple[Window, ...]:
        """The business hours of local date ``day`` as UTC windows, in order: for a
        reference read from a calendar (a union or intersection too), its own ranges and the
        parts of its night ranges after midnight (as the next date's holidays and
        adjustments leave them), a night range counted whole on the date it starts;
        otherwise its windows (``day_windows``), which lie between its own local midnights."""
        cached = self._business.get(day)
        if cached is not None:
            return cached
        if not _FIRST_DAY <= day <= _LAST_DAY:
            return self.day_windows(day)
        if self._owned_windows is not None:
            pieces = list(self._owned_windows(day)[0])
            if day < _LAST_DAY:
                pieces += self._owned_windows(day + _ONE_DAY)[1]
        elif self._owned_on is not None:
            own, _ = self._owned_on(day)
            pieces = self._instants(day, own)
            if day < _LAST_DAY:
                pieces += self._instants(day + _ONE_DAY, self._owned_on(day + _ONE_DAY)[1])
        else:
            return self.day_windows(day)
        self._business[day] = found = tuple(w for w in union(pieces) if w[0] < w[1])
        return found

    def _instants(self, day: date, ranges: Sequence[Range]) -> list[Window]:
        midnight = datetime.combine(day, time())
        return [(self.instant(midnight + s), self.instant(midnight + e)) for s, e in ranges]

    def _checked(self, day: date, windows: Sequence[Window]) -> tuple[Window, ...]:
        lo = self.instant(datetime.combine(day, time()))
        hi = self.instant(datetime.combine(day + _ONE_DAY, time())) if day < _LAST_DAY else None
        previous = lo
        for start, end in windows:
            if not previous <= start < end or (hi is not None and end > hi):
                raise ValueError(f"bad, unordered or overlapping window {start}-{end} on {day}")
            previous = end
        return tuple((s.astimezone(_UTC), e.astimezone(_UTC)) for s, e in windows)

    def instant(self, wall: datetime) -> datetime:
        """The first instant at which the local clock reads ``wall`` or later, in UTC.

        So a wall time that exists once is that instant, one in a repeated hour is its first
        occurrence, and one in a DST gap is the end of the gap.
        """
        return first_instant(self._tz, wall)

    def _local_date(self, u: datetime) -> date:
        return u.astimezone(self._tz).date()

    # --- walking ---------------------------------------------------------------------------

    def _pieces_from(self, day: date) -> Iterator[Window]:
        """Every date's windows from local date ``day`` on, in order (touching ones unmerged)."""
        idle = 0
        while True:
            pieces = self.day_windows(day)
            yield from pieces
            idle = 0 if pieces else idle + 1
            if idle > SEARCH_DAYS:
                raise NeverOpenError(f"reference: nothing open for {SEARCH_DAYS} days after {day}")
            if day >= _LAST_DAY:
                raise OutOfRangeError(_RANGE)
            day += _ONE_DAY

    def _pieces_back(self, day: date) -> Iterator[Window]:
        """Every date's windows from local date ``day`` back, latest first."""
        idle = 0
        while True:
            pieces = self.day_windows(day)
            yield from reversed(pieces)
            idle = 0 if pieces else idle + 1
            if idle > SEARCH_DAYS:
                raise NeverOpenError(f"reference: nothing open for {SEARCH_DAYS} days before {day}")
            if day <= _FIRST_DAY:
                raise OutOfRangeError(_RANGE)
            day -= _ONE_DAY

    def _merged_from(self, u: datetime) -> Iterator[Window]:
        """Windows (touching pieces merged) that end after ``u``, in order."""
        day, pending, idle = _shift(self._local_date(u), -2), None, 0
        while True:
            for start, end in self.day_windows(day):
                if pending is not None and start <= pending[1]:
                    pending = (pending[0], max(pending[1], end))
                    continue
                if pending is not None and pending[1] > u:
                    yield pending
                    idle = 0
                pending = (start, end)
            if day >= _LAST_DAY:
                if pending is not None and pending[1] > u:
                    yield pending  # no later date can extend it
                raise OutOfRangeError(_RANGE)
            day += _ONE_DAY
            # No later date's window starts before that date's midnight: a window ending
            # earlier is over.
            if pending is not None and pending[1] < self.instant(datetime.combine(day, time())):
                if pending[1] > u:
                    yield pending
                    idle = 0
                pending = None
            idle += 1
            if idle > SEARCH_DAYS and pending is not None:
                raise NeverClosesError(None)  # open without a break for SEARCH_DAYS days
            if idle > SEARCH_DAYS:
                raise NeverOpenError(f"reference: nothing open for {SEARCH_DAYS} days after {u}")

    def _pieces_between(self, a: datetime, b: datetime) -> Iterator[Window]:
        """The pieces of every local date that can overlap ``[a, b)``, in order."""
        day, last = _shift(self._local_date(a), -2), _shift(self._local_date(b), 2)
        while day <= last:
            yield from self.day_windows(day)
            day += _ONE_DAY

    # --- queries -------------------------------------------------------------------------------

    def is_open(self, at: datetime) -> bool:
        """``at`` lies in an open window ``[open, close)``."""
        u = _utc(at, "at")
        return any(s <= u < e for s, e in self._pieces_between(u, u))

    def next_open(self, at: datetime) -> datetime:
        """``at`` itself when open, else the start of the next window."""
        u = _utc(at, "at")
        if self.is_open(at):
            return u.astimezone(at.tzinfo)
        return _guarded(lambda: self._first_start_after(u).astimezone(at.tzinfo))

    def _first_start_after(self, u: datetime) -> datetime:
        # Closed at u: the first piece that ends after u starts after it. (Not the merged
        # window: that one may never end, and its start is all that is asked for.)
        for start, end in self._pieces_from(_shift(self._local_date(u), -2)):
            if end > u:
                return start
        raise AssertionError("unreachable: the walk is endless or raises")

    def next_close(self, at: datetime) -> datetime:
        """The end of the window containing ``at``, else the end of the next window."""
        u = _utc(at, "at")
        return _guarded(lambda: next(self._merged_from(u))[1].astimezone(at.tzinfo))

    def previous_open(self, at: datetime) -> datetime:
        """The start of the window holding ``at``, else of the latest window before it."""
        u = _utc(at, "at")
        return _guarded(lambda: next(w for w in self._merged_back(u) if w[0] <= u)[0]
                        .astimezone(at.tzinfo))

    def previous_close(self, at: datetime) -> datetime:
        """The end of the latest window that ends at or before ``at``."""
        u = _utc(at, "at")
        return _guarded(lambda: next(w for w in self._merged_back(u) if w[1] <= u)[1]
                        .astimezone(at.tzinfo))

    def _merged_back(self, u: datetime) -> Iterator[Window]:
        """Windows (touching pieces merged) that start at or before ``u``, latest first."""
        day, pending, since = _shift(self._local_date(u), 2), None, 0
        pieces = self._pieces_back(day)
        while True:
            try:
                start, end = next(pieces)
            except (NeverOpenError, OutOfRangeError):
                if pending is not None and pending[0] <= u:
                    yield pending  # nothing earlier can extend it
                raise
            if pending is not None and end >= pending[0]:
                pending = (min(start, pending[0]), pending[1])
                since += 1
                if since > 2 * SEARCH_DAYS:  # one window for years on end: it never began
                    raise NeverClosesError(None)
                continue
            if pending is not None and pending[0] <= u:
                yield pending
            pending, since = (start, end), 0
    def add(self, at: datetime, duration: timedelta | BusinessDays) -> datetime:
        """``d >= 0``: earliest ``x >= at`` with ``elapsed(at, x) == d``; else the latest
        ``x <= at`` with ``elapsed(x, at) == -d``. A ``BusinessDays`` deadline follows
        api.md's five steps (``_add_business_days`` says how, walking dates one by one)."""
        u = _utc(at, "at")
        if isinstance(duration, BusinessDays):
            deadline = duration
            return _guarded(lambda: self._add_business_days(u, deadline).astimezone(at.tzinfo))
        if duration == _ZERO:
            return u.astimezone(at.tzinfo)
        return _guarded(lambda: self._add(u, duration).astimezone(at.tzinfo))

    def _add(self, u: datetime, duration: timedelta) -> datetime:
        left = abs(duration)
        if duration > _ZERO:
            for start, end in self._pieces_from(_shift(self._local_date(u), -2)):
                start = max(start, u)
                if end > start:
                    if left <= end - start:
                        return start + left
                    left -= end - start
        else:
            for start, end in self._pieces_back(_shift(self._local_date(u), 2)):
                end = min(end, u)
                if end > start:
                    if left <= end - start:
                        return end - left
                    left -= end - start
        raise AssertionError("unreachable: the walk is endless or raises")

    def subtract(self, at: datetime, duration: timedelta) -> datetime:
        """``add(at, -duration)``; a ``BusinessDays`` deadline counts forward only, so it is
        refused with ``ValueError``."""
        if isinstance(duration, BusinessDays):
            raise ValueError(f"cannot subtract {duration!r}: a business-day deadline counts "
                             "forward from the start (add it instead)")
        return self.add(at, -duration)

    def elapsed(self, start: datetime, end: datetime) -> timedelta:
        """Open time inside ``[start, end)``; negative when ``end < start``."""
        a, b = _utc(start, "start"), _utc(end, "end")
        if b < a:
            return -self.elapsed(end, start)
        total = _ZERO
        for s, e in self._pieces_between(a, b):
            total += max(_ZERO, min(e, b) - max(s, a))
        return total

    def windows(self, start: datetime, end: datetime) -> list[Window]:
        """The open windows overlapping ``[start, end)``, clipped to it, in start's tzinfo."""
        a, b = _utc(start, "start"), _utc(end, "end")
        merged: list[Window] = []
        for s, e in self._pieces_between(a, b):
            s, e = max(s, a), min(e, b)
            if s >= e:
                continue
            if merged and s <= merged[-1][1]:
                merged[-1] = (merged[-1][0], max(merged[-1][1], e))
            else:
                merged.append((s, e))
        tz = start.tzinfo
        return [(s.astimezone(tz), e.astimezone(tz)) for s, e in merged]


def _shift(day: date, days: int) -> date:
    """``day`` moved by whole days, held to the supported dates."""
    return date.fromordinal(min(max(day.toordinal() + days, _FIRST_DAY.toordinal()),
                                _LAST_DAY.toordinal()))


def _utc(value: datetime, name: str) -> datetime:
    if value.tzinfo is None or value.utcoffset() is None:
        raise NaiveDatetimeError(f"{name} {value.isoformat()} is naive")
    return value.astimezone(_UTC)


def _guarded(compute: Callable[[], datetime]) -> datetime:
    """``compute()``, with a walk or result past ``datetime``'s range as a BizHoursError."""
    try:
        return compute()
    except OverflowError as exc:
        raise BizHoursError(f"reference: result out of range ({exc})") from exc


def _before_midnight(ranges: Iterable[Range]) -> list[Range]:
    """The parts of a date's ranges before its next midnight."""
    return [(opens, min(closes, _ONE_DAY)) for opens, closes in ranges]


def _after_midnight(ranges: Iterable[Range]) -> list[Range]:
    """The parts of a date's night ranges after its next midnight, on the next date's clock."""
    return [(_ZERO, closes - _ONE_DAY) for _, closes in ranges if closes > _ONE_DAY]
