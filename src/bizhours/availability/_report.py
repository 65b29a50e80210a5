"""The unavailability report: per-second counts of failing seconds and what follows from them.

A report keeps one record per *failing second* (a second in which at least one attempt failed):
its attempts and failures on each channel, whether it is unavailable under the rule in force,
and whether the seconds between it and the next failing second were silent (no attempt at all).
Every figure (outages, persistent runs, bridged groups, roll-ups, months, business time) is
derived from those records. Beside them it keeps the successes per second and channel, compact
(``_traffic``), and its failure rules: what ``combine`` needs to merge the reports of separate
parts of the logs exactly. Its size follows the seconds with traffic, never the attempts.
"""

from __future__ import annotations

from array import array
from bisect import bisect_left
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta, tzinfo
from itertools import pairwise
from typing import TYPE_CHECKING

from bizhours._calendar import checked_zone
from bizhours.availability._attempts import (
    FailureRule,
    epoch_second,
    period_seconds,
    utc_at,
)
from bizhours.availability._input import InputSummary, RejectedRow
from bizhours.availability._seconds import SecondCounts, SecondRule
from bizhours.availability._traffic import Traffic
from bizhours.errors import AvailabilityError, ConfigError

if TYPE_CHECKING:
    # For typing only: a report asks a calendar to express outages in business time.
    from bizhours._calendar import Calendar

Outage = tuple[datetime, datetime]
"""A half-open run ``[start, end)`` of unavailable seconds, aware UTC datetimes."""


@dataclass(frozen=True, slots=True)
class BusinessOutage:
    """An outage and how much of it fell inside a calendar's business hours."""

    start: datetime
    end: datetime
    business: timedelta

    @property
    def duration(self) -> timedelta:
        """Elapsed time of the outage."""
        return self.end - self.start


@dataclass(frozen=True, slots=True)
class Rollup:
    """Unavailable seconds per fixed-width bucket aligned to the UTC epoch (1 or 5 minutes for
    cloud SLAs). Buckets cut by the period's edges are partial but still count as buckets."""

    width: timedelta
    total_buckets: int
    unavailable: tuple[tuple[datetime, int], ...]
    """``(bucket start, unavailable seconds in it)`` for every bucket with at least one."""

    def unavailable_buckets(self, min_seconds: int = 1) -> int:
        """Buckets with at least ``min_seconds`` unavailable seconds (``width`` = wholly down)."""
        return sum(1 for _, n in self.unavailable if n >= min_seconds)

    def uptime(self, min_seconds: int = 1) -> float:
        """``1 - unavailable_buckets(min_seconds) / total_buckets``; 1.0 with no buckets."""
        if self.total_buckets == 0:
            return 1.0
        return 1.0 - self.unavailable_buckets(min_seconds) / self.total_buckets


def whole_seconds(value: timedelta | int, what: str, *, positive: bool = False,
                  round_up: bool = False) -> int:
    """A non-negative (or positive) whole number of seconds from a timedelta or an int;
    ``round_up`` takes a fractional timedelta up to the next whole second instead of refusing it.

    >>> whole_seconds(timedelta(minutes=5), "width"), whole_seconds(timedelta(seconds=4.5), "x",
    ...                                                              round_up=True)
    (300, 5)
    """
    if isinstance(value, timedelta):
        negative = value < timedelta(0)
        seconds, rest = divmod(value, timedelta(seconds=1))
        if rest and not round_up and not negative:
            raise AvailabilityError(f"{what} {value} is not a whole number of seconds")
        seconds += 1 if rest else 0
    elif isinstance(value, int) and not isinstance(value, bool):
        negative, seconds = value < 0, value
    else:
        raise AvailabilityError(f"{what} {value!r} must be a timedelta or an int of seconds")
    if negative or (positive and seconds == 0):
        raise AvailabilityError(f"{what} {value!r} must be {'> 0' if positive else '>= 0'}")
    return seconds


class Report:
    """The unavailability of one period, built by ``availability.measure``.

    Immutable: every method returns new values. Equal reports describe the same period, the
    same failing seconds with the same counts and verdicts, the same successes in every
    second, and the same input summary.
    """

    __slots__ = ("_counts", "_hi", "_lo", "_rules", "_runs", "_seconds", "_silent", "_traffic",
                 "_unav", "input")

    def __init__(
        self,
        lo: int,
        hi: int,
        seconds: array[int],
        counts: array[int],
        silent_after: bytearray,
        unavailable: bytearray,
        input: InputSummary,
        traffic: Traffic,
        rules: tuple[FailureRule, FailureRule] | None,
    ) -> None:
        self._lo, self._hi = lo, hi  # hi >= lo: an empty period has hi == lo
        self._seconds, self._counts = seconds, counts
        self._silent, self._unav = silent_after, unavailable
        self.input = input
        # The successes per cell (epoch second and channel) and the failure rules measured by;
        # rules None: reshaped by with_rule, so no longer a measurement to combine.
        self._traffic, self._rules = traffic, rules
        self._runs = _runs(seconds, unavailable)

    # The figures the contract asks for.

    @property
    def start(self) -> datetime:
        """The first whole second of the period (``ceil(start)``), aware UTC."""
        return utc_at(self._lo)

    @property
    def end(self) -> datetime:
        """The end of the period's last whole second (``floor(end)``), aware UTC."""
        return utc_at(self._hi)

    @property
    def total_seconds(self) -> int:
        """Whole seconds in the period."""
        return self._hi - self._lo

    @property
    def unavailable_seconds(self) -> int:
        """Seconds in the period that were unavailable."""
        return sum(self._seconds[j1 - 1] + 1 - self._seconds[j0] for j0, j1 in self._runs)

    @property
    def uptime(self) -> float:
        """``1 - unavailable / total``; 1.0 for an empty period."""
        total = self.total_seconds
        return 1.0 if total == 0 else 1.0 - self.unavailable_seconds / total

    @property
    def outages(self) -> list[Outage]:
        """Maximal runs of consecutive unavailable seconds, in order."""
        return [(utc_at(a), utc_at(b)) for a, b in self._spans(0)]

    @property
    def rejected(self) -> tuple[RejectedRow, ...]:
        """Rows a lenient reader could not read: they are counted neither way."""
        return self.input.rejected

    def persistent(self, min_duration: timedelta | int, *, bridge: timedelta | int = 0
                   ) -> list[Outage]:
        """Outages lasting at least ``min_duration``, after bridging silent gaps of ``bridge``."""
        least = whole_seconds(min_duration, "min_duration", round_up=True)
        gap = whole_seconds(bridge, "bridge")
        return [(utc_at(a), utc_at(b)) for a, b in self._spans(gap) if b - a >= least]

    def bridged_outages(self, max_gap: timedelta | int) -> list[Outage]:
        """Outages grouped across gaps of at most ``max_gap`` seconds in which nothing at all was
        attempted (a gap with any attempt, even a failing one, is never bridged)."""
        return [(utc_at(a), utc_at(b)) for a, b in self._spans(whole_seconds(max_gap, "max_gap"))]

    # Per-second counts and other rules.

    def failing_seconds(self) -> Iterator[SecondCounts]:
        """Every second with at least one failure, in order, with its counts."""
        c = self._counts
        for j, s in enumerate(self._seconds):
            yield SecondCounts(s, c[4 * j], c[4 * j + 1], c[4 * j + 2], c[4 * j + 3])

    def with_rule(self, rule: SecondRule) -> Report:
        """The same counts judged by another rule, e.g. ``lambda c: c.api_failures >= 1``.

        Seconds without any failure stay available whatever the rule says.
        """
        verdicts = bytearray()
        for counts in self.failing_seconds():
            verdict = rule(counts)
            if not isinstance(verdict, bool):
                raise AvailabilityError(f"rule returned {verdict!r} for {counts}; give a bool")
            verdicts.append(verdict)
        return Report(self._lo, self._hi, self._seconds, self._counts, self._silent, verdicts,
                      self.input, self._traffic, None)

    # Sub-periods.

    def between(self, start: datetime, end: datetime) -> Report:
        """The report of a sub-period of this one, as ``measure`` would give it over the same
        attempts (the input summary stays the whole measurement's)."""
        lo, hi = period_seconds(start, end)
        if lo < self._lo or hi > max(self._hi, lo):  # an empty period (hi == lo) may round up
            raise AvailabilityError(
                f"[{start.isoformat()}, {end.isoformat()}) is not inside the measured period "
                f"[{self.start.isoformat()}, {self.end.isoformat()}): attempts outside it were "
                "not counted"
            )
        return self._slice(lo, hi)

    def by_month(self, tz: tzinfo | str = "UTC") -> list[Report]:
        """One report per calendar month in ``tz`` (an IANA name or a tzinfo), the first and
        last clipped to the period."""
        zone = _zone(tz)
        out: list[Report] = []
        if self._hi == self._lo:
            return out
        local = utc_at(self._lo).astimezone(zone)
        year, month = local.year, local.month
        lo = self._lo
        while lo < self._hi:
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
            if year > 9999:
                nxt = self._hi
            else:
                nxt = min(self._hi, epoch_second(datetime(year, month, 1, tzinfo=zone)))
            out.append(self._slice(lo, nxt))
            lo = nxt
        return out

    def _slice(self, lo: int, hi: int) -> Report:
        j0, j1 = bisect_left(self._seconds, lo), bisect_left(self._seconds, hi)
        silent = self._silent[j0:j1]
        if silent:
            silent[-1] = 0  # the next failing second lies outside the slice
        return Report(lo, hi, self._seconds[j0:j1], self._counts[4 * j0:4 * j1], silent,
                      self._unav[j0:j1], self.input, self._traffic.sliced(2 * lo, 2 * hi),
                      self._rules)

    # Other views of the outages.

    def rollup(self, width: timedelta | int = 60) -> Rollup:
        """Unavailable seconds per ``width`` bucket (default one minute), aligned to the epoch."""
        w = whole_seconds(width, "width", positive=True)
        total = 0 if self._hi == self._lo else (self._hi - 1) // w - self._lo // w + 1
        buckets: dict[int, int] = {}
        for a, b in self._spans(0):
            bucket = a - a % w
            while bucket < b:
                buckets[bucket] = buckets.get(bucket, 0) + min(b, bucket + w) - max(a, bucket)
                bucket += w
        return Rollup(timedelta(seconds=w), total,
                      tuple((utc_at(k), n) for k, n in buckets.items()))

    def business_outages(self, calendar: Calendar) -> list[BusinessOutage]:
        """Each outage with the part of it inside ``calendar``'s business hours."""
        return [BusinessOutage(a, b, calendar.elapsed(a, b)) for a, b in self.outages]

    def business_unavailable(self, calendar: Calendar) -> timedelta:
        """Total unavailable time inside ``calendar``'s business hours."""
        return sum((o.business for o in self.business_outages(calendar)), timedelta())

    def _spans(self, gap: int) -> list[tuple[int, int]]:
        """Outages as epoch-second pairs, merged across silent gaps of at most ``gap``."""
        s = self._seconds
        spans: list[tuple[int, int]] = []
        last_j = -1
        for j0, j1 in self._runs:
            a, b = s[j0], s[j1 - 1] + 1
            if spans and j0 == last_j + 1 and self._silent[last_j] and a - spans[-1][1] <= gap:
                spans[-1] = (spans[-1][0], b)
            else:
                spans.append((a, b))
            last_j = j1 - 1
        return spans

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Report):
            return NotImplemented
        return (self._lo, self._hi, self._seconds, self._counts, self._silent, self._unav,
                self.input, self._traffic) == (other._lo, other._hi, other._seconds,
                                               other._counts, other._silent, other._unav,
                                               other.input, other._traffic)

    def _share(self) -> _Share:
        """What ``combine`` reads of this report."""
        return _Share(self._lo, self._hi, self._rules, self._seconds, self._counts,
                      self._traffic)

    __hash__ = None  # type: ignore[assignment]  # equal by value, but holds mutable arrays

    def __repr__(self) -> str:
        return (f"Report(start={self.start.isoformat()}, end={self.end.isoformat()}, "
                f"unavailable_seconds={self.unavailable_seconds}, "
                f"total_seconds={self.total_seconds}, outages={len(self._runs)})")


def combine(reports: Iterable[Report]) -> Report:
    """The report of all the attempts of ``reports``, each measured on a separate part of the
    logs (a file, a partition, a worker's share) over the same period with the same failure
    rules: exactly the report of measuring every part at once, in any order, parts
    overlapping in time included. The input summaries add up. Reports of other periods or
    rules, or reshaped by ``with_rule``, raise ``AvailabilityError`` (a ``ValueError``).

    >>> from datetime import UTC, datetime
    >>> from bizhours.availability import Attempt, measure
    >>> t = datetime(2026, 1, 5, 14, 0, tzinfo=UTC)
    >>> end = t.replace(hour=15)
    >>> failed, served = [Attempt(t, "api", 503)], [Attempt(t, "api", 200)]
    >>> measure(failed, t, end).unavailable_seconds
    1
    >>> combine([measure(failed, t, end), measure(served, t, end)]).unavailable_seconds
    0
    """
    parts = list(reports)
    for r in parts:
        if not isinstance(r, Report):
            raise AvailabilityError(
                f"combine() takes reports made by measure(); got {type(r).__name__}")
    if not parts:
        raise AvailabilityError("combine() needs at least one report: the period is theirs")
    shares = [r._share() for r in parts]  # noqa: SLF001 (this module's own class)
    first = shares[0]
    for n, (r, share) in enumerate(zip(parts, shares, strict=True)):
        if share.rules is None or first.rules is None:
            raise AvailabilityError(
                f"reports[{0 if first.rules is None else n}] was reshaped by with_rule(): "
                "combine the reports measure() made, then call with_rule() on the result")
        if (share.lo, share.hi) != (first.lo, first.hi):
            raise AvailabilityError(
                f"reports[{n}] covers [{r.start.isoformat()}, {r.end.isoformat()}), "
                f"reports[0] [{parts[0].start.isoformat()}, {parts[0].end.isoformat()}): "
                "measure every part over the same period (attempts outside it are ignored)")
        for name, mine, theirs in zip(("api_failure", "smtp_failure"), share.rules,
                                      first.rules, strict=True):
            if not same_rule(mine, theirs):
                raise AvailabilityError(
                    f"reports[{n}] was measured with {name}={_rule_name(mine)}, reports[0] "
                    f"with {_rule_name(theirs)}: measure every part with the same rules")
    failures: dict[int, int] = {}
    for share in shares:
        c = share.counts
        for j, s in enumerate(share.seconds):
            for cell, n in ((2 * s, c[4 * j + 1]), (2 * s + 1, c[4 * j + 3])):
                if n:
                    failures[cell] = failures.get(cell, 0) + n
    summary = InputSummary(sum(r.input.counted for r in parts),
                           sum(r.input.outside for r in parts),
                           tuple(row for r in parts for row in r.input.rejected))
    traffic = Traffic.merged(share.traffic for share in shares)
    assert first.rules is not None  # checked above
    return report_of(first.lo, first.hi, failures, traffic, summary, first.rules)


@dataclass(frozen=True, slots=True)
class _Share:
    """A report's part in a combination: its period, rules, failure counts and successes."""

    lo: int
    hi: int
    rules: tuple[FailureRule, FailureRule] | None
    seconds: array[int]
    counts: array[int]
    traffic: Traffic


def report_of(lo: int, hi: int, failures: dict[int, int], traffic: Traffic,
              summary: InputSummary, rules: tuple[FailureRule, FailureRule]) -> Report:
    """The report of failure counts per epoch cell (``2 * second + channel``) and the
    successes in ``traffic``: per-second records of the failing seconds."""
    seconds = array("q", sorted({k >> 1 for k in failures}))
    counts = array("Q")
    unavailable = bytearray()
    successes = traffic.successes
    for s in seconds:
        api_fail, smtp_fail = failures.get(2 * s, 0), failures.get(2 * s + 1, 0)
        api_ok, smtp_ok = successes(2 * s), successes(2 * s + 1)
        counts.extend((api_ok + api_fail, api_fail, smtp_ok + smtp_fail, smtp_fail))
        unavailable.append((api_fail > 0 and api_ok == 0) or (smtp_fail > 0 and smtp_ok == 0))
    silent_after = bytearray(traffic.silent(2 * (s + 1), 2 * nxt) for s, nxt in pairwise(seconds))
    if seconds:
        silent_after.append(0)
    return Report(lo, hi, seconds, counts, silent_after, unavailable, summary, traffic, rules)


def same_rule(a: FailureRule, b: FailureRule) -> bool:
    """Whether two failure rules are one: the same function, or functions of the same module
    and name (a rule that travelled to a worker and back is a copy of the caller's)."""
    if a is b:
        return True
    try:
        if a == b:
            return True
    except Exception:  # an object whose == is broken is not the same rule
        return False
    name_a = (getattr(a, "__module__", None), getattr(a, "__qualname__", None))
    name_b = (getattr(b, "__module__", None), getattr(b, "__qualname__", None))
    return None not in name_a and "<" not in str(name_a[1]) and name_a == name_b


def _rule_name(rule: FailureRule) -> str:
    module, name = getattr(rule, "__module__", None), getattr(rule, "__qualname__", None)
    return f"{module}.{name}" if module and name else repr(rule)


def _runs(seconds: array[int], unavailable: bytearray) -> list[tuple[int, int]]:
    """Index ranges ``[j0, j1)`` of maximal runs of consecutive unavailable seconds."""
    runs: list[tuple[int, int]] = []
    start = -1
    for j, down in enumerate(unavailable):
        if down and start >= 0 and seconds[j] == seconds[j - 1] + 1:
            continue
        if start >= 0:
            runs.append((start, j))
        start = j if down else -1
    if start >= 0:
        runs.append((start, len(unavailable)))
    return runs


def _zone(tz: tzinfo | str) -> tzinfo:
    """``tz`` checked as a calendar's zone is (an IANA name, or a tzinfo that gives offsets)."""
    try:
        return checked_zone(tz)
    except ConfigError as exc:
        raise AvailabilityError(str(exc)) from None
