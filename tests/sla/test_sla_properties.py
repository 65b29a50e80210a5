"""Properties of SLA evaluation, against a slow reference that walks the clock minute by minute
(``tests/sla/reference.py``; ``test_sla_metrics_properties`` checks every metric against it).

Case timelines come from ``bizhours.strategies.case_timelines`` on a one-minute resolution
(the reference says why a minute is exact). Instants are compared in
UTC: the strategy opens cases in the repeated hour of a DST change, where two datetimes of
one zone compare by wall time.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from itertools import pairwise

from hypothesis import given, settings
from hypothesis import strategies as st

import bizhours
from bizhours import sla
from bizhours._calendar import Calendar
from bizhours.strategies import case_timelines
from tests.helpers import MIN, examples
from tests.sla.reference import minute, reference

FIRST, LAST = date(2026, 1, 1), date(2026, 12, 31)  # cases open next to this year's edges
CLOCKS = ["eastern", "uk", "24x7"]


def wall(start: datetime, end: datetime) -> timedelta:
    """Absolute time from ``start`` to ``end`` (a same-zone subtraction would be wall time)."""
    return end.astimezone(UTC) - start.astimezone(UTC)


def minute_of(moment: datetime | None) -> int | None:
    """The minute of an instant, or None; PEP 495 makes ``==`` across zones false in a fold."""
    return None if moment is None else minute(moment)


# --- scenarios ----------------------------------------------------------------------------


@dataclass
class Scenario:
    policy: sla.Policy
    case: sla.Case
    nows: list[datetime]


def replay(case: sla.Case, keep: Callable[[sla.Event], bool]) -> sla.Case:
    """The same case with only the events ``keep`` accepts."""
    out = sla.Case(case.opened_at, case.opened_severity)
    for e in case.events:
        if keep(e):
            out = (out.escalate(e.at, e.severity) if e.severity
                   else getattr(out, e.kind.replace("-", "_"))(e.at))
    return out


@st.composite
def scenarios(draw: st.DrawFn) -> Scenario:
    minutes = st.integers
    critical = sla.Target(
        draw(minutes(1, 90)) * MIN,
        bizhours.calendar(draw(st.sampled_from(["24x7", "24x7", "eastern"]))),
        draw(st.none() | minutes(1, 180).map(lambda m: m * MIN)),
    )
    non_critical = sla.Target(
        draw(minutes(1, 600)) * MIN,
        bizhours.calendar(draw(st.sampled_from(CLOCKS))),
        draw(st.none() | minutes(1, 600).map(lambda m: m * MIN)),
    )
    rules = st.sampled_from(list(sla.SeverityChange))
    policy = sla.Policy({"critical": critical, "non-critical": non_critical},
                        on_escalation=draw(rules), on_de_escalation=draw(rules))
    case = draw(case_timelines(policy, max_events=9, min_date=FIRST, max_date=LAST,
                               resolution=MIN))
    opened = case.opened_at.astimezone(UTC)
    t = case.events[-1].at.astimezone(UTC) if case.events else opened
    span = (t - opened) // MIN + 2 * 1440
    nows = sorted(opened + draw(minutes(0, span)) * MIN for _ in range(draw(minutes(1, 4))))
    return Scenario(policy, case, nows)


SETTINGS = settings(max_examples=examples(120), deadline=None)


# --- properties ---------------------------------------------------------------------------


@SETTINGS
@given(scenarios())
def test_evaluation_matches_the_reference(s: Scenario) -> None:
    for now in s.nows:
        ev = s.policy.evaluate(s.case, now)
        ref = reference(s.policy, s.case, now)
        r = ev.response
        assert ev.paused == ref.paused
        assert minute_of(r.due) == ref.response.shown_due
        assert r.elapsed == ref.response.elapsed * MIN
        assert r.remaining == r.target - r.elapsed
        assert minute_of(r.met_at) == ref.response.met
        assert r.breached == ref.response.breached
        assert ev.breached == ref.breached
        assert minute_of(ev.next_update_due) == ref.next_update_due
        assert r.share_used == r.elapsed / r.target


@SETTINGS
@given(scenarios())
def test_a_pause_never_makes_due_earlier(s: Scenario) -> None:
    unpaused = replay(s.case, lambda e: e.kind not in ("pause", "resume"))
    for now in s.nows:
        due = s.policy.evaluate(s.case, now).response.due
        without = s.policy.evaluate(unpaused, now).response.due
        assert without is not None
        assert due is None or utc(due) >= utc(without)


@SETTINGS
@given(scenarios())
def test_while_running_elapsed_and_remaining_make_the_target(s: Scenario) -> None:
    for now in s.nows:
        ev = s.policy.evaluate(s.case, now)
        r = ev.response
        assert r.elapsed + r.remaining == r.target
        if r.met_at is None and ev.resolved_at is None and not ev.paused:
            assert r.due is not None
            assert r.remaining_wall == wall(now, r.due)
            if r.due >= now:
                # What is left is exactly the clock's open time from now to the due moment.
                assert s.policy.targets[r.severity].clock.elapsed(now, r.due) == r.remaining


@SETTINGS
@given(scenarios())
def test_breached_is_exactly_stop_after_due(s: Scenario) -> None:
    for now in s.nows:
        ev = s.policy.evaluate(s.case, now)
        r = ev.response
        stop = r.met_at or ev.resolved_at or now
        if r.due is not None:
            assert r.breached == (utc(stop) > utc(r.due))
        if r.met_at is None:
            if r.remaining < timedelta(0):
                assert r.breached
            if r.breached:
                assert r.remaining <= timedelta(0)
            if r.due is not None and utc(r.due) < utc(r.started_at):
                # Time carried over already exceeds the new target: due before the change,
                # breached at once (docs/sla.md, carry-over).
                assert r.breached and r.remaining < timedelta(0)
            elif r.due is not None:
                # Overdue on the clock exactly when running clock time has passed since due;
                # a deadline passed while the clock was closed or paused leaves 0 remaining.
                clock = s.policy.targets[r.severity].clock
                running = clock.elapsed(r.due, stop) - paused_time(clock, ev.pauses, r.due, stop)
                assert (r.remaining < timedelta(0)) == (r.breached and running > timedelta(0))


def paused_time(clock: Calendar, pauses: tuple[tuple[datetime, datetime | None], ...],
                start: datetime, end: datetime) -> timedelta:
    """Open clock time paused within ``[start, end)``."""
    total = timedelta(0)
    for p0, p1 in pauses:
        a, b = max(p0, start, key=utc), min(end if p1 is None else p1, end, key=utc)
        if utc(b) > utc(a):
            total += clock.elapsed(a, b)
    return total


def utc(moment: datetime) -> datetime:
    return moment.astimezone(UTC)


@SETTINGS
@given(scenarios(), st.data())
def test_evaluating_later_never_unbreaches(s: Scenario, data: st.DataObject) -> None:
    # In UTC: in the repeated hour, wall-time arithmetic would step back an hour.
    last = utc(s.case.events[-1].at if s.case.events else s.case.opened_at)
    step = data.draw(st.integers(1, 3 * 1440)) * MIN
    nows = sorted({*s.nows, last, last + step})
    evs = [s.policy.evaluate(s.case, now) for now in nows]
    for earlier, later in pairwise(evs):
        assert later.breached >= earlier.breached
        if len(later.history) == len(earlier.history):  # no severity change in between
            assert later.response.breached >= earlier.response.breached


@SETTINGS
@given(scenarios())
def test_explanation_accounts_for_the_time(s: Scenario) -> None:
    for now in s.nows:
        ev = s.policy.evaluate(s.case, now)
        r = ev.response
        ex = ev.explain()
        counted = sum((span.length for span in ex.counted), timedelta(0))
        ahead = sum((span.length for span in ex.ahead), timedelta(0))
        assert counted + r.carried == r.elapsed
        running = r.met_at is None and ev.resolved_at is None and not ev.paused
        if running and r.due is not None and r.due >= now:
            assert ahead == r.remaining
        else:
            assert ahead == timedelta(0) or r.met_at is not None or ev.resolved_at is not None
        # The closed periods are exactly the clock's closed time in the explained stretch.
        clock = s.policy.targets[r.severity].clock
        closed = sum((wall(c.start, c.end) for c in ex.closed), timedelta(0))
        assert closed + clock.elapsed(ex.started_at, ex.until) == wall(ex.started_at, ex.until)
        for c in ex.closed:
            assert c.reasons and clock.elapsed(c.start, c.end) == timedelta(0)
        for span in (*ex.counted, *ex.ahead):
            assert clock.elapsed(span.start, span.end) == span.length > timedelta(0)
        for p in ex.pauses:
            assert p.clock_time == clock.elapsed(p.start, p.end or now)
