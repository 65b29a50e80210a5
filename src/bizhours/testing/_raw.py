"""The reference's own reading of a calendar's raw inputs: holiday sources and date specs.

The reference is the oracle the engine is checked against, so it reads what the caller
passed without the engine's readers (``bizhours._definition``): a ``holidays`` object is
asked about each date with the package's own API, a list of dates is read as dates or ISO
strings, and a ``dateutil`` rule is iterated from its start. Slow, and plainly right. Bad
input raises a plain ``ValueError`` (the engine's validation is tested on its own).
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterator
from datetime import date, datetime

import holidays as _holidays
from dateutil.rrule import rrule, rruleset

DateTest = Callable[[date], bool]
"""Whether a local date is selected (a holiday, or a date an adjustment applies to)."""


def read_date(value: object) -> date:
    """A date given as a ``date`` or an ISO string ``"YYYY-MM-DD"``.

    >>> read_date("2026-11-26")
    datetime.date(2026, 11, 26)
    """
    if isinstance(value, date) and not isinstance(value, datetime):
        return value
    if isinstance(value, str):
        return date.fromisoformat(value.strip())
    raise ValueError(f"not a date: {value!r}")


def read_holidays(value: object) -> DateTest:
    """Whether a date is a holiday of ``value``: a ``holidays`` object (asked date by date,
    a copy taken now, so later changes to the caller's object are not seen), an iterable of
    dates or ISO strings, a mapping of dates to names, or ``None``.

    A ``holidays`` object is read for any year asked, as the calendar reads it: the copy
    expands to each year it is asked about, whatever ``expand`` the caller gave.

    >>> from datetime import date
    >>> read_holidays(["2026-12-25"])(date(2026, 12, 25))
    True
    """
    if value is None:
        return lambda day: False
    if isinstance(value, _holidays.HolidayBase):
        mine = copy.deepcopy(value)
        mine.expand = True
        return lambda day: day in mine
    if isinstance(value, (str, bytes)):
        raise ValueError(f"holidays {value!r}: not a holidays object or an iterable of dates")
    days = frozenset(read_date(item) for item in value)  # type: ignore[attr-defined]
    return days.__contains__


def read_dates(spec: object) -> DateTest:
    """Whether a date is one of an adjustment's dates: one date, an inclusive
    ``(first, last)`` pair, or a ``dateutil`` ``rrule`` / ``rruleset`` (its instants' dates,
    iterated from the rule's start as far as the latest date asked).

    >>> from datetime import date
    >>> read_dates(("2026-12-28", "2026-12-31"))(date(2026, 12, 30))
    True
    """
    if isinstance(spec, (rrule, rruleset)):
        return _RuleDates(spec).__contains__
    if isinstance(spec, tuple):
        first, last = (read_date(d) for d in spec)
        return lambda day: first <= day <= last
    one = read_date(spec)
    return lambda day: day == one


class _RuleDates:
    """The dates of a rule, read by iterating it once, lazily, as far as asked."""

    def __init__(self, rule: rrule | rruleset) -> None:
        self._instants: Iterator[datetime] = iter(rule)
        self._seen: set[date] = set()
        self._reached: date | None = None  # the date of the latest instant read
        self._done = False

    def __contains__(self, day: date) -> bool:
        while not self._done and (self._reached is None or self._reached <= day):
            try:
                moment = next(self._instants)
            except StopIteration:
                self._done = True
                break
            except (ValueError, OverflowError):  # dateutil runs past the year 9999: no more
                self._done = True
                break
            self._reached = moment.date()
            self._seen.add(self._reached)
        return day in self._seen
