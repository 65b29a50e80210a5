"""A support case: its events, the immutable case timeline, and the state machine they drive.

A ``Case`` checks each event as it is added (time order, a resume needs a pause, nothing after
resolve, ...) so that evaluation can trust the timeline without checking it again. ``State``
is that state machine: evaluation replays it over the events up to its ``now``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime

from bizhours._instants import require_aware as aware
from bizhours.errors import CaseError
from bizhours.sla._severity import EventKind, Severity


@dataclass(frozen=True, slots=True)
class Event:
    """One event of a case's timeline; ``severity`` is the new severity of an escalation.

    >>> from datetime import timezone
    >>> Event(EventKind.PAUSE, datetime(2026, 11, 20, 16, tzinfo=timezone.utc)).kind
    <EventKind.PAUSE: 'pause'>
    """

    kind: EventKind
    at: datetime
    severity: Severity | None = None

    # Equal when they are the same instant: two datetimes of one zone compare by wall time,
    # which would make the two 01:30s of the night clocks go back one event.
    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Event):
            return NotImplemented
        return self._key() == other._key()

    def __hash__(self) -> int:
        return hash(self._key())

    def _key(self) -> tuple[object, ...]:
        return (self.kind, self.at.astimezone(UTC), self.severity)

    def __str__(self) -> str:
        to = f" to {self.severity.value}" if self.severity is not None else ""
        return f"{self.kind.value}{to} at {self.at.isoformat()}"


def require_aware(value: object, what: str) -> datetime:
    """``value`` when it is an aware datetime; else the error naming ``what``."""
    return aware(value, what, CaseError)


@dataclass(frozen=True, slots=True, init=False)
class Case:
    """An immutable case timeline; each method returns a new ``Case`` with one more event.

    ``severity`` is the current severity (the opening one until an escalation changes it).

    >>> from datetime import timezone
    >>> t0 = datetime(2026, 11, 20, 15, tzinfo=timezone.utc)
    >>> case = Case(t0, "non-critical").pause(t0).resume(t0).escalate(t0, "critical")
    >>> case.severity, case.opened_severity, len(case.events)
    (<Severity.CRITICAL: 'critical'>, <Severity.NON_CRITICAL: 'non-critical'>, 3)
    """

    opened_at: datetime
    opened_severity: Severity
    severity: Severity
    events: tuple[Event, ...]
    # Where the timeline stands after its events, kept so that the next event is checked
    # without replaying them all.
    _state: State = field(repr=False)

    def __eq__(self, other: object) -> bool:  # the opening as an instant, as for events
        if not isinstance(other, Case):
            return NotImplemented
        return self._key() == other._key()

    def __hash__(self) -> int:
        return hash(self._key())

    def _key(self) -> tuple[object, ...]:
        return (self.opened_at.astimezone(UTC), self.opened_severity, self.severity, self.events)

    def __init__(self, opened_at: datetime, severity: Severity | str) -> None:
        sev = Severity(severity)
        opened = require_aware(opened_at, "opened_at")
        object.__setattr__(self, "opened_at", opened)
        object.__setattr__(self, "opened_severity", sev)
        object.__setattr__(self, "severity", sev)
        object.__setattr__(self, "events", ())
        object.__setattr__(self, "_state", State(opened, sev, opened.astimezone(UTC)))

    @property
    def paused(self) -> bool:
        """Whether the last pause has not been resumed."""
        return self._state.paused_at is not None

    @property
    def state(self) -> State:
        """Internal: where the timeline stands after all its events (what may follow).

        For the library's own use (evaluation, ``bizhours.strategies``), not part of the API;
        read it, never change it: it is this case's own, kept to check the next event.
        """
        return self._state

    def pause(self, at: datetime) -> Case:
        """Stop the clocks, e.g. while waiting on the customer for information."""
        return self._with(EventKind.PAUSE, at)

    def resume(self, at: datetime) -> Case:
        """Restart the clocks stopped by the last pause."""
        return self._with(EventKind.RESUME, at)

    def respond(self, at: datetime) -> Case:
        """The first response: it stops the response clock."""
        return self._with(EventKind.RESPOND, at)

    def update(self, at: datetime) -> Case:
        """A progress update: the update cadence counts from the latest one."""
        return self._with(EventKind.UPDATE, at)

    def escalate(self, at: datetime, severity: Severity | str) -> Case:
        """Change the severity (up or down)."""
        return self._with(EventKind.ESCALATE, at, Severity(severity))

    def workaround(self, at: datetime) -> Case:
        """A workaround is provided: it ends the update cadence as a resolution does."""
        return self._with(EventKind.WORKAROUND, at)

    def resolve(self, at: datetime) -> Case:
        """The mutually agreed resolution: it stops every clock; nothing may follow."""
        return self._with(EventKind.RESOLVE, at)

    def _with(self, kind: EventKind, at: datetime, severity: Severity | None = None) -> Case:
        event = Event(kind, require_aware(at, f"{kind.value} at"), severity)
        state = self._state.copy()
        at_utc = event.at.astimezone(UTC)  # once, for the check and the move
        state.check(event, at_utc)
        state.apply(event, at_utc)
        new = object.__new__(Case)
        object.__setattr__(new, "opened_at", self.opened_at)
        object.__setattr__(new, "opened_severity", self.opened_severity)
        object.__setattr__(new, "severity", severity or self.severity)
        object.__setattr__(new, "events", (*self.events, event))
        object.__setattr__(new, "_state", state)
        return new


class State:
    """Where a timeline stands after its events: what the next event is checked against."""

    # Instants are compared in UTC: two datetimes of one zone compare by wall time, which
    # misorders the repeated hour at the end of DST.
    __slots__ = ("escalated_at", "first_response", "last", "last_update", "last_utc",
                 "opened_at", "opened_utc", "paused_at", "resolved", "responded", "severity",
                 "workaround")

    def __init__(self, opened_at: datetime, severity: Severity, opened_utc: datetime) -> None:
        """The state at a case's opening, before any event; ``opened_utc`` is ``opened_at``
        in UTC (passed in: evaluation has it already, and converting costs)."""
        self.last: Event | None = None
        self.severity = severity
        self.paused_at: datetime | None = None
        self.responded: datetime | None = None  # since opening or the last escalation to critical
        self.first_response: datetime | None = None  # answers a non-critical target, ever
        self.last_update: datetime | None = None  # since the response that counts
        self.workaround: datetime | None = None
        self.resolved: datetime | None = None
        self.escalated_at: datetime | None = None  # the last escalation to critical
        self.opened_at = opened_at
        self.opened_utc = self.last_utc = opened_utc

    def copy(self) -> State:
        """An independent copy: each case keeps its own state."""
        new = State.__new__(State)
        for name in State.__slots__:
            setattr(new, name, getattr(self, name))
        return new

    def apply(self, event: Event, at_utc: datetime) -> None:
        """Move past ``event``, which ``check`` accepted; ``at_utc`` is its instant in UTC
        (the caller has it already: converting again would cost on every event)."""
        kind = event.kind
        if kind is EventKind.PAUSE:
            self.paused_at = event.at
        elif kind is EventKind.RESUME:
            self.paused_at = None
        elif kind is EventKind.RESPOND:
            self.responded = event.at
            self.first_response = self.first_response or event.at
        elif kind is EventKind.UPDATE:
            self.last_update = event.at
        elif kind is EventKind.WORKAROUND:
            self.workaround = event.at
        elif kind is EventKind.RESOLVE:
            self.resolved = event.at
        elif kind is EventKind.ESCALATE:
            assert event.severity is not None
            self.severity = event.severity
            if event.severity is Severity.CRITICAL:
                # The critical call is a new promise: an earlier response does not answer it.
                self.responded = self.last_update = self.workaround = None
                self.escalated_at = event.at
            else:  # any response, even one before an escalation, answers a non-critical target
                self.responded = self.first_response
        self.last = event
        self.last_utc = at_utc

    def check(self, event: Event, at_utc: datetime) -> None:
        """Raise ``CaseError`` naming ``event`` when it cannot follow this state."""
        why = self._problem(event, at_utc)
        if why is not None:
            raise CaseError(f"{event}: {why}")

    def _problem(self, event: Event, at: datetime) -> str | None:
        kind = event.kind
        if at < self.opened_utc:
            return f"before the case opened at {self.opened_at.isoformat()}"
        if self.last is not None and at < self.last_utc:
            return f"out of order: before the previous event ({self.last})"
        if self.resolved is not None:
            return f"nothing may follow the resolution at {self.resolved.isoformat()}"
        if kind is EventKind.PAUSE and self.paused_at is not None:
            return f"already paused since {self.paused_at.isoformat()}"
        if kind is EventKind.RESUME and self.paused_at is None:
            return "resume without a pause"
        if kind is EventKind.RESPOND and self.responded is not None:
            return (f"already responded at {self.responded.isoformat()}, which answers the "
                    f"{self.severity.value} target (only an escalation to critical asks for a "
                    "new response)")
        if kind in (EventKind.UPDATE, EventKind.WORKAROUND) and self.responded is None:
            return f"{kind.value} before the response{self._since_escalation()}"
        if kind is EventKind.WORKAROUND and self.workaround is not None:
            return f"a workaround was already provided at {self.workaround.isoformat()}"
        if kind is EventKind.ESCALATE and event.severity is self.severity:
            return f"the case is already {self.severity.value}"
        return None

    def _since_escalation(self) -> str:
        if self.escalated_at is None or self.severity is not Severity.CRITICAL:
            return ""
        return (f" to the critical call since the escalation at {self.escalated_at.isoformat()}"
                " (an earlier response does not answer it)")
