"""``Timeline``: the queries on integer instants, across the edges of what was compiled."""

from __future__ import annotations

from datetime import UTC, date

from hypothesis import given, settings
from hypothesis import strategies as st

from bizhours._engine.timeline import Timeline
from tests.helpers import DAY_US, HOUR_US, NY, at_us, examples, weekly

OFFICE = weekly({"mon-fri": "09:00-17:00"}, NY)
NIGHT = weekly({"mon-sun": "20:00-24:00, 00:00-04:00"})  # open across every midnight (UTC)
SETTINGS = settings(max_examples=examples(150), deadline=None)
MON = date(2026, 1, 5)
SPAN = (at_us(NY, date(2020, 1, 1)), at_us(NY, date(2032, 1, 1)))


def test_add_that_uses_up_a_window_ends_at_its_close_not_the_next_open() -> None:
    tl = Timeline(OFFICE)
    nine, five = at_us(NY, MON, "09:00"), at_us(NY, MON, "17:00")
    assert tl.add(nine, 8 * HOUR_US) == five
    assert tl.add(nine, 8 * HOUR_US + 1) == at_us(NY, date(2026, 1, 6), "09:00") + 1
    assert tl.add(five, -8 * HOUR_US) == nine


def test_queries_across_the_last_date_compiled_equal_a_fresh_timeline() -> None:
    warm = Timeline(NIGHT)
    warm.is_open(at_us(UTC, date(2026, 6, 1)))  # compiles the years around 2026 only
    last = warm.states[-1].last
    edge = at_us(UTC, last, "22:00")  # inside a window that runs past the compiled span
    fresh = Timeline(NIGHT)
    four = at_us(UTC, last, "24:00") + 4 * HOUR_US
    assert warm.next_close(edge) == fresh.next_close(edge) == four
    assert warm.add(edge, 4 * HOUR_US) == fresh.add(edge, 4 * HOUR_US)
    assert warm.elapsed(edge - DAY_US, edge + DAY_US) == fresh.elapsed(edge - DAY_US, edge + DAY_US)


def test_windows_across_the_edge_of_a_compiled_span_are_not_split() -> None:
    tl = Timeline(NIGHT)
    tl.is_open(at_us(UTC, date(2026, 6, 1)))
    last = tl.states[-1].last
    start = at_us(UTC, last, "12:00")
    got = list(tl.windows(start, start + DAY_US))
    night = (at_us(UTC, last, "20:00"), at_us(UTC, last, "24:00") + 4 * HOUR_US)
    assert got == [night]


def test_a_state_far_from_the_others_does_not_compile_the_years_between() -> None:
    tl = Timeline(OFFICE)
    tl.is_open(at_us(NY, date(1990, 3, 1)))
    tl.is_open(at_us(NY, date(2090, 3, 1)))
    assert len(tl.states) == 2
    assert all(s.last.year - s.first.year <= 3 for s in tl.states)


instants = st.integers(*SPAN)


@SETTINGS
@given(instants, instants, instants)
def test_elapsed_is_additive(a: int, b: int, c: int) -> None:
    tl = Timeline(OFFICE)
    assert tl.elapsed(a, b) + tl.elapsed(b, c) == tl.elapsed(a, c)


@SETTINGS
@given(instants, st.integers(0, 2_000 * HOUR_US))
def test_add_then_elapsed_gives_the_duration_back(t: int, d: int) -> None:
    tl = Timeline(OFFICE)
    end = tl.add(t, d)
    assert tl.elapsed(t, end) == d
    if d:  # the earliest such instant: one microsecond less is short of d
        assert tl.elapsed(t, end - 1) == d - 1


@SETTINGS
@given(instants)
def test_next_open_and_close_bracket_a_window(t: int) -> None:
    tl = Timeline(OFFICE)
    opens = tl.next_open(t)
    closes = tl.next_close(t)
    assert tl.is_open(opens) and opens >= t
    assert not tl.is_open(closes) and tl.is_open(closes - 1) and closes > t
