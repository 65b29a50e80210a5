"""``Timeline`` answers do not depend on what it compiled before: any history of queries,
states started far apart and grown until they meet, edges crossed forward and back, threads.

The calendar is open 20:00-04:00 every night in a fixed-offset zone, so a window runs across
every midnight (and so across every edge of a compiled span), and the open time before an
instant has a closed form to check against. Queries across the edge of a span compiled by
earlier queries are also checked on day, night and 24x7 hours against a day-by-day reference.
"""

from __future__ import annotations

import itertools
import threading
from collections.abc import Callable
from datetime import UTC, date, timedelta, timezone, tzinfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bizhours._definition.definition import Definition, WeeklyHours
from bizhours._definition.hours import parse_week
from bizhours._engine.timeline import Timeline
from bizhours._instants import MAX_US, MIN_US, naive_us
from bizhours.errors import NeverClosesError, NeverOpenError, OutOfRangeError
from tests.helpers import DAY_US, HOUR_US, at_us, examples, weekly

SETTINGS = settings(max_examples=examples(80), deadline=None)
NIGHTS = {"mon-sun": "20:00-24:00, 00:00-04:00"}
ZONES: list[tzinfo] = [UTC, timezone(timedelta(hours=5, minutes=30)), timezone(timedelta(hours=-3))]
NIGHT_US = 8 * HOUR_US  # open time per day


class Nights:
    """The closed form of ``NIGHTS`` in a zone ``offset`` microseconds east of UTC."""

    def __init__(self, tz: tzinfo) -> None:
        delta = tz.utcoffset(None)
        assert delta is not None
        self.offset = delta // timedelta(microseconds=1)

    def total(self, t: int) -> int:
        """Open time in ``[local 1970-01-01 00:00, t)``."""
        k, r = divmod(t + self.offset, DAY_US)
        return k * NIGHT_US + min(r, 4 * HOUR_US) + max(r - 20 * HOUR_US, 0)

    def at_total(self, x: int, latest: bool) -> int:
        """The earliest instant with ``total == x`` (the latest when ``latest``)."""
        k, r = divmod(x, NIGHT_US)
        early = r < 4 * HOUR_US if latest else r <= 4 * HOUR_US
        return k * DAY_US + (r if early else 16 * HOUR_US + r) - self.offset

    def is_open(self, t: int) -> bool:
        r = (t + self.offset) % DAY_US
        return r < 4 * HOUR_US or r >= 20 * HOUR_US

    def next_open(self, t: int) -> int:
        k = (t + self.offset) // DAY_US
        return t if self.is_open(t) else k * DAY_US + 20 * HOUR_US - self.offset

    def next_close(self, t: int) -> int:
        k, r = divmod(t + self.offset, DAY_US)
        return (k + (r >= 4 * HOUR_US)) * DAY_US + 4 * HOUR_US - self.offset


LO, HI = naive_us(date(1985, 1, 1)), naive_us(date(2065, 1, 1))
instants = st.integers(LO, HI)
durations = st.integers(-3 * 366 * NIGHT_US, 3 * 366 * NIGHT_US)
query = st.tuples(st.sampled_from(["add", "elapsed", "open", "next_open", "next_close"]),
                  instants, instants, durations)


def run(tl: Timeline, ref: Nights, q: tuple[str, int, int, int]) -> None:
    """Ask ``tl`` one query and check it against the closed form."""
    kind, t, u, d = q
    if kind == "add":
        expected = t if d == 0 else ref.at_total(ref.total(t) + d, latest=d < 0)
        assert tl.add(t, d) == expected
    elif kind == "elapsed":
        assert tl.elapsed(t, u) == ref.total(u) - ref.total(t)
    elif kind == "open":
        assert tl.is_open(t) == ref.is_open(t)
    elif kind == "next_open":
        assert tl.next_open(t) == ref.next_open(t)
    else:
        assert tl.next_close(t) == ref.next_close(t)


def assert_states_sound(tl: Timeline) -> None:
    """States sorted and apart; each one's windows sorted and strictly apart (never split)."""
    for a, b in itertools.pairwise(tl.states):
        assert a.last < b.first and a.hi <= b.lo
    for s in tl.states:
        assert all(x < y for x, y in zip(s.starts, s.ends, strict=True))
        assert all(end < start for end, start in zip(s.ends, s.starts[1:], strict=False))
        assert s.lo <= s.starts[0] and s.ends[-1] <= s.hi


@SETTINGS
@given(st.sampled_from(range(len(ZONES))), st.lists(query, min_size=1, max_size=8))
def test_any_history_of_queries_gives_the_closed_form(zone: int,
                                                      history: list[tuple[str, int, int, int]]
                                                      ) -> None:
    tl = Timeline(weekly(NIGHTS, ZONES[zone]))
    ref = Nights(ZONES[zone])
    for q in history:
        run(tl, ref, q)
    assert_states_sound(tl)


@pytest.mark.parametrize("tz", ZONES, ids=["utc", "plus-0530", "minus-03"])
def test_adding_back_across_the_first_date_compiled_equals_a_fresh_timeline(tz: tzinfo) -> None:
    warm, ref = Timeline(weekly(NIGHTS, tz)), Nights(tz)
    warm.is_open(at_us(tz, date(2026, 6, 1)))
    first = warm.states[0].first
    two_am = at_us(tz, first, "02:00")  # in the window that began the evening before
    assert warm.add(two_am, -3 * HOUR_US) == at_us(tz, first, "00:00") - HOUR_US
    assert warm.add(two_am, -2 * HOUR_US) == at_us(tz, first, "00:00")
    # Landing exactly on the open of that night gives the open, not the close before it.
    assert warm.add(two_am, -6 * HOUR_US) == at_us(tz, first, "20:00") - DAY_US
    assert warm.elapsed(two_am - DAY_US, two_am) == NIGHT_US == ref.total(two_am) - ref.total(
        two_am - DAY_US)
    fresh = Timeline(weekly(NIGHTS, tz))
    assert warm.add(two_am, -7 * HOUR_US) == fresh.add(two_am, -7 * HOUR_US)
    assert_states_sound(warm)


def test_states_started_apart_merge_when_a_query_joins_them() -> None:
    tl, ref = Timeline(weekly(NIGHTS)), Nights(UTC)
    early, late = naive_us(date(2020, 3, 1)), naive_us(date(2034, 3, 1))
    tl.is_open(early)
    tl.is_open(late)
    assert len(tl.states) == 2
    assert tl.elapsed(early, late) == ref.total(late) - ref.total(early)
    assert len(tl.states) == 1
    assert_states_sound(tl)
    # One window per night across every former edge: the years between are one state.
    ((start, end),) = list(tl.windows(early + 12 * HOUR_US, early + 36 * HOUR_US))
    assert (start, end) == (early + 20 * HOUR_US, early + 28 * HOUR_US)


def test_a_window_reaching_the_end_of_the_span_is_one_window_when_asked_from_before() -> None:
    tl = Timeline(weekly(NIGHTS))
    tl.is_open(naive_us(date(2026, 6, 1)))
    last = tl.states[-1].last
    start = at_us(UTC, last, "00:00")
    got = list(tl.windows(start, start + 3 * DAY_US))
    assert got == [(start, start + 4 * HOUR_US),
                   *((start + i * DAY_US + 20 * HOUR_US, start + i * DAY_US + 28 * HOUR_US)
                     for i in range(2)),
                   (start + 2 * DAY_US + 20 * HOUR_US, start + 3 * DAY_US)]


def test_threads_querying_one_timeline_agree_with_the_closed_form() -> None:
    tl, ref = Timeline(weekly(NIGHTS)), Nights(UTC)
    years = [1990, 2000, 2010, 2020, 2030, 2040, 2050, 2060]
    errors: list[BaseException] = []
    start = threading.Barrier(len(years))

    def ask(year: int) -> None:
        start.wait()
        try:
            t = naive_us(date(year, 12, 30)) + 22 * HOUR_US
            for d in (HOUR_US, 400 * NIGHT_US, -400 * NIGHT_US):
                run(tl, ref, ("add", t, t, d))
            run(tl, ref, ("elapsed", t, t + 5 * 366 * DAY_US, 0))
        except BaseException as exc:  # re-raised below, in the test's own thread
            errors.append(exc)

    threads = [threading.Thread(target=ask, args=(y,)) for y in years]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    assert errors == []
    assert_states_sound(tl)


# --- the bounds, as the timeline uses them ---------------------------------------------------


def test_a_calendar_that_closes_from_a_date_never_opens_after_it() -> None:
    ending = weekly({"mon-fri": "09:00-17:00"}).with_weekly(
        WeeklyHours(date(2030, 1, 1), parse_week({})))
    tl = Timeline(ending)
    last_close = at_us(UTC, date(2029, 12, 31), "17:00")  # a Monday
    assert tl.add(last_close - HOUR_US, HOUR_US) == last_close
    with pytest.raises(NeverOpenError):
        tl.add(last_close - HOUR_US, HOUR_US + 1)
    with pytest.raises(NeverOpenError):
        tl.next_open(last_close)


def test_a_calendar_never_open_before_a_date() -> None:
    starting = Definition(UTC).with_weekly(WeeklyHours(date(2020, 1, 6), parse_week(NIGHTS)))
    tl = Timeline(starting)
    opening = at_us(UTC, date(2020, 1, 6), "00:00")
    assert tl.add(opening + HOUR_US, -HOUR_US) == opening
    with pytest.raises(NeverOpenError):
        tl.add(opening + HOUR_US, -HOUR_US - 1)


def test_an_always_open_calendar_never_closes() -> None:
    tl = Timeline(weekly({"mon-sun": "00:00-24:00"}))
    t = naive_us(date(2026, 1, 5))
    assert tl.is_open(t) and tl.next_open(t) == t
    assert tl.add(t, 10 * DAY_US) == t + 10 * DAY_US
    with pytest.raises(NeverClosesError):
        tl.next_close(t)


def test_out_of_range_results_are_refused() -> None:
    tl = Timeline(weekly({"mon-sun": "00:00-24:00"}))
    with pytest.raises(OutOfRangeError):
        tl.add(MAX_US - DAY_US, 2 * DAY_US)
    with pytest.raises(OutOfRangeError):
        tl.add(MIN_US + DAY_US, -2 * DAY_US)
    with pytest.raises(OutOfRangeError):
        tl.is_open(MIN_US - 1)


# --- across the edge of a span compiled by earlier queries, against a day-by-day reference ---


class DayByDay:
    """Weekly hours in a fixed-offset zone the slow, obvious way: every local day's windows
    laid out in turn and merged where they touch, over the days a query reaches."""

    HORIZON = 14 * DAY_US  # further than any query below looks

    def __init__(self, weekdays: range, hours: list[tuple[int, int]], tz: tzinfo) -> None:
        self.weekdays, self.hours, self.offset = weekdays, sorted(hours), Nights(tz).offset

    def windows(self, a: int, b: int) -> list[tuple[int, int]]:
        merged: list[tuple[int, int]] = []
        for k in range((a + self.offset) // DAY_US - 1, (b + self.offset) // DAY_US + 2):
            if (date(1970, 1, 1) + timedelta(days=k)).weekday() not in self.weekdays:
                continue
            midnight = k * DAY_US - self.offset
            for h0, h1 in self.hours:
                s, e = midnight + h0 * HOUR_US, midnight + h1 * HOUR_US
                if merged and s <= merged[-1][1]:
                    merged[-1] = (merged[-1][0], max(e, merged[-1][1]))
                else:
                    merged.append((s, e))
        return [(max(s, a), min(e, b)) for s, e in merged if s < b and e > a]

    def elapsed(self, a: int, b: int) -> int:
        return -self.elapsed(b, a) if b < a else sum(e - s for s, e in self.windows(a, b))

    def add(self, t: int, d: int) -> int:
        left = abs(d)
        ahead = self.windows(t, t + self.HORIZON) if d > 0 else self.windows(t - self.HORIZON, t)
        for s, e in ahead if d > 0 else reversed(ahead):
            if e - s >= left:
                return s + left if d > 0 else e - left
            left -= e - s
        return t  # d == 0

    def next_open(self, t: int) -> int:
        return self.windows(t, t + self.HORIZON)[0][0]

    def next_close(self, t: int) -> int:
        end = self.windows(t, t + self.HORIZON)[0][1]
        if end == t + self.HORIZON:
            raise NeverClosesError(date.max)
        return end


EDGE_CALENDARS = {  # the hours text for the engine, the same hours for the reference
    "day": ({"mon-fri": "09:00-17:00"}, range(5), [(9, 17)], ZONES[1]),
    "night": (NIGHTS, range(7), [(20, 24), (0, 4)], ZONES[2]),
    "24x7": ({"mon-sun": "00:00-24:00"}, range(7), [(0, 24)], UTC),
}
EDGE_QUERIES: dict[str, Callable[[Timeline | DayByDay, int], object]] = {
    "windows": lambda tl, t: list(tl.windows(t - DAY_US, t + DAY_US)),
    "windows-from": lambda tl, t: list(tl.windows(t, t + 3 * DAY_US)),
    "windows-to": lambda tl, t: list(tl.windows(t - 3 * DAY_US, t)),
    "elapsed": lambda tl, t: tl.elapsed(t - DAY_US, t + DAY_US),
    "elapsed-back": lambda tl, t: tl.elapsed(t + 2 * DAY_US, t - 2 * DAY_US),
    **{f"add{d // HOUR_US:+}h": (lambda tl, t, d=d: tl.add(t, d))
       for d in (HOUR_US, 8 * HOUR_US, 30 * HOUR_US, -HOUR_US, -8 * HOUR_US, -30 * HOUR_US)},
    "next_open": lambda tl, t: tl.next_open(t),
    "next_close": lambda tl, t: tl.next_close(t),
}


def warmed(definition: Definition, tz: tzinfo) -> Timeline:
    """A timeline after a few earlier queries: 2026 to 2027 compiled, and a state far away."""
    tl = Timeline(definition)
    tl.is_open(at_us(tz, date(2026, 6, 1)))
    tl.next_open(at_us(tz, date(2026, 6, 2), "18:00"))
    tl.is_open(at_us(tz, date(2090, 6, 1)))
    return tl


def answer(query: Callable[[Timeline | DayByDay, int], object], on: Timeline | DayByDay,
           t: int) -> object:
    try:
        return query(on, t)
    except NeverClosesError as exc:
        return type(exc)


@pytest.mark.parametrize("side", ["first", "last"])
@pytest.mark.parametrize("name", list(EDGE_CALENDARS))
def test_queries_across_the_edge_of_an_earlier_compiled_span_equal_fresh_and_reference(
    name: str, side: str
) -> None:
    hours, weekdays, spans, tz = EDGE_CALENDARS[name]
    definition, ref = weekly(hours, tz), DayByDay(weekdays, spans, tz)
    state = warmed(definition, tz).states[0]
    edge = state.lo if side == "first" else state.hi
    for offset in (-22 * HOUR_US, -2 * HOUR_US, -1, 0, 1, 2 * HOUR_US, 22 * HOUR_US):
        t = edge + offset
        for label, query in EDGE_QUERIES.items():
            warm = warmed(definition, tz)
            got = answer(query, warm, t)
            assert got == answer(query, Timeline(definition), t) == answer(query, ref, t), (
                label, offset)
            assert_states_sound(warm)
