"""A slow, obviously-correct model of SLA evaluation, minute by minute.

Two plain steps. ``reference`` reads a case's events up to ``now`` in order and writes down,
for each metric status, what it measures: its start, the time carried into it, the event that
met it or the instant it was left (ended by a workaround, a resolution, an escalation, a
severity change). ``measure`` then walks the clock one minute at a time from the start,
asking ``ReferenceCalendar.from_calendar(clock).is_open(minute)`` and which pauses apply to
the metric, and counts: the elapsed time, the due moment, the share reached. None of the
library's arithmetic (``Calendar.add`` or ``elapsed``) is used; a business-day deadline comes
from ``ReferenceCalendar.add``.

The rules are api.md 3 and 3.1 and the lead's decisions (notes/sla-decisions.md). Every
instant and duration lies on a whole minute (cases from ``case_timelines(resolution=MIN)``,
targets of whole minutes, calendars opening and closing on whole minutes), so "the minute
starting at x is open" is exact. Minutes are counted from ``EPOCH`` in UTC.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from functools import cache

from bizhours import BusinessDays, sla
from bizhours._calendar import Calendar
from bizhours.testing.reference import ReferenceCalendar

MIN = timedelta(minutes=1)
EPOCH = datetime(2026, 1, 1, tzinfo=UTC)
RESPONSE, NEXT_REPLY, UPDATE, RESOLUTION = "response", "next-reply", "update", "resolution"
RANK = {RESPONSE: 0, NEXT_REPLY: 1, UPDATE: 2, RESOLUTION: 3}  # the tie order of breaches
ALL_METRICS = frozenset(RANK)


def minute(moment: datetime) -> int:
    """The minute of an instant, counted from ``EPOCH``; it must lie on a whole minute."""
    offset = moment.astimezone(UTC) - EPOCH
    assert offset % MIN == timedelta(0), f"{moment} is not on a whole minute"
    return offset // MIN


def instant(m: int) -> datetime:
    return EPOCH + m * MIN


@cache
def reference_of(clock: Calendar) -> ReferenceCalendar:
    return ReferenceCalendar.from_calendar(clock)


@cache
def is_open(clock: Calendar, m: int) -> bool:
    return reference_of(clock).is_open(instant(m))


# --- what a status measures ------------------------------------------------------------------


@dataclass
class Pause:
    start: int
    end: int | None  # None while still open
    user: bool  # a user's pause; else the closed time between a resolution and a reopening


@dataclass
class Spec:
    """One status as the events leave it: measured on ``target.clock`` from ``start``."""

    metric: str
    severity: str
    target: sla.Target
    start: int
    carried: int = 0  # minutes
    met: int | None = None
    left: int | None = None  # stopped unmet here (ended, or left behind by a severity change)

    @property
    def open(self) -> bool:
        return self.met is None and self.left is None

    def goal(self) -> timedelta | BusinessDays:
        t = self.target
        goal = {RESPONSE: t.response, NEXT_REPLY: getattr(t, "next_reply", None),
                UPDATE: t.update_every, RESOLUTION: getattr(t, "resolution", None)}[self.metric]
        assert goal is not None
        return goal


@dataclass
class Status:
    """A measured status; minutes unless named otherwise."""

    metric: str
    severity: str
    goal: timedelta | BusinessDays
    start: int
    carried: int
    due: int  # the due moment, even while paused
    shown_due: int | None  # None while a pause that applies is open and the status runs
    original_due: int
    met: int | None
    breached: bool
    elapsed: int
    length: int  # the target's length on the clock
    stop: int
    stopped: bool  # met, ended or left behind: it no longer runs
    remaining_wall: int | None
    warnings: tuple[tuple[float, datetime | None], ...]

    @property
    def remaining(self) -> int:
        return self.length - self.elapsed


def _applies(spec: Spec, pauses: list[Pause]) -> list[Pause]:
    pausable = getattr(spec.target, "pausable", ALL_METRICS)
    return [p for p in pauses if not p.user or spec.metric in pausable]


def _forward(clock: Calendar, x: int, need: int) -> int:
    """The minute at which ``need`` open minutes from ``x`` are used up (no pauses)."""
    while need > 0:
        need -= is_open(clock, x)
        x += 1
    return x


def _back(clock: Calendar, x: int, need: int) -> int:
    """The minute ``need`` open minutes before ``x``."""
    while need > 0:
        x -= 1
        need -= is_open(clock, x)
    return x


def measure(spec: Spec, pauses: list[Pause], now: int) -> Status:
    """``spec`` measured at ``now``, walking its clock minute by minute."""
    clock, goal = spec.target.clock, spec.goal()
    stopped = not spec.open
    stop = spec.met if spec.met is not None else spec.left if spec.left is not None else now
    upto = max(stop, spec.start)
    # The pauses that stop this metric, clipped to [start, upto): one still open ends there.
    clipped = []
    for p in _applies(spec, pauses):
        a, b = max(p.start, spec.start), min(upto if p.end is None else p.end, upto)
        if a < b:
            clipped.append((a, b))

    def paused(x: int) -> bool:
        return any(a <= x < b for a, b in clipped)

    elapsed = spec.carried + sum(is_open(clock, x) and not paused(x)
                                 for x in range(spec.start, upto))
    if isinstance(goal, BusinessDays):
        unpaused = minute(reference_of(clock).add(instant(spec.start), goal))
        length = sum(is_open(clock, x) for x in range(spec.start, unpaused))
        original = _back(clock, unpaused, spec.carried)
        due = original
        for a, b in clipped:  # each pause begun before the deadline moves it by its open time
            if a < due:
                due = _forward(clock, due, sum(is_open(clock, x) for x in range(a, b)))
    else:
        length = goal // MIN
        need = length - spec.carried
        original = _forward(clock, spec.start, need) if need > 0 else _back(clock, spec.start,
                                                                                -need)
        if need <= 0:
            due = original
        else:  # count the unpaused open minutes one by one
            due, left = spec.start, need
            while left > 0:
                left -= is_open(clock, due) and not paused(due)
                due += 1
    paused_now = not stopped and any(p.user and p.end is None for p in _applies(spec, pauses))
    status = Status(
        metric=spec.metric, severity=spec.severity, goal=goal, start=spec.start,
        carried=spec.carried, due=due, shown_due=None if paused_now else due,
        original_due=original, met=spec.met, breached=stop > due, elapsed=elapsed,
        length=length, stop=stop, stopped=stopped,
        remaining_wall=None if paused_now else due - stop, warnings=())
    shares = getattr(spec.target, "warn_at", ())
    status.warnings = tuple((s, reaches(status, s, clipped, clock, stopped, paused_now, now))
                            for s in shares)
    return status


def reaches(status: Status, share: float, clipped: list[tuple[int, int]], clock: Calendar,
            stopped: bool, paused_now: bool, now: int) -> datetime | None:
    """The instant ``share_used`` reaches ``share``, with the pauses so far (none after the
    status stopped, or after now); ``None`` if it stopped before, or is paused before."""
    length = status.length * MIN
    at: datetime
    if share < 1:
        left = length * share - status.carried * MIN
        x = status.start
        at = instant(x)
        while left > timedelta(0):
            if is_open(clock, x) and not any(a <= x < b for a, b in clipped):
                if left <= MIN:
                    at = instant(x) + left
                    break
                left -= MIN
            x += 1
    else:
        left = length * (share - 1)
        x = status.due
        at = instant(x)
        while left > timedelta(0):
            if is_open(clock, x):
                if left <= MIN:
                    at = instant(x) + left
                    break
                left -= MIN
            x += 1
    if stopped and at > instant(status.stop):
        return None
    if paused_now and at > instant(now):
        return None
    return at


# --- the events --------------------------------------------------------------------------


@dataclass
class Model:
    """What ``reference`` finds at ``now``."""

    history: list[Status]
    response: Status
    replies: list[Status]
    updates: list[Status]
    resolution: Status | None
    pauses: list[tuple[int, int | None]]
    paused: bool
    resolved: int | None
    breached: bool = field(init=False)
    breaches: list[Status] = field(init=False)
    next_update_due: int | None = field(init=False)

    def __post_init__(self) -> None:
        every = [*self.history, self.response, *self.replies, *self.updates,
                 *([self.resolution] if self.resolution else [])]
        self.breached = any(s.breached for s in every)
        self.breaches = sorted((s for s in every if s.breached),
                               key=lambda s: (s.due, RANK[s.metric]))
        last = self.updates[-1] if self.updates else None
        self.next_update_due = None if last is None or last.stopped else last.shown_due


def order_of(policy: sla.Policy) -> tuple[str, ...]:
    return tuple(policy.order)


def reference(policy: sla.Policy, case: sla.Case, now: datetime) -> Model:
    """The case's every metric at ``now``, the slow way."""
    n = minute(now)
    opened = minute(case.opened_at)
    order = order_of(policy)
    sev: str = case.opened_severity
    target = policy.targets[sev]
    pauses: list[Pause] = []
    history: list[Spec] = []
    replies: list[Spec] = []
    updates: list[Spec] = []
    response = Spec(RESPONSE, sev, target, opened)
    resolution = Spec(RESOLUTION, sev, target, opened)
    first_ever: int | None = None
    cadence_ended = False  # a workaround since the last escalation
    resolved: int | None = None

    def open_one(specs: list[Spec]) -> Spec | None:
        return specs[-1] if specs and specs[-1].open else None

    def start_interval(x: int) -> None:
        if target.update_every is not None and not cadence_ended:
            updates.append(Spec(UPDATE, sev, target, x))

    def open_cycle(x: int) -> None:
        if getattr(target, "next_reply", None) is not None and open_one(replies) is None:
            replies.append(Spec(NEXT_REPLY, sev, target, x))

    def end_open(x: int) -> None:
        for specs in (replies, updates):
            if (s := open_one(specs)) is not None:
                s.left = x

    for e in case.events:
        x = minute(e.at)
        if x > n:
            break
        kind = e.kind
        if kind == "pause":
            pauses.append(Pause(x, None, user=True))
        elif kind == "resume":
            pauses[-1].end = x
        elif kind == "respond":
            if (cycle := open_one(replies)) is not None:
                cycle.met = x
            if (interval := open_one(updates)) is not None:
                interval.met = x
                start_interval(x)
            elif response.met is None:
                start_interval(x)  # the response that counts starts the cadence
            if response.met is None:
                response.met = x
            first_ever = x if first_ever is None else first_ever
        elif kind == "update":
            if (interval := open_one(updates)) is not None:
                interval.met = x
                start_interval(x)
        elif kind == "customer-message":
            if response.met is not None:
                open_cycle(x)
        elif kind == "workaround":
            cadence_ended = True
            if (interval := open_one(updates)) is not None:
                interval.left = x
        elif kind == "resolve":
            resolved = x
            end_open(x)
        elif kind == "reopen":
            assert resolved is not None
            for p in pauses:
                if p.user and p.end is None:
                    p.end = resolved
            pauses.append(Pause(resolved, x, user=False))
            resolved = None
            if response.met is not None:
                open_cycle(x)
                start_interval(x)
        else:  # a severity change
            assert e.severity is not None
            to = e.severity
            escalation = order.index(to) < order.index(sev)
            left_response = Spec(RESPONSE, sev, target, response.start, response.carried,
                                 response.met, None if response.met is not None else x)
            history.append(left_response)
            kept = measure(left_response, pauses, x)
            carried_resolution = 0
            if getattr(target, "resolution", None) is not None:
                left_resolution = Spec(RESOLUTION, sev, target, resolution.start,
                                       resolution.carried, None, x)
                history.append(left_resolution)
                carried_resolution = measure(left_resolution, pauses, x).elapsed
            rule = policy.on_escalation if escalation else policy.on_de_escalation
            if rule == "from-opening":
                start, carried, carried_resolution = opened, 0, 0
            elif rule == "restart":
                start, carried, carried_resolution = x, 0, 0
            else:
                start, carried = x, kept.elapsed
            sev, target = to, policy.targets[to]
            if escalation:
                response = Spec(RESPONSE, sev, target, start, carried)
                if (interval := open_one(updates)) is not None:
                    interval.left = x
                cadence_ended = False
            else:
                response = Spec(RESPONSE, sev, target, start, carried, first_ever)
                if open_one(updates) is None and response.met is not None:
                    start_interval(x)
            resolution = Spec(RESOLUTION, sev, target, start, carried_resolution)
    if resolved is not None and response.met is None:
        response.left = resolved
    resolution.met = resolved
    paused = resolved is None and any(p.user and p.end is None for p in pauses)
    model = Model(
        history=[measure(s, pauses, n) for s in history],
        response=measure(response, pauses, n),
        replies=[measure(s, pauses, n) for s in replies],
        updates=[measure(s, pauses, n) for s in updates],
        resolution=(measure(resolution, pauses, n)
                    if getattr(target, "resolution", None) is not None else None),
        pauses=[(p.start, p.end) for p in pauses],
        paused=paused,
        resolved=resolved,
    )
    return model
