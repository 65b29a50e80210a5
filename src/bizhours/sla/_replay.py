"""A case's events up to an instant, replayed under a policy: every metric's clock, in one pass.

The walk keeps, for the severity in force, the response and resolution clocks (where each
starts and the time it starts with), the open next-reply cycle and the open update interval
(each under the target in force when it began), and the pauses. A severity change is where
the policy's rule (``restart``, ``carry-over``, ``from-opening``) moves the response and
resolution clocks: their statuses as they stood go to the history. Instants here are in UTC.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import tzinfo
from typing import Protocol

from bizhours._instants import duration_us
from bizhours.errors import CaseError
from bizhours.sla._case import Case, Event
from bizhours.sla._metrics import Goal, Goals, Measured, PauseLog, measure
from bizhours.sla._severity import EventKind, SeverityChange


class Terms(Protocol):
    """What evaluating a case reads of its policy (``sla.Policy`` has these)."""

    @property
    def goals(self) -> Mapping[str, Goals]:
        """Every metric of each severity's target, with its clock."""
        ...

    @property
    def order(self) -> tuple[str, ...]:
        """The severities, most urgent first."""
        ...

    @property
    def on_escalation(self) -> SeverityChange:
        """How a change to a more urgent severity treats elapsed time."""
        ...

    @property
    def on_de_escalation(self) -> SeverityChange:
        """How a change to a less urgent severity treats elapsed time."""
        ...


@dataclass(slots=True)
class Clock:
    """A metric's clock under way: since ``start`` with ``carried`` already used (both in
    microseconds), against ``goal``."""

    goal: Goal
    start: int
    carried: int = 0


@dataclass(frozen=True, slots=True)
class Replay:
    """Every metric of a case at ``now``; instants in microseconds since the epoch.

    ``history`` holds the earlier severities' response (and resolution) statuses as they
    stood at each change.

    >>> from datetime import UTC, datetime, timedelta
    >>> from bizhours import sla
    >>> from bizhours._instants import to_us
    >>> t0 = datetime(2026, 11, 21, 3, tzinfo=UTC)
    >>> case = sla.Case(t0, "non-critical").escalate(t0 + timedelta(hours=1), "critical")
    >>> run = replay(sla.enterprise_policy("eastern"), case, to_us(t0 + timedelta(hours=2)))
    >>> run.severity, run.response.status.started_at.isoformat(), len(run.history)
    (<Severity.CRITICAL: 'critical'>, '2026-11-21T04:00:00+00:00', 1)
    """

    severity: str
    response: Measured
    resolution: Measured | None
    history: tuple[Measured, ...]
    replies: tuple[Measured, ...]
    updates: tuple[Measured, ...]
    update_running: bool
    pauses: PauseLog
    paused: bool
    last_update: int | None
    workaround: int | None
    resolved: int | None


def goals_for(terms: Terms, severity: str, event: Event | None) -> Goals:
    """The policy's goals for ``severity``; ``CaseError`` naming the event when it has none."""
    goals = terms.goals.get(severity)
    if goals is None:
        where = "the case opens" if event is None else f"{event}"
        names = ", ".join(terms.order)
        raise CaseError(f"{where}: the policy has no target for severity {severity!r}: "
                        f"its severities are {names}")
    return goals


class _Walk:
    """The state of every metric while the events are replayed."""

    def __init__(self, terms: Terms, case: Case, now: int) -> None:
        opened = case.state.opened_us
        self.terms, self.opened, self.now = terms, opened, now
        self.tz: tzinfo = case.opened_at.tzinfo  # type: ignore[assignment]  # aware
        self.severity = case.opened_severity
        self.goals = goals_for(terms, self.severity, None)
        self.response = Clock(self.goals.response, opened)
        resolution = self.goals.resolution
        self.resolution = None if resolution is None else Clock(resolution, opened)
        self.responded: int | None = None  # the response that counts for this severity
        self.first: int | None = None
        self.reply: Clock | None = None
        self.interval: Clock | None = None
        self.replies: list[Measured] = []
        self.updates: list[Measured] = []
        self.history: list[Measured] = []
        self.pauses = PauseLog()  # every pause, the closed time after a resolution too
        self.closed = PauseLog()  # the closed time only: it stops every metric
        self.last_update: int | None = None
        self.workaround: int | None = None
        self.resolved: int | None = None
        self.cadence_at_resolution = False

    # -- measuring --------------------------------------------------------------------------

    def measure(self, clock: Clock, met_at: int | None, ended_at: int | None,
                now: int) -> Measured:
        """``clock``'s status at ``now``, met at ``met_at`` or ended at ``ended_at``."""
        goal = clock.goal
        log = self.pauses if goal.pausable else self.closed
        return measure(goal, clock.start, clock.carried, met_at, ended_at, now, log, self.tz)

    def _end_reply(self, met_at: int | None, at: int) -> None:
        if self.reply is not None:
            ended = None if met_at is not None else at
            self.replies.append(self.measure(self.reply, met_at, ended, at))
            self.reply = None

    def _end_interval(self, met_at: int | None, at: int) -> None:
        if self.interval is not None:
            ended = None if met_at is not None else at
            self.updates.append(self.measure(self.interval, met_at, ended, at))
            self.interval = None

    def _start_interval(self, at: int) -> None:
        goal = self.goals.update
        if goal is not None:
            self.interval = Clock(goal, at)

    def _start_reply(self, at: int) -> None:
        goal = self.goals.next_reply
        if goal is not None:
            self.reply = Clock(goal, at)

    # -- the events -------------------------------------------------------------------------

    def step(self, event: Event, at: int) -> None:
        """Move every metric past ``event``, at ``at``."""
        kind = event.kind
        if kind is EventKind.PAUSE:
            self.pauses.open(at)
        elif kind is EventKind.RESUME:
            self.pauses.close(at)
        elif kind is EventKind.RESPOND:
            self.respond(at)
        elif kind is EventKind.UPDATE:
            self.update(event, at)
        elif kind is EventKind.CUSTOMER_MESSAGE:
            # A message while the response is owed is covered by that response.
            if self.responded is not None and self.reply is None:
                self._start_reply(at)
        elif kind is EventKind.WORKAROUND:
            self.workaround_given(event, at)
        elif kind is EventKind.RESOLVE:
            self.resolve(at)
        elif kind is EventKind.REOPEN:
            self.reopen(at)
        else:
            self.change(event, at)

    def respond(self, at: int) -> None:
        self._end_reply(at, at)
        if self.responded is None:
            self.responded = at
            self.first = self.first if self.first is not None else at
            self._start_interval(at)  # none is open: the cadence stopped at the escalation
        else:  # a later reply counts as an update
            self.last_update = at
            self._met_update(at)

    def update(self, event: Event, at: int) -> None:
        if self.responded is None:
            raise before_the_response(event, self.severity)
        self.last_update = at
        self._met_update(at)

    def _met_update(self, at: int) -> None:
        if self.interval is not None:
            self._end_interval(at, at)
            self._start_interval(at)

    def workaround_given(self, event: Event, at: int) -> None:
        if self.responded is None:
            raise before_the_response(event, self.severity)
        self.workaround = at
        self._end_interval(None, at)

    def resolve(self, at: int) -> None:
        self.resolved = at
        self.cadence_at_resolution = self.interval is not None
        self._end_reply(None, at)
        self._end_interval(None, at)

    def reopen(self, at: int) -> None:
        resolved = self.resolved
        assert resolved is not None  # the case accepts a reopening only after a resolution
        if self.pauses.running:
            self.pauses.close(resolved)
        self.pauses.open(resolved, at)
        self.closed.open(resolved, at)
        self.resolved = None
        if self.responded is not None:
            self._start_reply(at)
        if self.cadence_at_resolution:
            self._start_interval(at)

    def change(self, event: Event, at: int) -> None:
        to = event.severity
        assert to is not None  # an escalation names its severity
        goals = goals_for(self.terms, to, event)
        order = self.terms.order
        escalation = order.index(to) < order.index(self.severity)
        rule = self.terms.on_escalation if escalation else self.terms.on_de_escalation
        responded = self.responded
        before = self.measure(self.response, responded, None if responded is not None else at,
                              at)
        self.history.append(before)
        carried_resolution = 0
        if self.resolution is not None:
            left = self.measure(self.resolution, None, at, at)
            self.history.append(left)
            carried_resolution = duration_us(left.status.elapsed)
        start, carry = _restart(rule, self.opened, at)
        self.severity, self.goals = to, goals
        self.response = Clock(goals.response, start,
                              duration_us(before.status.elapsed) if carry else 0)
        self.resolution = (None if goals.resolution is None else
                           Clock(goals.resolution, start, carried_resolution if carry else 0))
        if escalation:  # a new promise: an earlier response does not answer it
            self.responded = self.workaround = self.last_update = None
            self._end_interval(None, at)
        else:  # any response, even one before an escalation, answers a less urgent target
            self.responded = self.first
            if self.interval is None and self.responded is not None and self.workaround is None:
                self._start_interval(at)

    def run(self, case: Case) -> Replay:
        timeline = case.timeline()
        step, now = self.step, self.now
        done = 0
        for event, at in timeline:
            if at > now:
                break
            step(event, at)
            done += 1
        if done < len(timeline):
            _check_later(self.terms, timeline[done:], self.severity, self.responded is None)
        return self.result()

    def result(self) -> Replay:
        now, resolved, responded = self.now, self.resolved, self.responded
        response = self.measure(self.response, responded,
                                None if responded is not None else resolved, now)
        resolution = (None if self.resolution is None
                      else self.measure(self.resolution, resolved, None, now))
        replies, updates = self.replies, self.updates
        running = self.interval is not None
        if self.reply is not None:
            replies = [*replies, self.measure(self.reply, None, None, now)]
        if self.interval is not None:
            updates = [*updates, self.measure(self.interval, None, None, now)]
        return Replay(
            severity=self.severity,
            response=response,
            resolution=resolution,
            history=tuple(self.history),
            replies=tuple(replies),
            updates=tuple(updates),
            update_running=running,
            pauses=self.pauses,
            paused=self.pauses.running and resolved is None,
            last_update=self.last_update,
            workaround=self.workaround,
            resolved=resolved,
        )


def before_the_response(event: Event, severity: str) -> CaseError:
    """The error for an update or a workaround between an escalation and its response."""
    return CaseError(f"{event}: {event.kind.value} before the response to the {severity} "
                     "target since the escalation (an earlier response does not answer it)")


def _restart(rule: SeverityChange, opened: int, at: int) -> tuple[int, bool]:
    """Where the new target's clocks start after a change at ``at`` under ``rule``, and
    whether they carry the time already used."""
    if rule is SeverityChange.FROM_OPENING:
        return opened, False
    return at, rule is SeverityChange.CARRY_OVER


def _check_later(terms: Terms, later: list[tuple[Event, int]], severity: str,
                 owed: bool) -> None:
    """The policy's rules for the events after ``now``: a target for each severity, and no
    update or workaround between an escalation and its response (``owed``: one is owed
    now)."""
    order = terms.order
    for event, _ in later:
        kind = event.kind
        if kind is EventKind.ESCALATE:
            assert event.severity is not None
            goals_for(terms, event.severity, event)
            owed = order.index(event.severity) < order.index(severity)
            severity = event.severity
        elif kind is EventKind.RESPOND:
            owed = False
        elif owed and kind in (EventKind.UPDATE, EventKind.WORKAROUND):
            raise before_the_response(event, severity)


def replay(terms: Terms, case: Case, now: int) -> Replay:
    """``case``'s metrics at ``now`` (microseconds since the epoch, not before the opening)
    under ``terms``."""
    return _Walk(terms, case, now).run(case)
