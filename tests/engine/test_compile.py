"""``compile_days`` and its window operations, on UTC microseconds."""

from __future__ import annotations

import itertools
from datetime import UTC, date

from hypothesis import given, settings
from hypothesis import strategies as st

from bizhours._definition.dates import Adjustment, DateRange
from bizhours._definition.definition import Definition, WeeklyHours
from bizhours._definition.holidays import HolidaySnapshot, names_in_year
from bizhours._definition.hours import parse_ranges, parse_week
from bizhours._engine.compile import Windows, clip, combine, compile_days, intersection
from bizhours._engine.state import Span, State
from bizhours._instants import naive_us
from tests.helpers import DAY_US, HOUR_US, MINUTE_US, NY, at_us, examples, weekly

SETTINGS = settings(max_examples=examples(200), deadline=None)
MON = date(2026, 1, 5)
SUN = date(2026, 1, 11)
OFFICE = {"mon-fri": "09:00-17:00"}


def compiled(definition: Definition, first: date, last: date,
             parts: tuple[State, ...] = ()) -> Windows:
    def names(year: int) -> dict[date, str]:
        source = definition.holidays
        return names_in_year(source, year) if source is not None else {}

    return compile_days(definition, first, last, names, parts).windows


def day(offset: int) -> date:
    return date.fromordinal(MON.toordinal() + offset)


def hours_utc(d: date, open_h: float, close_h: float) -> tuple[int, int]:
    mid = naive_us(d)
    return mid + int(open_h * HOUR_US), mid + int(close_h * HOUR_US)


# --- window operations ----------------------------------------------------------------------


def test_clip_keeps_what_overlaps_and_cuts_it_to_the_span() -> None:
    starts, ends = [0, 10, 20, 30], [5, 15, 25, 35]
    assert clip(starts, ends, 12, 32) == [(12, 15), (20, 25), (30, 32)]
    assert clip(starts, ends, 5, 10) == []  # touching at both ends only
    assert clip(starts, ends, -10, 100) == list(zip(starts, ends, strict=True))
    assert clip([], [], 0, 10) == []


def test_union_and_intersection_examples() -> None:
    a, b = [(0, 10), (20, 30)], [(10, 12), (25, 40)]
    assert combine("or", [a, b]) == [(0, 12), (20, 40)]
    assert intersection(a, b) == combine("and", [a, b]) == [(25, 30)]
    assert intersection(a, [(10, 20)]) == []  # touching is not overlapping
    assert combine("or", [[], b]) == b
    assert combine("and", [a, b, [(0, 26)]]) == [(25, 26)]
    assert combine("or", []) == combine("and", []) == []


windows_st = st.lists(
    st.tuples(st.integers(0, 90), st.integers(1, 10)).map(lambda p: (p[0], p[0] + p[1])),
    max_size=6,
).map(lambda ws: combine("or", [sorted(ws)]))


def points(windows: Windows) -> set[int]:
    return {x for s, e in windows for x in range(s, e)}


@SETTINGS
@given(st.lists(windows_st, min_size=1, max_size=5))
def test_union_and_intersection_are_the_set_operations(parts: list[Windows]) -> None:
    u, i = combine("or", parts), combine("and", parts)
    assert points(u) == set().union(*map(points, parts))
    assert points(i) == set.intersection(*map(points, parts))
    for ws in (u, i):
        assert all(s < e for s, e in ws)
        assert all(e1 < s2 for (_, e1), (s2, _) in itertools.pairwise(ws))


@SETTINGS
@given(windows_st, st.integers(0, 100), st.integers(0, 100))
def test_clip_is_the_intersection_with_the_span(ws: Windows, lo: int, hi: int) -> None:
    starts, ends = [s for s, _ in ws], [e for _, e in ws]
    assert points(clip(starts, ends, lo, hi)) == points(ws) & set(range(lo, hi))


# --- compiling weekly hours, holidays and adjustments --------------------------------------


def test_a_utc_office_week_is_five_exact_windows() -> None:
    assert compiled(weekly(OFFICE), MON, SUN) == [hours_utc(day(i), 9, 17) for i in range(5)]


def test_hours_follow_the_local_clock_across_a_dst_change() -> None:
    got = compiled(weekly(OFFICE, NY), date(2026, 3, 6), date(2026, 3, 9))
    fri, mon = naive_us(date(2026, 3, 6)), naive_us(date(2026, 3, 9))
    # 09:00 EST is 14:00 UTC on the Friday; 09:00 EDT is 13:00 UTC on the Monday.
    assert got == [(fri + 14 * HOUR_US, fri + 22 * HOUR_US),
                   (mon + 13 * HOUR_US, mon + 21 * HOUR_US)]


def test_a_range_over_the_skipped_hour_is_shorter_and_one_inside_it_is_dropped() -> None:
    gap = date(2026, 3, 8)
    assert compiled(weekly({"sun": "01:30-02:30"}, NY), gap, gap) == [
        (at_us(NY, gap, "01:30"), at_us(NY, gap, "03:00"))
    ]
    assert at_us(NY, gap, "03:00") - at_us(NY, gap, "01:30") == 30 * MINUTE_US
    assert compiled(weekly({"sun": "02:00-02:30"}, NY), gap, gap) == []


def test_a_range_over_the_repeated_hour_is_longer() -> None:
    fold = date(2026, 11, 1)
    ((start, end),) = compiled(weekly({"sun": "01:00-02:00"}, NY), fold, fold)
    assert end - start == 2 * HOUR_US
    assert start == naive_us(fold) + 5 * HOUR_US  # 01:00 EDT, the first occurrence


def test_a_holiday_has_no_hours() -> None:
    holidays = HolidaySnapshot(((day(1), "closed Tuesday"),))
    got = compiled(weekly(OFFICE, holidays=holidays), MON, SUN)
    assert got == [hours_utc(day(i), 9, 17) for i in (0, 2, 3, 4)]


def test_days_open_around_the_clock_are_not_merged_by_the_compiler() -> None:
    got = compiled(weekly({"mon-sun": "00:00-24:00"}), MON, day(2))
    assert got == [(naive_us(day(i)), naive_us(day(i)) + DAY_US) for i in range(3)]
    merged = State.of(MON, day(2), naive_us(MON), naive_us(day(3)), Span(got, [], [], [], []))
    assert (merged.starts, merged.ends) == ([naive_us(MON)], [naive_us(day(3))])


def test_adjustments_apply_in_the_order_they_were_made() -> None:
    tue = DateRange(day(1), day(1))
    add = Adjustment("add", tue, parse_ranges("17:00-18:00"))
    remove = Adjustment("remove", tue, parse_ranges("12:00-18:00"))
    base = weekly(OFFICE)
    assert compiled(base.adjusted(add).adjusted(remove), day(1), day(1)) == [
        hours_utc(day(1), 9, 12)
    ]
    assert compiled(base.adjusted(remove).adjusted(add), day(1), day(1)) == [
        hours_utc(day(1), 9, 12), hours_utc(day(1), 17, 18)
    ]
    set_sat = Adjustment("set", DateRange(day(5), day(5)), parse_ranges("10:00-11:00"))
    assert compiled(base.adjusted(set_sat), day(5), day(6)) == [hours_utc(day(5), 10, 11)]


def test_weekly_hours_change_on_their_effective_date() -> None:
    later = WeeklyHours(day(2), parse_week({"mon-fri": "10:00-12:00"}))
    got = compiled(weekly(OFFICE).with_weekly(later), MON, SUN)
    assert got == [hours_utc(day(0), 9, 17), hours_utc(day(1), 9, 17),
                   *(hours_utc(day(i), 10, 12) for i in (2, 3, 4))]


# --- night ranges: the part after midnight lands on the next date ---------------------------


NIGHTS = {"mon-fri": "22:00-06:00"}


def test_a_night_range_is_cut_at_midnight_each_date_getting_its_own_part() -> None:
    got = compiled(weekly(NIGHTS), MON, SUN)
    assert got == [hours_utc(day(0), 22, 24),
                   *(w for i in range(1, 5) for w in (hours_utc(day(i), 0, 6),
                                                      hours_utc(day(i), 22, 24))),
                   hours_utc(day(5), 0, 6)]


def test_the_first_date_compiled_gets_the_night_of_the_date_before() -> None:
    assert compiled(weekly(NIGHTS), day(1), day(1)) == [hours_utc(day(1), 0, 6),
                                                        hours_utc(day(1), 22, 24)]
    assert compiled(weekly(NIGHTS), day(5), day(5)) == [hours_utc(day(5), 0, 6)]


def test_the_spill_lands_before_the_next_dates_holiday() -> None:
    holidays = HolidaySnapshot(((day(1), "closed Tuesday"),))
    got = compiled(weekly(NIGHTS, holidays=holidays), day(0), day(2))
    assert got == [hours_utc(day(0), 22, 24), hours_utc(day(2), 0, 6), hours_utc(day(2), 22, 24)]


def test_the_spill_lands_before_the_next_dates_adjustments() -> None:
    closed_tue = Adjustment("set", DateRange(day(1), day(1)), ())
    assert compiled(weekly(NIGHTS).adjusted(closed_tue), day(1), day(1)) == []
    early = Adjustment("remove", DateRange(day(1), day(1)), parse_ranges("03:00-04:00"))
    assert compiled(weekly(NIGHTS).adjusted(early), day(1), day(1)) == [
        hours_utc(day(1), 0, 3), hours_utc(day(1), 4, 6), hours_utc(day(1), 22, 24)]


def test_a_night_adjustment_reaches_the_next_date_in_its_turn() -> None:
    night = Adjustment("set", DateRange(MON, MON), parse_ranges("22:00-02:00"))
    closed_tue = Adjustment("set", DateRange(day(1), day(1)), ())
    base = weekly(OFFICE)
    assert compiled(base.adjusted(night), MON, day(1)) == [
        hours_utc(MON, 22, 24), hours_utc(day(1), 0, 2), hours_utc(day(1), 9, 17)]
    assert compiled(base.adjusted(night).adjusted(closed_tue), day(1), day(1)) == []
    assert compiled(base.adjusted(closed_tue).adjusted(night), day(1), day(1)) == [
        hours_utc(day(1), 0, 2)]
    # Over two dates: the second's own part is set first, then the first's night added.
    both = Adjustment("set", DateRange(MON, day(1)), parse_ranges("22:00-02:00"))
    assert compiled(base.adjusted(both), day(1), day(1)) == [
        hours_utc(day(1), 0, 2), hours_utc(day(1), 22, 24)]


def test_the_night_before_new_weekly_hours_comes_from_the_hours_of_its_date() -> None:
    later = WeeklyHours(day(1), parse_week(OFFICE))
    got = compiled(weekly(NIGHTS).with_weekly(later), day(1), day(2))
    assert got == [hours_utc(day(1), 0, 6), hours_utc(day(1), 9, 17), hours_utc(day(2), 9, 17)]


def test_a_night_over_a_dst_change_ends_at_the_new_offsets_wall_time() -> None:
    sat, sun = date(2026, 10, 31), date(2026, 11, 1)  # New York falls back at 02:00 Sunday
    got = compiled(weekly({"sat": "22:00-03:00"}, NY), sat, sun)
    assert got == [(at_us(NY, sat, "22:00"), at_us(NY, sat, "24:00")),
                   (at_us(NY, sun, "00:00"), at_us(NY, sun, "03:00"))]
    assert got[1][1] - got[0][0] == 6 * HOUR_US


# --- combinations: their parts' states, merged day by day -----------------------------------


def part(*windows: tuple[float, float]) -> State:
    lo, hi = naive_us(MON), naive_us(day(1))
    utc = [hours_utc(MON, s, e) for s, e in windows]
    return State.of(MON, MON, lo, hi, Span(utc, [], [], [], []))


def test_or_and_and_of_parts() -> None:
    a, b = part((9, 12), (20, 24)), part((11, 14))
    blank = Definition(UTC)
    either, both = blank.combine("or", blank), blank.combine("and", blank)
    assert compiled(either, MON, MON, (a, b)) == [hours_utc(MON, 9, 14), hours_utc(MON, 20, 24)]
    assert compiled(both, MON, MON, (a, b)) == [hours_utc(MON, 11, 12)]


def test_a_combinations_adjustments_apply_to_the_merged_day() -> None:
    a, b = part((9, 12)), part((11, 14))
    cut = Adjustment("remove", DateRange(MON, MON), parse_ranges("10:00-13:00"))
    both = Definition(UTC).combine("or", Definition(UTC)).adjusted(cut)
    assert compiled(both, MON, MON, (a, b)) == [hours_utc(MON, 9, 10), hours_utc(MON, 13, 14)]


def test_a_combinations_own_weekly_hours_replace_its_parts() -> None:
    own = WeeklyHours(MON, parse_week({"mon": "06:00-07:00"}))
    both = Definition(UTC).combine("or", Definition(UTC)).with_weekly(own)
    assert compiled(both, MON, MON, (part((9, 12)), part((11, 14)))) == [hours_utc(MON, 6, 7)]
