"""Hypothesis properties of ``measure`` against a reference that buckets every attempt.

Attempts come from ``bizhours.strategies.attempts`` (the kit users get: second boundaries,
the period's ends, statuses either side of each rule) mixed with this file's own, which add
offsets at the engine's internal chunk boundaries.
"""

from __future__ import annotations

import math
from collections import defaultdict
from datetime import UTC, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bizhours.availability import Attempt, SecondCounts, all_failed, measure
from bizhours.strategies import attempts as kit_attempts
from tests.helpers import examples

BASE = 1_767_225_600  # 2026-01-01T00:00:00Z
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
STATUSES = [200, 250, 204, 404, 429, 500, 503, 599, 421, 451, 452, 550, "timeout", "200", "503",
            0, "000", 1]
ZONES = [UTC, timezone(timedelta(hours=5, minutes=30)), ZoneInfo("America/New_York")]
CHUNK = 2048  # seconds per success-count block of measure: gaps across it need checking too

offsets = st.one_of(
    st.integers(-3, 70),
    st.integers(CHUNK - 6, CHUNK + 6),
    st.integers(2 * CHUNK - 4, 2 * CHUNK + 3),
)
own_attempt = st.builds(
    lambda s, micro, ch, status, zone: Attempt(
        (EPOCH + timedelta(seconds=BASE + s, microseconds=micro)).astimezone(zone), ch, status
    ),
    offsets,
    st.integers(0, 999_999),
    st.sampled_from(["api", "smtp", "API"]),
    st.sampled_from(STATUSES),
    st.sampled_from(ZONES),
)
# The kit's attempts, over the seconds the periods below reach (they start at -2..5).
attempt = st.one_of(own_attempt, kit_attempts(start=datetime(2026, 1, 1, tzinfo=UTC)
                                              - timedelta(seconds=2),
                                              end=datetime(2026, 1, 1, 0, 1, 15, tzinfo=UTC)))
periods = st.tuples(
    st.integers(-2, 5), st.integers(0, 999_999),
    st.sampled_from([0, 1, 30, 72, 2 * CHUNK + 10]), st.integers(0, 999_999),
)


def instant(seconds: int, micro: int) -> datetime:
    return EPOCH + timedelta(seconds=BASE + seconds, microseconds=micro)


def api_fails(status: int | str) -> bool:
    return status == "timeout" or 500 <= int(status) <= 599 or int(status) == 0  # 0: no response


def smtp_fails(status: int | str) -> bool:
    return status == "timeout" or int(status) in (421, 451, 452, 0)


class Reference:
    """Every attempt of the period in a dict of second -> channel -> list of failure flags."""

    def __init__(self, attempts: list[Attempt], start: datetime, end: datetime) -> None:
        self.lo = math.ceil((start - EPOCH) / timedelta(seconds=1))
        self.hi = max(self.lo, math.floor((end - EPOCH) / timedelta(seconds=1)))
        self.seconds: dict[int, dict[str, list[bool]]] = defaultdict(lambda: defaultdict(list))
        for a in attempts:
            s = math.floor((a.at - EPOCH) / timedelta(seconds=1))
            if self.lo <= s < self.hi:
                rule = api_fails if a.channel == "api" else smtp_fails
                self.seconds[s][a.channel].append(rule(a.status))

    def unavailable(self) -> list[int]:
        return sorted(s for s, chans in self.seconds.items()
                      if any(flags and all(flags) for flags in chans.values()))

    def groups(self, bridge: int) -> list[tuple[datetime, datetime]]:
        runs: list[list[int]] = []
        for s in self.unavailable():
            if runs and all(t not in self.seconds for t in range(runs[-1][1], s)) and (
                s - runs[-1][1] <= bridge
            ):
                runs[-1][1] = s + 1  # a silent gap (or none at all) short enough to bridge
            else:
                runs.append([s, s + 1])
        return [(instant(a - BASE, 0), instant(b - BASE, 0)) for a, b in runs]

    def counts(self) -> list[tuple[int, int, int, int, int]]:
        out = []
        for s in sorted(self.seconds):
            api, smtp = self.seconds[s]["api"], self.seconds[s]["smtp"]
            if any(api) or any(smtp):
                out.append((s, len(api), sum(api), len(smtp), sum(smtp)))
        return out


@settings(max_examples=examples(150), deadline=None)
@given(st.lists(attempt, max_size=60), periods, st.randoms(use_true_random=False))
def test_measure_matches_the_reference(attempts: list[Attempt], period: tuple[int, int, int, int],
                                       rnd: object) -> None:
    s0, m0, length, m1 = period
    start = instant(s0, m0)
    end = max(start, instant(s0 + length, m1))
    ref = Reference(attempts, start, end)
    report = measure(attempts, start, end)
    unavailable = ref.unavailable()
    assert report.total_seconds == ref.hi - ref.lo
    assert report.unavailable_seconds == len(unavailable)
    total = ref.hi - ref.lo
    assert report.uptime == (1.0 if total == 0 else 1 - len(unavailable) / total)
    assert report.outages == ref.groups(0)
    assert [(c.second, c.api_attempts, c.api_failures, c.smtp_attempts, c.smtp_failures)
            for c in report.failing_seconds()] == ref.counts()
    for bridge in (1, 3, CHUNK):
        assert report.bridged_outages(bridge) == ref.groups(bridge)
    assert report.input.counted == sum(len(f) for c in ref.seconds.values() for f in c.values())
    assert report.input.counted + report.input.outside == len(attempts)
    # Any order, any mix: the same report.
    shuffled = list(attempts)
    rnd.shuffle(shuffled)  # type: ignore[attr-defined]
    assert measure(shuffled, start, end) == report


@settings(max_examples=examples(100), deadline=None)
@given(st.lists(attempt, max_size=60), st.integers(-3, 72), st.integers(-3, 72),
       st.sampled_from([1, 2, 5, 60]))
def test_views_agree_with_the_outages(attempts: list[Attempt], a: int, b: int,
                                      width: int) -> None:
    start, end = instant(-3, 0), instant(73, 0)
    report = measure(attempts, start, end)
    outages = report.outages
    # A sub-period is what measuring it directly gives.
    lo, hi = instant(min(a, b), 0), instant(max(a, b), 500_000)
    direct = measure(attempts, lo, hi)
    part = report.between(lo, hi)
    assert (part.outages, list(part.failing_seconds())) == (
        direct.outages, list(direct.failing_seconds()))
    assert part.bridged_outages(4) == direct.bridged_outages(4)
    # Persistent runs are the long outages.
    for least in (0, 1, 2, 5):
        assert report.persistent(least) == [o for o in outages
                                            if o[1] - o[0] >= timedelta(seconds=least)]
    # Roll-ups and months add up to the whole.
    rollup = report.rollup(width)
    assert sum(n for _, n in rollup.unavailable) == report.unavailable_seconds
    assert all(0 < n <= width for _, n in rollup.unavailable)
    months = report.by_month("America/New_York")
    assert sum(m.unavailable_seconds for m in months) == report.unavailable_seconds
    assert sum(m.total_seconds for m in months) == report.total_seconds
    # The contract's rule, given as a rule, changes nothing.
    assert report.with_rule(all_failed) == report
    assert report.with_rule(lambda c: False).outages == []
    assert all(isinstance(c, SecondCounts) for c in report.failing_seconds())


@pytest.mark.parametrize(("channel", "status"), [("api", 200), ("smtp", 250)])
def test_silent_gaps_across_a_success_chunk_boundary(channel: str, status: int) -> None:
    # Exhaustive around the first chunk boundary: two outages, a gap between, with or without
    # one success somewhere in it, on either channel.
    start, end = instant(0, 0), instant(2 * CHUNK, 0)
    for a in range(CHUNK - 4, CHUNK + 2):
        for b in range(a + 2, CHUNK + 5):
            for ok in [None, *range(a + 1, b)]:
                attempts = [Attempt(instant(a, 0), "api", 503), Attempt(instant(b, 0), "smtp", 421)]
                if ok is not None:
                    attempts.append(Attempt(instant(ok, 0), channel, status))
                expected = Reference(attempts, start, end).groups(10)
                assert measure(attempts, start, end).bridged_outages(10) == expected, (a, b, ok)
