"""The ``case_timelines`` strategy: valid SLA case timelines, with events at the edges.

The public names are re-exported by ``bizhours.strategies``; see that module for the overview.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, tzinfo

from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument

from bizhours.errors import BizHoursError
from bizhours.sla import Case, Policy
from bizhours.strategies._arguments import (
    DEFAULT_MAX_DATE,
    DEFAULT_MIN_DATE,
    check_dates,
    check_resolution,
    floor_to,
)
from bizhours.strategies._edges import midnight
from bizhours.strategies._instants import instants

_US = timedelta(microseconds=1)
_MINUTE = timedelta(minutes=1)
# In this order so that a timeline shrinks toward a response and nothing else; pauses and
# resumes twice, as they carry the most arithmetic.
_KINDS = ("respond", "pause", "pause", "resume", "resume", "update", "customer_message",
          "escalate", "workaround", "resolve")
_GAPS = ("minutes", "same", "edge", "due", "hours", "weekend", "days")
# A response or an update is often given exactly when it is due, or a microsecond either side.
_ANSWER_GAPS = ("minutes", "due", "due", "due", "same", "edge", "hours", "days")
_ANSWERS = ("respond", "update", "resolve")
# A pause often begins exactly when something is due: "at or after the deadline" is the rule.
_PAUSE_GAPS = ("minutes", "due", "due", "same", "edge", "due", "hours", "weekend")


def case_timelines(
    policy: Policy,
    *,
    max_events: int = 8,
    min_date: date = DEFAULT_MIN_DATE,
    max_date: date = DEFAULT_MAX_DATE,
    zones: st.SearchStrategy[tzinfo] | None = None,
    resolution: timedelta | None = None,
) -> st.SearchStrategy[Case]:
    """Valid ``sla.Case`` timelines for ``policy``: every event is one the case accepts.

    The case opens at an instant from ``instants`` on the least urgent severity's clock (the
    last of ``policy.order``: after hours, on the Friday before a holiday, across a DST
    change, ...), at any severity of the policy; then up to ``max_events`` pauses, resumes,
    responses (repeated ones too), customer messages, updates, severity changes to any other
    name of the policy, workarounds, resolutions and reopenings. After an escalation (a change
    to an earlier name of ``policy.order``) no update or workaround comes before the next
    response, so ``policy.evaluate`` accepts every timeline. Events often fall at the same
    instant as the one before, on a window's open or close (one microsecond either side),
    exactly at a due moment (response, next reply, update, resolution; pauses too), or on a
    weekend. One case in three keeps to the update cadence: at the most urgent severity with
    an ``update_every``, answered, then updated and paused, never resolved. ``resolution``
    floors every instant to a multiple of it (a minute, say, to compare with a
    minute-by-minute model). Shrinks toward a case of the least urgent severity opened on a
    Monday at opening time with no events.

    Compare instants in UTC: two datetimes of one zone compare by wall time, so a critical
    case opened at 01:59 EDT on the night clocks go back is due at 01:14 EST, "before" it.

    >>> from datetime import UTC
    >>> from hypothesis import given
    >>> from bizhours import sla
    >>> policy = sla.enterprise_policy("eastern")
    >>> @given(case_timelines(policy))
    ... def test_due_is_never_before_opening(case):
    ...     due = policy.evaluate(case, case.opened_at).response.due
    ...     assert due is None or due.astimezone(UTC) >= case.opened_at.astimezone(UTC)
    >>> test_due_is_never_before_opening()
    """
    if not isinstance(policy, Policy):
        raise InvalidArgument(f"policy={policy!r} must be a bizhours.sla.Policy")
    if not isinstance(max_events, int) or max_events < 0:
        raise InvalidArgument(f"max_events={max_events!r} must be an int >= 0")
    check_dates(min_date, max_date)
    check_resolution(resolution)
    return _case_timelines(policy, max_events, min_date, max_date, zones, resolution)


class _Drawn:
    """What the strategy tracks of the case it draws (the rules a policy checks too), so
    that each next event is one the case and ``policy.evaluate`` accept."""

    def __init__(self, policy: Policy, severity: str) -> None:
        self.order = tuple(policy.order)
        self.severity = severity
        self.paused = self.resolved = self.responded = False
        self.owed_escalated = False  # escalated since the last respond
        self.workaround = False  # since the last severity change

    def allowed(self) -> list[str]:
        if self.resolved:
            return ["stop", "reopen"]
        answered = self.responded and not self.owed_escalated
        ok = {
            "respond": True,
            "pause": not self.paused,
            "resume": self.paused,
            "update": answered,
            "customer_message": True,
            "escalate": len(self.order) > 1,
            "workaround": answered and not self.workaround,
            "resolve": True,
        }
        return [k for k in _KINDS if ok[k]]

    def apply(self, kind: str, to: str | None = None) -> None:
        if kind == "pause":
            self.paused = True
        elif kind == "resume":
            self.paused = False
        elif kind == "respond":
            self.responded, self.owed_escalated = True, False
        elif kind == "workaround":
            self.workaround = True
        elif kind == "resolve":
            self.resolved = True
        elif kind == "reopen":
            self.resolved = self.paused = False  # a reopening ends a pause left open
        elif kind == "escalate":
            assert to is not None
            if self.order.index(to) < self.order.index(self.severity):
                self.owed_escalated = True
            self.severity, self.workaround = to, False

    def cadence_kinds(self) -> list[str]:
        """The events of a case kept on its update cadence: the response first, then mostly
        updates, and pauses and resumes; never an escalation or a resolution."""
        if not self.responded:
            return ["respond"]
        return ["update", "update", *(k for k in self.allowed() if k in ("pause", "resume"))]


@st.composite
def _case_timelines(draw: st.DrawFn, policy: Policy, most: int, first: date, last: date,
                    zones: st.SearchStrategy[tzinfo] | None,
                    resolution: timedelta | None) -> Case:
    order = tuple(policy.order)
    business = policy.targets[order[-1]].clock
    # One case in three follows the update cadence: opened at the most urgent severity that
    # has one, answered at once, then updated (often exactly when due) and paused, never
    # resolved, so the cadence is what is checked.
    with_cadence = [s for s in order if policy.targets[s].update_every is not None]
    cadence = draw(st.sampled_from((False, False, True))) and bool(with_cadence)
    severity = draw(st.sampled_from(order[::-1]))  # shrinks toward the least urgent
    severity = with_cadence[0] if cadence else severity  # drawn either way: it shrinks
    opened = draw(instants(business, min_date=first, max_date=last, zones=zones,
                           resolution=resolution))
    case = Case(opened, severity)
    drawn = _Drawn(policy, case.severity)
    here = (opened.tzinfo, UTC, business.timezone)
    t = opened.astimezone(UTC)
    for _ in range(draw(st.integers(0, most))):
        kind = draw(st.sampled_from(drawn.cadence_kinds() if cadence else drawn.allowed()))
        if kind == "stop":
            break
        t = draw(_next_instant(policy, case, t, resolution, kind))
        at = t.astimezone(draw(st.sampled_from(here)))
        if kind == "escalate":
            to = draw(st.sampled_from([s for s in order if s != drawn.severity]))
            case = case.escalate(at, to)
            drawn.apply(kind, to)
        else:
            case = getattr(case, kind)(at)
            drawn.apply(kind)
    return case


@st.composite
def _next_instant(draw: st.DrawFn, policy: Policy, case: Case, t: datetime,
                  resolution: timedelta | None, kind: str) -> datetime:
    """An instant at or after ``t`` (UTC) for an event of ``kind``, often at an edge of the
    case's clocks."""
    unit = resolution or _US
    nudge = draw(st.sampled_from((0, -1, 1))) * unit
    gaps = (_ANSWER_GAPS if kind in _ANSWERS else
            _PAUSE_GAPS if kind == "pause" else _GAPS)
    gap = draw(st.sampled_from(gaps))
    business = policy.targets[policy.order[-1]].clock
    candidate: datetime | None = None
    try:
        if gap == "edge":
            clock = draw(st.sampled_from((business, policy.targets[case.severity].clock)))
            step = draw(st.sampled_from((clock.next_close, clock.next_open)))
            candidate = step(t + unit) + nudge
        elif gap == "due":
            ev = policy.evaluate(case, t)
            statuses = (ev.response, ev.next_reply, ev.next_update, ev.resolution)
            dues = [s.due for s in statuses if s is not None and s.due is not None]
            if dues:
                candidate = draw(st.sampled_from(dues)).astimezone(UTC) + nudge
        elif gap == "weekend":
            tz = business.timezone
            day = t.astimezone(tz).date()
            saturday = day + timedelta(days=(5 - day.weekday()) % 7 or 7)
            candidate = midnight(tz, saturday) + draw(st.integers(0, 2 * 24 * 4)) * 15 * _MINUTE
    except BizHoursError:  # a clock that never opens (or closes) again has no such edge
        candidate = None
    if candidate is None or gap in ("minutes", "hours", "days"):
        span = {"hours": 3 * 24 * 60, "days": 30 * 24 * 60}.get(gap, 120)
        candidate = t + draw(st.integers(0 if gap == "same" else 1, span)) * _MINUTE
    if gap == "same":
        candidate = t
    candidate = floor_to(candidate, resolution)
    return candidate if candidate >= t else t
