"""A case's events up to an instant, replayed as evaluation reads them: the case's state
machine after them, the pauses, and where each severity's response clock starts.

A severity change is where a policy's rule (``restart``, ``carry-over``, ``from-opening``)
moves the response clock: the status of the target left behind goes to the history, and the
new target's clock starts where the rule says. Instants here are in UTC.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from typing import NamedTuple

from bizhours.sla._case import Case, State
from bizhours.sla._metrics import Pause, ResponseStatus, response_status, utc
from bizhours.sla._severity import EventKind, Severity, SeverityChange
from bizhours.sla._target import Terms

_ZERO = timedelta(0)


class Replay(NamedTuple):
    """A case's events up to ``now``, as evaluation reads them; instants in UTC.

    (A named tuple, not a frozen dataclass: one is built per evaluated case, and a frozen
    dataclass's ``__init__`` costs several times as much.)

    ``state`` is the case's state machine after those events; ``start`` and ``carried`` are
    where the current severity's response clock starts and the time it starts with;
    ``history`` holds the earlier severities' response statuses as they stood at each change.

    >>> from datetime import UTC
    >>> from bizhours import sla
    >>> t0 = datetime(2026, 11, 21, 3, tzinfo=UTC)
    >>> case = sla.Case(t0, "non-critical").escalate(t0 + timedelta(hours=1), "critical")
    >>> run = replay(sla.enterprise_policy("eastern"), case, t0, t0 + timedelta(hours=2))
    >>> run.state.severity, run.start.isoformat(), len(run.history)
    (<Severity.CRITICAL: 'critical'>, '2026-11-21T04:00:00+00:00', 1)
    """

    state: State
    start: datetime
    carried: timedelta
    pauses: Sequence[Pause]  # the list it was built in: no copy on this hot path
    history: tuple[ResponseStatus, ...]


def change_rule(terms: Terms, to: Severity) -> SeverityChange:
    """The rule a change of severity to ``to`` follows: an escalation's or a de-escalation's."""
    return terms.on_escalation if to is Severity.CRITICAL else terms.on_de_escalation


def restart(rule: SeverityChange, opened: datetime, at: datetime,
            before: ResponseStatus) -> tuple[datetime, timedelta]:
    """Where the new target's clock starts after a change at ``at`` under ``rule``, and the
    time it starts with; ``before`` is the status of the target left behind."""
    if rule is SeverityChange.FROM_OPENING:
        return opened, _ZERO
    return at, before.elapsed if rule is SeverityChange.CARRY_OVER else _ZERO


def replay(terms: Terms, case: Case, opened: datetime, now: datetime) -> Replay:
    """``case``'s events up to ``now`` under ``terms``; ``opened`` is the case's opening and
    ``now`` is not before it, both in UTC."""
    tz = case.opened_at.tzinfo
    start, carried = opened, _ZERO
    pauses: list[Pause] = []
    history: list[ResponseStatus] = []
    # The case's own state machine says what each event changes (the response that counts,
    # the last update, the workaround); here, the pauses and each severity change's clock.
    state = State(case.opened_at, case.opened_severity, opened)
    for event in case.events:
        at = event.at.astimezone(UTC)
        if at > now:
            break
        kind = event.kind
        if kind is EventKind.PAUSE:
            pauses.append((at, None))
        elif kind is EventKind.RESUME:
            pauses[-1] = (pauses[-1][0], at)
        elif kind is EventKind.ESCALATE:
            assert event.severity is not None  # an escalation names its severity
            severity = state.severity
            before = response_status(terms.targets[severity], severity, start, carried,
                                     utc(state.responded), None, at, pauses, tz)
            history.append(before)
            start, carried = restart(change_rule(terms, event.severity), opened, at, before)
        state.apply(event, at)
    return Replay(state, start, carried, pauses, tuple(history))
