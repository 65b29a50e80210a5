"""A case's events up to an instant, replayed under a policy: every metric's clock, in one pass.

The walk keeps, for the severity in force, the response and resolution clocks (where each
starts and the time it starts with), the open next-reply cycle and the open update interval
(each under the target in force when it began), and the pauses. A severity change is where
the policy's rule (``restart``, ``carry-over``, ``from-opening``) moves the response and
resolution clocks: their statuses as they stood go to the history. Instants here are in UTC.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta, tzinfo

from bizhours.errors import CaseError
from bizhours.sla._case import Case, Event
from bizhours.sla._metrics import Measured, MetricStatus, PauseLog, measure
from bizhours.sla._severity import EventKind, Metric, SeverityChange
from bizhours.sla._target import Target, Terms

_ZERO = timedelta(0)


@dataclass(slots=True)
class Clock:
    """A metric's clock under way: since ``start`` with ``carried`` already used, under the
    target of ``severity``."""

    metric: Metric
    severity: str
    target: Target
    start: datetime
    carried: timedelta = _ZERO


@dataclass(frozen=True, slots=True)
class Replay:
    """Every metric of a case at ``now``; instants in UTC.

    ``history`` holds the earlier severities' response (and resolution) statuses as they
    stood at each change; ``breaches`` the breached statuses with their due moments.

    >>> from datetime import UTC
    >>> from bizhours import sla
    >>> t0 = datetime(2026, 11, 21, 3, tzinfo=UTC)
    >>> case = sla.Case(t0, "non-critical").escalate(t0 + timedelta(hours=1), "critical")
    >>> run = replay(sla.enterprise_policy("eastern"), case, t0, t0 + timedelta(hours=2))
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
    last_update: datetime | None
    workaround: datetime | None
    resolved: datetime | None


def target_of(terms: Terms, severity: str, event: Event | None) -> Target:
    """The policy's target for ``severity``; ``CaseError`` naming the event when it has none."""
    target = terms.targets.get(severity)
    if target is None:
        where = "the case opens" if event is None else f"{event}"
        names = ", ".join(terms.order)
        raise CaseError(f"{where}: the policy has no target for severity {severity!r}: "
                        f"its severities are {names}")
    return target


class _Walk:
    """The state of every metric while the events are replayed."""

    def __init__(self, terms: Terms, case: Case, opened: datetime, now: datetime) -> None:
        self.terms, self.opened, self.now = terms, opened, now
        self.tz: tzinfo | None = case.opened_at.tzinfo
        self.severity = case.opened_severity
        self.target = target_of(terms, self.severity, None)
        self.response = Clock(Metric.RESPONSE, self.severity, self.target, opened)
        self.resolution = self._resolution_clock(opened, _ZERO)
        self.responded: datetime | None = None  # the response that counts for this severity
        self.first: datetime | None = None
        self.reply: Clock | None = None
        self.interval: Clock | None = None
        self.replies: list[Measured] = []
        self.updates: list[Measured] = []
        self.history: list[Measured] = []
        self.pauses = PauseLog()  # every pause, the closed time after a resolution too
        self.closed = PauseLog()  # the closed time only: it stops every metric
        self.last_update: datetime | None = None
        self.workaround: datetime | None = None
        self.resolved: datetime | None = None
        self.cadence_at_resolution = False
        self.steps: dict[EventKind, Callable[[Event, datetime], None]] = {
            EventKind.PAUSE: self.pause,
            EventKind.RESUME: self.resume,
            EventKind.RESPOND: self.respond,
            EventKind.UPDATE: self.update,
            EventKind.CUSTOMER_MESSAGE: self.message,
            EventKind.WORKAROUND: self.workaround_given,
            EventKind.RESOLVE: self.resolve,
            EventKind.REOPEN: self.reopen,
            EventKind.ESCALATE: self.change,
        }

    # -- measuring --------------------------------------------------------------------------

    def _resolution_clock(self, start: datetime, carried: timedelta) -> Clock | None:
        if self.target.resolution is None:
            return None
        return Clock(Metric.RESOLUTION, self.severity, self.target, start, carried)

    def measure(self, clock: Clock, met_at: datetime | None, ended_at: datetime | None,
                now: datetime) -> Measured:
        """``clock``'s status at ``now``, met at ``met_at`` or ended at ``ended_at``."""
        target = clock.target
        goal = target.goal(clock.metric)
        assert goal is not None  # a clock runs only for a metric its target has
        log = self.pauses if clock.metric in target.pausable else self.closed
        return measure(clock.metric, clock.severity, goal, target.clock, clock.start,
                       clock.carried, met_at, ended_at, now, log, self.tz, target.warn_at)

    def _end_reply(self, met_at: datetime | None, at: datetime) -> None:
        if self.reply is not None:
            self.replies.append(self.measure(self.reply, met_at, None if met_at else at, at))
            self.reply = None

    def _end_interval(self, met_at: datetime | None, at: datetime) -> None:
        if self.interval is not None:
            self.updates.append(self.measure(self.interval, met_at, None if met_at else at, at))
            self.interval = None

    def _start_interval(self, at: datetime) -> None:
        if self.target.update_every is not None:
            self.interval = Clock(Metric.UPDATE, self.severity, self.target, at)

    def _start_reply(self, at: datetime) -> None:
        if self.target.next_reply is not None:
            self.reply = Clock(Metric.NEXT_REPLY, self.severity, self.target, at)

    # -- the events -------------------------------------------------------------------------

    def pause(self, event: Event, at: datetime) -> None:
        self.pauses.open(at)

    def resume(self, event: Event, at: datetime) -> None:
        self.pauses.close(at)

    def respond(self, event: Event, at: datetime) -> None:
        self._end_reply(at, at)
        if self.responded is None:
            self.responded = at
            self.first = self.first or at
            self._start_interval(at)  # none is open: the cadence stopped at the escalation
        else:  # a later reply counts as an update
            self.last_update = at
            self._met_update(at)

    def update(self, event: Event, at: datetime) -> None:
        if self.responded is None:
            raise CaseError(f"{event}: an update before the response to the {self.severity} "
                            "target since the escalation (an earlier response does not "
                            "answer it)")
        self.last_update = at
        self._met_update(at)

    def _met_update(self, at: datetime) -> None:
        if self.interval is not None:
            self._end_interval(at, at)
            self._start_interval(at)

    def message(self, event: Event, at: datetime) -> None:
        # A message while the response is owed is covered by that response.
        if self.responded is not None and self.reply is None:
            self._start_reply(at)

    def workaround_given(self, event: Event, at: datetime) -> None:
        if self.responded is None:
            raise CaseError(f"{event}: a workaround before the response to the "
                            f"{self.severity} target since the escalation (an earlier "
                            "response does not answer it)")
        self.workaround = at
        self._end_interval(None, at)

    def resolve(self, event: Event, at: datetime) -> None:
        self.resolved = at
        self.cadence_at_resolution = self.interval is not None
        self._end_reply(None, at)
        self._end_interval(None, at)

    def reopen(self, event: Event, at: datetime) -> None:
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

    def change(self, event: Event, at: datetime) -> None:
        to = event.severity
        assert to is not None  # an escalation names its severity
        new_target = target_of(self.terms, to, event)
        order = self.terms.order
        escalation = order.index(to) < order.index(self.severity)
        rule = self.terms.on_escalation if escalation else self.terms.on_de_escalation
        before = self.measure(self.response, self.responded, None if self.responded else at, at)
        self.history.append(before)
        carried_resolution = _ZERO
        if self.resolution is not None:
            left = self.measure(self.resolution, None, at, at)
            self.history.append(left)
            carried_resolution = left.status.elapsed
        start, carry = _restart(rule, self.opened, at)
        self.severity, self.target = to, new_target
        self.response = Clock(Metric.RESPONSE, to, new_target, start,
                              before.status.elapsed if carry else _ZERO)
        self.resolution = self._resolution_clock(start, carried_resolution if carry else _ZERO)
        if escalation:  # a new promise: an earlier response does not answer it
            self.responded = self.workaround = self.last_update = None
            self._end_interval(None, at)
        else:  # any response, even one before an escalation, answers a less urgent target
            self.responded = self.first
            if self.interval is None and self.responded is not None and not self.workaround:
                self._start_interval(at)

    def run(self, case: Case) -> Replay:
        timeline = case.timeline()
        steps, now = self.steps, self.now
        done = 0
        for event, at in timeline:
            if at > now:
                break
            steps[event.kind](event, at)
            done += 1
        _check_later(self.terms, timeline[done:], self.severity, self.responded is None)
        return self.result()

    def result(self) -> Replay:
        now, resolved = self.now, self.resolved
        response = self.measure(self.response, self.responded,
                                None if self.responded else resolved, now)
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


def _restart(rule: SeverityChange, opened: datetime, at: datetime) -> tuple[datetime, bool]:
    """Where the new target's clocks start after a change at ``at`` under ``rule``, and
    whether they carry the time already used."""
    if rule is SeverityChange.FROM_OPENING:
        return opened, False
    return at, rule is SeverityChange.CARRY_OVER


def _check_later(terms: Terms, later: list[tuple[Event, datetime]], severity: str,
                 owed: bool) -> None:
    """The policy's rules for the events after ``now``: a target for each severity, and no
    update or workaround between an escalation and its response (``owed``: one is owed
    now)."""
    order = terms.order
    for event, _ in later:
        kind = event.kind
        if kind is EventKind.ESCALATE:
            assert event.severity is not None
            target_of(terms, event.severity, event)
            owed = order.index(event.severity) < order.index(severity)
            severity = event.severity
        elif kind is EventKind.RESPOND:
            owed = False
        elif owed and kind in (EventKind.UPDATE, EventKind.WORKAROUND):
            raise CaseError(f"{event}: {kind.value} before the response to the {severity} "
                            "target since the escalation (an earlier response does not "
                            "answer it)")


def replay(terms: Terms, case: Case, opened: datetime, now: datetime) -> Replay:
    """``case``'s metrics at ``now`` under ``terms``; ``opened`` is the case's opening and
    ``now`` is not before it, both in UTC."""
    return _Walk(terms, case, opened, now).run(case)


__all__ = ["MetricStatus", "Replay", "replay", "target_of"]
