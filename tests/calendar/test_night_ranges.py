"""Night ranges (a range that crosses midnight) and a day named in several specs: the rules
of the hours bullets, as plain examples."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, tzinfo

import pytest

import bizhours
from bizhours import Calendar, ConfigError, NeverClosesError
from bizhours.testing.reference import ReferenceCalendar
from tests.helpers import ET, LONDON, H, et

MON, TUE, WED = date(2026, 11, 23), date(2026, 11, 24), date(2026, 11, 25)
THANKSGIVING = date(2026, 11, 26)


def at(day: date, hour: int, tz: tzinfo = UTC, minute: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=tz)


def windows(cal: Calendar, first: date, days: int, tz: tzinfo = UTC
            ) -> list[tuple[datetime, datetime]]:
    start = at(first, 0, tz)
    return [(a.astimezone(tz), b.astimezone(tz))
            for a, b in cal.windows(start, start + timedelta(days=days))]


def hours(cal: Calendar, day: date, tz: tzinfo = UTC) -> list[str]:
    """The day's windows clipped to it, as HH:MM-HH:MM wall times (24:00 for midnight)."""
    def clock(moment: datetime) -> str:
        return "24:00" if moment.date() != day else moment.strftime("%H:%M")

    return [f"{clock(a)}-{clock(b)}" for a, b in windows(cal, day, 1, tz)]


# --- a range may cross midnight -------------------------------------------------------------


def test_a_night_range_is_the_two_ranges_either_side_of_midnight() -> None:
    night = Calendar("UTC", {"mon": "22:00-06:00"})
    split = Calendar("UTC", {"mon": "22:00-24:00", "tue": "00:00-06:00"})
    assert windows(night, MON, 21) == windows(split, MON, 21)
    assert windows(night, MON, 2) == [(at(MON, 22), at(TUE, 6))]
    assert night.is_open(at(TUE, 5, minute=59)) and not night.is_open(at(TUE, 6))
    assert night.add(at(MON, 23), 2 * H) == at(TUE, 1)
    assert night.next_close(at(MON, 12)) == at(TUE, 6)
    assert night.elapsed(at(MON, 0), at(WED, 0)) == 8 * H


def test_sunday_night_runs_into_monday() -> None:
    cal = Calendar("UTC", {"sun": "22:00-06:00"})
    assert windows(cal, MON, 1) == [(at(MON, 0), at(MON, 6))]


def test_a_night_desk_runs_friday_night_into_saturday() -> None:
    cal = Calendar("America/New_York", {"mon-fri": "22:00-06:00"})
    assert cal.elapsed(et(2026, 11, 23), et(2026, 11, 30)) == 40 * H
    assert cal.next_close(et(2026, 11, 27, 23)) == et(2026, 11, 28, 6)
    assert cal.next_open(et(2026, 11, 28, 7)) == et(2026, 11, 30, 22)


def test_midnight_as_a_close_is_24_00() -> None:
    assert Calendar("UTC", {"mon": "22:00-00:00"}) == Calendar("UTC", {"mon": "22:00-24:00"})


@pytest.mark.parametrize("ranges", ["09:00-09:00", "00:00-00:00", "22:00-22:00"])
def test_a_range_that_closes_when_it_opens_is_an_error(ranges: str) -> None:
    with pytest.raises(ConfigError, match="opens and closes at the same time") as info:
        Calendar("UTC", {"mon": ranges})
    assert ranges in str(info.value) and "22:00-06:00" in str(info.value)


# --- the part after midnight belongs to the next date ---------------------------------------


def test_a_holiday_on_the_second_date_closes_the_part_after_midnight() -> None:
    cal = Calendar("UTC", {"mon-fri": "22:00-06:00"}, holidays=[TUE])
    assert hours(cal, MON) == ["22:00-24:00"]
    assert hours(cal, TUE) == []
    assert hours(cal, WED) == ["00:00-06:00", "22:00-24:00"]


def test_a_holiday_on_the_first_date_leaves_the_part_after_midnight_open() -> None:
    cal = Calendar("UTC", {"mon": "22:00-06:00"}, holidays=[MON])
    assert hours(cal, MON) == [] and hours(cal, TUE) == ["00:00-06:00"]


def test_closing_the_first_date_leaves_the_part_after_midnight_open() -> None:
    cal = Calendar("UTC", {"mon": "22:00-06:00"}).closed(MON)
    assert hours(cal, MON) == [] and hours(cal, TUE) == ["00:00-06:00"]


def test_a_night_range_changed_on_its_first_date_keeps_the_part_after_midnight() -> None:
    cal = Calendar("UTC", {"mon": "22:00-06:00"}).with_hours(MON, "09:00-17:00")
    assert hours(cal, MON) == ["09:00-17:00"] and hours(cal, TUE) == ["00:00-06:00"]


# --- night ranges given by adjustments ------------------------------------------------------


def test_with_hours_at_night_keeps_the_second_dates_own_hours() -> None:
    cal = bizhours.calendar("eastern").with_hours(MON, "22:00-06:00")
    assert hours(cal, MON, ET) == ["22:00-24:00"]
    assert hours(cal, TUE, ET) == ["00:00-06:00", "09:00-17:00"]


def test_a_night_adjustment_wins_over_a_holiday_on_the_second_date() -> None:
    cal = bizhours.calendar("eastern").with_hours(THANKSGIVING - timedelta(days=1),
                                                  "22:00-06:00")
    assert hours(cal, THANKSGIVING, ET) == ["00:00-06:00"]


def test_a_night_adjustment_comes_in_the_order_it_was_made() -> None:
    eastern = bizhours.calendar("eastern")
    assert hours(eastern.with_hours(MON, "22:00-06:00").closed(TUE), TUE, ET) == []
    assert hours(eastern.closed(TUE).with_hours(MON, "22:00-06:00"), TUE, ET) == [
        "00:00-06:00"]


def test_with_hours_at_night_over_a_date_range() -> None:
    cal = bizhours.calendar("eastern").with_hours((MON, TUE), "22:00-06:00")
    assert hours(cal, TUE, ET) == ["00:00-06:00", "22:00-24:00"]
    assert hours(cal, WED, ET) == ["00:00-06:00", "09:00-17:00"]


def test_expanded_and_contracted_at_night_act_on_both_dates() -> None:
    eastern = bizhours.calendar("eastern")
    longer = eastern.expanded(MON, "17:00-02:00")
    assert hours(longer, MON, ET) == ["09:00-24:00"]
    assert hours(longer, TUE, ET) == ["00:00-02:00", "09:00-17:00"]
    desk = Calendar("America/New_York", {"mon-fri": "20:00-06:00"})
    shorter = desk.contracted(MON, "23:00-02:00")
    assert hours(shorter, MON, ET) == ["20:00-23:00"]
    assert hours(shorter, TUE, ET) == ["02:00-06:00", "20:00-24:00"]


# --- a day named in several specs -----------------------------------------------------------


def test_a_day_in_several_specs_has_the_union_of_their_ranges() -> None:
    desk = Calendar("UTC", {"mon-fri": "20:00-24:00", "tue-sat": "00:00-04:00"})
    assert windows(desk, MON, 7)[0] == (at(MON, 20), at(TUE, 4))
    assert len(windows(desk, MON, 7)) == 5
    assert desk.elapsed(at(MON, 0), at(MON, 0) + timedelta(days=7)) == 40 * H
    split = Calendar("UTC", {"mon-thu": "09:00-17:00", "fri": "09:00-12:00",
                             "friday": "13:00-17:00"})
    assert hours(split, date(2026, 11, 27)) == ["09:00-12:00", "13:00-17:00"]
    wrapped = Calendar("UTC", {"sat-mon": "09:00-10:00", "monday": "11:00-12:00"})
    assert hours(wrapped, MON) == ["09:00-10:00", "11:00-12:00"]


def test_specs_that_overlap_on_a_day_are_refused_naming_both() -> None:
    with pytest.raises(ConfigError) as info:
        Calendar("UTC", {"mon-fri": "09:00-17:00", "fri": "09:00-13:00"})
    message = str(info.value)
    assert "'mon-fri'" in message and "'fri'" in message and "on fri" in message
    assert "'09:00-17:00'" in message and "'09:00-13:00'" in message


def test_a_day_named_twice_in_one_spec_overlaps_itself() -> None:
    with pytest.raises(ConfigError, match="'mon,tue,mon' overlap on mon"):
        Calendar("UTC", {"mon,tue,mon": "09:00-17:00"})


@pytest.mark.parametrize("spec, ranges, bad", [
    ({"mon": "20:00-02:00, 23:00-01:00"}, ("20:00-02:00", "23:00-01:00"), "on mon"),
    ({"mon-fri": "22:00-06:00", "sat": "00:00-04:00"}, ("22:00-06:00", "00:00-04:00"),
     "on sat"),
    ({"mon-fri": "22:00-06:00, 05:00-07:00"}, ("22:00-06:00", "05:00-07:00"), "on tue"),
    ({"sun": "22:00-06:00", "mon": "05:00-09:00"}, ("22:00-06:00", "05:00-09:00"), "on mon"),
])
def test_a_night_range_that_overlaps_is_refused_naming_both_and_the_day(
        spec: dict[str, str], ranges: tuple[str, str], bad: str) -> None:
    with pytest.raises(ConfigError, match="overlap") as info:
        Calendar("UTC", spec)
    message = str(info.value)
    assert all(f"'{r}" in message for r in ranges) and bad in message, message


def test_an_adjustment_whose_ranges_overlap_names_them_and_its_dates() -> None:
    eastern = bizhours.calendar("eastern")
    with pytest.raises(ConfigError, match="'22:00-02:00' and '23:00-01:00' overlap on "
                                          "2026-11-23: "):
        eastern.with_hours(MON, "23:00-01:00, 22:00-02:00")
    with pytest.raises(ConfigError, match=r"overlap on 2026-11-23\.\.2026-11-24"):
        eastern.expanded((MON, TUE), "09:00-12:00, 11:00-13:00")


def test_a_night_range_may_touch_the_next_days_hours() -> None:
    cal = Calendar("UTC", {"mon": "22:00-06:00", "tue": "06:00-10:00"})
    assert windows(cal, MON, 2) == [(at(MON, 22), at(TUE, 10))]


def test_round_the_clock_spelled_with_night_ranges_never_closes() -> None:
    cal = Calendar("UTC", {"mon-sun": "12:00-02:00, 02:00-12:00"})
    assert cal == Calendar("UTC", {"mon-sun": "00:00-24:00"})
    with pytest.raises(NeverClosesError):
        cal.next_close(at(MON, 3))


# --- weekly hours that change, and DST ------------------------------------------------------


def test_the_night_before_new_weekly_hours_runs_to_its_close() -> None:
    desk = Calendar("UTC", {"mon-fri": "22:00-06:00"})
    days = desk.with_weekly_hours({"mon-fri": "09:00-17:00"}, effective=TUE)
    assert hours(days, TUE) == ["00:00-06:00", "09:00-17:00"]
    assert hours(days, WED) == ["09:00-17:00"]


def test_new_weekly_hours_that_overlap_the_night_before_are_refused() -> None:
    desk = Calendar("UTC", {"mon-fri": "22:00-06:00"})
    with pytest.raises(ConfigError, match="2026-11-24 \\(tue\\)") as info:
        desk.with_weekly_hours({"mon-fri": "05:00-12:00"}, effective=TUE)
    assert "'05:00-12:00'" in str(info.value) and "'00:00-06:00'" in str(info.value)


@pytest.mark.parametrize("saturday, length", [(date(2026, 10, 24), 9 * H),
                                              (date(2026, 3, 28), 7 * H)])
def test_a_night_across_a_dst_change_is_its_elapsed_time(saturday: date,
                                                         length: timedelta) -> None:
    cal = Calendar("Europe/London", {"sat": "22:00-06:00"})
    start = at(saturday, 22, LONDON)
    assert cal.next_close(start) == at(saturday + timedelta(days=1), 6, LONDON)
    assert cal.elapsed(start - H, start + 12 * H) == length


def test_the_reference_reads_night_ranges_the_same_way() -> None:
    spec = {"mon-fri": "22:00-06:00", "sat": "10:00-14:00"}
    ref = ReferenceCalendar.from_spec("Europe/London", spec, holidays=[TUE],
                                      replacements={WED: "21:00-01:00"})
    cal = (Calendar("Europe/London", spec, holidays=[TUE]).with_hours(WED, "21:00-01:00"))
    start, end = at(MON, 0, LONDON), at(MON, 0, LONDON) + timedelta(days=8)
    assert list(ref.windows(start, end)) == list(cal.windows(start, end))
    assert list(ReferenceCalendar.from_calendar(cal).windows(start, end)) == list(
        cal.windows(start, end))
