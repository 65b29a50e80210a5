"""``ReferenceCalendar`` made from a calendar's raw arguments, as ``bizhours.Calendar`` is.

``build(timezone, hours, holidays)`` takes what ``Calendar`` takes; the adjustment methods
and ``|`` / ``&`` mirror ``Calendar``'s. Each reads its arguments by the reference's own
means (``_spec`` for the hours text, ``_raw`` for holidays and dates), so a calendar and its
reference built by the same calls share no parsing.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, datetime, tzinfo
from typing import Literal, Self
from zoneinfo import ZoneInfo

from bizhours.testing._definition import Adjusting, Inputs, Kind
from bizhours.testing._intervals import Window
from bizhours.testing._raw import read_date, read_dates, read_holidays
from bizhours.testing._spec import parse_ranges, parse_week


class BuiltFromInputs:
    """The constructors of ``ReferenceCalendar`` from raw arguments (a mixin)."""

    __slots__ = ()

    _inputs: Inputs | None

    # --- given by ReferenceCalendar --------------------------------------------------------

    @classmethod
    def _from_inputs(cls, inputs: Inputs) -> Self:
        """The reference answering for ``inputs``."""
        raise NotImplementedError

    @property
    def tz(self) -> tzinfo:
        """The zone the local dates are read in."""
        raise NotImplementedError

    def windows(self, start: datetime, end: datetime) -> Sequence[Window]:
        """The open windows overlapping ``[start, end)``."""
        raise NotImplementedError

    # --- the constructors ------------------------------------------------------------------

    @classmethod
    def build(
        cls,
        timezone: str | tzinfo,
        hours: Mapping[str, str],
        holidays: object = None,
    ) -> Self:
        """The reference for ``bizhours.Calendar(timezone, hours, holidays)``, read from the
        same arguments by the reference's own readers: the hours text by ``parse_week``, a
        ``holidays`` object asked date by date (a copy taken now), a list of dates or ISO
        strings (or a mapping of them to names) as dates. The adjustment methods and ``|`` /
        ``&`` mirror ``Calendar``'s, and read their arguments the same way (a ``dateutil``
        rule is iterated from its start), so a calendar and its reference built by the same
        calls share no parsing. Invalid input may raise a plain ``ValueError``, or be taken
        as the engine would refuse it: build the calendar first.

        >>> from datetime import UTC, date, datetime
        >>> from bizhours.testing.reference import ReferenceCalendar
        >>> ref = ReferenceCalendar.build("America/New_York", {"mon-fri": "09:00-17:00"},
        ...                               ["2026-11-26"]).closed(date(2026, 11, 27))
        >>> ref.next_open(datetime(2026, 11, 26, 12, tzinfo=UTC)).isoformat()
        '2026-11-30T14:00:00+00:00'
        """
        zone = ZoneInfo(timezone) if isinstance(timezone, str) else timezone
        if not isinstance(zone, tzinfo):
            raise TypeError(f"timezone must be a name or a tzinfo, not {type(zone).__name__}")
        inputs = Inputs(zone, ((date.min, parse_week(hours)),), read_holidays(holidays))
        return cls._from_inputs(inputs)

    def _built(self) -> Inputs:
        if self._inputs is None:
            raise TypeError("only a reference made by build() or from_calendar() can be "
                            "adjusted or combined")
        return self._inputs

    def _adjusted(self, kind: Kind, dates: object, hours: str) -> Self:
        step = Adjusting(kind, read_dates(dates), parse_ranges(hours))
        return self._from_inputs(self._built().adjusted(step))

    def with_hours(self, dates: object, hours: str) -> Self:
        """As ``Calendar.with_hours``: these local dates have exactly ``hours``."""
        return self._adjusted("set", dates, hours)

    def closed(self, dates: object) -> Self:
        """As ``Calendar.closed``: ``with_hours(dates, "")``."""
        return self._adjusted("set", dates, "")

    def expanded(self, dates: object, hours: str) -> Self:
        """As ``Calendar.expanded``: these local dates gain ``hours``."""
        return self._adjusted("add", dates, hours)

    def contracted(self, dates: object, hours: str) -> Self:
        """As ``Calendar.contracted``: these local dates lose ``hours``."""
        return self._adjusted("remove", dates, hours)

    def with_weekly_hours(self, hours: Mapping[str, str], *, effective: date | str) -> Self:
        """As ``Calendar.with_weekly_hours``: new weekly hours from ``effective`` on."""
        changed = self._built().with_weekly(read_date(effective), parse_week(hours))
        return self._from_inputs(changed)

    def _combined(self, operator: Literal["or", "and"], other: Self) -> Self:
        self._built()
        other._built()
        return self._from_inputs(Inputs(self.tz, operator=operator,
                                        parts=(self.windows, other.windows)))

    def __or__(self, other: object) -> Self:
        """As ``Calendar``'s ``a | b``: open when either is; local dates in ``a``'s zone."""
        if not isinstance(other, type(self)):
            return NotImplemented
        return self._combined("or", other)

    def __and__(self, other: object) -> Self:
        """As ``Calendar``'s ``a & b``: open when both are; local dates in ``a``'s zone."""
        if not isinstance(other, type(self)):
            return NotImplemented
        return self._combined("and", other)
