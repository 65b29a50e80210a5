"""A support case: its events, the immutable case timeline, and the rules every case keeps.

A ``Case`` checks each event as it is added (time order, a resume needs a pause, nothing after
a resolution but a reopening, ...) so that evaluation can trust the timeline. The rules that
depend on a policy (which severity change is an escalation) are checked by evaluation.
Events are kept as a chain, each case pointing at its last one, so that adding an event costs
the same whatever the case's length and cases that share a beginning share its events.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime

from bizhours._instants import require_aware as aware
from bizhours.errors import BizHoursError, CaseError
from bizhours.sla._severity import EventKind, severity_name


@dataclass(frozen=True, slots=True)
class Event:
    """One event of a case's timeline; ``severity`` is the new severity of an escalation.

    >>> from datetime import timezone
    >>> Event(EventKind.PAUSE, datetime(2026, 11, 20, 16, tzinfo=timezone.utc)).kind
    <EventKind.PAUSE: 'pause'>
    """

    kind: EventKind
    at: datetime
    severity: str | None = None

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
        to = f" to {self.severity}" if self.severity is not None else ""
        return f"{self.kind.value}{to} at {self.at.isoformat()}"


def require_aware(value: object, what: str) -> datetime:
    """``value`` when it is an aware datetime; else the error naming ``what``."""
    return aware(value, what, CaseError)


@dataclass(frozen=True, slots=True)
class _Link:
    """One event of the chain and the chain before it."""

    event: Event
    at_utc: datetime
    before: _Link | None


@dataclass(frozen=True, slots=True, init=False)
class Case:
    """An immutable case timeline; each method returns a new ``Case`` with one more event.

    ``severity`` is the current severity (the opening one until an escalation changes it): a
    ``sla.Severity`` for the enterprise names, else the name as given, normalised
    (``"P1"`` is ``"p1"``).

    >>> from datetime import timezone
    >>> t0 = datetime(2026, 11, 20, 15, tzinfo=timezone.utc)
    >>> case = Case(t0, "non-critical").pause(t0).resume(t0).escalate(t0, "critical")
    >>> case.severity, case.opened_severity, len(case.events)
    (<Severity.CRITICAL: 'critical'>, <Severity.NON_CRITICAL: 'non-critical'>, 3)
    """

    opened_at: datetime
    opened_severity: str
    severity: str
    # The last event, linked to the ones before; where the timeline stands after them is kept
    # so that the next event is checked without replaying them all.
    _last: _Link | None = field(repr=False)
    _state: State = field(repr=False)

    def __eq__(self, other: object) -> bool:  # the opening as an instant, as for events
        if not isinstance(other, Case):
            return NotImplemented
        return self._key() == other._key()

    def __hash__(self) -> int:
        return hash(self._key())

    def __repr__(self) -> str:
        return (f"Case(opened_at={self.opened_at!r}, opened_severity={self.opened_severity!r}, "
                f"severity={self.severity!r}, events={self.events!r})")

    def __reduce__(self) -> tuple[object, ...]:
        return (_restore_case, (self.opened_at, self.opened_severity, self.events))

    def _key(self) -> tuple[object, ...]:
        return (self.opened_at.astimezone(UTC), self.opened_severity, self.severity, self.events)

    def __init__(self, opened_at: datetime, severity: str) -> None:
        sev = _severity(severity)
        opened = require_aware(opened_at, "opened_at")
        object.__setattr__(self, "opened_at", opened)
        object.__setattr__(self, "opened_severity", sev)
        object.__setattr__(self, "severity", sev)
        object.__setattr__(self, "_last", None)
        object.__setattr__(self, "_state", State(opened, sev, opened.astimezone(UTC)))

    @classmethod
    def from_events(cls, opened_at: datetime, severity: str,
                    events: Iterable[Event | tuple[object, ...]]) -> Case:
        """A case from its events in any order: ``Event``s, or ``(kind, at)`` and
        ``(kind, at, severity)`` tuples (``kind`` an ``EventKind`` or its value). They are
        sorted by instant (equal instants keep their order), then checked as the methods
        check them.

        >>> from datetime import timezone
        >>> t0 = datetime(2026, 11, 20, 15, tzinfo=timezone.utc)
        >>> later = t0.replace(hour=16)
        >>> case = Case.from_events(t0, "p2", [("resolve", later), ("respond", t0)])
        >>> [e.kind.value for e in case.events]
        ['respond', 'resolve']
        """
        case = cls(opened_at, severity)
        parsed = [_event(item, n) for n, item in enumerate(events)]
        parsed.sort(key=lambda pair: pair[1])
        state = case._state.copy()
        last = None
        severity_now = case.severity
        for event, at_utc in parsed:
            state.check(event, at_utc)
            state.apply(event, at_utc)
            last = _Link(event, at_utc, last)
            severity_now = event.severity or severity_now
        return case._moved(last, state, severity_now)

    @property
    def events(self) -> tuple[Event, ...]:
        """The events in time order."""
        return tuple(event for event, _ in self.timeline())

    def timeline(self) -> list[tuple[Event, datetime]]:
        """The events in time order, each with its instant in UTC (for the library's own use:
        evaluation reads them so, converting none again)."""
        out = []
        link = self._last
        while link is not None:
            out.append((link.event, link.at_utc))
            link = link.before
        out.reverse()
        return out

    @property
    def paused(self) -> bool:
        """Whether the last pause has not been resumed."""
        return self._state.paused_at is not None

    @property
    def resolved(self) -> bool:
        """Whether the case is resolved (and not reopened since)."""
        return self._state.resolved is not None

    @property
    def state(self) -> State:
        """Internal: where the timeline stands after all its events (what may follow).

        For the library's own use, not part of the API; read it, never change it: it is this
        case's own, kept to check the next event.
        """
        return self._state

    def pause(self, at: datetime) -> Case:
        """Stop the clocks, e.g. while waiting on the customer for information."""
        return self._with(EventKind.PAUSE, at)

    def resume(self, at: datetime) -> Case:
        """Restart the clocks stopped by the last pause."""
        return self._with(EventKind.RESUME, at)

    def respond(self, at: datetime) -> Case:
        """An agent's reply: the first one is the first response; a later one answers the
        open next-reply cycle and counts as an update."""
        return self._with(EventKind.RESPOND, at)

    def customer_message(self, at: datetime) -> Case:
        """The customer wrote: once the response has been given, a next reply is owed."""
        return self._with(EventKind.CUSTOMER_MESSAGE, at)

    def update(self, at: datetime) -> Case:
        """A progress update: the update cadence counts from the latest one."""
        return self._with(EventKind.UPDATE, at)

    def escalate(self, at: datetime, severity: str) -> Case:
        """Change the severity (to a more or a less urgent one: the policy's order says)."""
        return self._with(EventKind.ESCALATE, at, _severity(severity))

    def workaround(self, at: datetime) -> Case:
        """A workaround is provided: it ends the update cadence as a resolution does."""
        return self._with(EventKind.WORKAROUND, at)

    def resolve(self, at: datetime) -> Case:
        """The mutually agreed resolution: it stops every clock; only a reopening may follow."""
        return self._with(EventKind.RESOLVE, at)

    def reopen(self, at: datetime) -> Case:
        """The resolved case is open again; the time it was resolved counts as paused."""
        return self._with(EventKind.REOPEN, at)

    def _with(self, kind: EventKind, at: datetime, severity: str | None = None) -> Case:
        event = Event(kind, require_aware(at, f"{kind.value} at"), severity)
        state = self._state.copy()
        at_utc = event.at.astimezone(UTC)  # once, for the check and the move
        state.check(event, at_utc)
        state.apply(event, at_utc)
        return self._moved(_Link(event, at_utc, self._last), state, severity or self.severity)

    def _moved(self, last: _Link | None, state: State, severity: str) -> Case:
        new = object.__new__(Case)
        object.__setattr__(new, "opened_at", self.opened_at)
        object.__setattr__(new, "opened_severity", self.opened_severity)
        object.__setattr__(new, "severity", severity)
        object.__setattr__(new, "_last", last)
        object.__setattr__(new, "_state", state)
        return new


def _restore_case(opened_at: datetime, severity: str, events: tuple[Event, ...]) -> Case:
    return Case.from_events(opened_at, severity, events)


def _severity(value: object) -> str:
    try:
        return severity_name(value)
    except BizHoursError as exc:
        raise CaseError(str(exc)) from None


def _event(item: object, n: int) -> tuple[Event, datetime]:
    """An item of ``Case.from_events`` as an event and its instant in UTC."""
    if isinstance(item, Event):
        event = item
    elif isinstance(item, tuple) and len(item) in (2, 3):
        try:
            kind = EventKind(item[0])
        except ValueError:
            raise CaseError(f"event {n}: unknown kind {item[0]!r}: accepted "
                            f"{', '.join(repr(k.value) for k in EventKind)}") from None
        at = require_aware(item[1], f"event {n} ({kind.value}) at")
        severity = _severity(item[2]) if len(item) == 3 and item[2] is not None else None
        event = Event(kind, at, severity)
    else:
        raise CaseError(f"event {n}: expected an sla.Event or a (kind, at) or (kind, at, "
                        f"severity) tuple, not {item!r}")
    if (event.kind is EventKind.ESCALATE) != (event.severity is not None):
        need = "names its new severity" if event.kind is EventKind.ESCALATE else "has no severity"
        raise CaseError(f"event {n} ({event}): a {event.kind.value} event {need}")
    return event, event.at.astimezone(UTC)


class State:
    """Where a timeline stands after its events: what the next event is checked against."""

    # Instants are compared in UTC: two datetimes of one zone compare by wall time, which
    # misorders the repeated hour at the end of DST.
    __slots__ = ("first_response", "last", "last_utc", "opened_at", "opened_utc", "paused_at",
                 "resolved", "severity", "workaround")

    def __init__(self, opened_at: datetime, severity: str, opened_utc: datetime) -> None:
        """The state at a case's opening, before any event; ``opened_utc`` is ``opened_at``
        in UTC (passed in: evaluation has it already, and converting costs)."""
        self.last: Event | None = None
        self.severity = severity
        self.paused_at: datetime | None = None
        self.first_response: datetime | None = None
        self.workaround: datetime | None = None  # since the last severity change
        self.resolved: datetime | None = None  # until a reopening
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
            self.first_response = self.first_response or event.at
        elif kind is EventKind.WORKAROUND:
            self.workaround = event.at
        elif kind is EventKind.RESOLVE:
            self.resolved = event.at
        elif kind is EventKind.REOPEN:
            self.resolved = self.paused_at = None  # the reopening ends a pause left open
        elif kind is EventKind.ESCALATE:
            assert event.severity is not None
            self.severity = event.severity
            self.workaround = None
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
            if kind is EventKind.REOPEN:
                return None
            return (f"nothing but a reopening may follow the resolution at "
                    f"{self.resolved.isoformat()}")
        if kind is EventKind.REOPEN:
            return "reopen without a resolution: the case is open"
        if kind is EventKind.PAUSE and self.paused_at is not None:
            return f"already paused since {self.paused_at.isoformat()}"
        if kind is EventKind.RESUME and self.paused_at is None:
            return "resume without a pause"
        if kind in (EventKind.UPDATE, EventKind.WORKAROUND) and self.first_response is None:
            return f"{kind.value} before the first response"
        if kind is EventKind.WORKAROUND and self.workaround is not None:
            return f"a workaround was already provided at {self.workaround.isoformat()}"
        if kind is EventKind.ESCALATE and event.severity == self.severity:
            return f"the case is already {self.severity}"
        return None
