"""The contract file's own severities: ``[sla.targets.<name>]`` tables, ``sla.order``, and
each bad value refused at its key path; the enterprise keys beside them are refused."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from bizhours import BusinessDays, calendar, sla
from bizhours.config import ContractError, load_contract, loads_contract
from tests.helpers import CONTRACT, NY

BASE = '[calendar]\nzone = "eastern"\n[sla]\n'
P1 = '[sla.targets.p1]\nresponse = "1h"\n'


def error(text: str) -> ContractError:
    with pytest.raises(ContractError) as info:
        loads_contract(text)
    return info.value


def test_every_key_of_a_target_reaches_the_policy() -> None:
    policy = loads_contract(BASE + '''
[sla.targets.urgent]
response = "15m"
clock = "24x7"
update_every = "PT30M"
next_reply = "1h"
resolution = "8h"
pausable = ["resolution", "next_reply"]
warn_at = [0.75, 0.5]
[sla.targets.normal]
response = "1bd@close"
next_reply = { business_days = 2, by = "16:00" }
resolution = "5bd@close"
pausable = []
''').policy
    eastern = calendar("eastern")
    assert policy.order == ("urgent", "normal")
    assert policy.targets["urgent"] == sla.Target(
        timedelta(minutes=15), calendar("24x7"), update_every=timedelta(minutes=30),
        next_reply=timedelta(hours=1), resolution=timedelta(hours=8),
        pausable=frozenset({sla.Metric.RESOLUTION, sla.Metric.NEXT_REPLY}), warn_at=(0.5, 0.75))
    assert policy.targets["normal"] == sla.Target(
        BusinessDays(1, by="close"), eastern, next_reply=BusinessDays(2, by="16:00"),
        resolution=BusinessDays(5, by="close"), pausable=frozenset())


def test_clock_business_is_the_calendar_and_the_default() -> None:
    policy = loads_contract(BASE + P1 + '[sla.targets.p2]\nresponse = "1h"\nclock = "Business"\n'
                            ).policy
    assert policy.targets["p1"].clock == policy.targets["p2"].clock == calendar("eastern")


def test_order_names_the_urgency_and_is_compared_leniently() -> None:
    text = (BASE + 'order = ["P_1", "low"]\non_escalation = "carry-over"\n'
            '[sla.targets.low]\nresponse = "8h"\n[sla.targets.p-1]\nresponse = "1h"\n')
    policy = loads_contract(text).policy
    assert policy.order == ("p-1", "low")
    assert policy.on_escalation is sla.SeverityChange.CARRY_OVER
    # Without order, the tables' order is the urgency.
    assert loads_contract(BASE + P1.replace("p1", "b") + P1.replace("p1", "a")).policy.order == (
        "b", "a")


def test_the_enterprise_names_as_targets_keep_critical_first() -> None:
    text = (BASE + '[sla.targets.non-critical]\nresponse = "4h"\n'
            '[sla.targets.critical]\nresponse = "15m"\nclock = "24x7"\n')
    policy = loads_contract(text).policy
    assert policy.order == (sla.Severity.CRITICAL, sla.Severity.NON_CRITICAL)


def test_a_policy_from_tables_evaluates_like_the_python_api() -> None:
    contract = loads_contract(BASE + '[sla.targets.p3]\nresponse = "2h"\n'
                              'resolution = "1bd@close"\n')
    opened = datetime(2026, 11, 20, 16, tzinfo=NY)
    ev = contract.policy.evaluate(sla.Case(opened, "P3"), opened)
    assert ev.response.due == datetime(2026, 11, 23, 10, tzinfo=NY)
    assert ev.resolution is not None
    assert ev.resolution.due == datetime(2026, 11, 23, 17, tzinfo=NY)


def test_the_example_file_has_four_priorities() -> None:
    policy = load_contract(CONTRACT).policy
    assert policy.order == ("p1", "p2", "p3", "p4")
    p1, p3 = policy.targets["p1"], policy.targets["p3"]
    assert p1.clock == calendar("24x7") and p1.update_every == timedelta(hours=1)
    assert p3.clock == load_contract(CONTRACT).calendar
    assert policy.targets["p2"].pausable == frozenset({sla.Metric.RESOLUTION})
    assert policy.targets["p4"].response == BusinessDays(1, by="close")


@pytest.mark.parametrize(
    ("text", "key", "reason"),
    [
        (P1 + 'next_reply = "2d"\n', "sla.targets.p1.next_reply", "write 2bd"),
        (P1 + 'resolution = "0s"\n', "sla.targets.p1.resolution", "must be a positive duration"),
        (P1 + "resolution = { business_days = -1 }\n", "sla.targets.p1.resolution.business_days",
         "must be 0 or more"),
        (P1 + 'next_reply = "0bd"\n', "sla.targets.p1.next_reply", "the moment work can begin"),
        (P1 + 'update_every = "1bd"\n', "sla.targets.p1.update_every", "not business days"),
        (P1 + "update_every = { business_days = 1 }\n", "sla.targets.p1.update_every",
         "not business days"),
        (P1 + "update_every = 60\n", "sla.targets.p1.update_every", "must be a duration string"),
        (P1 + 'clock = "eastern"\n', "sla.targets.p1.clock", 'accepted "business"'),
        (P1 + "clock = 1\n", "sla.targets.p1.clock", "must be"),
        (P1 + 'pausable = "response"\n', "sla.targets.p1.pausable", "must be an array"),
        (P1 + 'pausable = ["response", "replies"]\n', "sla.targets.p1.pausable[1]",
         "accepted response, next-reply, update, resolution"),
        (P1 + "pausable = [1]\n", "sla.targets.p1.pausable[0]", "must be a metric name"),
        (P1 + "warn_at = 0.5\n", "sla.targets.p1.warn_at", "must be an array"),
        (P1 + "warn_at = [0.5, 0]\n", "sla.targets.p1.warn_at[1]", "above 0"),
        (P1 + "warn_at = [true]\n", "sla.targets.p1.warn_at[0]", "above 0"),
        (P1 + 'warn_at = ["75%"]\n', "sla.targets.p1.warn_at[0]", "above 0"),
        (P1 + "warn_at = [11]\n", "sla.targets.p1.warn_at[0]", "at most 10"),
        (P1 + "warn_at = [nan]\n", "sla.targets.p1.warn_at[0]", "above 0"),
        (P1 + 'colour = "red"\n', "sla.targets.p1.colour", "unknown key: accepted here response"),
        ('[sla.targets.p1]\nnext_reply = "1h"\n', "sla.targets.p1.response", "missing"),
        ("[sla.targets]\np1 = 5\n", "sla.targets.p1", "must be a table"),
        ('[sla.targets."p 1"]\nresponse = "1h"\n[sla.targets.P_1]\nresponse = "2h"\n',
         "sla.targets.P_1", "names the severity 'p-1' again"),
        ('[sla.targets.""]\nresponse = "1h"\n', 'sla.targets.""', "needs a name"),
        ("targets = {}\n", "sla.targets", "not an empty table"),
        ('targets = "p1"\n', "sla.targets", "must be a table of at least one severity"),
        ('order = ["p1"]\n', "sla.order", "give those tables too"),
        ('order = "p1"\n' + P1, "sla.order", "must be an array"),
        ('order = ["p1", "p2"]\n' + P1, "sla.order[1]", "accepted p1"),
        ('order = ["p1", "P1"]\n' + P1, "sla.order[1]", "listed twice"),
        ('order = [1]\n' + P1, "sla.order[0]", "must be a severity name"),
        ('order = ["p2"]\n' + P1 + '[sla.targets.p2]\nresponse = "1h"\n', "sla.order",
         "leaves out p1"),
        ('non_critical_response = "4h"\n' + P1, "sla.non_critical_response",
         "not accepted with [sla.targets]"),
        ('critical_update_every = "1h"\n' + P1, "sla.critical_update_every",
         "not accepted with [sla.targets]"),
        ('on_escalation = "later"\n' + P1, "sla.on_escalation", "is not accepted"),
    ],
)
def test_bad_values_name_their_key_path(text: str, key: str, reason: str) -> None:
    exc = error(BASE + text)
    assert exc.key == key
    assert reason in exc.reason, exc.reason
    assert str(exc).startswith(f"<string>: {key}: ")


def test_the_enterprise_keys_keep_working() -> None:
    policy = loads_contract(BASE + 'non_critical_response = "4h"\ncritical_update_every = "1h"\n'
                            ).policy
    assert policy == sla.enterprise_policy("eastern", timedelta(hours=4), timedelta(hours=1))
