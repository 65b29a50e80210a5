"""The SLA metrics beyond the first response, by example: severities as names and their order,
the new target fields, next replies, update intervals, resolution, reopening, per-metric
pauses, business-day targets, warnings, breaches, ``Case.from_events``, ``as_dict`` and
``explain(metric=)``.

Every expected value is worked out by hand from the rules; most cases run on the 24x7 clock
(UTC), where clock time is wall time, so each figure is plain arithmetic from the opening
``T`` (Monday 2026-11-02 00:00 UTC): ``t(3, 20)`` is 03:20 that day.
"""

from __future__ import annotations

import json
import pickle
from datetime import UTC, datetime, timedelta

import pytest

import bizhours
from bizhours import BusinessDays, sla
from bizhours.errors import ConfigError, NaiveDatetimeError
from tests.helpers import NY

H = timedelta(hours=1)
M = timedelta(minutes=1)
T = datetime(2026, 11, 2, tzinfo=UTC)
C24 = bizhours.calendar("24x7")
EASTERN = bizhours.calendar("eastern")
R, NR, U, RES = sla.Metric.RESPONSE, sla.Metric.NEXT_REPLY, sla.Metric.UPDATE, sla.Metric.RESOLUTION


def t(hours: float, minutes: int = 0) -> datetime:
    return T + timedelta(hours=hours, minutes=minutes)


# p1: respond in 1h, update every 2h, each message answered in 30 min, resolved in 8h.
P1 = sla.Target(response=H, clock=C24, update_every=2 * H, next_reply=30 * M,
                resolution=8 * H, warn_at=(0.5, 0.75))
# p2: respond in 4h, messages in 2h, resolved in 24h; no update cadence.
P2 = sla.Target(response=4 * H, clock=C24, next_reply=2 * H, resolution=24 * H)
# p3: respond in 8h, resolved in 48h.
P3 = sla.Target(response=8 * H, clock=C24, resolution=48 * H)


@pytest.fixture(scope="module")
def policy() -> sla.Policy:
    return sla.Policy({"p1": P1, "p2": P2, "p3": P3})


def ev_of(policy: sla.Policy, case: sla.Case, now: datetime) -> sla.Evaluation:
    return policy.evaluate(case, now)


# --- severities as names ----------------------------------------------------------------


def test_severity_names_are_normalised() -> None:
    # lower case; "_" and space become "-"
    policy = sla.Policy({"P 1": P1, "Urgent_High": P2})
    assert policy.order == ("p-1", "urgent-high")
    assert set(policy.targets) == {"p-1", "urgent-high"}
    case = sla.Case(T, " P_1 ")
    assert case.severity == "p-1" and type(case.severity) is str
    assert sla.Case(T, "NON_CRITICAL").severity is sla.Severity.NON_CRITICAL
    assert sla.Case(T, "Critical").escalate(t(1), "non critical").severity is \
        sla.Severity.NON_CRITICAL


def test_a_name_given_twice_after_normalising_is_refused() -> None:
    with pytest.raises(ConfigError, match="twice"):
        sla.Policy({"p1": P1, "P1": P2})


def test_an_empty_policy_or_name_is_refused() -> None:
    with pytest.raises(ConfigError, match="at least one"):
        sla.Policy({})
    with pytest.raises(ConfigError, match="empty"):
        sla.Policy({" ": P1})


def test_order_is_the_mapping_order_unless_given() -> None:
    assert sla.Policy({"low": P3, "high": P1}).order == ("low", "high")
    assert sla.Policy({"low": P3, "high": P1}, order=["HIGH", "low"]).order == ("high", "low")


@pytest.mark.parametrize("order", [["p1"], ["p1", "p2", "p9"], ["p1", "p1"], "p1p2"])
def test_an_order_that_does_not_list_each_severity_once_is_refused(order: object) -> None:
    with pytest.raises(ConfigError, match="order"):
        sla.Policy({"p1": P1, "p2": P2}, order=order)  # type: ignore[arg-type]


def test_the_enterprise_pair_puts_critical_first() -> None:
    crit = sla.Target(15 * M, C24)
    non = sla.Target(8 * H, EASTERN)
    policy = sla.Policy({"non-critical": non, "critical": crit})
    assert policy.order == (sla.Severity.CRITICAL, sla.Severity.NON_CRITICAL)
    assert sla.enterprise_policy("eastern").order == ("critical", "non-critical")
    # an explicit order is the caller's
    mine = sla.Policy({"non-critical": non, "critical": crit}, order=["non-critical", "critical"])
    assert mine.order == ("non-critical", "critical")
    # three names are no longer the pair: the mapping's order stands
    assert sla.Policy({"non-critical": non, "critical": crit, "p3": P3}).order == (
        "non-critical", "critical", "p3")


def test_order_is_part_of_equality_and_hash() -> None:
    a = sla.Policy({"p1": P1, "p2": P2})
    b = sla.Policy({"p2": P2, "p1": P1})  # mapping order read as the order: p2 first
    c = sla.Policy({"p2": P2, "p1": P1}, order=["p1", "p2"])
    assert a != b
    assert a == c and hash(a) == hash(c)


def test_escalation_and_de_escalation_follow_the_order() -> None:
    # p2 opened at T, changed to p1 at 01:00. With p1 first it is an escalation (restart: p1's
    # 1h from 01:00 = 02:00); with p2 first a de-escalation (from-opening: 1h from T = 01:00).
    case = sla.Case(T, "p2").escalate(t(1), "p1")
    up = sla.Policy({"p1": P1, "p2": P2})
    down = sla.Policy({"p1": P1, "p2": P2}, order=["p2", "p1"])
    assert up.evaluate(case, t(1)).response.due == t(2)
    assert down.evaluate(case, t(1)).response.due == t(1)


def test_a_severity_without_a_target_names_it_and_the_policy(policy: sla.Policy) -> None:
    with pytest.raises(sla.CaseError, match=r"p9") as info:
        policy.evaluate(sla.Case(T, "P9"), t(1))
    assert all(name in str(info.value) for name in ("p1", "p2", "p3"))
    with pytest.raises(sla.CaseError, match=r"p7"):
        policy.evaluate(sla.Case(T, "p1").escalate(t(1), "p7"), t(2))


# --- Metric and Target ------------------------------------------------------------------


def test_metric_values() -> None:
    assert [m.value for m in sla.Metric] == ["response", "next-reply", "update", "resolution"]
    assert sla.Metric("Next_Reply") is sla.Metric.NEXT_REPLY
    with pytest.raises(ConfigError, match="'response'"):
        sla.Metric("reply")


def test_target_defaults_and_normalising() -> None:
    target = sla.Target(H, C24)
    assert target.next_reply is None and target.resolution is None
    assert target.pausable == frozenset(sla.Metric) and target.warn_at == ()
    shaped = sla.Target(H, C24, pausable={"next_reply", "RESPONSE"}, warn_at=[0.75, 0.5, 0.5])
    assert shaped.pausable == frozenset({NR, R})
    assert shaped.warn_at == (0.5, 0.75)  # sorted, once each
    assert sla.Target(H, EASTERN, next_reply=BusinessDays(1),
                      resolution=BusinessDays(5, by="close")).resolution == BusinessDays(5, "close")


@pytest.mark.parametrize(("kwargs", "words"), [
    ({"next_reply": timedelta(0)}, "next_reply"),
    ({"next_reply": "8h"}, "next_reply"),
    ({"resolution": -H}, "resolution"),
    ({"resolution": BusinessDays(0)}, "resolution"),
    ({"update_every": BusinessDays(1)}, "update_every"),
    ({"pausable": "response"}, "pausable"),
    ({"pausable": {"bogus"}}, "bogus"),
    ({"warn_at": 0.5}, "warn_at"),
    ({"warn_at": (0,)}, "above 0"),
    ({"warn_at": (True,)}, "above 0"),
    ({"warn_at": (float("inf"),)}, "above 0"),
])
def test_target_field_errors(kwargs: dict[str, object], words: str) -> None:
    with pytest.raises(ConfigError, match=words):
        sla.Target(H, C24, **kwargs)  # type: ignore[arg-type]


# --- Case rules -------------------------------------------------------------------------


def test_respond_may_repeat() -> None:
    case = sla.Case(T, "p1").respond(t(1)).respond(t(2)).respond(t(2))
    assert [e.kind for e in case.events] == [sla.EventKind.RESPOND] * 3


@pytest.mark.parametrize(("build", "words"), [
    (lambda c: c.update(t(1)), "before the first response"),
    (lambda c: c.workaround(t(1)), "before the first response"),
    (lambda c: c.respond(t(1)).workaround(t(2)).workaround(t(3)), "already provided"),
    (lambda c: c.escalate(t(1), "P1"), "already p1"),
    (lambda c: c.resolve(t(1)).respond(t(2)), "nothing but a reopening"),
    (lambda c: c.resolve(t(1)).customer_message(t(2)), "nothing but a reopening"),
    (lambda c: c.reopen(t(1)), "reopen without a resolution"),
    (lambda c: c.resolve(t(1)).reopen(t(2)).reopen(t(3)), "reopen without a resolution"),
    (lambda c: c.pause(t(1)).pause(t(2)), "already paused"),
    (lambda c: c.resume(t(1)), "resume without a pause"),
    (lambda c: c.respond(t(2)).customer_message(t(1)), "out of order"),
])
def test_case_refuses(build: object, words: str) -> None:
    with pytest.raises(sla.CaseError, match=words):
        build(sla.Case(T, "p1"))  # type: ignore[operator]


def test_a_second_workaround_after_a_severity_change_is_accepted() -> None:
    case = sla.Case(T, "p2").respond(t(1)).workaround(t(2)).escalate(t(3), "p1")
    case = case.respond(t(3, 30)).workaround(t(4))
    assert case.events[-1].kind is sla.EventKind.WORKAROUND


def test_customer_message_is_allowed_while_open_and_paused() -> None:
    case = sla.Case(T, "p1").customer_message(t(0, 1)).pause(t(0, 2)).customer_message(t(0, 3))
    assert case.paused  # a message does not resume


# --- first response and next replies ----------------------------------------------------


def test_a_message_while_the_response_is_owed_opens_no_cycle(policy: sla.Policy) -> None:
    case = sla.Case(T, "p1").customer_message(t(0, 10)).respond(t(0, 20))
    ev = policy.evaluate(case, t(3))
    assert ev.replies == () and ev.next_reply is None
    assert ev.response.met_at == t(0, 20) and not ev.response.breached


def test_a_reply_cycle_met_in_time(policy: sla.Policy) -> None:
    # message 00:40 + 30 min = due 01:10; the reply at 01:00 meets it, 20 min on the clock
    case = sla.Case(T, "p1").respond(t(0, 20)).customer_message(t(0, 40)).respond(t(1))
    cycle = policy.evaluate(case, t(1, 30)).next_reply
    assert cycle is not None
    assert (cycle.metric, cycle.started_at, cycle.due, cycle.met_at) == (NR, t(0, 40), t(1, 10),
                                                                         t(1))
    assert not cycle.breached and cycle.elapsed == 20 * M and cycle.remaining == 10 * M
    assert cycle.target == 30 * M and cycle.target_length == 30 * M


def test_a_message_while_a_cycle_is_open_opens_nothing(policy: sla.Policy) -> None:
    case = sla.Case(T, "p1").respond(t(0, 20)).customer_message(t(0, 40)) \
        .customer_message(t(0, 50)).respond(t(1)).customer_message(t(2))
    replies = policy.evaluate(case, t(2)).replies
    # two cycles: 00:40 (the 00:50 message is covered by it) and 02:00
    assert [c.started_at for c in replies] == [t(0, 40), t(2)]
    assert replies[0].due == t(1, 10) and replies[1].due == t(2, 30)


def test_a_reply_cycle_breached_late_and_while_open(policy: sla.Policy) -> None:
    base = sla.Case(T, "p1").respond(t(0, 20)).customer_message(t(0, 40))
    late = policy.evaluate(base.respond(t(1, 20)), t(2))
    assert late.next_reply is not None
    assert late.next_reply.breached and late.next_reply.met_at == t(1, 20)  # due 01:10
    assert late.breached
    still = policy.evaluate(base, t(1, 15))
    assert still.next_reply is not None
    assert still.next_reply.breached and still.next_reply.met_at is None
    assert not policy.evaluate(base, t(1, 10)).breached  # exactly at due is in time


def test_a_message_during_a_pause_opens_a_paused_cycle(policy: sla.Policy) -> None:
    case = sla.Case(T, "p1").respond(t(0, 20)).pause(t(0, 30)).customer_message(t(0, 40))
    during = policy.evaluate(case, t(1))
    assert during.paused and during.next_reply is not None
    assert during.next_reply.started_at == t(0, 40) and during.next_reply.due is None
    # resumed at 01:40: its 30 minutes run from there, due 02:10
    after = policy.evaluate(case.resume(t(1, 40)), t(2))
    assert after.next_reply is not None and after.next_reply.due == t(2, 10)


def test_a_resolution_ends_an_open_reply_cycle(policy: sla.Policy) -> None:
    base = sla.Case(T, "p1").respond(t(0, 20)).customer_message(t(0, 40))
    ended = policy.evaluate(base.resolve(t(1)), t(2)).next_reply  # due 01:10, not yet passed
    assert ended is not None
    assert ended.met_at is None and ended.ended_at == t(1) and not ended.breached
    passed = policy.evaluate(base.resolve(t(1, 20)), t(2)).next_reply
    assert passed is not None and passed.breached and passed.met_at is None


def test_only_a_respond_answers_a_cycle(policy: sla.Policy) -> None:
    case = sla.Case(T, "p1").respond(t(0, 20)).customer_message(t(0, 40)).update(t(0, 50))
    cycle = policy.evaluate(case, t(1)).next_reply
    assert cycle is not None and cycle.met_at is None


def test_no_cycle_without_a_next_reply_target(policy: sla.Policy) -> None:
    case = sla.Case(T, "p3").respond(t(1)).customer_message(t(2))
    assert policy.evaluate(case, t(3)).replies == ()


# --- update intervals -------------------------------------------------------------------


def test_update_intervals_met_then_late(policy: sla.Policy) -> None:
    # first interval from the response 00:20, due 02:20; the update at 02:00 meets it; the
    # next runs from 02:00, due 04:00; the update at 05:00 is late; the next runs from 05:00
    case = sla.Case(T, "p1").respond(t(0, 20)).update(t(2)).update(t(5))
    ev = policy.evaluate(case, t(5, 30))
    got = [(u.started_at, u.due, u.met_at, u.breached) for u in ev.updates]
    assert got == [(t(0, 20), t(2, 20), t(2), False), (t(2), t(4), t(5), True),
                   (t(5), t(7), None, False)]
    assert ev.next_update is ev.updates[-1]
    assert ev.next_update_due == t(7) and ev.last_update_at == t(5)
    assert ev.breached and ev.breaches == (ev.updates[1],)


def test_a_reply_counts_as_an_update(policy: sla.Policy) -> None:
    case = sla.Case(T, "p1").respond(t(0, 20)).respond(t(1))
    ev = policy.evaluate(case, t(1))
    assert ev.updates[0].met_at == t(1) and ev.next_update_due == t(3)


@pytest.mark.parametrize(("end", "breached"), [(t(1), False), (t(3), True)])
def test_a_workaround_ends_the_cadence(policy: sla.Policy, end: datetime, breached: bool
                                       ) -> None:
    # interval from 00:20 due 02:20: ended at 01:00 unmet and in time, at 03:00 breached
    case = sla.Case(T, "p1").respond(t(0, 20)).workaround(end).update(t(4))
    ev = policy.evaluate(case, t(5))
    assert len(ev.updates) == 1  # the update after the cadence ended meets nothing
    last = ev.updates[0]
    assert last.met_at is None and last.ended_at == end and last.breached is breached
    assert ev.next_update_due is None and ev.updates_ended_by == "workaround"


@pytest.mark.parametrize(("end", "breached"), [(t(2, 20), False), (t(2, 21), True)])
def test_the_resolution_ends_the_cadence(policy: sla.Policy, end: datetime, breached: bool
                                         ) -> None:
    ev = policy.evaluate(sla.Case(T, "p1").respond(t(0, 20)).resolve(end), t(5))
    assert ev.updates[-1].ended_at == end and ev.updates[-1].breached is breached
    assert ev.updates_ended_by == "resolution" and ev.next_update_due is None


def test_an_update_with_no_cadence_meets_nothing(policy: sla.Policy) -> None:
    ev = policy.evaluate(sla.Case(T, "p2").respond(t(1)).update(t(2)), t(3))
    assert ev.updates == () and ev.next_update is None and ev.next_update_due is None
    assert ev.last_update_at == t(2)


# --- resolution -------------------------------------------------------------------------


def test_resolution_met_by_resolve(policy: sla.Policy) -> None:
    ev = policy.evaluate(sla.Case(T, "p1").respond(t(0, 20)).resolve(t(5)), t(6))
    assert ev.resolution is not None
    assert ev.resolution.metric is RES and ev.resolution.due == t(8)  # 8h from the opening
    assert ev.resolution.met_at == t(5) and not ev.resolution.breached
    assert ev.resolved_at == t(5) and ev.resolution.elapsed == 5 * H


def test_a_workaround_does_not_meet_the_resolution(policy: sla.Policy) -> None:
    case = sla.Case(T, "p1").respond(t(0, 20)).workaround(t(1))
    ev = policy.evaluate(case, t(9))
    assert ev.resolution is not None
    assert ev.resolution.met_at is None and ev.resolution.breached  # due 08:00, now 09:00


def test_no_resolution_status_without_a_target() -> None:
    policy = sla.Policy({"p": sla.Target(H, C24)})
    assert policy.evaluate(sla.Case(T, "p").resolve(t(1)), t(2)).resolution is None


# --- reopening --------------------------------------------------------------------------


def test_resolution_after_a_reopen(policy: sla.Policy) -> None:
    # resolved 02:00, reopened 04:00: 2h closed, so 8h is due at 10:00
    case = sla.Case(T, "p1").respond(t(0, 20)).resolve(t(2)).reopen(t(4))
    ev = policy.evaluate(case, t(5))
    assert ev.resolution is not None
    assert ev.resolved_at is None and ev.resolution.met_at is None
    assert ev.resolution.due == t(10) and ev.resolution.elapsed == 3 * H
    assert ev.pauses == ((t(2), t(4)),) and not ev.paused
    again = policy.evaluate(case.resolve(t(9)), t(11))
    assert again.resolution is not None
    assert again.resolved_at == t(9) and again.resolution.met_at == t(9)
    assert not again.resolution.breached and again.resolution.elapsed == 7 * H


def test_closed_time_stops_metrics_that_ignore_pauses() -> None:
    # nothing pausable: the user pause 01:00-02:00 moves nothing, the closed 03:00-05:00 does
    target = sla.Target(8 * H, C24, resolution=8 * H, pausable=frozenset())
    policy = sla.Policy({"p": target})
    case = sla.Case(T, "p").pause(t(1)).resume(t(2)).resolve(t(3)).reopen(t(5))
    ev = policy.evaluate(case, t(6))
    assert ev.resolution is not None and ev.resolution.due == t(10)
    assert ev.response.due == t(10)  # the response too: 8h + the 2h closed
    assert ev.pauses == ((t(1), t(2)), (t(3), t(5)))


def test_a_pause_open_at_the_resolution_ends_there(policy: sla.Policy) -> None:
    # paused 01:00, resolved 03:00, reopened 05:00: pauses 01-03 and 03-05, 4h in all
    case = sla.Case(T, "p1").respond(t(0, 20)).pause(t(1)).resolve(t(3)).reopen(t(5))
    ev = policy.evaluate(case, t(6))
    assert ev.pauses == ((t(1), t(3)), (t(3), t(5)))
    assert not ev.paused and not case.paused
    assert ev.resolution is not None and ev.resolution.due == t(12)


def test_a_reopening_restarts_the_reply_cycle_and_the_cadence(policy: sla.Policy) -> None:
    case = sla.Case(T, "p1").respond(t(0, 10)).resolve(t(1)).reopen(t(3))
    ev = policy.evaluate(case, t(3))
    assert ev.next_reply is not None
    assert ev.next_reply.started_at == t(3) and ev.next_reply.due == t(3, 30)
    # the first interval (due 02:10) ended unmet in time at 01:00; a new one from 03:00
    assert [(u.started_at, u.ended_at, u.breached) for u in ev.updates] == [
        (t(0, 10), t(1), False), (t(3), None, False)]
    assert ev.next_update_due == t(5) and ev.updates_ended_by is None


def test_a_reopening_keeps_a_cadence_a_workaround_ended(policy: sla.Policy) -> None:
    case = sla.Case(T, "p1").respond(t(0, 10)).workaround(t(0, 30)).resolve(t(1)).reopen(t(3))
    ev = policy.evaluate(case, t(3))
    assert len(ev.updates) == 1 and ev.next_update_due is None


def test_a_reopening_before_any_response_opens_no_cycle(policy: sla.Policy) -> None:
    case = sla.Case(T, "p1").resolve(t(0, 10)).reopen(t(0, 20))
    ev = policy.evaluate(case, t(0, 30))
    assert ev.replies == () and ev.updates == ()
    assert ev.response.due == t(1, 10)  # 1h, with the 10 closed minutes added


# --- per-metric pauses ------------------------------------------------------------------


def test_a_pause_stops_only_the_pausable_metrics() -> None:
    target = sla.Target(H, C24, resolution=8 * H, pausable={"response", "next-reply"})
    policy = sla.Policy({"p": target})
    case = sla.Case(T, "p").pause(t(0, 30))
    during = policy.evaluate(case, t(1))
    assert during.response.due is None
    assert during.resolution is not None and during.resolution.due == t(8)
    after = policy.evaluate(case.resume(t(1, 30)), t(2))
    assert after.response.due == t(2)  # 1h moved by the hour paused
    assert after.resolution is not None and after.resolution.due == t(8)


# --- business-day targets ---------------------------------------------------------------


def ny_dec(day: int, hour: int, minute: int = 0) -> datetime:
    """New York; Monday 2026-11-30 is day 30 of November, Tuesday 1 December is day 1."""
    month = 11 if day >= 30 else 12
    return datetime(2026, month, day, hour, minute, tzinfo=NY)


def test_business_day_next_reply_and_resolution() -> None:
    target = sla.Target(4 * H, EASTERN, next_reply=BusinessDays(1, by="close"),
                        resolution=BusinessDays(2, by="close"))
    policy = sla.Policy({"p": target})
    case = sla.Case(ny_dec(30, 10), "p").respond(ny_dec(30, 11)).customer_message(ny_dec(30, 14))
    ev = policy.evaluate(case, ny_dec(30, 15))
    assert ev.next_reply is not None and ev.resolution is not None
    # the message Mon 14:00: one business day on, by the close: Tue 17:00
    assert ev.next_reply.due == ny_dec(1, 17) and ev.next_reply.target == BusinessDays(1, "close")
    # opened Mon 10:00: two business days on, by the close: Wed 17:00; 7h + 8h + 8h of hours
    assert ev.resolution.due == ny_dec(2, 17)
    assert ev.resolution.target_length == 23 * H
    # a pause Mon 12:00-13:00 began before the deadline: Wed 17:00 moved by 1h = Thu 10:00
    paused = sla.Case(ny_dec(30, 10), "p").respond(ny_dec(30, 11)).pause(ny_dec(30, 12)) \
        .resume(ny_dec(30, 13))
    moved = policy.evaluate(paused, ny_dec(30, 14)).resolution
    assert moved is not None and moved.due == ny_dec(3, 10)
    assert moved.original_due == ny_dec(2, 17)


# --- warnings and reaches ---------------------------------------------------------------


def test_reaches_below_at_and_above_one(policy: sla.Policy) -> None:
    status = policy.evaluate(sla.Case(T, "p1"), T).response  # 1h from 00:00
    assert status.reaches(0.5) == t(0, 30)
    assert status.reaches(1) == t(1) == status.due
    assert status.reaches(1.5) == t(1, 30)  # the due moment plus half the target
    assert status.warnings == ((0.5, t(0, 30)), (0.75, t(0, 45)))


def test_reaches_counts_the_pauses_so_far(policy: sla.Policy) -> None:
    # 10 min, a pause 00:10-00:40, then 20 more minutes: half the hour at 01:00
    case = sla.Case(T, "p1").pause(t(0, 10)).resume(t(0, 40))
    assert policy.evaluate(case, t(0, 50)).response.reaches(0.5) == t(1)


def test_reaches_is_none_when_stopped_first_or_paused(policy: sla.Policy) -> None:
    met = policy.evaluate(sla.Case(T, "p1").respond(t(0, 20)), t(1)).response
    assert met.reaches(0.25) == t(0, 15)  # reached before the response
    assert met.reaches(0.5) is None and met.reaches(1) is None
    assert met.warnings == ((0.5, None), (0.75, None))
    paused = policy.evaluate(sla.Case(T, "p1").pause(t(0, 10)), t(0, 20)).response
    assert paused.reaches(0.1) == t(0, 6)  # reached before the pause
    assert paused.reaches(0.5) is None and paused.reaches(1) is None


@pytest.mark.parametrize("share", [0, -0.5, True, float("inf"), "0.5"])
def test_reaches_refuses_a_share_that_is_not_above_zero(policy: sla.Policy, share: object
                                                        ) -> None:
    status = policy.evaluate(sla.Case(T, "p1"), T).response
    with pytest.raises(ValueError, match="above 0"):
        status.reaches(share)  # type: ignore[arg-type]


def test_warnings_of_a_target_without_warn_at_are_empty(policy: sla.Policy) -> None:
    assert policy.evaluate(sla.Case(T, "p2"), T).response.warnings == ()


# --- breached and breaches --------------------------------------------------------------


def test_breaches_in_the_order_they_breached(policy: sla.Policy) -> None:
    case = (sla.Case(T, "p1")
            .respond(t(3))            # response due 01:00: late
            .update(t(6))             # interval 03:00 due 05:00: late; next from 06:00 due 08:00
            .customer_message(t(6, 10))
            .respond(t(7))            # cycle due 06:40: late; meets the interval in time
            .resolve(t(9)))           # resolution due 08:00: late; interval 07:00-09:00 ended
    ev = policy.evaluate(case, t(10))
    assert [(s.metric, s.due) for s in ev.breaches] == [
        (R, t(1)), (U, t(5)), (NR, t(6, 40)), (RES, t(8))]
    assert not ev.updates[-1].breached  # due 09:00, ended at 09:00: not passed


def test_breaches_at_one_instant_are_in_metric_order() -> None:
    policy = sla.Policy({"p": sla.Target(H, C24, resolution=H)})
    ev = policy.evaluate(sla.Case(T, "p"), t(2))
    assert [s.metric for s in ev.breaches] == [R, RES]  # both due 01:00


@pytest.mark.parametrize(("build", "now", "metric"), [
    # the cycle from 00:30 was due 01:00; the interval from the 01:01 reply is due 03:01
    (lambda c: c.respond(t(0, 20)).customer_message(t(0, 30)).respond(t(1, 1)), t(1, 30), NR),
    # the interval from 00:20 was due 02:20
    (lambda c: c.respond(t(0, 20)).update(t(2, 21)), t(2, 30), U),
    # every update in time (the last interval, 07:30-09:30, ended unmet in time); resolution
    # due 08:00
    (lambda c: c.respond(t(0, 20)).update(t(2)).update(t(4)).update(t(6)).update(t(7, 30))
     .resolve(t(8, 1)), t(9), RES),
])
def test_breached_covers_every_metric(policy: sla.Policy, build: object, now: datetime,
                                      metric: sla.Metric) -> None:
    ev = policy.evaluate(build(sla.Case(T, "p1")), now)  # type: ignore[operator]
    assert not ev.response.breached
    assert ev.breached and [s.metric for s in ev.breaches] == [metric]


# --- escalation and de-escalation -------------------------------------------------------


def test_an_escalation_is_a_new_promise(policy: sla.Policy) -> None:
    # p2 answered at 00:30, escalated to p1 at 01:00: the p1 response is due 02:00
    case = sla.Case(T, "p2").respond(t(0, 30)).escalate(t(1), "p1")
    ev = policy.evaluate(case, t(1, 30))
    assert ev.response.met_at is None and ev.response.due == t(2)
    assert [s.severity for s in ev.history] == ["p2", "p2"]
    assert [s.metric for s in ev.history] == [R, RES]  # response, then resolution
    answered = policy.evaluate(case.respond(t(1, 30)), t(4))
    # the cadence starts at the escalated response: 01:30 + 2h
    assert answered.next_update_due == t(3, 30) and answered.updates[0].started_at == t(1, 30)


def test_an_escalation_ends_an_open_update_interval() -> None:
    # p2 now has the cadence; p1 first: interval from 00:20 due 02:20, escalated at 03:00
    p2 = sla.Target(4 * H, C24, update_every=2 * H)
    policy = sla.Policy({"p1": P1, "p2": p2})
    case = sla.Case(T, "p2").respond(t(0, 20)).escalate(t(3), "p1")
    first = policy.evaluate(case, t(3, 30)).updates[0]
    assert first.ended_at == t(3) and first.breached and first.met_at is None
    early = policy.evaluate(sla.Case(T, "p2").respond(t(0, 20)).escalate(t(1), "p1"), t(2))
    assert early.updates[0].ended_at == t(1) and not early.updates[0].breached


def test_an_update_before_the_escalated_response_is_refused_by_evaluate(policy: sla.Policy
                                                                        ) -> None:
    case = sla.Case(T, "p2").respond(t(0, 30)).escalate(t(1), "p1").update(t(1, 10))
    with pytest.raises(sla.CaseError, match="update"):
        policy.evaluate(case, t(2))
    case = sla.Case(T, "p2").respond(t(0, 30)).escalate(t(1), "p1").workaround(t(1, 10))
    with pytest.raises(sla.CaseError, match="workaround"):
        policy.evaluate(case, t(2))


def test_a_de_escalation_counts_the_first_response_ever(policy: sla.Policy) -> None:
    # p3 answered 00:30, escalated to p1 at 01:00, back to p3 at 02:30 with the p1 call
    # (due 02:00) missed: from-opening, p3's 8h from 00:00, met by the 00:30 response
    case = sla.Case(T, "p3").respond(t(0, 30)).escalate(t(1), "p1").escalate(t(2, 30), "p3")
    ev = policy.evaluate(case, t(3))
    assert ev.response.met_at == t(0, 30) and ev.response.due == t(8)
    assert [(s.severity, s.metric) for s in ev.history] == [("p3", R), ("p3", RES), ("p1", R),
                                                              ("p1", RES)]
    assert ev.history[2].breached and ev.history[2].due == t(2)
    assert ev.breached


def test_a_de_escalation_starts_a_cadence_of_the_new_target() -> None:
    p2 = sla.Target(4 * H, C24, update_every=3 * H)
    policy = sla.Policy({"p1": sla.Target(H, C24), "p2": p2})
    ev = policy.evaluate(sla.Case(T, "p1").respond(t(0, 10)).escalate(t(1), "p2"), t(2))
    assert [(u.started_at, u.due) for u in ev.updates] == [(t(1), t(4))]


def test_a_reply_cycle_runs_under_the_target_it_began_with(policy: sla.Policy) -> None:
    # a p2 cycle (2h) from 00:30 goes on after the escalation to p1 (whose cycles are 30 min)
    case = sla.Case(T, "p2").respond(t(0, 10)).customer_message(t(0, 30)).escalate(t(1), "p1")
    cycle = policy.evaluate(case, t(1, 30)).next_reply
    assert cycle is not None and cycle.severity == "p2" and cycle.due == t(2, 30)


def test_an_escalation_restarts_a_cadence_a_workaround_ended() -> None:
    # p2 (cadence 3h) answered 00:10, workaround 00:30 ends its cadence; escalated to p1 at
    # 01:00 and answered 01:20: p1's cadence (2h) starts at the escalated response
    p2 = sla.Target(4 * H, C24, update_every=3 * H)
    policy = sla.Policy({"p1": P1, "p2": p2})
    case = sla.Case(T, "p2").respond(t(0, 10)).workaround(t(0, 30)).escalate(t(1), "p1") \
        .respond(t(1, 20))
    ev = policy.evaluate(case, t(2))
    assert [(u.severity, u.started_at, u.due) for u in ev.updates] == [
        ("p2", t(0, 10), t(3, 10)), ("p1", t(1, 20), t(3, 20))]
    assert ev.updates[0].ended_at == t(0, 30)
    assert ev.next_update_due == t(3, 20) and ev.updates_ended_by is None


def test_a_de_escalation_lets_an_open_interval_go_on() -> None:
    # p1's interval from 00:10 (2h, due 02:10) goes on under p1 after the change to p2 (3h)
    p2 = sla.Target(4 * H, C24, update_every=3 * H)
    policy = sla.Policy({"p1": P1, "p2": p2})
    ev = policy.evaluate(sla.Case(T, "p1").respond(t(0, 10)).escalate(t(1), "p2"), t(1, 30))
    assert [(u.severity, u.started_at, u.due) for u in ev.updates] == [("p1", t(0, 10),
                                                                        t(2, 10))]
    assert ev.next_update_due == t(2, 10)


@pytest.mark.parametrize(("resolved", "breached"), [(t(1), False), (t(1, 1), True)])
def test_an_unanswered_response_stops_at_the_resolution(policy: sla.Policy, resolved: datetime,
                                                        breached: bool) -> None:
    ev = policy.evaluate(sla.Case(T, "p1").resolve(resolved), t(5))  # due 01:00
    assert ev.response.met_at is None and ev.response.breached is breached
    assert ev.response.elapsed == resolved - T


def test_a_message_during_a_pause_that_does_not_stop_replies() -> None:
    target = sla.Target(H, C24, next_reply=30 * M, pausable={"response", "resolution"})
    policy = sla.Policy({"p": target})
    case = sla.Case(T, "p").respond(t(0, 10)).pause(t(0, 20)).customer_message(t(0, 30))
    cycle = policy.evaluate(case, t(0, 40)).next_reply
    assert cycle is not None and cycle.due == t(1)  # 30 minutes from the message, paused or not


def test_a_pause_at_or_after_the_due_moment_moves_nothing(policy: sla.Policy) -> None:
    # resolution due 08:00; a pause from 08:00 to 10:00 does not move it; breached at 09:00
    case = sla.Case(T, "p1").respond(t(0, 10)).update(t(2)).update(t(4)).update(t(6)) \
        .pause(t(8)).resume(t(10))
    ev = policy.evaluate(case, t(11))
    assert ev.resolution is not None
    assert ev.resolution.due == t(8) and ev.resolution.breached


# --- Case.from_events -------------------------------------------------------------------


def test_from_events_in_any_order_equals_the_methods() -> None:
    by_methods = sla.Case(T, "p2").respond(t(1)).customer_message(t(2)).escalate(t(3), "p1") \
        .resolve(t(5))
    rows = [("resolve", t(5)), (sla.EventKind.ESCALATE, t(3), "P1"),
            sla.Event(sla.EventKind.RESPOND, t(1)), ("customer_message", t(2))]
    assert sla.Case.from_events(T, "p2", rows) == by_methods
    assert sla.Case.from_events(T, "p2", iter(rows)).severity == "p1"


def test_from_events_keeps_the_order_of_equal_instants() -> None:
    case = sla.Case.from_events(T, "p1", [("pause", t(1)), ("resume", t(1))])
    assert [e.kind.value for e in case.events] == ["pause", "resume"]
    with pytest.raises(sla.CaseError, match="resume without a pause"):
        sla.Case.from_events(T, "p1", [("resume", t(1)), ("pause", t(1))])


def test_from_events_compares_instants_not_wall_times() -> None:
    # 09:00 New York (14:00 UTC) is after 13:30 UTC though its wall time is earlier
    case = sla.Case.from_events(T, "p1", [("resolve", datetime(2026, 11, 2, 9, tzinfo=NY)),
                                          ("respond", t(13, 30))])
    assert [e.kind.value for e in case.events] == ["respond", "resolve"]


@pytest.mark.parametrize(("item", "error", "words"), [
    (("nope", T), sla.CaseError, r"event 1: unknown kind 'nope'"),
    (42, sla.CaseError, r"event 1: expected an sla.Event"),
    (("respond",), sla.CaseError, r"event 1"),
    (("escalate", T), sla.CaseError, r"names its new severity"),
    (("respond", T, "p2"), sla.CaseError, r"has no severity"),
    (("respond", "2026-11-02"), sla.CaseError, r"event 1 \(respond\) at"),
    (("respond", datetime(2026, 11, 2)), NaiveDatetimeError, r"event 1 \(respond\) at"),
])
def test_from_events_names_a_bad_item(item: object, error: type[Exception], words: str) -> None:
    with pytest.raises(error, match=words):
        sla.Case.from_events(T, "p1", [("respond", t(1)), item])


def test_from_events_checks_as_the_methods_do() -> None:
    with pytest.raises(sla.CaseError, match="nothing but a reopening"):
        sla.Case.from_events(T, "p1", [("resolve", t(1)), ("respond", t(2))])


def test_twenty_thousand_events_build(policy: sla.Policy) -> None:
    # not a timing: a quadratic build of this many would still finish, but the count must hold
    rows = [("pause" if n % 2 == 0 else "resume", T + n * M) for n in range(20_000)]
    case = sla.Case.from_events(T, "p1", reversed(rows))
    assert len(case.events) == 20_000 and not case.paused
    one_by_one = sla.Case(T, "p1")
    for kind, at in rows:
        one_by_one = one_by_one.pause(at) if kind == "pause" else one_by_one.resume(at)
    assert one_by_one == case
    # paused every other minute: 10,000 of the first 20,000 minutes count
    ev = policy.evaluate(case, T + 20_000 * M)
    assert ev.response.elapsed == 10_000 * M and len(ev.pauses) == 10_000


# --- as_dict ----------------------------------------------------------------------------

EVALUATION_KEYS = {"severity", "opened_at", "now", "breached", "paused", "response", "history",
                   "replies", "next_reply", "updates", "next_update", "next_update_due",
                   "resolution", "breaches", "pauses", "last_update_at", "workaround_at",
                   "resolved_at", "updates_ended_by"}
STATUS_KEYS = {"metric", "severity", "target", "target_seconds", "target_length",
               "target_length_seconds", "started_at", "carried", "carried_seconds", "due",
               "original_due", "met_at", "ended_at", "breached", "elapsed", "elapsed_seconds",
               "remaining", "remaining_seconds", "remaining_wall", "remaining_wall_seconds",
               "share_used", "warnings"}


def test_as_dict_is_json_with_the_documented_keys(policy: sla.Policy) -> None:
    case = sla.Case(datetime(2026, 11, 2, 9, tzinfo=NY), "p1").respond(
        datetime(2026, 11, 2, 9, 20, tzinfo=NY)).customer_message(
        datetime(2026, 11, 2, 9, 40, tzinfo=NY))
    data = policy.evaluate(case, datetime(2026, 11, 2, 9, 45, tzinfo=NY)).as_dict()
    assert json.loads(json.dumps(data)) == data
    assert set(data) == EVALUATION_KEYS
    assert set(data["response"]) == STATUS_KEYS
    # the case's zone; 1h as ISO 8601 and seconds; warnings at 30 and 45 minutes
    assert data["response"]["due"] == "2026-11-02T10:00:00-05:00"
    assert (data["response"]["target"], data["response"]["target_seconds"]) == ("PT1H", 3600)
    assert data["response"]["met_at"] == "2026-11-02T09:20:00-05:00"
    assert data["next_reply"]["due"] == "2026-11-02T10:10:00-05:00"
    assert data["next_reply"]["metric"] == "next-reply"
    assert data["resolution"]["due"] == "2026-11-02T17:00:00-05:00"
    # met at 09:20, before half the hour (09:30): neither share is reached
    assert data["response"]["warnings"] == [{"share": 0.5, "at": None},
                                            {"share": 0.75, "at": None}]
    # the cycle from 09:40, half of its 30 minutes at 09:55: ahead, so given
    assert data["next_reply"]["warnings"] == [{"share": 0.5, "at": "2026-11-02T09:55:00-05:00"},
                                              {"share": 0.75, "at": "2026-11-02T10:02:30-05:00"}]


def test_as_dict_gives_business_days_as_text() -> None:
    policy = sla.Policy({"p": sla.Target(BusinessDays(1, by="close"), EASTERN)})
    data = policy.evaluate(sla.Case(ny_dec(30, 10), "p"), ny_dec(30, 10)).as_dict()
    assert (data["response"]["target"], data["response"]["target_seconds"]) == ("1bd@close",
                                                                                 None)
    assert data["response"]["due"] == "2026-12-01T17:00:00-05:00"
    assert data["response"]["target_length_seconds"] == 15 * 3600  # 7h Monday, 8h Tuesday


# --- explain(metric=) -------------------------------------------------------------------


def test_explain_each_metric(policy: sla.Policy) -> None:
    case = sla.Case(T, "p1").respond(t(0, 20)).customer_message(t(0, 40))
    ev = policy.evaluate(case, t(1))
    reply = ev.explain(metric="next_reply")
    assert reply.metric is NR and reply.started_at == t(0, 40) and reply.due == t(1, 10)
    assert [(s.start, s.end) for s in reply.counted] == [(t(0, 40), t(1))]
    assert [(s.start, s.end) for s in reply.ahead] == [(t(1), t(1, 10))]
    update = ev.explain(metric=sla.Metric.UPDATE)
    assert update.metric is U and update.started_at == t(0, 20) and update.due == t(2, 20)
    resolution = ev.explain("resolution")
    assert resolution.metric is RES and resolution.due == t(8)
    assert str(resolution).splitlines()[0] == (
        "p1 resolution: 8:00:00 on bizhours.calendar('24x7') from Mon 2026-11-02 00:00 UTC")
    assert ev.explain().metric is R and ev.explain().counted[-1].end == t(0, 20)


def test_explain_splits_a_span_at_the_due_moment(policy: sla.Policy) -> None:
    ev = policy.evaluate(sla.Case(T, "p1"), t(2))  # due 01:00, unanswered at 02:00
    spans = ev.explain().counted
    assert [(s.start, s.end) for s in spans] == [(T, t(1)), (t(1), t(2))]
    assert ev.explain().ahead == ()


def test_explain_a_metric_the_case_does_not_have(policy: sla.Policy) -> None:
    ev = policy.evaluate(sla.Case(T, "p1"), t(0, 10))
    with pytest.raises(ValueError, match="next-reply"):
        ev.explain(metric="next-reply")
    with pytest.raises(ConfigError):
        ev.explain(metric="bogus")


# --- pickling ---------------------------------------------------------------------------


def test_case_and_policy_pickle(policy: sla.Policy) -> None:
    case = sla.Case(T, "p2").respond(t(1)).customer_message(t(2)).escalate(t(3), "p1") \
        .resolve(t(4)).reopen(t(5))
    ordered = sla.Policy({"p3": P3, "p1": P1, "p2": P2}, order=["p1", "p2", "p3"],
                         on_escalation="carry-over")
    for value in (case, policy, ordered):
        back = pickle.loads(pickle.dumps(value))
        assert back == value and hash(back) == hash(value)
    back_case, back_policy = pickle.loads(pickle.dumps((case, ordered)))
    assert back_policy.order == ("p1", "p2", "p3")
    assert back_policy.evaluate(back_case, t(6)) == ordered.evaluate(case, t(6))


# --- found while writing these ----------------------------------------------------------


def test_next_update_due_runs_through_a_pause_that_does_not_stop_updates() -> None:
    target = sla.Target(H, C24, update_every=2 * H, pausable={"response"})
    policy = sla.Policy({"p": target})
    # the interval from the 00:10 response is due 02:10; the pause does not stop it
    ev = policy.evaluate(sla.Case(T, "p").respond(t(0, 10)).pause(t(0, 20)), t(0, 30))
    assert ev.next_update is not None and ev.next_update.due == t(2, 10)
    assert ev.next_update_due == t(2, 10)
