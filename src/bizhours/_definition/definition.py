"""What a calendar is, in local wall-clock terms: the ``Definition`` value and its parts.

A definition computes nothing: it is plain, hashable, picklable data that the engine
compiles. Equal definitions are the same calendar, so they share one compiled timeline.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, tzinfo
from typing import Literal

from bizhours._definition.dates import Adjustment
from bizhours._definition.holidays import HolidaySource
from bizhours._definition.hours import WeekHours
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
    """Open when either part is (``"or"``) or when both are (``"and"``)."""

    operator: Operator
    first: Definition
    second: Definition


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
        return hash((zone_hash(self.timezone), self.weekly, self.holidays, self.adjustments,
                     self.combined))

    def adjusted(self, adjustment: Adjustment) -> Definition:
        """This definition with ``adjustment`` applied after the others."""
        return replace(self, adjustments=(*self.adjustments, adjustment))

    def with_weekly(self, hours: WeeklyHours) -> Definition:
        """This definition with ``hours`` in effect from their date (replacing weekly hours
        that took effect on the same date)."""
        kept = [w for w in self.weekly if w.effective != hours.effective]
        return replace(self, weekly=tuple(sorted([*kept, hours], key=lambda w: w.effective)))

    def combine(self, operator: Operator, other: Definition) -> Definition:
        """A definition open where this one or ``other`` is (``"or"``), or where both are
        (``"and"``); its local dates are this one's zone's."""
        return Definition(self.timezone, combined=Combination(operator, self, other))

    def parts(self) -> tuple[Definition, ...]:
        """The two definitions this one combines, or none."""
        return () if self.combined is None else (self.combined.first, self.combined.second)
