"""What a calendar is, in local wall-clock terms: the ``Definition`` value and its parts.

A definition computes nothing: it is plain, hashable, picklable data that the engine
compiles. Equal definitions are the same calendar, so they share one compiled timeline.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, replace
from datetime import date, timedelta, tzinfo
from typing import Literal

from bizhours._definition.dates import Adjustment
from bizhours._definition.holidays import HolidaySource
from bizhours._definition.hours import DAY_NAMES, WeekHours, check_change
from bizhours._instants import zone_hash

Operator = Literal["or", "and"]


@dataclass(frozen=True, slots=True)
class WeeklyHours:
    """Standard hours for each weekday, in effect from the local date ``effective`` on
    (``date.min``: from the beginning)."""

    effective: date
    days: WeekHours


@dataclass(frozen=True, slots=True)
class Combination:
    """Open when any of the parts is (``"or"``) or when all of them are (``"and"``).

    Both operators are associative, so a chain such as ``a | b | c`` is one combination of
    three parts, not a nesting two deep: its cost and depth do not grow with the chain.
    """

    operator: Operator
    parts: tuple[Definition, ...]


@dataclass(frozen=True, slots=True)
class Definition:
    """A calendar in local terms: the zone its dates are read in, weekly hours effective from
    dates (or, for a combination, the parts' windows), holidays, and date adjustments in the
    order they were made.

    >>> from zoneinfo import ZoneInfo
    >>> Definition(ZoneInfo("UTC")).weekly
    ()
    """

    timezone: tzinfo
    weekly: tuple[WeeklyHours, ...] = ()
    holidays: HolidaySource | None = None
    adjustments: tuple[Adjustment, ...] = ()
    combined: Combination | None = None

    def __hash__(self) -> int:
        # Not the generated hash: a zone may have no hash of its own (dateutil's have none).
        # A combination hashes by its operator, its length and its ends only, so hashing a
        # chain of n calendars costs the same as hashing two (equal chains still hash alike).
        combined = self.combined
        ends = (None if combined is None else
                (combined.operator, len(combined.parts), combined.parts[0], combined.parts[-1]))
        return hash((zone_hash(self.timezone), self.weekly, self.holidays, self.adjustments,
                     ends))

    def adjusted(self, adjustment: Adjustment) -> Definition:
        """This definition with ``adjustment`` applied after the others."""
        return replace(self, adjustments=(*self.adjustments, adjustment))

    def with_weekly(self, hours: WeeklyHours) -> Definition:
        """This definition with ``hours`` in effect from their date (replacing weekly hours
        that took effect on the same date); ``ConfigError`` when the first date of some
        weekly hours opens during the night range of the date before."""
        kept = [w for w in self.weekly if w.effective != hours.effective]
        weekly = sorted([*kept, hours], key=lambda w: w.effective)
        for earlier, later in itertools.pairwise(weekly):
            day = later.effective
            before = day - timedelta(days=1)
            check_change(earlier.days[before.weekday()], later.days[day.weekday()],
                         f"{day.isoformat()} ({DAY_NAMES[day.weekday()]})")
        return replace(self, weekly=tuple(weekly))

    def combine(self, operator: Operator, other: Definition) -> Definition:
        """A definition open where this one or ``other`` is (``"or"``), or where both are
        (``"and"``); its local dates are this one's zone's.

        >>> from zoneinfo import ZoneInfo
        >>> a, b, c = (Definition(ZoneInfo(z)) for z in ("UTC", "Asia/Tokyo", "Europe/Paris"))
        >>> len(a.combine("or", b).combine("or", c).parts())
        3
        """
        parts = (*_operands(self, operator), *_operands(other, operator))
        return Definition(self.timezone, combined=Combination(operator, parts))

    def parts(self) -> tuple[Definition, ...]:
        """The definitions this one combines, or none."""
        return () if self.combined is None else self.combined.parts


def _operands(definition: Definition, operator: Operator) -> tuple[Definition, ...]:
    """What ``definition`` brings to a chain by ``operator``: its parts when it is a bare
    combination by the same operator (nothing of its own on top: its zone then names no local
    date that matters), else itself."""
    combined = definition.combined
    bare = not (definition.weekly or definition.holidays is not None or definition.adjustments)
    if bare and combined is not None and combined.operator == operator:
        return combined.parts
    return (definition,)
