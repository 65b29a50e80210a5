"""Business days for ``ReferenceCalendar``, the slow obvious way: walking dates one by one.

A date's business hours are the ranges its calendar gives it (weekly hours and adjustments,
holidays applied), a night range counted whole on the date it starts: on
``{"mon-fri": "22:00-06:00"}`` Friday's hours are Friday 22:00 to Saturday 06:00, and
Saturday is not a business day; a holiday on Tuesday takes Tuesday 00:00-06:00 out of
Monday's night, whose hours are then Monday 22:00-24:00. For a union or intersection (and a
reference given by its windows), a date's hours are its open windows between its own local
midnights. A date is a business day when it has business hours; its first opening and last
close are theirs. Everything here is exact to the microsecond (no rounding to minutes).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, time, timedelta, tzinfo

from bizhours._definition.business_days import BusinessDays
from bizhours.errors import NaiveDatetimeError, NeverOpenError, OutOfRangeError
from bizhours.testing._intervals import Window

SEARCH_DAYS = 3 * 366
"""How far the reference walks without finding what it looks for before it gives up."""
_ONE_DAY = timedelta(days=1)
# The supported local dates: datetime's first and last day are left out, as in the contract.
FIRST_DAY, LAST_DAY = date(1, 1, 2), date(9999, 12, 30)
_RANGE = "reference: beyond the supported range of dates"


class BusinessDayQueries:
    """The business-day queries of ``ReferenceCalendar`` (``bizhours.Calendar``'s names),
    over what the reference gives: each date's business hours, ``next_open``, its zone."""

    __slots__ = ()

    # --- given by ReferenceCalendar --------------------------------------------------------

    @property
    def tz(self) -> tzinfo:
        """The zone the local dates are read in."""
        raise NotImplementedError

    def business_windows(self, day: date) -> tuple[Window, ...]:
        """The business hours of the local date ``day``, as UTC windows in order."""
        raise NotImplementedError

    def next_open(self, at: datetime) -> datetime:
        """``at`` itself when open, else the start of the next window."""
        raise NotImplementedError

    def instant(self, wall: datetime) -> datetime:
        """The first instant at which the local clock reads ``wall`` or later, in UTC."""
        raise NotImplementedError

    # --- the queries -----------------------------------------------------------------------

    def _date_of(self, day: date, name: str) -> date:
        """``day``, or an aware datetime's local date in the calendar's zone."""
        if isinstance(day, datetime):
            return _aware(day, name).astimezone(self.tz).date()
        if not isinstance(day, date):
            raise TypeError(f"{name} must be a date or an aware datetime, not {day!r}")
        return day

    def is_business_day(self, day: date) -> bool:
        """The local date ``day`` (an aware datetime: its local date) has business hours."""
        return bool(self.business_windows(self._date_of(day, "day")))

    def _business_days(self, day: date, step: int) -> Iterator[date]:
        """The business days from ``day`` on (``step`` 1) or back (``step`` -1), ``day``
        included; ``NeverOpenError`` after ``SEARCH_DAYS`` dates without one."""
        idle = 0
        while True:
            if not FIRST_DAY <= day <= LAST_DAY:
                raise OutOfRangeError(_RANGE)
            if self.business_windows(day):
                idle = 0
                yield day
            else:
                idle += 1
                if idle > SEARCH_DAYS:
                    raise NeverOpenError(f"reference: no business day for {SEARCH_DAYS} "
                                         f"days from {day}")
            day += step * _ONE_DAY

    def first_opening(self, day: date) -> datetime:
        """The first opening of business day ``day`` (UTC)."""
        return self.business_windows(day)[0][0]

    def last_close(self, day: date) -> datetime:
        """The last close of business day ``day`` (UTC)."""
        return max(end for _, end in self.business_windows(day))

    def business_date(self, at: datetime) -> date:
        """The business day ``at`` belongs to: the first business date whose last close is
        after ``at``. For a day calendar that is ``at``'s local date when it is a business
        day and ``at`` is before its last close, else the next business day (Friday 18:00
        and Saturday belong to Monday); on a night desk, Tuesday 02:00 in Monday's night
        belongs to Monday.
        """
        u = _aware(at, "at")
        # A date's hours end by the midnight two dates on, so no date before that can do.
        start = max(FIRST_DAY, u.astimezone(self.tz).date() - 2 * _ONE_DAY)
        for day in self._business_days(start, 1):
            if self.last_close(day) > u:
                return day
        raise AssertionError("unreachable: the walk is endless or raises")

    def add_business_days(self, day: date, n: int) -> date:
        """``n > 0``: the n-th business day after the local date ``day``; ``n < 0``: the
        n-th before; ``n == 0``: ``day`` when it is a business day, else the next one."""
        if isinstance(n, bool) or not isinstance(n, int):
            raise TypeError(f"n must be an int, not {n!r}")
        first = self._date_of(day, "day")
        if n == 0:
            return next(self._business_days(first, 1))
        step = 1 if n > 0 else -1
        walk = self._business_days(first + step * _ONE_DAY, step)
        for _ in range(abs(n) - 1):
            next(walk)
        return next(walk)

    def business_days_between(self, a: date, b: date) -> int:
        """The business days among the local dates ``[a, b)``; ``-business_days_between(b,
        a)`` when ``b < a``. Dates, or aware datetimes taken as their local dates."""
        first, last = self._date_of(a, "a"), self._date_of(b, "b")
        if last < first:
            return -self.business_days_between(last, first)
        count, day = 0, first
        while day < last:
            count += bool(self.business_windows(day))
            day += _ONE_DAY
        return count

    def _clock(self, at: datetime, day: date) -> timedelta:
        """The wall time of the instant ``at`` on ``day``'s clock: whole days from ``day``
        to ``at``'s local date, times 24 hours, plus ``at``'s local time of day (so it may
        pass 24 hours, or be negative)."""
        local = at.astimezone(self.tz)
        return (local.date() - day).days * _ONE_DAY + _since_midnight(local.time())

    def _add_business_days(self, at: datetime, deadline: BusinessDays) -> datetime:
        """``add(at, deadline)``: api.md's five steps (as a UTC instant).

        1. ``s = next_open(at)``; its business day ``D = business_date(s)``. With a cutoff,
           the arrival ``at`` measured on ``D``'s clock (``_clock``: a date before ``D`` is
           negative, so before any cutoff) at or after the cutoff moves ``D`` one business
           day on and ``s`` to that day's first opening.
        2. ``T = add_business_days(D, days)``.
        3. The wall time: ``by`` on ``T`` (``"open"``: its first opening, ``"close"``: its
           last close), or with ``by=None`` the wall time of ``s`` on ``D``'s clock, applied
           on ``T``'s the same way (``T``'s date plus as many days, then the time): on a
           night desk, Tuesday 02:00 in Monday's night lands at Wednesday 02:00. A wall time
           that does not exist is the end of its gap, a repeated one its first occurrence.
        4. Held in ``T``'s business hours: before the first opening, the first opening; at
           or after the last close, the last close; open, itself; in a break between two
           windows, the end of the latest window that closes at or before it.
        5. Never before ``s``.
        """
        u = _aware(at, "at")
        s = _aware(self.next_open(at), "at")
        d = self.business_date(s)
        if deadline.cutoff is not None and self._clock(u, d) >= _since_midnight(deadline.cutoff):
            d = self.add_business_days(d, 1)
            s = self.first_opening(d)
        t = self.add_business_days(d, deadline.days)
        windows = self.business_windows(t)
        opening, close = self.first_opening(t), self.last_close(t)
        if deadline.by == "open":
            x = opening
        elif deadline.by == "close":
            x = close
        else:
            wall = (self._clock(s, d) if deadline.by is None
                    else _since_midnight(deadline.by))
            x = self.instant(datetime.combine(t, time()) + wall)
        if x < opening:
            x = opening
        elif x >= close:
            x = close
        elif not any(start <= x < end for start, end in windows):
            x = max(end for _, end in windows if end <= x)
        return max(x, s)


def _since_midnight(wall: time) -> timedelta:
    """A naive time of day as the time since midnight."""
    return datetime.combine(date.min, wall) - datetime.min


def _aware(value: datetime, name: str) -> datetime:
    """``value`` in UTC; a naive datetime is refused as the calendar refuses it."""
    if not isinstance(value, datetime):
        raise TypeError(f"{name} must be an aware datetime, not {value!r}")
    if value.tzinfo is None or value.utcoffset() is None:
        raise NaiveDatetimeError(f"{name} {value.isoformat()} is naive")
    return value.astimezone(UTC)
