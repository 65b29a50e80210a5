"""Every date selector answers its next date at or after a day, and its last at or before
one, exactly (against a walk of the rule's dates from its start) and quickly however far
the day is from the rule's start."""

from __future__ import annotations

import bisect
import time
from collections.abc import Sequence
from datetime import date, datetime, timedelta

import pytest
from dateutil.rrule import DAILY, MONTHLY, WEEKLY, YEARLY, rrule, rruleset, weekday
from hypothesis import given, settings
from hypothesis import strategies as st

from bizhours._definition.dates import Adjustment, DateRange, date_selector
from tests.helpers import examples, finishes

HORIZON = date(2100, 12, 31)  # the reference walks the rule to here


def instants(rule: rrule) -> list[datetime]:
    """The rule's instants up to ``HORIZON``, walked by dateutil from the rule's start."""
    out: list[datetime] = []
    try:
        for moment in rule:
            if moment.date() > HORIZON:
                break
            out.append(moment)
    except ValueError:  # dateutil fails on some rules in the year 9999: long past the horizon
        pass
    return out


def walked(included: Sequence[rrule], excluded: Sequence[rrule] = (),
           rdates: Sequence[datetime] = (), exdates: Sequence[datetime] = ()) -> list[date]:
    """The dates of a rule set by its definition: the rules' instants and the dates, less the
    excluded rules' instants and the excluded dates (up to ``HORIZON``)."""
    given = {m for r in included for m in instants(r)} | set(rdates)
    taken = {m for r in excluded for m in instants(r)} | set(exdates)
    return sorted({m.date() for m in given - taken if m.date() <= HORIZON})


def check_against_walk(rule: rrule | rruleset, reference: list[date], days: list[date]) -> None:
    """The selector's answers for ``days`` are those of ``reference``, the walked dates."""
    dates = date_selector(rule)
    for day in days:
        i = bisect.bisect_left(reference, day)
        after = dates.next_on_or_after(day)
        if i < len(reference):
            assert after == reference[i], day
        else:  # none up to the horizon: none at all, or one beyond it
            assert after is None or after > HORIZON, day
        j = bisect.bisect_right(reference, day) - 1
        assert dates.last_on_or_before(day) == (reference[j] if j >= 0 else None), day
        span = (day, min(day + timedelta(days=500), HORIZON))
        assert list(dates.walk(*span)) == [d for d in reference if span[0] <= d <= span[1]]
        # ``between`` answers a span inside one year from the year's dates: its first and
        # last dates too.
        year = (date(day.year, 1, 1), date(day.year, 12, 31))
        for lo, hi in (year, (year[0], day), (day, year[1]), span):
            assert list(dates.between(lo, hi)) == [d for d in reference if lo <= d <= hi]
    if reference:
        assert dates.first_date() == reference[0]


DAY_OF_MONTH = st.integers(1, 28) | st.integers(-28, -1)  # days every month has


@st.composite
def rules(draw: st.DrawFn) -> rrule:
    freq = draw(st.sampled_from([DAILY, WEEKLY, MONTHLY, YEARLY]))
    start = datetime(2020, 1, 1, draw(st.integers(0, 23))) + timedelta(
        days=draw(st.integers(0, 3000)))
    kwargs: dict[str, object] = {
        "interval": draw(st.sampled_from([1, 1, 2, 3, 5, 7, 66])),
        "wkst": draw(st.integers(0, 6)),
    }
    shape = draw(st.sampled_from(["default", "monthday", "weekday", "ordinal", "yearday",
                                  "weekno", "setpos", "easter"]))
    if shape == "monthday":
        kwargs["bymonthday"] = draw(st.lists(DAY_OF_MONTH, min_size=1, max_size=3))
        if draw(st.booleans()):
            kwargs["bymonth"] = draw(st.lists(st.integers(1, 12), min_size=1, max_size=3))
    elif shape in ("weekday", "setpos"):
        kwargs["byweekday"] = draw(st.lists(st.integers(0, 6), min_size=1, max_size=3))
        if shape == "setpos" and freq != DAILY:
            kwargs["bysetpos"] = draw(st.sampled_from([1, -1]))  # a period always has one
    elif shape == "ordinal" and freq in (MONTHLY, YEARLY):
        kwargs["byweekday"] = [weekday(draw(st.integers(0, 6)),
                                       draw(st.integers(1, 4) | st.integers(-4, -1)))]
    elif shape == "yearday" and freq == YEARLY:
        kwargs["byyearday"] = draw(st.lists(st.integers(1, 365) | st.integers(-365, -1),
                                            min_size=1, max_size=2))
    elif shape == "weekno" and freq == YEARLY:
        kwargs["byweekno"] = [draw(st.integers(1, 52) | st.integers(-52, -1))]
        kwargs["byweekday"] = [draw(st.integers(0, 6))]
    elif shape == "easter" and freq == YEARLY:
        kwargs["byeaster"] = draw(st.integers(-80, 250))
    end = draw(st.sampled_from(["never", "count", "until"]))
    if end == "count":
        kwargs["count"] = draw(st.integers(1, 60))
    elif end == "until":
        kwargs["until"] = start + timedelta(days=draw(st.integers(0, 20_000)))
    return rrule(freq, dtstart=start, **kwargs)  # type: ignore[arg-type]


DAYS = st.lists(st.dates(date(2015, 1, 1), date(2095, 12, 31)), min_size=1, max_size=4)


@settings(max_examples=examples(150), deadline=None)
@given(rules(), DAYS)
def test_a_rules_next_and_last_dates_are_those_of_its_walk(rule: rrule, days: list[date]) -> None:
    check_against_walk(rule, walked([rule]), days)


@settings(max_examples=examples(60), deadline=None)
@given(st.lists(rules(), min_size=1, max_size=2), st.lists(rules(), max_size=1),
       st.lists(st.dates(date(2020, 1, 1), date(2060, 1, 1)), max_size=3), st.booleans(), DAYS)
def test_a_rule_sets_next_and_last_dates_are_those_of_its_walk(
    included: list[rrule], excluded: list[rrule], extra: list[date], drop_first: bool,
    days: list[date],
) -> None:
    rules = rruleset()
    for r in included:
        rules.rrule(r)
    for r in excluded:
        rules.exrule(r)
    rdates = [datetime(d.year, d.month, d.day) for d in extra]
    for d in rdates:
        rules.rdate(d)
    first = instants(included[0])[:1] if drop_first else []
    for m in first:
        rules.exdate(m)
    check_against_walk(rules, walked(included, excluded, rdates, first), days)


def test_a_rule_that_opens_after_sixty_years_has_its_next_date() -> None:
    """A yearly rule with interval 66 next applies in 2092: the "never opens" search can
    follow the rule's own next date instead of giving up after 60 years."""
    every_66 = rrule(YEARLY, interval=66, dtstart=datetime(2026, 6, 1))
    adjustment = Adjustment("set", date_selector(every_66), ((0, 1),))
    assert adjustment.next_on_or_after(date(2026, 6, 2)) == date(2092, 6, 1)
    assert adjustment.last_on_or_before(date(2092, 5, 31)) == date(2026, 6, 1)
    assert adjustment.next_on_or_after(date(9999, 1, 1)) is None
    assert adjustment.last_on_or_before(date(2026, 5, 31)) is None


def test_a_date_ranges_next_and_last_dates() -> None:
    days = DateRange(date(2026, 12, 28), date(2026, 12, 31))
    assert days.next_on_or_after(date(2026, 1, 1)) == date(2026, 12, 28)
    assert days.next_on_or_after(date(2026, 12, 30)) == date(2026, 12, 30)
    assert days.next_on_or_after(date(2027, 1, 1)) is None
    assert days.last_on_or_before(date(2027, 6, 1)) == date(2026, 12, 31)
    assert days.last_on_or_before(date(2026, 12, 29)) == date(2026, 12, 29)
    assert days.last_on_or_before(date(2026, 12, 27)) is None
    one = date_selector("2026-07-04")
    assert one.next_on_or_after(date.min) == one.last_on_or_before(date.max) == date(2026, 7, 4)
    assert DateRange(date.max, date.max).next_on_or_after(date.max) == date.max


def test_far_questions_of_a_daily_rule_are_quick() -> None:
    """dateutil walks a rule from its start at every question: the year 9000 of a daily rule
    from 2026 was 2.5 million steps. The selector restarts the rule near the question."""
    daily = date_selector(rrule(DAILY, dtstart=datetime(2026, 1, 1), byweekday=(0, 2)))
    week = [date(9000, 1, 2) + timedelta(days=k) for k in range(-7, 8)]
    mondays_and_wednesdays = [d for d in week if d.weekday() in (0, 2)]
    began = time.perf_counter()
    assert daily.next_on_or_after(date(9000, 1, 2)) == next(
        d for d in mondays_and_wednesdays if d >= date(9000, 1, 2))
    assert daily.last_on_or_before(date(9000, 1, 2)) == [
        d for d in mondays_and_wednesdays if d <= date(9000, 1, 2)][-1]
    assert list(daily.between(week[0], week[-1])) == mondays_and_wednesdays
    assert time.perf_counter() - began < 2.0


@pytest.mark.parametrize("freq", [MONTHLY, YEARLY, WEEKLY])
def test_a_rule_that_never_matches_is_answered_in_bounded_time(freq: int) -> None:
    never = date_selector(rrule(freq, dtstart=datetime(2026, 1, 1), bymonth=2, bymonthday=30))
    answers: list[object] = []

    def ask() -> None:
        answers.extend([never.next_on_or_after(date(2026, 1, 1)),
                        never.last_on_or_before(date(9999, 12, 30)),
                        never.first_date(), never.last_date()])

    assert finishes(ask, 60) is None
    assert answers == [None, None, date.max, date.min]
    began = time.perf_counter()  # walked once: asked again, at once
    assert never.next_on_or_after(date(5000, 1, 1)) is None
    assert list(never.between(date(5000, 1, 1), date(5000, 12, 31))) == []
    assert time.perf_counter() - began < 0.5
