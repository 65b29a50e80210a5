"""SLA policies and cases: the worked examples of the contract, severity changes, cadence."""

import doctest
import importlib
import pickle
import pkgutil
import subprocess
import sys
from datetime import UTC, date, datetime, timedelta

import pytest

import bizhours
from bizhours import sla
from tests.helpers import LONDON, NY, US, H

M = timedelta(minutes=1)


def ny(day: int, hour: int, minute: int = 0, month: int = 11) -> datetime:
    """An instant in New York in November 2026 (the 20th is a Friday)."""
    return datetime(2026, month, day, hour, minute, tzinfo=NY)


@pytest.fixture(scope="module")
def policy() -> sla.Policy:
    return sla.enterprise_policy("eastern", critical_update_every=H)


# --- the worked examples ------------------------------------------------------------------


def test_critical_on_a_saturday_night_is_due_in_15_minutes(policy: sla.Policy) -> None:
    case = sla.Case(ny(21, 3), "critical")
    ev = policy.evaluate(case, ny(21, 3, 5))
    assert ev.response.due == ny(21, 3, 15)
    assert ev.response.remaining == 10 * M
    assert ev.response.elapsed == 5 * M
    assert not ev.response.breached
    assert ev.response.due.tzinfo is NY


def test_non_critical_friday_afternoon_is_due_monday(policy: sla.Policy) -> None:
    case = sla.Case(ny(20, 15), "non-critical")
    ev = policy.evaluate(case, ny(20, 15))
    assert ev.response.due == ny(23, 15)
    assert ev.response.original_due == ny(23, 15)
    assert ev.response.remaining == 8 * H
    assert ev.response.remaining_wall == ny(23, 15) - ny(20, 15)
    assert ev.response.share_used == 0.0


def test_pause_over_the_weekend_moves_due_to_tuesday(policy: sla.Policy) -> None:
    case = sla.Case(ny(20, 15), "non-critical").pause(ny(20, 16)).resume(ny(23, 11))
    ev = policy.evaluate(case, ny(23, 12))
    assert ev.response.due == ny(24, 10)
    assert ev.response.original_due == ny(23, 15)
    assert ev.response.elapsed == 2 * H  # Friday 15-16 and Monday 11-12
    assert ev.response.remaining == 6 * H
    assert ev.response.share_used == 0.25


def test_pause_ending_on_saturday_moves_due_one_business_hour(policy: sla.Policy) -> None:
    case = sla.Case(ny(20, 15), "non-critical").pause(ny(20, 16)).resume(ny(21, 10))
    ev = policy.evaluate(case, ny(21, 10))
    assert ev.response.due == ny(23, 16)
    assert ev.response.due - ev.response.original_due == H


def test_explanation_of_the_weekend_pause(policy: sla.Policy) -> None:
    case = sla.Case(ny(20, 15), "non-critical").pause(ny(20, 16)).resume(ny(23, 11))
    assert str(policy.evaluate(case, ny(23, 11)).explain()).splitlines() == [
        "non-critical response: 8:00:00 on bizhours.calendar('eastern') "
        "from Fri 2026-11-20 15:00 EST",
        "counted  Fri 2026-11-20 15:00 EST -> Fri 2026-11-20 16:00 EST  1:00:00",
        "paused   Fri 2026-11-20 16:00 EST -> Mon 2026-11-23 11:00 EST  3:00:00 of clock time",
        "closed   Fri 2026-11-20 17:00 EST -> Mon 2026-11-23 09:00 EST  night, weekend",
        "ahead    Mon 2026-11-23 11:00 EST -> Mon 2026-11-23 17:00 EST  6:00:00",
        "closed   Mon 2026-11-23 17:00 EST -> Tue 2026-11-24 09:00 EST  night",
        "ahead    Tue 2026-11-24 09:00 EST -> Tue 2026-11-24 10:00 EST  1:00:00",
        "due      Tue 2026-11-24 10:00 EST",
    ]


def test_explanation_names_adjustments_and_open_pauses() -> None:
    eve = bizhours.calendar("eastern").with_hours(date(2026, 12, 24), "09:00-12:00")
    policy = sla.enterprise_policy(eve)
    case = sla.Case(ny(23, 15, month=12), "non-critical").pause(ny(24, 10, month=12))
    ex = policy.evaluate(case, ny(28, 10, month=12)).explain()
    assert ex.due is None
    assert [(p.start, p.end, p.clock_time) for p in ex.pauses] == [
        (ny(24, 10, month=12), None, 3 * H),  # Thursday 10-12, Monday 9-10 taken off the clock
    ]
    assert [c.reasons for c in ex.closed] == [
        ("night", "adjustment"),  # Wednesday night, then the short Christmas Eve
        ("adjustment", "holiday: Christmas Day", "weekend", "night"),
    ]
    assert ex.until == ny(28, 10, month=12)
    assert "(still paused)" in str(ex) and "none while paused" in str(ex)


def test_while_paused_due_is_none_and_remaining_is_frozen(policy: sla.Policy) -> None:
    case = sla.Case(ny(20, 15), "non-critical").pause(ny(20, 16))
    at_pause = policy.evaluate(case, ny(20, 16))
    later = policy.evaluate(case, ny(23, 14))
    for ev in (at_pause, later):
        assert ev.paused
        assert ev.response.due is None
        assert ev.response.remaining_wall is None
        assert ev.response.remaining == 7 * H
        assert ev.response.original_due == ny(23, 15)


def test_escalation_on_monday_is_due_15_minutes_later(policy: sla.Policy) -> None:
    case = sla.Case(ny(20, 15), "non-critical").respond(ny(20, 15, 30))
    case = case.escalate(ny(23, 10), "critical")
    ev = policy.evaluate(case, ny(23, 10, 5))
    assert ev.severity is sla.Severity.CRITICAL
    assert ev.response.due == ny(23, 10, 15)
    # The email on Friday does not answer the critical call.
    assert ev.response.met_at is None
    assert ev.history[0].met_at == ny(20, 15, 30)
    assert not ev.breached
    late = policy.evaluate(case, ny(23, 10, 16))
    assert late.response.breached and late.breached


def test_update_cadence_after_response_and_each_update(policy: sla.Policy) -> None:
    case = sla.Case(ny(21, 3), "critical")
    assert policy.evaluate(case, ny(21, 3, 5)).next_update_due is None  # not yet responded
    case = case.respond(ny(21, 3, 10))
    assert policy.evaluate(case, ny(21, 3, 20)).next_update_due == ny(21, 4, 10)
    case = case.update(ny(21, 4))
    assert policy.evaluate(case, ny(21, 4)).next_update_due == ny(21, 5)
    case = case.update(ny(21, 4, 50))
    assert policy.evaluate(case, ny(21, 4, 55)).next_update_due == ny(21, 5, 50)
    # Pauses stop the cadence too: due None while paused, then moved by the paused time.
    case = case.pause(ny(21, 5))
    assert policy.evaluate(case, ny(21, 5, 10)).next_update_due is None
    case = case.resume(ny(21, 5, 30))
    assert policy.evaluate(case, ny(21, 5, 30)).next_update_due == ny(21, 6, 20)


def test_workaround_and_resolution_end_the_cadence(policy: sla.Policy) -> None:
    case = sla.Case(ny(21, 3), "critical").respond(ny(21, 3, 10))
    worked = case.workaround(ny(21, 3, 40))
    ev = policy.evaluate(worked, ny(21, 6))
    assert ev.next_update_due is None
    assert ev.updates_ended_by == "workaround"
    assert ev.workaround_at == ny(21, 3, 40)
    resolved = case.resolve(ny(21, 3, 40))
    ev = policy.evaluate(resolved, ny(21, 6))
    assert ev.next_update_due is None
    assert ev.updates_ended_by == "resolution"
    assert policy.evaluate(worked.resolve(ny(21, 7)), ny(21, 8)).updates_ended_by == "workaround"
    # Only events up to now count: before the workaround the cadence still runs.
    assert policy.evaluate(worked, ny(21, 3, 30)).next_update_due == ny(21, 4, 10)


def test_uk_default_target_across_christmas() -> None:
    policy = sla.enterprise_policy("uk")
    opened = datetime(2026, 12, 24, 12, tzinfo=LONDON)  # Thursday; 4h30 left that day
    ev = policy.evaluate(sla.Case(opened, "non-critical"), opened)
    # Christmas Friday, Boxing Day Saturday, Sunday, Boxing Day substitute Monday 28th.
    assert ev.response.due == datetime(2026, 12, 29, 12, tzinfo=LONDON)
    (closed,) = ev.explain().closed
    assert closed.reasons == ("night", "holiday: Christmas Day", "holiday: Boxing Day",
                              "weekend", "holiday: Boxing Day (observed)")


# --- semantics ----------------------------------------------------------------------------


def test_response_exactly_at_due_is_in_time(policy: sla.Policy) -> None:
    case = sla.Case(ny(21, 3), "critical")
    assert not policy.evaluate(case.respond(ny(21, 3, 15)), ny(21, 9)).response.breached
    late = policy.evaluate(case.respond(ny(21, 3, 15) + timedelta(microseconds=1)), ny(21, 9))
    assert late.response.breached
    assert late.response.met_at == ny(21, 3, 15) + timedelta(microseconds=1)
    assert late.response.remaining == timedelta(microseconds=-1)


def test_met_response_freezes_the_clock(policy: sla.Policy) -> None:
    case = sla.Case(ny(20, 15), "non-critical").respond(ny(20, 16))
    ev = policy.evaluate(case, ny(25, 12))
    assert ev.response.met_at == ny(20, 16)
    assert ev.response.elapsed == H
    assert ev.response.remaining == 7 * H
    assert ev.response.remaining_wall == ny(23, 15) - ny(20, 16)
    assert ev.next_update_due is None  # the non-critical target has no cadence


def test_a_pause_after_the_deadline_keeps_it_breached(policy: sla.Policy) -> None:
    case = sla.Case(ny(20, 15), "non-critical").pause(ny(23, 16))
    ev = policy.evaluate(case, ny(24, 10))
    assert ev.response.breached and ev.breached
    assert ev.response.due is None  # paused
    assert ev.response.remaining == -H
    resumed = policy.evaluate(case.resume(ny(25, 9)), ny(25, 9))
    assert resumed.response.due == ny(23, 15)  # a pause after the deadline does not move it
    assert resumed.response.breached


def test_resolved_without_response_is_breached_only_after_due(policy: sla.Policy) -> None:
    case = sla.Case(ny(21, 3), "critical")
    assert not policy.evaluate(case.resolve(ny(21, 3, 14)), ny(22, 3)).response.breached
    ev = policy.evaluate(case.resolve(ny(21, 3, 16)), ny(22, 3))
    assert ev.response.breached
    assert ev.response.elapsed == 16 * M  # the clock stopped at the resolution
    assert ev.resolved_at == ny(21, 3, 16)


def test_evaluate_looks_only_at_events_up_to_now(policy: sla.Policy) -> None:
    case = sla.Case(ny(20, 15), "non-critical").pause(ny(20, 16)).resume(ny(23, 11))
    case = case.respond(ny(23, 12))
    before = policy.evaluate(case, ny(20, 15, 30))
    assert before.response.met_at is None
    assert before.response.due == ny(23, 15)
    assert not before.paused
    assert before.pauses == ()


def test_de_escalation_measures_from_opening(policy: sla.Policy) -> None:
    case = sla.Case(ny(20, 15), "critical").escalate(ny(20, 15, 5), "non-critical")
    ev = policy.evaluate(case, ny(20, 16))
    assert ev.response.started_at == ny(20, 15)
    assert ev.response.due == ny(23, 15)
    assert ev.response.elapsed == H
    assert ev.history[0].severity is sla.Severity.CRITICAL
    assert not ev.breached


def test_a_breach_in_an_earlier_severity_stays_a_breach(policy: sla.Policy) -> None:
    case = sla.Case(ny(20, 15), "critical").escalate(ny(20, 16), "non-critical")
    ev = policy.evaluate(case, ny(20, 16, 30))
    assert not ev.response.breached
    assert ev.history[0].breached
    assert ev.breached


def test_response_before_de_escalation_still_counts(policy: sla.Policy) -> None:
    case = sla.Case(ny(20, 15), "critical").respond(ny(20, 15, 10))
    ev = policy.evaluate(case.escalate(ny(20, 16), "non-critical"), ny(20, 17))
    assert ev.response.met_at == ny(20, 15, 10)
    assert not ev.response.breached
    later = case.escalate(ny(20, 16), "non-critical").respond(ny(20, 16, 30))
    assert policy.evaluate(later, ny(20, 17)).response.met_at == ny(20, 15, 10)


def test_a_response_before_an_escalation_answers_the_target_after_de_escalation(
    policy: sla.Policy,
) -> None:
    # Answered by email Monday 10:00, escalated at 11:00, de-escalated at 12:00 before the call.
    case = (sla.Case(ny(23, 9), "non-critical").respond(ny(23, 10))
            .escalate(ny(23, 11), "critical").escalate(ny(23, 12), "non-critical"))
    ev = policy.evaluate(case, ny(30, 9))
    assert ev.response.met_at == ny(23, 10)
    assert not ev.response.breached
    assert [h.breached for h in ev.history] == [False, True]  # the missed 15-minute call
    assert ev.breached
    # A later reply is allowed: it counts as an update and leaves the first response as is.
    again = policy.evaluate(case.respond(ny(23, 13)), ny(30, 9))
    assert again.response.met_at == ny(23, 10)
    assert again.last_update_at == ny(23, 13)


def test_a_case_never_answered_may_respond_after_de_escalation(policy: sla.Policy) -> None:
    case = sla.Case(ny(23, 9), "critical").escalate(ny(23, 9, 5), "non-critical")
    ev = policy.evaluate(case.respond(ny(23, 10)), ny(23, 11))
    assert ev.response.met_at == ny(23, 10)
    assert not ev.response.breached


@pytest.mark.parametrize(
    ("rule", "due"),
    [
        # Restart: the critical clock starts at the escalation.
        ("restart", ny(23, 10, 15)),
        # Carry over: Friday 15-17 and Monday 9-10 (3 hours) already used up the 15 minutes.
        ("carry-over", ny(23, 10) - 165 * M),
        # From the opening: 15 minutes of 24x7 time from Friday 15:00.
        ("from-opening", ny(20, 15, 15)),
    ],
)
def test_escalation_rules(rule: str, due: datetime) -> None:
    policy = sla.enterprise_policy("eastern", on_escalation=rule)
    case = sla.Case(ny(20, 15), "non-critical").escalate(ny(23, 10), "critical")
    ev = policy.evaluate(case, ny(23, 10, 5))
    assert ev.response.due == due
    assert ev.response.breached == (due < ny(23, 10, 5))


@pytest.mark.parametrize(
    ("rule", "due", "carried"),
    [
        # Restart: 8 business hours from the de-escalation, Friday 18:00 (after hours).
        ("restart", ny(23, 17), timedelta(0)),
        # Carry over: the 3 critical (24x7) hours used come off the 8 business hours.
        ("carry-over", ny(23, 14), 3 * H),
        # From the opening (the default): as if it had been non-critical all along.
        ("from-opening", ny(23, 15), timedelta(0)),
    ],
)
def test_de_escalation_rules(rule: str, due: datetime, carried: timedelta) -> None:
    policy = sla.enterprise_policy("eastern", on_de_escalation=rule)
    case = sla.Case(ny(20, 15), "critical").escalate(ny(20, 18), "non-critical")
    ev = policy.evaluate(case, ny(20, 18))
    assert ev.response.due == due
    assert ev.response.carried == carried
    assert ev.history[0].elapsed == 3 * H
    assert ev.history[0].breached  # the 15-minute call never came


def test_general_policy_and_severity_strings() -> None:
    eastern = bizhours.calendar("eastern")
    policy = sla.Policy(
        {
            "CRITICAL": sla.Target(timedelta(minutes=30), bizhours.calendar("24x7"), 2 * H),
            "non_critical": sla.Target(4 * H, eastern),
        },
        on_escalation="Carry_Over",
    )
    assert policy.targets[sla.Severity.NON_CRITICAL].clock is eastern
    assert policy.on_escalation is sla.SeverityChange.CARRY_OVER
    assert policy.on_de_escalation is sla.SeverityChange.FROM_OPENING
    assert policy == sla.Policy(dict(policy.targets), on_escalation="carry-over")
    assert hash(policy) == hash(sla.Policy(dict(policy.targets), on_escalation="carry-over"))
    ev = policy.evaluate(sla.Case(ny(20, 15), "Non-Critical"), ny(20, 15))
    assert ev.response.due == ny(23, 11)
    assert sla.Severity("non critical") is sla.Severity.NON_CRITICAL
    assert sla.Severity(sla.Severity.CRITICAL) is sla.Severity.CRITICAL


def test_policies_cases_and_evaluations_pickle(policy: sla.Policy) -> None:
    case = sla.Case(ny(21, 3), "critical").respond(ny(21, 3, 10)).pause(ny(21, 4))
    ev = policy.evaluate(case, ny(21, 5))
    for value in (policy, case, ev):
        assert pickle.loads(pickle.dumps(value)) == value
    assert pickle.loads(pickle.dumps(policy)).evaluate(case, ny(21, 5)) == ev


def test_enterprise_policy_takes_a_calendar() -> None:
    eve = bizhours.calendar("eastern").with_hours(date(2026, 12, 24), "09:00-12:00")
    policy = sla.enterprise_policy(eve, non_critical_response=4 * H)
    assert policy.targets[sla.Severity.CRITICAL].clock == bizhours.calendar("24x7")
    assert policy.targets[sla.Severity.CRITICAL].update_every is None
    ev = policy.evaluate(sla.Case(ny(24, 10, month=12), "non-critical"), ny(24, 10, month=12))
    # 2 hours on the short Christmas Eve, Christmas closed, 2 hours on Monday the 28th.
    assert ev.response.due == ny(28, 11, month=12)


def test_case_is_an_immutable_value() -> None:
    case = sla.Case(ny(20, 15), "non-critical")
    paused = case.pause(ny(20, 16))
    assert case.events == () and not case.paused
    assert paused.paused
    assert paused.events == (sla.Event(sla.EventKind.PAUSE, ny(20, 16)),)
    escalated = paused.escalate(ny(20, 16), "critical")
    assert escalated.severity is sla.Severity.CRITICAL
    assert escalated.opened_severity is sla.Severity.NON_CRITICAL
    assert escalated == case.pause(ny(20, 16)).escalate(ny(20, 16), "critical")
    with pytest.raises(AttributeError):
        case.severity = sla.Severity.CRITICAL  # type: ignore[misc]


def test_the_repeated_hour_at_the_end_of_dst_is_ordered_by_instant() -> None:
    # 25 October 2026, London: 01:00-02:00 happens twice (BST, then GMT).
    opened = datetime(2026, 10, 25, 1, 30, tzinfo=LONDON)  # 00:30 UTC
    pause = datetime(2026, 10, 25, 1, 40, tzinfo=LONDON)  # 00:40 UTC
    resume = datetime(2026, 10, 25, 1, 5, fold=1, tzinfo=LONDON)  # 01:05 UTC: a later instant
    case = sla.Case(opened, "critical").pause(pause).resume(resume)
    now = datetime(2026, 10, 25, 1, 7, fold=1, tzinfo=LONDON)  # (adding minutes drops fold)
    ev = sla.enterprise_policy("uk").evaluate(case, now)
    assert ev.response.elapsed == 12 * M
    # (PEP 495: an inter-zone == is always False for a time in the repeated hour.)
    assert ev.response.due.astimezone(UTC) == datetime(2026, 10, 25, 1, 10, tzinfo=UTC)
    assert ev.response.due.fold == 1 and ev.response.due.tzinfo is LONDON
    assert ev.response.remaining_wall == 3 * M
    with pytest.raises(sla.CaseError, match="out of order"):
        sla.Case(opened, "critical").pause(resume).resume(pause)  # 01:40 BST is before 01:05 GMT


# Every module of the package, found rather than listed: a new one is checked too.
@pytest.mark.parametrize(
    "module", ["sla", *(f"sla.{m.name}" for m in pkgutil.iter_modules(sla.__path__))]
)
def test_docstring_examples_run(module: str) -> None:
    result = doctest.testmod(importlib.import_module(f"bizhours.{module}"))
    assert result.attempted > 0 and result.failed == 0


def test_equal_policies_hash_alike_whatever_the_order_of_their_targets() -> None:
    eastern, always = bizhours.calendar("eastern"), bizhours.calendar("24x7")
    critical = sla.Target(timedelta(minutes=15), always)
    non_critical = sla.Target(8 * H, eastern)
    one = sla.Policy({"critical": critical, "non-critical": non_critical})
    other = sla.Policy({"non-critical": non_critical, "critical": critical})
    assert one == other
    assert hash(one) == hash(other)
    assert len({one, other}) == 1


def test_cases_in_the_repeated_hour_are_equal_only_at_the_same_instant() -> None:
    # 01:30 EDT and 01:30 EST are an hour apart; one zone's datetimes compare by wall time.
    first, second = datetime(2026, 11, 1, 1, 30, tzinfo=NY), datetime(2026, 11, 1, 1, 30,
                                                                       fold=1, tzinfo=NY)
    assert sla.Case(first, "critical") != sla.Case(second, "critical")
    opened = datetime(2026, 11, 1, 1, tzinfo=NY)
    assert sla.Case(opened, "critical").pause(first) != sla.Case(opened, "critical").pause(second)
    # The same instant in another zone is the same case.
    same = sla.Case(first.astimezone(UTC), "critical").pause(second.astimezone(UTC))
    assert same == sla.Case(first, "critical").pause(second)
    assert hash(same) == hash(sla.Case(first, "critical").pause(second))
    assert len({sla.Case(first, "critical"), sla.Case(second, "critical")}) == 2


def test_carried_time_beyond_the_new_target_is_breached_at_once_even_while_paused() -> None:
    # Found by Hypothesis: 81 minutes used (and answered) on a 24x7 non-critical target, paused,
    # then escalated with carry-over to a 1-minute critical target while still paused.
    always = bizhours.calendar("24x7")
    policy = sla.Policy({"critical": sla.Target(M, always),
                         "non-critical": sla.Target(81 * M, always)},
                        on_escalation="carry-over")
    t0 = datetime(2026, 1, 5, tzinfo=UTC)
    case = (sla.Case(t0, "non-critical").respond(t0 + 81 * M).pause(t0 + 82 * M)
            .escalate(t0 + 202 * M, "critical").resume(t0 + 203 * M))
    r = policy.evaluate(case, t0 + 203 * M).response
    assert r.carried == 81 * M
    assert r.due == t0 + 202 * M - 80 * M  # 1 minute minus 81 carried, before the change
    assert r.breached
    assert r.remaining == -80 * M


# --- the boundaries of pauses: at the deadline, around a response --------------------------


@pytest.mark.parametrize(("severity", "opened", "due"), [
    ("non-critical", ny(20, 15), ny(23, 15)),  # the business clock
    ("critical", ny(21, 3), ny(21, 3, 15)),  # the 24x7 clock
])
def test_a_pause_beginning_exactly_at_the_deadline_does_not_move_it(
    policy: sla.Policy, severity: str, opened: datetime, due: datetime
) -> None:
    case = sla.Case(opened, severity).pause(due).resume(due + H)
    ev = policy.evaluate(case, due + 2 * H)
    assert ev.response.due == due  # "at or after the deadline": at counts
    assert ev.response.breached


@pytest.mark.parametrize(("severity", "opened", "due"), [
    ("non-critical", ny(20, 15), ny(23, 15)),
    ("critical", ny(21, 3), ny(21, 3, 15)),
])
def test_a_pause_beginning_a_microsecond_before_the_deadline_moves_it(
    policy: sla.Policy, severity: str, opened: datetime, due: datetime
) -> None:
    case = sla.Case(opened, severity).pause(due - US).resume(due + H)
    ev = policy.evaluate(case, due + H)
    assert ev.response.due == due + H + US  # the microsecond left runs after the resumption
    assert not ev.response.breached
    assert ev.response.remaining == US


def test_a_response_during_a_pause_clips_the_pause_at_the_response(policy: sla.Policy) -> None:
    # Paused from Friday 16:00 to Monday 11:00, answered at Monday 10:00 inside the pause: the
    # pause counts to the response only (Fri 16-17, Mon 9-10), as if resumed at the response.
    case = (sla.Case(ny(20, 15), "non-critical").pause(ny(20, 16)).respond(ny(23, 10))
            .resume(ny(23, 11)))
    ev = policy.evaluate(case, ny(23, 12))
    assert ev.response.met_at == ny(23, 10)
    assert ev.response.elapsed == H  # Friday 15-16
    assert ev.response.remaining == 7 * H
    assert ev.response.due == ny(23, 17)  # 7 hours on from Monday 10:00
    assert not ev.response.breached


def test_explanations_name_weekdays_in_english_under_a_german_locale(
    german_locale: dict[str, str],
) -> None:
    # A host program that adopts the user's locale, as GUI and many server programs do.
    code = """if True:
        import locale
        from datetime import date, datetime
        from zoneinfo import ZoneInfo
        from bizhours import sla
        locale.setlocale(locale.LC_ALL, "")
        print(date(2026, 11, 20).strftime("%a"))  # the locale's own name: it took
        policy = sla.enterprise_policy("eastern")
        case = sla.Case(datetime(2026, 11, 20, 15, tzinfo=ZoneInfo("America/New_York")),
                        "non-critical")
        print(policy.evaluate(case, case.opened_at).explain())
    """
    out = subprocess.run([sys.executable, "-c", code], env=german_locale, capture_output=True,
                         text=True, check=True).stdout.splitlines()
    assert out[0] == "Fr"
    assert out[1].endswith("from Fri 2026-11-20 15:00 EST")
    assert out[-1] == "due      Mon 2026-11-23 15:00 EST"
