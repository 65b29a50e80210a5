"""Date-specific adjustments: which local dates they touch and what they do to those days."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time, tzinfo
from functools import lru_cache
from typing import Any, Literal

from dateutil.rrule import DAILY, rrule, rruleset

from bizhours._definition.holidays import as_date
from bizhours._definition.hours import DayRanges, merge_touching
from bizhours.errors import ConfigError

Kind = Literal["set", "add", "remove"]

DateSpec = date | str | tuple[date | str, date | str] | rrule | rruleset
"""What an adjustment accepts as its dates: one date, an inclusive range, or a recurrence."""


@dataclass(frozen=True, slots=True)
class DateRange:
    """The local dates ``first..last`` inclusive (one date when they are equal)."""

    first: date
    last: date

    def between(self, lo: date, hi: date) -> Iterator[date]:
        """The dates of this range inside ``lo..hi`` inclusive."""
        day = max(self.first, lo)
        end = min(self.last, hi)
        while day <= end:
            yield day
            if day == date.max:
                return
            day = date.fromordinal(day.toordinal() + 1)

    def first_date(self) -> date:
        """The first date touched."""
        return self.first

    def last_date(self) -> date | None:
        """The last date touched; ``None`` would mean there is no last one."""
        return self.last


@dataclass(frozen=True, slots=True)
class RecurringDates:
    """The local dates of a ``dateutil`` recurrence rule (or rule set)."""

    key: str
    rule: rrule | rruleset = field(compare=False)

    @classmethod
    def of(cls, rule: rrule | rruleset) -> RecurringDates:
        """Wrap ``rule``; equal rules (by their RFC 5545 text) give equal values."""
        for r in [rule] if isinstance(rule, rrule) else _private(rule, "_rrule"):
            if _private(r, "_freq") > DAILY:
                # Dates are what an adjustment selects; and a minutely rule is walked from its
                # start at every question asked of it, which never ends in practice.
                raise ConfigError(
                    f"recurrence rule {str(r)!r} repeats more often than daily: an adjustment "
                    "selects dates, so give FREQ=DAILY, WEEKLY, MONTHLY or YEARLY"
                )
        if isinstance(rule, rrule):
            return cls(str(rule), rule)
        parts = [
            *(f"RULE {r}" for r in _private(rule, "_rrule")),
            *(f"EXRULE {r}" for r in _private(rule, "_exrule")),
            *sorted(f"RDATE {d.isoformat()}" for d in _private(rule, "_rdate")),
            *sorted(f"EXDATE {d.isoformat()}" for d in _private(rule, "_exdate")),
        ]
        return cls("\n".join(parts), rule)

    def _rules(self) -> list[rrule]:
        return [self.rule] if isinstance(self.rule, rrule) else _private(self.rule, "_rrule")

    def _tz(self) -> tzinfo | None:
        # dateutil compares only like with like: bounds must be aware exactly when the rule is.
        starts = [_private(r, "_dtstart") for r in self._rules()]
        if isinstance(self.rule, rruleset):
            starts += _private(self.rule, "_rdate")
        return starts[0].tzinfo if starts else None

    def between(self, lo: date, hi: date) -> Iterator[date]:
        """The dates of the rule inside ``lo..hi`` inclusive."""
        if lo.year == hi.year:
            year = _year_dates(self, lo.year)
            return iter(year[bisect_left(year, lo):bisect_right(year, hi)])
        return self.walk(lo, hi)

    def walk(self, lo: date, hi: date) -> Iterator[date]:
        """The rule's dates inside ``lo..hi`` inclusive, asked of dateutil afresh."""
        tz = self._tz()
        start = datetime.combine(lo, time.min, tzinfo=tz)
        end = datetime.combine(hi, time.max, tzinfo=tz)
        for moment in self.rule.between(start, end, inc=True):
            yield moment.date()

    def first_date(self) -> date:
        """The first date of the rule (``date.max`` for a rule with no dates)."""
        return _first_date(self)

    def last_date(self) -> date | None:
        """The last date of a finite rule, ``None`` for a rule that recurs for ever."""
        return _last_date(self)

    def find_last_date(self) -> date | None:
        """``last_date`` found afresh: a finite rule is walked to its end."""
        if any(
            _private(r, "_count") is None and _private(r, "_until") is None for r in self._rules()
        ):
            return None
        tz = self._tz()
        last = self.rule.before(datetime(9999, 12, 31, 23, 59, tzinfo=tz), inc=True)
        return last.date() if last is not None else date.min


Dates = DateRange | RecurringDates


# Memos of what dateutil answers slowly, shared by equal rules (by their RFC 5545 text) and
# kept beside the values rather than in them: dateutil walks a rule from its start at every
# question, and finding a finite rule's last date walks all of it.
@lru_cache(maxsize=4096)
def _year_dates(dates: RecurringDates, year: int) -> list[date]:
    """The rule's dates in one year (a month grid, an export, a holiday check ask by year);
    callers must not mutate the list."""
    return list(dates.walk(date(year, 1, 1), date(year, 12, 31)))


@lru_cache(maxsize=1024)
def _first_date(dates: RecurringDates) -> date:
    first = next(iter(dates.rule), None)
    return first.date() if first is not None else date.max


@lru_cache(maxsize=1024)
def _last_date(dates: RecurringDates) -> date | None:
    return dates.find_last_date()


def _private(obj: object, name: str) -> Any:
    """A dateutil internal: rules expose their parts (count, until, dates) only privately."""
    return getattr(obj, name)


def date_selector(spec: object) -> Dates:
    """Validate what an adjustment was given as its dates.

    >>> date_selector(("2026-12-28", "2026-12-31"))
    DateRange(first=datetime.date(2026, 12, 28), last=datetime.date(2026, 12, 31))
    """
    if isinstance(spec, (rrule, rruleset)):
        return RecurringDates.of(spec)
    if isinstance(spec, tuple):
        if len(spec) != 2:
            raise ConfigError(
                f"date range {spec!r} must be a 2-tuple (first, last), inclusive"
            )
        first, last = as_date(spec[0], "range start"), as_date(spec[1], "range end")
        if last < first:
            raise ConfigError(f"date range {spec!r} ends before it starts")
        return DateRange(first, last)
    if isinstance(spec, (date, str)):
        day = as_date(spec, "date")
        return DateRange(day, day)
    raise ConfigError(
        f"dates {spec!r} must be a date, a (first, last) tuple of dates, "
        "or a dateutil rrule/rruleset"
    )


@dataclass(frozen=True, slots=True)
class Adjustment:
    """Set, add to, or remove from the hours of each local date in ``dates``."""

    kind: Kind
    dates: Dates
    ranges: DayRanges

    def apply(self, day_ranges: DayRanges, mine: DayRanges) -> DayRanges:
        """A day's ranges after this adjustment, whose own ranges ``mine`` are on the same
        scale (the engine passes both as UTC microseconds)."""
        if self.kind == "set":
            return mine
        if self.kind == "add":
            return merge_touching(sorted(day_ranges + mine))
        return subtract_ranges(day_ranges, mine)

    def opens(self) -> bool:
        """Whether this adjustment can add open time to a day."""
        return self.kind != "remove" and bool(self.ranges)


def subtract_ranges(ranges: DayRanges, holes: DayRanges) -> DayRanges:
    """``ranges`` with every part covered by ``holes`` taken out."""
    out: list[tuple[int, int]] = []
    for start, end in ranges:
        pieces = [(start, end)]
        for h_start, h_end in holes:
            pieces = [
                part
                for s, e in pieces
                for part in ((s, min(e, h_start)), (max(s, h_end), e))
                if part[0] < part[1]
            ]
        out.extend(pieces)
    return tuple(out)
