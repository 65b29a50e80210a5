"""Checked recurrence rules asked about any span of dates quickly.

dateutil walks a rule from its start at every question, so asking about the year 9000 of a
daily rule from 2026 walks 2.5 million days, and a rule that never matches is walked to the
year 9999. Here each rule is restarted at the first period of its own that the question
needs (the dates it gives from there on are the original's); and past its dated parts a rule
repeats with a known period (the Gregorian calendar repeats every 400 years: 146,097 days,
20,871 weeks, 4,800 months), so a search for its next or last date covers at most one period.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, tzinfo
from math import lcm
from typing import Any

from dateutil.rrule import DAILY, MONTHLY, WEEKLY, YEARLY, rrule

from bizhours._definition.recurrence import rule_parts

_CYCLE_DAYS = 146_097  # 400 Gregorian years
_CYCLE = {DAILY: _CYCLE_DAYS, WEEKLY: _CYCLE_DAYS // 7, MONTHLY: 4800, YEARLY: 400}
_LONGEST = {DAILY: 1, WEEKLY: 7, MONTHLY: 31, YEARLY: 366}  # days in one period, at most
_FIRST_WIDTH = 64  # days: the first window a search reads, quadrupled as it goes on
_GAPS = 64  # spans without instants remembered per rule
_SECOND = timedelta(seconds=1)  # dateutil's instants are whole seconds


def plus(day: date, days: int) -> date:
    """``day`` moved by ``days``, held within ``date.min..date.max``."""
    return date.fromordinal(min(max(day.toordinal() + days, 1), date.max.toordinal()))


def _instants(rule: rrule) -> Iterator[datetime]:
    """``rule``'s instants. dateutil fails on some rules in the last week of the year 9999
    (a week, or week numbers, running into the year 10000): there they end."""
    it = iter(rule)
    while True:
        try:
            moment = next(it)
        except (StopIteration, ValueError, OverflowError, IndexError):
            return
        yield moment


@dataclass(frozen=True, slots=True, eq=False)
class Part:
    """One rule of a rule set, with no COUNT (a counted rule ends at its last date instead).

    ``gaps`` remembers spans found to have no instant, ``{next: after}``: none after
    ``after`` (``None``: from the start) and before ``next`` (``None``: never again); dateutil
    finds the end of a window only by walking on to the next instant, however far it is.
    """

    parts: dict[str, Any]
    start: datetime = field(init=False)
    gaps: dict[datetime | None, datetime | None] = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "start", self.parts["dtstart"])
        object.__setattr__(self, "gaps", {})

    @classmethod
    def of(cls, rule: rrule) -> Part | None:
        """``rule`` as a part; ``None`` for a rule with no dates.

        Its first instant is found once (a rule that never matches, such as February 30th,
        is walked to the year 9999 by dateutil, so it is walked once only).
        """
        parts = rule_parts(rule)
        if parts["count"] is not None:
            # Walked once: dateutil can only count from the start.
            end = datetime.combine(date.max, time.max, tzinfo=parts["dtstart"].tzinfo)
            last = rule.before(end, inc=True)
            if last is None:
                return None
            parts = {**parts, "count": None, "until": last}
        first = next(_instants(rule), None)
        if first is None:
            return None
        part = cls(parts)
        part.gaps[first] = None
        return part

    @property
    def until(self) -> datetime | None:
        """The last instant the rule may give, ``None`` when it recurs for ever."""
        until: datetime | None = self.parts["until"]
        return until

    def cycle(self) -> int | None:
        """Days after which the rule's dates repeat, ``None`` when there is no such period
        (an offset from Easter)."""
        if "byeaster" in self.parts:
            return None
        freq, n = self.parts["freq"], self.parts["interval"]
        periods = lcm(n, _CYCLE[freq])
        return {DAILY: periods, WEEKLY: 7 * periods,
                MONTHLY: periods // 4800 * _CYCLE_DAYS, YEARLY: periods // 400 * _CYCLE_DAYS}[freq]

    def settled(self) -> date:
        """A date from which on the rule repeats with its ``cycle`` (or gives no dates)."""
        if self.until is not None:
            return plus(self.until.date(), 1)
        freq, n = self.parts["freq"], self.parts["interval"]
        return plus(self.start.date(), _LONGEST[freq] * (n + 1))

    def moments(self, start: datetime, end: datetime) -> list[datetime]:
        """The rule's instants in ``start..end``."""
        if self.until is not None and start > self.until:
            return []
        first = start
        for following, after in self.gaps.copy().items():  # another thread may add one
            if (after is None or after < start) and (following is None or start <= following):
                if following is None or following > end:
                    return []
                first = following  # the walk up to it is known to find nothing
                break
        out: list[datetime] = []
        following = None
        for moment in _instants(self._restarted(first.date())):
            if moment > end:
                following = moment
                break
            if moment >= first:
                out.append(moment)
        self._remember(out[-1] if out else start - _SECOND if start.date() > date.min else None,
                       following)
        return out

    def _remember(self, after: datetime | None, following: datetime | None) -> None:
        known = self.gaps.get(following, after)
        if known is not None and (after is None or after < known):
            known = after  # the wider of two spans before the same instant
        if len(self.gaps) >= _GAPS:
            self.gaps.clear()
        self.gaps[following] = known

    def _restarted(self, lo: date) -> rrule:
        """A rule with this one's instants from ``lo`` on, restarted at its last period that
        begins at or before ``lo`` (so it does not walk from its start)."""
        begin = self._period_at(lo)
        if begin is None:
            return rrule(**self.parts)
        return rrule(**{**self._explicit(),
                        "dtstart": datetime.combine(begin, time.min, tzinfo=self.start.tzinfo)})

    def _period_at(self, lo: date) -> date | None:
        """The first day of the rule's last period at or before ``lo``, ``None`` when that is
        its first period (which begins at its start, not at a period's first day)."""
        freq, n, s = self.parts["freq"], self.parts["interval"], self.start.date()
        if freq == YEARLY:
            k = (lo.year - s.year) // n
            return date(s.year + k * n, 1, 1) if k > 0 else None
        if freq == MONTHLY:
            first = s.year * 12 + s.month - 1
            k = (lo.year * 12 + lo.month - 1 - first) // n
            month = first + k * n
            return date(month // 12, month % 12 + 1, 1) if k > 0 else None
        step = 7 if freq == WEEKLY else 1
        origin = s.toordinal() - ((s.weekday() - self.parts["wkst"]) % 7 if step == 7 else 0)
        k = (lo.toordinal() - origin) // step // n
        return date.fromordinal(origin + k * n * step) if k > 0 else None

    def _explicit(self) -> dict[str, Any]:
        """The rule's parts with what dateutil would take from its start written out, so
        that it may start elsewhere (dateutil's own defaults, ``rrule.__init__``)."""
        kw = dict(self.parts)
        s, freq = self.start, kw["freq"]
        if not any(k in kw for k in ("byweekno", "byyearday", "bymonthday", "byweekday",
                                     "byeaster")):
            if freq == YEARLY:
                kw.setdefault("bymonth", (s.month,))
                kw["bymonthday"] = (s.day,)
            elif freq == MONTHLY:
                kw["bymonthday"] = (s.day,)
            elif freq == WEEKLY:
                kw["byweekday"] = (s.weekday(),)
        for name, value in (("byhour", s.hour), ("byminute", s.minute), ("bysecond", s.second)):
            kw.setdefault(name, (value,))
        return kw


@dataclass(frozen=True, slots=True, eq=False)
class PlainRule:
    """A rule (set) as its parts: rules, excluded rules, dates and excluded dates."""

    rules: tuple[Part, ...]
    exrules: tuple[Part, ...]
    rdates: tuple[datetime, ...]
    exdates: tuple[datetime, ...]
    first: date = field(init=False)
    settled: date = field(init=False)
    cycle: int | None = field(init=False)

    def __post_init__(self) -> None:
        firsts = [p.start.date() for p in self.rules] + [d.date() for d in self.rdates[:1]]
        object.__setattr__(self, "first", min(firsts, default=date.max))
        dated = [plus(d.date(), 1) for d in (*self.rdates, *self.exdates)]
        settled = max([p.settled() for p in (*self.rules, *self.exrules)] + dated,
                      default=date.min)
        object.__setattr__(self, "settled", max(settled, self.first))
        object.__setattr__(self, "cycle", self._cycle())

    def _cycle(self) -> int | None:
        """Days after which the dates repeat from ``settled`` on (0: there are none)."""
        if all(p.until is not None for p in self.rules):
            return 0
        cycle = 1
        for p in (*self.rules, *self.exrules):
            if p.until is None:
                days = p.cycle()
                if days is None:
                    return None
                cycle = lcm(cycle, days)
        return cycle

    def _tz(self) -> tzinfo | None:
        # dateutil compares only like with like: bounds must be aware exactly when the rule is.
        starts = [p.start for p in self.rules] + list(self.rdates[:1])
        return starts[0].tzinfo if starts else None

    def moments(self, lo: date, hi: date) -> list[datetime]:
        """The rule's instants on the dates ``lo..hi``, in order."""
        tz = self._tz()
        start = datetime.combine(lo, time.min, tzinfo=tz)
        end = datetime.combine(hi, time.max, tzinfo=tz)
        if len(self.rules) == 1 and not (self.exrules or self.rdates or self.exdates):
            return self.rules[0].moments(start, end)
        given = {m for p in self.rules for m in p.moments(start, end)}
        given.update(d for d in self.rdates if start <= d <= end)
        taken = {m for p in self.exrules for m in p.moments(start, end)}
        return sorted(given.difference(taken, self.exdates))

    def next_on_or_after(self, day: date) -> date | None:
        """The first date at or after ``day``, ``None`` when there is none."""
        day = max(day, self.first)
        if self.first == date.max:
            return None
        # Past `settled` the dates repeat every `cycle` days: none within one, none ever.
        bound = date.max if self.cycle is None else plus(max(day, self.settled), self.cycle + 1)
        width = _FIRST_WIDTH
        while True:
            hi = min(bound, plus(day, width))
            found = self.moments(day, hi)
            if found:
                return found[0].date()
            if hi == bound:
                return None
            day, width = plus(hi, 1), width * 4

    def last_on_or_before(self, day: date) -> date | None:
        """The last date at or before ``day``, ``None`` when there is none."""
        if day < self.first:
            return None
        if self.cycle is not None and day.toordinal() - self.cycle - 1 > self.settled.toordinal():
            found = self._last_between(plus(day, -self.cycle - 1), day)
            if found is not None:
                return found
            day = self.settled  # none in a whole cycle: none after `settled`
        return self._last_between(self.first, day)

    def _last_between(self, floor: date, day: date) -> date | None:
        """The last date in ``floor..day``, read in windows back from ``day`` that grow, so
        that a near answer costs little."""
        width = _FIRST_WIDTH
        while True:
            lo = max(floor, plus(day, -width))
            found = self.moments(lo, day)
            if found:
                return found[-1].date()
            if lo == floor:
                return None
            day, width = plus(lo, -1), width * 4
