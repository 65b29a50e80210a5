"""Date-specific adjustments: which local dates they touch and what they do to those days."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from typing import Literal

from dateutil.rrule import rrule, rruleset

from bizhours._definition.holidays import as_date
from bizhours._definition.hours import DayRanges, merge_touching
from bizhours._definition.periodic import Part, PlainRule
from bizhours._definition.recurrence import check_rule, set_parts
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

    def next_on_or_after(self, day: date) -> date | None:
        """The first date of the range at or after ``day``, ``None`` when there is none."""
        return None if day > self.last else max(day, self.first)

    def last_on_or_before(self, day: date) -> date | None:
        """The last date of the range at or before ``day``, ``None`` when there is none."""
        return None if day < self.first else min(day, self.last)


@dataclass(frozen=True, slots=True)
class RecurringDates:
    """The local dates of a ``dateutil`` recurrence rule (or rule set)."""

    key: str
    rule: rrule | rruleset = field(compare=False)

    @classmethod
    def of(cls, rule: rrule | rruleset) -> RecurringDates:
        """Wrap ``rule``, checked (RFC 5545 ranges, daily or coarser); equal rules (by their
        RFC 5545 text) give equal values."""
        check_rule(rule)
        if isinstance(rule, rrule):
            return cls(str(rule), rule)
        rules, exrules, rdates, exdates = set_parts(rule)
        parts = [
            *(f"RULE {r}" for r in rules),
            *(f"EXRULE {r}" for r in exrules),
            *sorted(f"RDATE {d.isoformat()}" for d in rdates),
            *sorted(f"EXDATE {d.isoformat()}" for d in exdates),
        ]
        return cls("\n".join(parts), rule)

    def between(self, lo: date, hi: date) -> Iterator[date]:
        """The dates of the rule inside ``lo..hi`` inclusive."""
        if lo.year == hi.year:
            year = _year_dates(self, lo.year)
            return iter(year[bisect_left(year, lo):bisect_right(year, hi)])
        return self.walk(lo, hi)

    def walk(self, lo: date, hi: date) -> Iterator[date]:
        """The rule's dates inside ``lo..hi`` inclusive, asked of dateutil afresh."""
        seen = None
        for moment in _plain(self).moments(lo, hi) if lo <= hi else ():
            if moment.date() != seen:
                seen = moment.date()
                yield seen

    def first_date(self) -> date:
        """The first date of the rule (``date.max`` for a rule with no dates)."""
        return _first_date(self)

    def last_date(self) -> date | None:
        """The last date of a finite rule, ``None`` for a rule that recurs for ever."""
        return _last_date(self)

    def find_last_date(self) -> date | None:
        """``last_date`` found afresh (``date.min`` for a finite rule with no dates)."""
        plain = _plain(self)
        if any(r.until is None for r in plain.rules):
            return None
        return plain.last_on_or_before(date.max) or date.min

    def next_on_or_after(self, day: date) -> date | None:
        """The first date of the rule at or after ``day``, ``None`` when there is none.

        Exact, and quick however far ``day`` is from the rule's start: past its dated parts
        a rule repeats with a known period, so the search never goes beyond one.
        """
        return _next_on_or_after(self, day)

    def last_on_or_before(self, day: date) -> date | None:
        """The last date of the rule at or before ``day``, ``None`` when there is none."""
        return _last_on_or_before(self, day)


Dates = DateRange | RecurringDates


# Memos of what dateutil answers slowly, shared by equal rules (by their RFC 5545 text) and
# kept beside the values rather than in them.
@lru_cache(maxsize=4096)
def _year_dates(dates: RecurringDates, year: int) -> list[date]:
    """The rule's dates in one year (a month grid, an export, a holiday check ask by year);
    callers must not mutate the list."""
    return list(dates.walk(date(year, 1, 1), date(year, 12, 31)))


@lru_cache(maxsize=1024)
def _first_date(dates: RecurringDates) -> date:
    return dates.next_on_or_after(date.min) or date.max


@lru_cache(maxsize=1024)
def _last_date(dates: RecurringDates) -> date | None:
    return dates.find_last_date()


@lru_cache(maxsize=4096)
def _next_on_or_after(dates: RecurringDates, day: date) -> date | None:
    return _plain(dates).next_on_or_after(day)


@lru_cache(maxsize=4096)
def _last_on_or_before(dates: RecurringDates, day: date) -> date | None:
    return _plain(dates).last_on_or_before(day)


@lru_cache(maxsize=1024)
def _plain(dates: RecurringDates) -> PlainRule:
    """The rule as plain parts: a counted rule walked once to its last date (dateutil
    counts from the start at every question)."""
    rule = dates.rule
    rules, exrules, rdates, exdates = (
        ([rule], [], [], []) if isinstance(rule, rrule) else set_parts(rule))
    return PlainRule(
        tuple(p for r in rules if (p := Part.of(r)) is not None),
        tuple(p for r in exrules if (p := Part.of(r)) is not None),
        tuple(sorted(rdates)), tuple(exdates),
    )


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
class DateHours:
    """A local date's open ranges, split by the date they count for: ``own`` the date's
    own, ``carried`` the part after midnight of the date before's night ranges (a night
    range counts whole on the date it starts, for business days).

    >>> DateHours(((9, 17),), ((0, 6),)).without(((5, 10),))
    DateHours(own=((10, 17),), carried=((0, 5),))
    """

    own: DayRanges
    carried: DayRanges

    def without(self, holes: DayRanges) -> DateHours:
        """These hours with every part covered by ``holes`` taken out."""
        return DateHours(subtract_ranges(self.own, holes), subtract_ranges(self.carried, holes))

    def all(self) -> DayRanges:
        """Every open range of the date, whichever date it counts for, merged."""
        if not self.carried:
            return self.own
        return merge_touching(sorted(self.own + self.carried))


@dataclass(frozen=True, slots=True)
class Adjustment:
    """Set, add to, or remove from the hours of each local date in ``dates``."""

    kind: Kind
    dates: Dates
    ranges: DayRanges

    def apply(self, hours: DateHours, mine: DayRanges, after_midnight: bool = False
              ) -> DateHours:
        """A date's hours after this adjustment, whose own ranges ``mine`` are on the same
        scale (the engine passes UTC microseconds). With ``after_midnight``, ``mine`` is the
        part after midnight of night ranges given the date before: a contraction takes it
        out, a replacement or an expansion adds it as that date's (a replacement sets only
        the hours of its own dates). Hours added count for the date they were given for,
        and take none from another date's (where they overlap, the time counts for both)."""
        if after_midnight:
            if self.kind == "remove":
                return hours.without(mine)
            return DateHours(hours.own, merge_touching(sorted(hours.carried + mine)))
        if self.kind == "set":
            return DateHours(mine, ())
        if self.kind == "add":
            return DateHours(merge_touching(sorted(hours.own + mine)), hours.carried)
        return hours.without(mine)

    def opens(self) -> bool:
        """Whether this adjustment can add open time to a day."""
        return self.kind != "remove" and bool(self.ranges)

    def next_on_or_after(self, day: date) -> date | None:
        """The first date this adjustment applies to at or after ``day`` (``None``: none)."""
        return self.dates.next_on_or_after(day)

    def last_on_or_before(self, day: date) -> date | None:
        """The last date this adjustment applies to at or before ``day`` (``None``: none)."""
        return self.dates.last_on_or_before(day)


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
