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
        (lambda c: c.resolve(at(1)).update(at(2)), "update at .*nothing may follow the resol"),
        (lambda c: c.resolve(at(1)).respond(at(1)), "respond at .*nothing may follow"),
        (lambda c: c.respond(at(1)).respond(at(2)), "respond at .*already responded"),
        (lambda c: c.update(at(1)), "update at .*update before the response"),
        (lambda c: c.workaround(at(1)), "workaround at .*before the response"),
        (
            lambda c: c.respond(at(1)).workaround(at(2)).workaround(at(3)),
            "workaround at .*already provided",
        ),
        (lambda c: c.escalate(at(1), "non_critical"), "escalate to non-critical.*already non-cr"),
        (
            lambda c: c.respond(at(1)).escalate(at(2), "critical").update(at(3)),
            "update at .*since the escalation at .*earlier response does not answer",
        ),
    ],
)
def test_inconsistent_timelines_name_the_event(build, message) -> None:  # type: ignore[no-untyped-def]
    case = sla.Case(T0, "non-critical")
    with pytest.raises(sla.CaseError, match=message):
        build(case)


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


def test_unknown_severity_names_the_value_and_what_is_accepted() -> None:
    accepted = re.escape("accepted 'critical', 'non-critical'")
    with pytest.raises(bizhours.ConfigError, match=f"'sev1': {accepted}"):
        sla.Case(T0, "sev1")
    with pytest.raises(bizhours.ConfigError, match="'urgent'"):
        sla.Case(T0, "critical").escalate(at(1), "urgent")
    with pytest.raises(bizhours.ConfigError, match="unknown Severity 3"):
        sla.Severity(3)
    with pytest.raises(bizhours.ConfigError, match="'blocker'"):
        sla.Policy({"blocker": sla.Target(H, bizhours.calendar("24x7"))})
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


def test_policies_need_a_target_for_each_severity() -> None:
    with pytest.raises(bizhours.ConfigError, match="no target for non-critical"):
        sla.Policy({"critical": sla.Target(H, bizhours.calendar("24x7"))})
    with pytest.raises(bizhours.ConfigError, match="must be a Target"):
        sla.Policy({"critical": H, "non-critical": H})  # type: ignore[dict-item]


def test_unknown_zone_is_a_config_error() -> None:
    with pytest.raises(bizhours.ConfigError, match="'mars'"):
        sla.enterprise_policy("mars")
    with pytest.raises(bizhours.ConfigError, match=r"Service Time Zone name or a bizhours.Cal"):
        sla.enterprise_policy(42)  # type: ignore[arg-type]
