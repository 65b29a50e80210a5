"""Hypothesis strategies that find contract-arithmetic bugs at the edges.

Random datetimes almost never land on the minute before closing, the night the clocks
change or the Friday before a Monday holiday; these strategies aim there, because bizhours
knows where the edges of a calendar are. Check your own code against bizhours (or
against ``bizhours.testing.reference.ReferenceCalendar``) with them:

- ``instants(calendar)``: aware datetimes at window opens and closes (and a microsecond
  either side), DST changes, local midnights, next to holidays, adjustments and year ends.
- ``business_durations(calendar)``: durations of business time, positive and negative,
  biased toward exact window lengths.
- ``weekly_hours()`` and ``calendars()``: valid random hours and calendars;
  ``calendar_recipes()``: the same calendars with the raw arguments that built them.
- ``case_timelines(policy)``: valid SLA case timelines; ``attempts()``: availability
  attempts.

Every strategy shrinks toward a simple example: a Monday at opening time, one hour, office
hours in New York. Needs Hypothesis: ``pip install "bizhours[testing]"``.

>>> from hypothesis import given
>>> import bizhours
>>> eastern = bizhours.calendar("eastern")
>>> @given(instants(eastern), business_durations(eastern, max_value=timedelta(days=60)))
... def test_add_then_elapsed(at, d):
...     assert abs(eastern.elapsed(at, eastern.add(at, d))) == abs(d)
>>> test_add_then_elapsed()
"""

from __future__ import annotations

from datetime import timedelta

try:
    import hypothesis  # noqa: F401  (checked first, to say how to install it)
except ImportError as exc:
    raise ImportError(
        'bizhours.strategies needs Hypothesis: pip install "bizhours[testing]"'
    ) from exc

from bizhours.strategies._arguments import DEFAULT_MAX_DATE, DEFAULT_MIN_DATE
from bizhours.strategies._attempts import attempts
from bizhours.strategies._calendar import (
    DEFAULT_ZONES,
    CalendarRecipe,
    Step,
    calendar_recipes,
    calendars,
)
from bizhours.strategies._durations import business_durations
from bizhours.strategies._edges import midnight, zone_transitions
from bizhours.strategies._hours import OFFICE_HOURS, weekly_hours
from bizhours.strategies._instants import instants
from bizhours.strategies._sla import case_timelines

__all__ = [
    "DEFAULT_MAX_DATE",
    "DEFAULT_MIN_DATE",
    "DEFAULT_ZONES",
    "OFFICE_HOURS",
    "CalendarRecipe",
    "Step",
    "attempts",
    "business_durations",
    "calendar_recipes",
    "calendars",
    "case_timelines",
    "instants",
    "midnight",
    "weekly_hours",
    "zone_transitions",
]

# For the doctest above (a timedelta is what business_durations is bounded with).
_ = timedelta
