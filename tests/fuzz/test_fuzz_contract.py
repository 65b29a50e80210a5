"""Fuzz: the contract loader (``bizhours.config.loads_contract``), over mutated TOML text and
over structured documents built from the real keys with random values (the right type most
of the time, so that the checks behind the type checks are reached)."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bizhours import BizHoursError, sla
from bizhours.config import loads_contract
from tests.fuzz.grammar import (
    day_ranges,
    day_spec,
    duration,
    mutated,
    zone_name,
)
from tests.fuzz.settings import scaled
from tests.helpers import CONTRACT

AT = datetime(2026, 11, 20, 15, tzinfo=UTC)

# --- TOML out of Python values ----------------------------------------------------------------


def toml(value: Any) -> str:
    """``value`` as a TOML value (inline tables for tables)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, str):
        return json.dumps(value)  # a TOML basic string: the same escapes
    if isinstance(value, list):
        return "[" + ", ".join(toml(v) for v in value) + "]"
    return "{" + ", ".join(f"{json.dumps(k)} = {toml(v)}" for k, v in value.items()) + "}"


def document(data: dict[str, Any]) -> str:
    return "\n".join(f"{json.dumps(k)} = {toml(v)}" for k, v in data.items()) + "\n"


# --- documents from the real keys ---------------------------------------------------------

_text = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=30)
_wrong = st.integers() | st.booleans() | st.floats() | st.just([]) | st.just({}) | _text
_days = st.dates(date(1, 1, 1), date(9999, 12, 31))
_near = st.dates(date(2020, 1, 1), date(2030, 12, 31))
_rrule = mutated(st.builds(
    lambda start, freq, extra: f"DTSTART:{start:%Y%m%d}\nRRULE:FREQ={freq}{extra}",
    _near, st.sampled_from(["YEARLY", "MONTHLY", "WEEKLY", "DAILY", "HOURLY", "yearly"]),
    st.sampled_from(["", ";BYDAY=-1FR", ";BYMONTH=12;BYMONTHDAY=24", ";INTERVAL=2", ";COUNT=3",
                     ";UNTIL=20271231", ";BYDAY=MO,TU", ";BYSETPOS=1;BYDAY=MO", ";BYWEEKNO=20",
                     ";INTERVAL=66", ";INTERVAL=0"])), 2)


def maybe(strategy: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    """Mostly ``strategy``, now and then a value of the wrong type."""
    return st.one_of(strategy, strategy, strategy, _wrong)


_hours = st.dictionaries(mutated(day_spec, 1), maybe(mutated(day_ranges, 1)), max_size=3)
_adjustment = st.fixed_dictionaries({}, optional={
    "date": maybe(_near), "from": maybe(_days | _near), "to": maybe(_days | _near),
    "rrule": maybe(_rrule), "action": maybe(st.sampled_from(["set", "close", "expand",
                                                             "contract", "open", ""])),
    "hours": maybe(mutated(day_ranges, 1)), "note": _text, "unknown": _text})
_holidays = st.fixed_dictionaries({}, optional={
    "country": maybe(st.sampled_from(["US", "UK", "GB", "DE", "FR", "JP", "XX", "us", ""])),
    "subdivision": maybe(st.sampled_from(["BY", "SCT", "CA", "ZZ", ""])),
    "extra": maybe(st.lists(maybe(_near), max_size=3)
                   | st.dictionaries(_near.map(date.isoformat) | _text, maybe(_text),
                                     max_size=3)),
    "removed": maybe(st.lists(maybe(_near), max_size=3))})
_custom = st.fixed_dictionaries({"timezone": maybe(zone_name | mutated(zone_name, 1)),
                                 "hours": maybe(_hours)},
                                optional={"holidays": maybe(_holidays)})
_preset = st.fixed_dictionaries(
    {"zone": maybe(st.sampled_from(["eastern", "pacific", "uk", "24x7", "UK", "mars"]))},
    optional={"subdivision": maybe(st.sampled_from(["ENG", "SCT", "WLS", "NIR", "XXX"])),
              "holidays": maybe(_holidays)})
_calendar = (_custom | _preset).flatmap(lambda base: st.fixed_dictionaries(
    {}, optional={"weekly_hours": maybe(st.lists(st.fixed_dictionaries(
                      {"effective": maybe(_near), "hours": maybe(_hours)}), max_size=2)),
                  "adjustments": maybe(st.lists(_adjustment, max_size=3))},
).map(lambda more: {**base, **more}))
_sla = st.fixed_dictionaries({}, optional={
    "non_critical_response": maybe(mutated(duration, 1)),
    "critical_update_every": maybe(mutated(duration, 1)),
    "on_escalation": maybe(st.sampled_from(["restart", "carry-over", "from-opening", "x"])),
    "on_de_escalation": maybe(st.sampled_from(["restart", "carry-over", "from-opening", ""]))})
_deadline = mutated(duration, 1) | st.sampled_from(["1bd@close", "0bd@close", "2bd", "0bd",
                                                    "1bd@16:00,cutoff=10:00"])
_names = st.sampled_from(["p1", "P1", "p2", "urgent", "non-critical", "critical", "", "a b"])
_target = st.fixed_dictionaries({"response": maybe(_deadline)}, optional={
    "clock": maybe(st.sampled_from(["business", "24x7", "24X7", "eastern", ""])),
    "update_every": maybe(_deadline), "next_reply": maybe(_deadline),
    "resolution": maybe(_deadline),
    "pausable": maybe(st.lists(maybe(st.sampled_from(["response", "next-reply", "next_reply",
                                                      "update", "resolution", "x"])),
                               max_size=3)),
    "warn_at": maybe(st.lists(maybe(st.floats(-1, 12) | st.integers(-1, 12)), max_size=3)),
    "unknown": _text})
_own_sla = st.fixed_dictionaries({"targets": maybe(st.dictionaries(_names, maybe(_target),
                                                                   max_size=4))},
                                 optional={"order": maybe(st.lists(maybe(_names), max_size=4)),
                                           "on_escalation": maybe(st.just("carry-over")),
                                           "non_critical_response": maybe(duration)})
contract_data = st.fixed_dictionaries({"calendar": maybe(_calendar)},
                                      optional={"sla": maybe(_sla | _own_sla)})


def load_and_ask(text: str) -> None:
    """Load ``text``; ask the calendar one question if it loads (compiling what it needs)."""
    try:
        contract = loads_contract(text, source="fuzz.toml")
        contract.calendar.is_open(AT)
        contract.calendar.next_open(AT)
        policy = contract.policy  # every severity's targets measure a case
        for name in policy.order:
            policy.evaluate(sla.Case(AT, name).respond(AT).customer_message(AT), AT)
    except BizHoursError:
        return


@scaled(60)
@given(data=contract_data)
def test_fuzz_structured_contracts(data: dict[str, Any]) -> None:
    text = document(data)
    load_and_ask(text)


@scaled(60)
@given(text=mutated(st.just(CONTRACT.read_text(encoding="utf-8")), 5)
       | contract_data.map(document).flatmap(lambda t: mutated(st.just(t), 3)))
def test_fuzz_contract_text(text: str) -> None:
    load_and_ask(text)


@pytest.mark.parametrize("rule", ["DTSTART:20260101", "DTSTART:20260101\\nRRULE:FREQ=DAILY;"
                                  "INTERVAL=-1", "DTSTART:20260101\\nRRULE:FREQ=YEARLY;"
                                  "BYEASTER=400", "DTSTART:20260101\\nRRULE:FREQ=MONTHLY;"
                                  "BYMONTHDAY=0"])
def test_bad_rules_are_contract_errors(rule: str) -> None:
    text = (f'[calendar]\nzone = "eastern"\n[[calendar.adjustments]]\nrrule = "{rule}"\n'
            'action = "close"\n')
    with pytest.raises(BizHoursError):
        loads_contract(text).calendar.is_open(AT)


def test_huge_toml_integer_is_a_contract_error() -> None:
    with pytest.raises(BizHoursError):
        loads_contract('[calendar]\nzone = "eastern"\n[sla]\nnon_critical_response = '
                       + "1" * 4301)


def test_deep_nesting_is_a_contract_error() -> None:
    with pytest.raises(BizHoursError):
        loads_contract("x = " + "[" * 5_000)
