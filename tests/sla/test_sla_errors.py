"""Bad input to SLA policies and cases: a clear error naming the event or value."""

import re
from datetime import UTC, datetime, timedelta

import pytest

import bizhours
from bizhours import sla
from tests.helpers import H

T0 = datetime(2026, 11, 20, 15, tzinfo=UTC)
def at(hours: float) -> datetime:
    return T0 + timedelta(hours=hours)


def test_case_error_is_a_bizhours_value_error() -> None:
    assert issubclass(sla.CaseError, bizhours.BizHoursError)
    assert issubclass(sla.CaseError, ValueError)


@pytest.mark.parametrize(
    ("build", "message"),
    [
        (lambda c: c.pause(at(2)).resume(at(1)), "resume at .*out of order.*pause at"),
        (lambda c: c.respond(at(-1)), "respond at .*before the case opened"),
        (lambda c: c.resume(at(1)), "resume at .*resume without a pause"),
        (lambda c: c.pause(at(1)).pause(at(2)), "pause at .*already paused since"),
        (lambda c: c.resolve(at(1)).update(at(2)),
         "update at .*nothing but a reopening may follow the resol"),
        (lambda c: c.resolve(at(1)).respond(at(1)), "respond at .*nothing but a reopening"),
        (lambda c: c.resolve(at(1)).customer_message(at(2)), "customer-message at .*nothing but"),
        (lambda c: c.reopen(at(1)), "reopen at .*without a resolution"),
        (lambda c: c.resolve(at(1)).reopen(at(2)).reopen(at(3)), "reopen at .*without a resol"),
        (lambda c: c.update(at(1)), "update at .*update before the first response"),
        (lambda c: c.workaround(at(1)), "workaround at .*before the first response"),
        (
            lambda c: c.respond(at(1)).workaround(at(2)).workaround(at(3)),
            "workaround at .*already provided",
        ),
        (lambda c: c.escalate(at(1), "non_critical"), "escalate to non-critical.*already non-cr"),
    ],
)
def test_inconsistent_timelines_name_the_event(build, message) -> None:  # type: ignore[no-untyped-def]
    case = sla.Case(T0, "non-critical")
    with pytest.raises(sla.CaseError, match=message):
        build(case)


@pytest.mark.parametrize("kind", ["update", "workaround"])
def test_after_an_escalation_updates_wait_for_the_escalated_response(kind: str) -> None:
    # Which change is an escalation is the policy's order, so evaluation checks it, whether
    # the event is before now or after it.
    case = sla.Case(T0, "non-critical").respond(at(1)).escalate(at(2), "critical")
    late = getattr(case, kind)(at(3))
    policy = sla.enterprise_policy("eastern")
    for now in (at(4), at(2)):
        with pytest.raises(sla.CaseError, match=f"{kind} at .*since the escalation.*earlier "
                                                "response does not answer"):
            policy.evaluate(late, now)
    assert policy.evaluate(case.respond(at(3)).update(at(4)), at(5)).last_update_at == at(4)


def test_events_at_the_same_instant_are_in_order() -> None:
    case = sla.Case(T0, "critical").respond(T0).update(T0).pause(T0).resume(T0).resolve(T0)
    assert [e.kind.value for e in case.events] == [
        "respond", "update", "pause", "resume", "resolve",
    ]


def test_naive_datetimes_are_refused() -> None:
    naive = datetime(2026, 11, 20, 15)
    with pytest.raises(bizhours.NaiveDatetimeError, match="opened_at"):
        sla.Case(naive, "critical")
    case = sla.Case(T0, "critical")
    with pytest.raises(bizhours.NaiveDatetimeError, match="pause at"):
        case.pause(naive)
    with pytest.raises(bizhours.NaiveDatetimeError, match="now"):
        sla.enterprise_policy("eastern").evaluate(case, naive)
    with pytest.raises(sla.CaseError, match="respond at '15:00' must be an aware datetime"):
        case.respond("15:00")  # type: ignore[arg-type]


def test_now_before_opening_is_refused() -> None:
    with pytest.raises(sla.CaseError, match="before the case opened"):
        sla.enterprise_policy("eastern").evaluate(sla.Case(T0, "critical"), at(-1))


def test_a_severity_without_a_target_is_named_with_the_policy_names() -> None:
    policy = sla.enterprise_policy("eastern")
    names = re.escape("its severities are critical, non-critical")
    with pytest.raises(sla.CaseError, match=f"opens: .*no target for severity 'sev1': {names}"):
        policy.evaluate(sla.Case(T0, "sev1"), at(1))
    later = sla.Case(T0, "critical").escalate(at(5), "Urgent")
    for now in (at(6), at(1)):  # after now too: the case does not fit the policy
        with pytest.raises(sla.CaseError, match=f"escalate to urgent at .*'urgent': {names}"):
            policy.evaluate(later, now)
    with pytest.raises(bizhours.ConfigError, match="unknown Severity 3"):
        sla.Severity(3)
    with pytest.raises(sla.CaseError, match=r"a severity is a name .* not 3"):
        sla.Case(T0, 3)  # type: ignore[arg-type]
    with pytest.raises(sla.CaseError, match="must not be empty"):
        sla.Case(T0, " _ ")
    with pytest.raises(bizhours.ConfigError, match=r"'later'.*'restart', 'carry-over'"):
        sla.enterprise_policy("eastern", on_escalation="later")


@pytest.mark.parametrize(
    ("bad", "shown"), [(timedelta(0), "0:00:00"), (-H, "-1:00:00"), (8, "8"), (None, "None")]
)
def test_non_positive_targets_are_refused(bad: object, shown: str) -> None:
    with pytest.raises(bizhours.ConfigError, match=f"not {re.escape(shown)}$"):
        sla.Target(bad, bizhours.calendar("24x7"))  # type: ignore[arg-type]
    with pytest.raises(bizhours.ConfigError, match=r"non_critical_response|response target"):
        sla.enterprise_policy("eastern", non_critical_response=bad)  # type: ignore[arg-type]


def test_bad_update_cadence_and_clock_are_refused() -> None:
    message = r"update_every must be a positive timedelta, not -1:00:00$"
    with pytest.raises(bizhours.ConfigError, match=message):
        sla.enterprise_policy("eastern", critical_update_every=-H)
    with pytest.raises(bizhours.ConfigError, match=r"clock.*'eastern'"):
        sla.Target(H, "eastern")  # type: ignore[arg-type]


def test_policies_need_a_target_and_an_order_naming_each_severity_once() -> None:
    day = bizhours.calendar("24x7")
    with pytest.raises(bizhours.ConfigError, match="at least one severity"):
        sla.Policy({})
    with pytest.raises(bizhours.ConfigError, match="must be a Target"):
        sla.Policy({"critical": H, "non-critical": H})  # type: ignore[dict-item]
    with pytest.raises(bizhours.ConfigError, match="'P1' is given twice"):
        sla.Policy({"p1": sla.Target(H, day), "P1": sla.Target(H, day)})
    two = {"p1": sla.Target(H, day), "p2": sla.Target(2 * H, day)}
    for order in (["p1"], ["p1", "p1"], ["p1", "p3"], "p1"):
        with pytest.raises(bizhours.ConfigError, match="order must list"):
            sla.Policy(two, order=order)


def test_unknown_zone_is_a_config_error() -> None:
    with pytest.raises(bizhours.ConfigError, match="'mars'"):
        sla.enterprise_policy("mars")
    with pytest.raises(bizhours.ConfigError, match=r"Service Time Zone name or a bizhours.Cal"):
        sla.enterprise_policy(42)  # type: ignore[arg-type]
