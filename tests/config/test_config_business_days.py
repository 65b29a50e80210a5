"""The contract file's business-day targets: ``non_critical_response = "1bd@close"`` and the
table ``{ business_days = 1, by = "16:00", cutoff = "10:00" }``, and their mistakes named at
their key."""

from __future__ import annotations

from datetime import time, timedelta

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from bizhours import BusinessDays, calendar
from bizhours.config import ContractError, loads_contract
from bizhours.sla import Severity

SLA = '[calendar]\nzone = "eastern"\n[sla]\n'


def response(value: str) -> timedelta | BusinessDays:
    """The non-critical response target of a contract giving it as ``value`` (TOML)."""
    contract = loads_contract(f"{SLA}non_critical_response = {value}\n")
    target = contract.policy.targets[Severity.NON_CRITICAL]
    assert target.clock == calendar("eastern")  # measured on the contract's calendar
    return target.response


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ('"2bd"', BusinessDays(2)),
        ('"1bd@16:00"', BusinessDays(1, by="16:00")),
        ('"1bd@close"', BusinessDays(1, by="close")),
        ('"0BD @ Close"', BusinessDays(0, by="close")),
        ('"1bd@16:00,cutoff=10:00"', BusinessDays(1, by="16:00", cutoff="10:00")),
        ('{ business_days = 1, by = "16:00", cutoff = "10:00" }',
         BusinessDays(1, by="16:00", cutoff="10:00")),
        ("{ business_days = 2 }", BusinessDays(2)),
        ('{ business_days = 0, by = "close" }', BusinessDays(0, by="close")),
        ('{ business_days = 1, by = "Open" }', BusinessDays(1, by="open")),
        ("{ business_days = 1, by = 16:00:00, cutoff = 10:30:00 }",
         BusinessDays(1, by=time(16), cutoff=time(10, 30))),
        ('"8h"', timedelta(hours=8)),
    ],
)
def test_business_day_targets_are_read(value: str, expected: object) -> None:
    assert response(value) == expected


def test_the_table_form_in_its_own_section() -> None:
    contract = loads_contract(f"{SLA}[sla.non_critical_response]\nbusiness_days = 1\n"
                              'by = "close"\n')
    assert contract.policy.targets["non-critical"].response == BusinessDays(1, by="close")


@given(st.integers(0, 3650), st.none() | st.sampled_from(["open", "close", "16:00", "09:30:15"]),
       st.none() | st.sampled_from(["10:00", "23:59:59"]))
def test_string_and_table_give_the_same_target(days: int, by: str | None,
                                               cutoff: str | None) -> None:
    assume(days or by is not None)  # 0bd alone is refused (see test_mistakes_name_their_key)
    value = BusinessDays(days, by=by, cutoff=cutoff)
    table = ", ".join([f"business_days = {days}",
                       *([f'by = "{by}"'] if by is not None else []),
                       *([f'cutoff = "{cutoff}"'] if cutoff is not None else [])])
    assert response(f'"{value}"') == value
    assert response(f"{{ {table} }}") == value


@pytest.mark.parametrize(
    ("value", "key", "message"),
    [
        ('"2d"', "sla.non_critical_response",
         '"2d" is not a duration or business days: duration \'2d\': a business day is not 24 '
         "hours"),
        ('"2 days"', "sla.non_critical_response", "write 2bd for two business days"),
        ('"P2D"', "sla.non_critical_response", "or give business hours such as 16h"),
        ('"1.5bd"', "sla.non_critical_response", "number of business days must be whole"),
        ('"-1bd"', "sla.non_critical_response", "cannot be negative"),
        ('"1bd@25:00"', "sla.non_critical_response", "by='25:00'"),
        ('"1bd,until=10:00"', "sla.non_critical_response",
         "'until' after the comma is not a known key"),
        ('"0bd"', "sla.non_critical_response", "would be due the moment work can begin"),
        ('"3651bd"', "sla.non_critical_response", "3,651 business days are more than the most "
         "accepted, 3,650 (ten years)"),
        ("8", "sla.non_critical_response", 'or a table { business_days = 1, by = "16:00"'),
        ('{ business_days = 1, until = "10:00" }', "sla.non_critical_response.until",
         "unknown key: accepted here business_days, by, cutoff"),
        ('{ by = "16:00" }', "sla.non_critical_response.business_days",
         "missing: give the whole number of business days"),
        ("{ business_days = 1.5 }", "sla.non_critical_response.business_days",
         "1.5 must be a whole number of business days, not a float"),
        ('{ business_days = "1" }', "sla.non_critical_response.business_days",
         "must be a whole number of business days, not a string"),
        ("{ business_days = true }", "sla.non_critical_response.business_days",
         "not a boolean"),
        ("{ business_days = -1 }", "sla.non_critical_response.business_days",
         "-1 must be 0 or more"),
        ("{ business_days = 99999999999999999999 }", "sla.non_critical_response.business_days",
         "99,999,999,999,999,999,999 business days are more than the most accepted"),
        ("{ business_days = 3651 }", "sla.non_critical_response.business_days",
         "3,651 business days are more than the most accepted"),
        ("{ business_days = 0 }", "sla.non_critical_response",
         "would be due the moment work can begin"),
        ('{ business_days = 1, by = "25:00" }', "sla.non_critical_response.by",
         '"25:00" is not accepted: business days by=\'25:00\''),
        ('{ business_days = 1, by = "noon" }', "sla.non_critical_response.by", "'open' or "
         "'close'"),
        ("{ business_days = 1, by = 16 }", "sla.non_critical_response.by",
         '16 must be a wall time such as "16:00", "open" or "close", not an integer'),
        ('{ business_days = 1, cutoff = "close" }', "sla.non_critical_response.cutoff",
         "business days cutoff='close'"),
        ("{ business_days = 1, cutoff = 2026-01-01 }", "sla.non_critical_response.cutoff",
         'must be a wall time such as "16:00", not a date'),
        ("{ business_days = 1, cutoff = 10:00:00.5 }", "sla.non_critical_response.cutoff",
         "without tzinfo or fractions"),
    ],
)
def test_mistakes_name_their_key(value: str, key: str, message: str) -> None:
    with pytest.raises(ContractError) as info:
        loads_contract(f"{SLA}non_critical_response = {value}\n", source="c.toml")
    error = info.value
    assert error.key == key
    assert message in error.reason
    assert str(error).startswith(f"c.toml: {key}: ")


@pytest.mark.parametrize(("value", "message"), [
    ('"1bd"', "is a business-day deadline, not a length of open time, and is not accepted here"),
    ('"2d"', "give business hours instead, such as 16h"),
])
def test_the_update_cadence_stays_a_duration(value: str, message: str) -> None:
    with pytest.raises(ContractError) as info:
        loads_contract(f"{SLA}critical_update_every = {value}\n")
    assert info.value.key == "sla.critical_update_every"
    assert message in info.value.reason
