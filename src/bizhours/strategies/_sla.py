"""The ``case_timelines`` strategy: valid SLA case timelines, with events at the edges.

The public names are re-exported by ``bizhours.strategies``; see that module for the overview.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, tzinfo

from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument

from bizhours.errors import BizHoursError
from bizhours.sla import Case, Policy, Severity
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
_KINDS = ("respond", "pause", "pause", "resume", "resume", "update", "escalate", "workaround",
          "resolve")
_GAPS = ("minutes", "same", "edge", "due", "hours", "weekend", "days")
# A response or an update is often given exactly when it is due, or a microsecond either side.
_ANSWER_GAPS = ("minutes", "due", "due", "due", "same", "edge", "hours", "days")
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

    The case opens at an instant from ``instants`` on the non-critical target's clock (after
    hours, on the Friday before a holiday, across a DST change, ...), critical or not; then up
    to ``max_events`` pauses, resumes, responses, updates, escalations and de-escalations,
    workarounds and a resolution. Events often fall at the same instant as the one before, on
    a window's open or close (one microsecond either side), exactly at the response or update
    due moment (pauses too), or on a weekend. One case in three keeps to the update cadence:
    critical, answered, then updated and paused, never resolved. ``resolution`` floors every
    instant to a multiple of it (a minute, say, to compare with a minute-by-minute model).
    Shrinks toward a non-critical case opened on a Monday at opening time with no events.

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


def _answered(case: Case, policy: Policy) -> bool:
    """Whether the response that counts has been given: any response, unless an escalation
    (a change to a more urgent severity of ``policy``) came after it."""
    answered = False
    severity = case.opened_severity
    for event in case.events:
        if event.kind == "respond":
            answered = True
        elif event.severity is not None:
            if policy.order.index(event.severity) < policy.order.index(severity):
                answered = False
            severity = event.severity
    return answered


def _allowed(case: Case, policy: Policy) -> list[str]:
    """The events that may follow, read from the case's own state (its rules, not a copy)."""
    state = case.state
    responded = _answered(case, policy)
    ok = {
        "respond": not responded,
        "pause": state.paused_at is None,
        "resume": state.paused_at is not None,
        "update": responded,
        "workaround": responded and state.workaround is None,
        "escalate": True,
        "resolve": True,
    }
    return [k for k in _KINDS if ok[k]]


def _cadence_kinds(case: Case, policy: Policy) -> list[str]:
    """The events of a case kept on its update cadence: the response first, then mostly
    updates, and pauses and resumes; never an escalation or a resolution."""
    allowed = _allowed(case, policy)
    if "respond" in allowed:
        return ["respond"]
    return ["update", "update", *(k for k in allowed if k in ("pause", "resume"))]


@st.composite
def _case_timelines(draw: st.DrawFn, policy: Policy, most: int, first: date, last: date,
                    zones: st.SearchStrategy[tzinfo] | None,
                    resolution: timedelta | None) -> Case:
    business = policy.targets[Severity.NON_CRITICAL].clock
    # One case in three follows the update cadence: critical, answered at once, then updated
    # (often exactly when due) and paused, never resolved, so the cadence is what is checked.
    cadence = draw(st.sampled_from((False, False, True)))
    severity = draw(st.sampled_from((Severity.NON_CRITICAL, Severity.CRITICAL)))
    severity = Severity.CRITICAL if cadence else severity  # drawn either way: it shrinks
    opened = draw(instants(business, min_date=first, max_date=last, zones=zones,
                           resolution=resolution))
    case = Case(opened, severity)
    here = (opened.tzinfo, UTC, business.timezone)
    t = opened.astimezone(UTC)
    for _ in range(draw(st.integers(0, most))):
        kinds = _cadence_kinds(case, policy) if cadence else _allowed(case, policy)
        kind = draw(st.sampled_from(kinds))
        t = draw(_next_instant(policy, case, t, resolution, kind))
        at = t.astimezone(draw(st.sampled_from(here)))
        other = (Severity.CRITICAL if case.severity is Severity.NON_CRITICAL
                 else Severity.NON_CRITICAL)
        case = case.escalate(at, other) if kind == "escalate" else getattr(case, kind)(at)
        if kind == "resolve":
            break
    return case


@st.composite
def _next_instant(draw: st.DrawFn, policy: Policy, case: Case, t: datetime,
                  resolution: timedelta | None, kind: str) -> datetime:
    """An instant at or after ``t`` (UTC) for an event of ``kind``, often at an edge of the
    case's clocks."""
    unit = resolution or _US
    nudge = draw(st.sampled_from((0, -1, 1))) * unit
    gaps = (_ANSWER_GAPS if kind in ("respond", "update") else
            _PAUSE_GAPS if kind == "pause" else _GAPS)
    gap = draw(st.sampled_from(gaps))
    business = policy.targets[Severity.NON_CRITICAL].clock
    candidate: datetime | None = None
    try:
        if gap == "edge":
            clock = draw(st.sampled_from((business, policy.targets[case.severity].clock)))
            step = draw(st.sampled_from((clock.next_close, clock.next_open)))
            candidate = step(t + unit) + nudge
        elif gap == "due":
            ev = policy.evaluate(case, t)
            dues = [d for d in (ev.response.due, ev.next_update_due) if d is not None]
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
