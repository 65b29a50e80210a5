"""``State``: merged windows and exact running totals, on plain integers."""

from __future__ import annotations

from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from bizhours._engine.state import Span, State
from tests.helpers import examples

DAY = date(2026, 1, 5)
SETTINGS = settings(max_examples=examples(200), deadline=None)


def state(*windows: tuple[int, int], lo: int = 0, hi: int = 1000) -> State:
    return State.of(DAY, DAY, lo, hi, Span(list(windows), [], [], [], []))


def test_touching_windows_merge_into_one() -> None:
    s = state((10, 20), (20, 30), (30, 35))
    assert (s.starts, s.ends) == ([10], [35])
    assert (s.cum_start, s.cum_end) == ([0], [25])


def test_overlapping_and_contained_windows_merge() -> None:
    s = state((10, 25), (20, 30), (40, 90), (50, 60), (90, 95))
    assert (s.starts, s.ends) == ([10, 40], [30, 95])
    assert (s.cum_start, s.cum_end) == ([0, 20], [20, 75])


def test_windows_one_microsecond_apart_stay_apart() -> None:
    s = state((10, 20), (21, 30))
    assert (s.starts, s.ends) == ([10, 21], [20, 30])
    assert s.total(21) == 10
    assert s.total(30) == 19


def test_totals_at_every_edge() -> None:
    s = state((10, 20), (50, 60), lo=0, hi=100)
    expected = {0: 0, 9: 0, 10: 0, 11: 1, 19: 9, 20: 10, 21: 10, 49: 10, 50: 10, 51: 11,
                59: 19, 60: 20, 61: 20, 100: 20}
    assert {t: s.total(t) for t in expected} == expected


def test_totals_count_from_lo_with_negative_instants() -> None:
    s = state((-50, -40), (-10, 5), lo=-100, hi=100)
    assert [s.total(t) for t in (-100, -45, -40, -10, 0, 5, 100)] == [0, 5, 10, 10, 20, 25, 25]


def test_an_empty_state_has_no_open_time() -> None:
    s = state()
    assert (s.starts, s.ends, s.cum_start, s.cum_end) == ([], [], [], [])
    assert [s.total(t) for t in (0, 500, 1000)] == [0, 0, 0]


def test_a_window_filling_the_span() -> None:
    s = state((0, 1000))
    assert [s.total(t) for t in (0, 1, 999, 1000)] == [0, 1, 999, 1000]


def test_covers_is_half_open_at_hi() -> None:
    s = state((10, 20), lo=100, hi=200)
    assert s.covers(100, 199)
    assert s.covers(150, 150)
    assert not s.covers(99, 150)
    assert not s.covers(150, 200)


def test_of_merges_touching_windows_and_keeps_the_latest_close_so_far() -> None:
    span = Span([(1, 2), (2, 4), (7, 9)], [1, 2, 3], [1, 2, 7], [4, 3, 9], [0, 0, 0])
    s = State.of(DAY, DAY, 0, 100, span)
    assert (s.starts, s.ends, s.cum_end) == ([1, 7], [4, 9], [3, 5])
    assert s.reach == [4, 4, 9]


windows_st = st.lists(
    st.tuples(st.integers(0, 900), st.integers(1, 100)).map(lambda p: (p[0], p[0] + p[1])),
    max_size=12,
).map(sorted)


def brute_total(windows: list[tuple[int, int]], t: int) -> int:
    """Open time in ``[0, t)``: every open microsecond counted once."""
    return len({x for s, e in windows for x in range(s, min(e, t))})


@SETTINGS
@given(windows_st, st.integers(0, 1000))
def test_total_counts_each_open_microsecond_once(windows: list[tuple[int, int]], t: int) -> None:
    s = state(*windows)
    assert s.total(t) == brute_total(windows, t)


@SETTINGS
@given(windows_st)
def test_merged_windows_are_sorted_and_strictly_apart(windows: list[tuple[int, int]]) -> None:
    s = state(*windows)
    assert all(a < b for a, b in zip(s.starts, s.ends, strict=True))
    assert all(end < start for end, start in zip(s.ends, s.starts[1:], strict=False))
    assert s.cum_end[-1:] == ([brute_total(windows, 1000)] if windows else [])
