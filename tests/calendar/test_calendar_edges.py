"""Dates at the ends of the supported range, and the digits the hours grammar takes."""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from datetime import date, datetime, timedelta

import pytest
from dateutil.rrule import DAILY, YEARLY, rrule

from bizhours import BizHoursError, Calendar, ConfigError, OutOfRangeError
from tests.helpers import utc

FIRST_DAY, LAST_DAY = date(1, 1, 2), date(9999, 12, 30)
EVERY_DAY = {"mon-sun": "09:00-17:00"}
ZONES = ["UTC", "America/New_York", "Asia/Tokyo"]


@pytest.mark.parametrize("zone", ZONES)
@pytest.mark.parametrize("query", ["is_business_day", "holiday_name", "is_adjusted"])
@pytest.mark.parametrize("day", [date.min, date.max, utc(9999, 12, 31, 23), utc(1, 1, 1, 1)],
                         ids=str)
def test_a_date_outside_the_supported_range_is_out_of_range(zone: str, query: str,
                                                            day: date) -> None:
    with pytest.raises(OutOfRangeError, match="years 1 to 9999"):
        getattr(Calendar(zone, EVERY_DAY), query)(day)


@pytest.mark.parametrize("zone", ZONES)
def test_the_first_and_last_supported_days_answer(zone: str) -> None:
    cal = Calendar(zone, EVERY_DAY, {LAST_DAY: "The End"})
    assert cal.is_business_day(FIRST_DAY)
    assert not cal.is_business_day(LAST_DAY)
    assert cal.holiday_name(LAST_DAY) == "The End"
    assert Calendar(zone, EVERY_DAY).is_business_day(LAST_DAY)
    assert not cal.is_adjusted(LAST_DAY)


END = (date(9999, 12, 25), date.max)
START = (date.min, date(1, 1, 5))


@pytest.mark.parametrize("make, day, business, adjusted", [
    (lambda c: c.with_hours(END, "09:00-10:00"), LAST_DAY, True, True),
    (lambda c: c.closed(END), LAST_DAY, False, True),
    (lambda c: c.closed(date.max), LAST_DAY, True, False),
    (lambda c: c.closed(START), FIRST_DAY, False, True),
    (lambda c: c.closed(date.min), FIRST_DAY, True, False),
    (lambda c: c.closed((date.min, date.max)), date(2026, 1, 5), False, True),
    (lambda c: c.with_weekly_hours({"sat": "09:00-10:00"}, effective=date.max), LAST_DAY,
     True, False),
    (lambda c: c.closed(rrule(YEARLY, dtstart=datetime(9990, 12, 30))), LAST_DAY, False, True),
    (lambda c: c.closed(rrule(DAILY, dtstart=datetime(9999, 12, 28),
                              until=datetime(9999, 12, 31))), LAST_DAY, False, True),
    (lambda c: c.closed(rrule(DAILY, dtstart=datetime(1, 1, 1), count=3)), FIRST_DAY,
     False, True),
])
def test_adjustments_reaching_the_ends_of_date(make: Callable[[Calendar], Calendar], day: date,
                                               business: bool, adjusted: bool) -> None:
    cal = make(Calendar("America/New_York", EVERY_DAY))
    assert cal.is_business_day(day) is business
    assert cal.is_adjusted(day) is adjusted
    # Beyond the range, or never open again: either is an answer; OverflowError is not.
    with contextlib.suppress(BizHoursError):
        cal.next_open(utc(9999, 12, 30, 20))


@pytest.mark.parametrize("text", [
    "\u0660\u0669:\u0660\u0660-\u0661\u0667:\u0660\u0660",  # Arabic-Indic
    "09:00-\uff11\uff17:00",  # full-width
    "0\u096f:00-17:00",  # Devanagari
    "09:00-17:0\u00b2",  # superscript two
])
def test_hours_take_ascii_digits_only(text: str) -> None:
    bad = next(part for part in text.split("-") if not part.isascii())
    with pytest.raises(ConfigError, match=f"'{bad}' is not HH:MM or HH:MM:SS in ASCII digits"):
        Calendar("UTC", {"mon": text})


def test_durations_and_hours_agree_on_digits() -> None:
    cal = Calendar("UTC", {"mon": "9:00-17:00"})
    assert cal.next_open(utc(2026, 1, 5)) == utc(2026, 1, 5, 9)
    assert cal.elapsed(utc(2026, 1, 5), utc(2026, 1, 6)) == timedelta(hours=8)
