"""The engine at its limits: spans of centuries, combinations of many calendars, forked
processes. Each answer is checked against a closed form, and the memory kept is bounded."""

from __future__ import annotations

import os
import pickle
import threading
import time
from datetime import UTC, date, datetime, timedelta

import pytest
from dateutil.rrule import YEARLY, rrule

import bizhours
from bizhours._engine import cache
from bizhours._engine import timeline as timeline_module
from bizhours._engine.cache import timeline_for
from bizhours._engine.timeline import Timeline
from bizhours._instants import US_PER_DAY, naive_us
from tests.helpers import HOUR_US, weekly

OFFICE = weekly({"mon-fri": "09:00-17:00"})  # UTC: no DST, a closed form is easy
NIGHT = weekly({"mon-sun": "20:00-24:00, 00:00-04:00"})  # open across every midnight


def weekdays_between(a: date, b: date) -> int:
    """Mondays to Fridays in ``[a, b)``, by whole weeks and a remainder."""
    days = (b - a).days
    weeks, rest = divmod(days, 7)
    return weeks * 5 + sum((a.weekday() + k) % 7 < 5 for k in range(rest))


def kept_days(tl: Timeline) -> int:
    return sum((s.last - s.first).days + 1 for s in tl.states)


@pytest.mark.parametrize(("first", "last"), [(date(1700, 3, 1), date(2026, 6, 1)),
                                               (date(2026, 6, 1), date(2400, 1, 3))])
def test_elapsed_over_centuries_is_exact_and_keeps_a_bounded_span(first: date, last: date
                                                                  ) -> None:
    tl = Timeline(OFFICE)
    got = tl.elapsed(naive_us(first), naive_us(last))
    assert got == weekdays_between(first, last) * 8 * HOUR_US
    assert tl.elapsed(naive_us(last), naive_us(first)) == -got
    assert kept_days(tl) <= timeline_module._KEPT_DAYS  # noqa: SLF001 - the bound itself


def test_add_over_centuries_lands_where_elapsed_says() -> None:
    tl = Timeline(OFFICE)
    start = naive_us(date(2026, 1, 5)) + 9 * HOUR_US  # a Monday's opening
    weeks = 52 * 300
    end = tl.add(start, weeks * 40 * HOUR_US)
    assert end == start + weeks * 7 * US_PER_DAY - 64 * HOUR_US  # the Friday close before
    assert tl.add(end, -weeks * 40 * HOUR_US) == start
    assert kept_days(tl) <= timeline_module._KEPT_DAYS  # noqa: SLF001


def test_windows_over_centuries_are_never_split_at_the_edges_of_what_was_compiled() -> None:
    tl = Timeline(NIGHT)
    tl.is_open(naive_us(date(2100, 6, 1)))  # an earlier query: a state in the middle
    a, b = naive_us(date(1990, 1, 1)), naive_us(date(2240, 1, 1))
    seen = 0
    previous_end = None
    for start, end in tl.windows(a, b):
        if start == a or end == b:  # the nights clipped at the ends of the span
            assert end - start == 4 * HOUR_US
        else:
            assert (start % US_PER_DAY, end - start) == (20 * HOUR_US, 8 * HOUR_US)
        assert previous_end is None or start > previous_end
        previous_end = end
        seen += 1
    assert seen == (date(2240, 1, 1) - date(1990, 1, 1)).days + 1  # one a night
    assert kept_days(tl) <= timeline_module._KEPT_DAYS  # noqa: SLF001


def test_next_close_runs_across_states_compiled_apart() -> None:
    always = Timeline(weekly({"mon-sun": "00:00-24:00"}).adjusted(
        bizhours.Calendar("UTC", {}).closed(date(2200, 1, 1)).definition.adjustments[0]))
    t = naive_us(date(2026, 6, 1))
    assert always.next_close(t) == naive_us(date(2200, 1, 1))
    assert always.next_open(naive_us(date(2200, 1, 1)) + HOUR_US) == naive_us(date(2200, 1, 2))


# --- combinations ------------------------------------------------------------------------


def test_a_union_of_a_thousand_calendars_is_one_combination_and_answers() -> None:
    slots = [bizhours.Calendar("UTC", {"mon-fri": f"{h:02d}:00-{h + 1:02d}:00"})
             for h in range(8, 16)]
    cal = slots[0]
    for k in range(1, 1000):
        cal = cal | slots[k % len(slots)]
    assert len(cal.definition.parts()) == 1000
    monday = datetime(2026, 11, 23, tzinfo=UTC)
    assert cal.elapsed(monday, monday + timedelta(days=7)) == timedelta(hours=40)
    assert cal.next_close(monday + timedelta(hours=8)) == monday + timedelta(hours=16)
    assert hash(cal) == hash(pickle.loads(pickle.dumps(cal)))
    both = cal & slots[0]
    assert both.elapsed(monday, monday + timedelta(days=1)) == timedelta(hours=1)


def test_chains_combine_in_any_grouping_to_equal_calendars() -> None:
    a, b, c = (bizhours.calendar(n) for n in ("eastern", "uk", "pacific"))
    assert (a | b) | c == a | (b | c)
    assert len(((a | b) | c).definition.parts()) == 3
    assert len(((a | b) & c).definition.parts()) == 2  # other operators nest
    assert len(((a | b).closed(date(2026, 12, 24)) | c).definition.parts()) == 2  # adjusted


def test_nested_combinations_compile_their_parts_near_the_dates_asked() -> None:
    """Each level asks its parts for the dates it compiles, not whole years around them."""
    a = bizhours.Calendar("Asia/Tokyo", {"mon-fri": "09:00-17:00"})
    b = bizhours.Calendar("America/New_York", {"mon-fri": "09:00-17:00"})
    cal = a
    for k in range(60):
        cal = (cal | b) if k % 2 else (cal & bizhours.calendar("24x7"))
    moment = datetime(2026, 6, 1, 12, tzinfo=UTC)
    assert cal.is_open(moment) == (a | b).is_open(moment)
    deepest = timeline_for(a.definition)
    years = {s.first.year for s in deepest.states} | {s.last.year for s in deepest.states}
    assert min(years) >= 2022 and max(years) <= 2030


def test_a_batch_with_a_far_item_compiles_the_years_near_each() -> None:
    np = pytest.importorskip("numpy")
    cal = bizhours.Calendar("America/Chicago", {"mon-fri": "09:00-17:00"})
    starts = [datetime(2026, 1, 1, tzinfo=UTC) + timedelta(hours=7 * k) for k in range(1000)]
    starts.append(datetime(9999, 12, 20, tzinfo=UTC))  # a database's "no end"
    ends = [s + timedelta(days=3) for s in starts]
    array = np.array([s.replace(tzinfo=None) for s in starts], dtype="datetime64[us]")
    got = cal.elapsed_many(array, array + np.timedelta64(3, "D"))
    assert list(got) == [cal.elapsed(a, b) for a, b in zip(starts, ends, strict=True)]
    added = cal.add_many(array, timedelta(hours=20))
    assert [a.astype("datetime64[us]").item() for a in added] == [
        cal.add(s, timedelta(hours=20)).replace(tzinfo=None) for s in starts]
    assert kept_days(timeline_for(cal.definition)) < 20 * 366


def test_holiday_names_through_combinations() -> None:
    eastern, uk = bizhours.calendar("eastern"), bizhours.calendar("uk")
    both = eastern | uk
    thanksgiving, boxing = date(2026, 11, 26), date(2026, 12, 28)
    assert both.holiday_name(thanksgiving) == eastern.holiday_name(thanksgiving)
    assert (uk & eastern).holiday_name(boxing) == uk.holiday_name(boxing)
    assert both.holiday_name(date(2026, 12, 25)) == eastern.holiday_name(date(2026, 12, 25))
    assert both.holiday_name(date(2026, 12, 2)) is None


# --- processes ---------------------------------------------------------------------------


@pytest.mark.skipif(not hasattr(os, "fork"), reason="fork is POSIX only")
def test_a_child_forked_while_a_thread_holds_the_lock_still_compiles() -> None:
    cal = bizhours.Calendar("Europe/Paris", {"mon-fri": "09:00-17:00"})
    tl = timeline_for(cal.definition)
    held, release = threading.Event(), threading.Event()

    def compiling() -> None:  # stands for a thread caught in the middle of a compile
        with tl._lock, cache._lock:  # noqa: SLF001 - the locks a fork would copy as held
            held.set()
            release.wait()

    worker = threading.Thread(target=compiling)
    worker.start()
    held.wait()
    try:
        pid = os.fork()
        if pid == 0:  # the child: queries that must compile and look up, then leave at once
            other = bizhours.Calendar("Europe/Rome", {"mon-fri": "09:00-17:00"})
            ok = cal.is_open(datetime(2031, 3, 3, 10, tzinfo=UTC)) and other.is_open(
                datetime(2031, 3, 3, 10, tzinfo=UTC))
            os._exit(0 if ok else 3)
        deadline = time.monotonic() + 60
        while (done := os.waitpid(pid, os.WNOHANG)) == (0, 0) and time.monotonic() < deadline:
            time.sleep(0.05)
        if done == (0, 0):
            os.kill(pid, 9)
            os.waitpid(pid, 0)
            pytest.fail("the forked child hung on the lock its parent's thread held")
        assert os.waitstatus_to_exitcode(done[1]) == 0
    finally:
        release.set()
        worker.join()


# --- searches that follow a rule's own dates -----------------------------------------------


def test_a_rule_that_opens_every_66_years_is_found_both_ways() -> None:
    rule = rrule(YEARLY, interval=66, dtstart=datetime(2026, 1, 1))
    cal = bizhours.Calendar("UTC", {}).with_hours(rule, "09:00-17:00")
    after = datetime(2027, 1, 1, tzinfo=UTC)
    assert cal.next_open(after) == datetime(2092, 1, 1, 9, tzinfo=UTC)
    assert cal.next_close(after) == datetime(2092, 1, 1, 17, tzinfo=UTC)
    assert cal.add(after, timedelta(hours=9)) == datetime(2158, 1, 1, 10, tzinfo=UTC)
    assert cal.subtract(datetime(2091, 1, 1, tzinfo=UTC), timedelta(hours=1)) == datetime(
        2026, 1, 1, 16, tzinfo=UTC)
    with pytest.raises(bizhours.NeverOpenError):  # none before the rule's start
        cal.subtract(datetime(2026, 1, 1, tzinfo=UTC), timedelta(hours=1))


def test_previous_open_and_close_across_the_edge_of_a_long_span() -> None:
    """A state too long to grow: the one before is compiled on its own, and a night window
    across the edge between them is one window."""
    tl = Timeline(NIGHT)
    tl.elapsed(naive_us(date(1990, 1, 1)), naive_us(date(2060, 1, 1)))
    lo = tl.states[0].lo
    assert tl.previous_open(lo + 2 * HOUR_US) == lo - 4 * HOUR_US
    assert tl.previous_close(lo + 2 * HOUR_US) == lo - 20 * HOUR_US
    assert tl.previous_close(lo - 3 * HOUR_US) == lo - 20 * HOUR_US
    assert len(tl.states) == 2 and tl.states[0].hi == tl.states[1].lo  # compiled apart


def test_a_window_that_begins_at_the_edge_of_a_long_span_begins_there() -> None:
    tl = Timeline(weekly({"mon-sun": "00:00-04:00"}))
    tl.elapsed(naive_us(date(1990, 1, 1)), naive_us(date(2060, 1, 1)))
    lo = tl.states[0].lo
    assert tl.previous_open(lo + 2 * HOUR_US) == lo  # not the night before's
    assert tl.previous_close(lo + 2 * HOUR_US) == lo - 20 * HOUR_US
