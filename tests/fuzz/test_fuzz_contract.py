"""Fuzz: the contract loader (``bizhours.config.loads_contract``), over mutated TOML text and
over structured documents built from the real keys with random values (the right type most
of the time, so that the checks behind the type checks are reached)."""

from __future__ import annotations

import json
import re
import traceback
from datetime import UTC, date, datetime
from typing import Any

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from bizhours import BizHoursError
from bizhours.config import loads_contract
from tests.fuzz.grammar import (
    day_ranges,
    day_spec,
    duration,
    known_zone_failure,
    mutated,
    zone_name,
)
from tests.fuzz.settings import scaled
from tests.helpers import CONTRACT

AT = datetime(2026, 11, 20, 15, tzinfo=UTC)

# --- known failures of the contract loader, being mended on another branch -------------------

_RRULE_VALUES = re.compile(r"(BYMONTHDAY|BYMONTH|BYYEARDAY|BYWEEKNO|BYSETPOS|INTERVAL)=([^;\n]*)",
                           re.IGNORECASE)
_RANGES = {"BYMONTHDAY": 31, "BYMONTH": 12, "BYYEARDAY": 366, "BYWEEKNO": 53, "BYSETPOS": 366}


def known_rule_failure(text: str) -> bool:
    """Issue items on recurrence rules: "rrule = "DTSTART:20260101" (no RRULE) gives
    IndexError, INTERVAL=-1 ValueError, BYEASTER=400 IndexError", "INTERVAL=0 ... never
    returns", "a MINUTELY EXRULE gets past the check", "BYMONTHDAY=0 ... BYMONTH=13 ... never
    apply", "DTSTART;TZID=<path> ... opens arbitrary files"."""
    upper = text.upper()
    if "RRULE" not in upper.replace("EXRULE", "") or any(
            word in upper for word in ("BYEASTER", "TZID", "EXRULE")):
        return True
    for name, values in _RRULE_VALUES.findall(text):
        for value in values.split(","):
            try:
                number = int(value)
            except ValueError:
                return True  # dateutil's own ValueError: the "every dateutil exception" item
            if name.upper() == "INTERVAL" and number <= 0:
                return True
            if name.upper() in _RANGES and not 1 <= abs(number) <= _RANGES[name.upper()]:
                return True
    return False


def huge_toml_integer(text: str) -> bool:
    """Not in the issue (found by this suite, reported to the lead): a TOML integer of over
    4,300 digits is a raw ValueError from tomllib, which loads_contract lets through."""
    return re.search(r"[0-9]{4300,}", text) is not None


def known_contract_failure(text: str) -> bool:
    """The known failures a contract's text can carry: the rule items above, "5,000 nested [ a
    RecursionError", and "a 5,000-character zone name a raw OSError"; and one found here."""
    if "rrule" in text.lower() and known_rule_failure(text.replace("\\n", "\n")):
        return True
    if huge_toml_integer(text):
        return True
    if max(text.count("["), text.count("{")) > 200:
        return True
    return any(known_zone_failure(name) for name in re.findall(r'"([^"\n]*)"', text)) or (
        len(text) > 5_000)  # a long zone name, quoted or mutated past the quotes


def from_dateutil(exc: BaseException) -> bool:
    """Issue item "every dateutil exception at load time turned into a ConfigError naming the
    key" (mended on another branch): a raw exception raised inside dateutil's parser."""
    frames = traceback.extract_tb(exc.__traceback__)
    return any("dateutil" in frame.filename for frame in frames)


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
contract_data = st.fixed_dictionaries({"calendar": maybe(_calendar)},
                                      optional={"sla": maybe(_sla)})


def load_and_ask(text: str) -> None:
    """Load ``text``; ask the calendar one question if it loads (compiling what it needs)."""
    try:
        contract = loads_contract(text, source="fuzz.toml")
        contract.calendar.is_open(AT)
        contract.calendar.next_open(AT)
    except BizHoursError:
        return
    except Exception as exc:
        assume(not from_dateutil(exc))  # issue: every dateutil exception a ConfigError
        raise


@scaled(60)
@given(data=contract_data)
def test_fuzz_structured_contracts(data: dict[str, Any]) -> None:
    text = document(data)
    assume(not known_contract_failure(text))  # issue: the rule, nesting and zone items above
    load_and_ask(text)


@scaled(60)
@given(text=mutated(st.just(CONTRACT.read_text(encoding="utf-8")), 5)
       | contract_data.map(document).flatmap(lambda t: mutated(st.just(t), 3)))
def test_fuzz_contract_text(text: str) -> None:
    assume(not known_contract_failure(text))  # issue: the rule, nesting and zone items above
    load_and_ask(text)


@pytest.mark.xfail(strict=False, reason="recurrence rules validated (RFC 5545 ranges, RRULE "
                                        "required), being mended on another branch")
@pytest.mark.parametrize("rule", ["DTSTART:20260101", "DTSTART:20260101\\nRRULE:FREQ=DAILY;"
                                  "INTERVAL=-1", "DTSTART:20260101\\nRRULE:FREQ=YEARLY;"
                                  "BYEASTER=400", "DTSTART:20260101\\nRRULE:FREQ=MONTHLY;"
                                  "BYMONTHDAY=0"])
def test_bad_rules_are_contract_errors(rule: str) -> None:
    text = (f'[calendar]\nzone = "eastern"\n[[calendar.adjustments]]\nrrule = "{rule}"\n'
            'action = "close"\n')
    with pytest.raises(BizHoursError):
        loads_contract(text).calendar.is_open(AT)


@pytest.mark.xfail(strict=False, reason="found by the fuzz suite, not in the issue: a TOML "
                                        "integer of over 4,300 digits is a raw ValueError")
def test_huge_toml_integer_is_a_contract_error() -> None:
    with pytest.raises(BizHoursError):
        loads_contract('[calendar]\nzone = "eastern"\n[sla]\nnon_critical_response = '
                       + "1" * 4301)


@pytest.mark.xfail(strict=False, reason="5,000 nested [ are a RecursionError, being mended on "
                                        "another branch")
def test_deep_nesting_is_a_contract_error() -> None:
    with pytest.raises(BizHoursError):
        loads_contract("x = " + "[" * 5_000)
