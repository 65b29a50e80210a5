"""``availability.combine``: reports of parts of the attempts merge into the report of all.

The reference is ``measure`` over all the attempts at once. Parts are random (so they overlap
in time) or cut in time; seconds get bursts of hundreds of successes (counts past a byte) and
attempts sit on the 2,048-second blocks the successes are kept in.
"""

from __future__ import annotations

import pickle
from datetime import UTC, datetime, timedelta
from itertools import pairwise

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bizhours import availability
from bizhours.availability import Attempt, AvailabilityError, combine, measure
from bizhours.strategies import attempts as kit_attempts
from tests.helpers import examples

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
BLOCK = 2048  # seconds a block of success counts holds, aligned to the epoch
FIRST = 1_767_225_600 // BLOCK * BLOCK + BLOCK  # a block boundary in January 2026
START = EPOCH + timedelta(seconds=FIRST - 5)
END = EPOCH + timedelta(seconds=FIRST + 3 * BLOCK)
STATUSES = [200, 250, 404, 429, 500, 503, 421, 451, 550, "timeout"]

seconds = st.one_of(st.integers(-7, 40), st.integers(BLOCK - 3, BLOCK + 3),
                    st.integers(3 * BLOCK - 3, 3 * BLOCK + 1))


@st.composite
def bursts(draw: st.DrawFn) -> list[Attempt]:
    """Many attempts of one second and channel: enough to pass 255 successes."""
    at = EPOCH + timedelta(seconds=FIRST + draw(seconds))
    channel = draw(st.sampled_from(["api", "smtp"]))
    ok = 200 if channel == "api" else 250
    return [Attempt(at, channel, draw(st.sampled_from([ok, ok, 503, 451])))
            for _ in range(draw(st.integers(200, 600)))]


one = st.builds(lambda s, micro, ch, status: Attempt(
    EPOCH + timedelta(seconds=FIRST + s, microseconds=micro), ch, status),
    seconds, st.integers(0, 999_999), st.sampled_from(["api", "smtp"]),
    st.sampled_from(STATUSES))
# Busy seconds either side of a block boundary: enough cells with a success (64) that the
# blocks are kept as bytes, where bursts then carry past 255.
BUSY = [Attempt(EPOCH + timedelta(seconds=FIRST + BLOCK + s), "api", 200)
        for s in range(-300, 300)]
attempt_lists = st.tuples(
    st.lists(st.one_of(one, kit_attempts(start=START, end=END)), max_size=60),
    st.lists(bursts(), max_size=2),
    st.booleans(),
).map(lambda t: t[0] + [a for burst in t[1] for a in burst] + (BUSY if t[2] else []))


@given(attempt_lists, st.integers(1, 5), st.data())
@settings(max_examples=examples(120))
def test_combining_random_parts_is_measuring_all_at_once(
    attempts: list[Attempt], k: int, data: st.DataObject
) -> None:
    where = data.draw(st.lists(st.integers(0, k - 1), min_size=len(attempts),
                               max_size=len(attempts)))
    parts = [[a for a, w in zip(attempts, where, strict=True) if w == p] for p in range(k)]
    whole = measure(attempts, START, END)
    reports = [measure(p, START, END) for p in parts]
    assert combine(reports) == whole
    assert combine(reversed(reports)) == whole
    # A combined report combines again, and a report survives pickling (to and from workers).
    nested = combine([combine(reports[:1]), combine(pickle.loads(pickle.dumps(reports[1:])))]
                     ) if k > 1 else combine(reports)
    assert nested == whole
    assert nested.outages == whole.outages
    assert nested.bridged_outages(60) == whole.bridged_outages(60)
    assert list(nested.failing_seconds()) == list(whole.failing_seconds())
    assert nested.input == whole.input


@given(attempt_lists, st.lists(st.integers(-8, 3 * BLOCK + 2), max_size=3))
@settings(max_examples=examples(100))
def test_combining_parts_cut_in_time_is_measuring_all_at_once(
    attempts: list[Attempt], cuts: list[int]
) -> None:
    edges = [-(2**63), *(FIRST + c for c in sorted(cuts)), 2**63]
    parts = [[a for a in attempts if lo <= a.second < hi] for lo, hi in
             pairwise(edges)]
    assert sum(map(len, parts)) == len(attempts)
    assert combine(measure(p, START, END) for p in parts) == measure(attempts, START, END)


@given(attempt_lists, st.integers(0, 3 * BLOCK), st.integers(0, 3 * BLOCK))
@settings(max_examples=examples(100))
def test_sub_periods_of_parts_combine_to_the_sub_period_of_all(
    attempts: list[Attempt], a: int, b: int
) -> None:
    lo, hi = sorted((a, b))
    sub = (EPOCH + timedelta(seconds=FIRST + lo), EPOCH + timedelta(seconds=FIRST + hi))
    half = len(attempts) // 2
    parts = [measure(attempts[:half], START, END).between(*sub),
             measure(attempts[half:], START, END).between(*sub)]
    whole = measure(attempts, START, END)
    # between() keeps each measurement's input summary, and those add up to the whole's.
    assert combine(parts) == whole.between(*sub)
    direct = measure(attempts, *sub)
    assert combine(parts).outages == direct.outages
    assert list(combine(parts).failing_seconds()) == list(direct.failing_seconds())


def test_a_sparse_report_stays_small() -> None:
    # One success a day and one failure a week for ten years: the successes kept for
    # combining take bytes a second with traffic, not the 4 KiB of a block of counters.
    start, end = datetime(2016, 1, 1, tzinfo=UTC), datetime(2026, 1, 1, tzinfo=UTC)
    days = (end - start).days
    attempts = [Attempt(start + timedelta(days=d, hours=12), "api", 200) for d in range(days)]
    attempts += [Attempt(start + timedelta(days=d, hours=13), "api", 503)
                 for d in range(0, days, 7)]
    report = measure(attempts, start, end)
    assert len(pickle.dumps(report)) < 64 * days
    assert combine([report]) == report


def test_a_dense_report_keeps_a_byte_a_second_and_channel() -> None:
    start = EPOCH + timedelta(seconds=FIRST)
    attempts = [Attempt(start + timedelta(seconds=s), ch, 200 if ch == "api" else 250)
                for s in range(4 * BLOCK) for ch in ("api", "smtp")]
    report = measure(attempts, start, start + timedelta(seconds=4 * BLOCK))
    assert len(pickle.dumps(report)) < 2 * 4 * BLOCK + 4096


T = datetime(2026, 1, 5, 14, 0, tzinfo=UTC)
HOUR = T + timedelta(hours=1)


def strict_api(status: int | str) -> bool:
    return status != 200


def test_combine_refuses_other_periods() -> None:
    with pytest.raises(AvailabilityError, match=r"reports\[1\] covers .*same period"):
        combine([measure([], T, HOUR), measure([], T, HOUR + timedelta(seconds=1))])


def test_combine_refuses_other_rules_and_reshaped_reports() -> None:
    with pytest.raises(AvailabilityError, match=r"reports\[1\] was measured with api_failure="
                                                r".*strict_api.*same rules"):
        combine([measure([], T, HOUR), measure([], T, HOUR, api_failure=strict_api)])
    reshaped = measure([], T, HOUR).with_rule(lambda c: c.api_failures > 0)
    with pytest.raises(AvailabilityError, match=r"reports\[0\] was reshaped by with_rule"):
        combine([reshaped])
    assert isinstance(AvailabilityError("x"), ValueError)


def test_combine_refuses_nothing_and_other_values() -> None:
    with pytest.raises(AvailabilityError, match="at least one report"):
        combine([])
    with pytest.raises(AvailabilityError, match="got list"):
        combine([[Attempt(T, "api", 503)]])  # type: ignore[list-item]


def test_combined_rules_are_the_parts_and_judge_alike() -> None:
    attempts = [Attempt(T, "api", 404), Attempt(T + timedelta(seconds=1), "api", 200)]
    parts = [measure(attempts[:1], T, HOUR, api_failure=strict_api),
             measure(attempts[1:], T, HOUR, api_failure=strict_api)]
    assert combine(parts) == measure(attempts, T, HOUR, api_failure=strict_api)
    assert combine(parts).unavailable_seconds == 1
    assert availability.combine is combine


@pytest.mark.parametrize("cells", [63, 64, 65])
def test_parts_sparse_alone_and_busy_together_combine_exactly(cells: int) -> None:
    # A block with successes in 64 cells or more is kept as bytes, one with fewer as
    # (cell, count) pairs: halves of a busy block are sparse, their sum is not.
    start = EPOCH + timedelta(seconds=FIRST)
    attempts = [Attempt(start + timedelta(seconds=s), "smtp", 250) for s in range(cells)]
    parts = [measure(attempts[::2], START, END), measure(attempts[1::2], START, END)]
    assert combine(parts) == measure(attempts, START, END)


def test_busy_blocks_carry_counts_past_a_byte_when_combined() -> None:
    # Both parts keep the block as bytes; one second's 200 + 200 successes pass 255.
    start = EPOCH + timedelta(seconds=FIRST)
    busy = [Attempt(start + timedelta(seconds=s), "api", 200) for s in range(1, 400)]
    burst = [Attempt(start, "api", 200)] * 200 + [Attempt(start, "api", 503)]
    whole = measure(2 * (busy + burst), START, END)
    combined = combine([measure(busy + burst, START, END)] * 2)
    assert combined == whole
    assert next(combined.failing_seconds()).api_attempts == 402
