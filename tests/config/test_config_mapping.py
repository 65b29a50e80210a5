"""``contract_from_mapping`` builds what ``loads_contract`` builds from the same data, and
refuses the same mistakes at the same key paths."""

from __future__ import annotations

import json
import tomllib
from collections.abc import Callable
from types import MappingProxyType
from typing import Any

import pytest
from hypothesis import assume, given

from bizhours import BizHoursError
from bizhours.config import Contract, ContractError, contract_from_mapping, loads_contract
from tests.fuzz.settings import scaled
from tests.fuzz.test_fuzz_contract import contract_data, document
from tests.helpers import CONTRACT


def _outcome(build: Callable[[], Contract]) -> Any:
    try:
        contract = build()
    except ContractError as exc:
        return ("error", exc.key, exc.reason)
    except BizHoursError as exc:
        return ("error", type(exc), str(exc))
    return (contract.calendar, contract.policy, contract.label, contract.notes)


@scaled(60)
@given(data=contract_data)
def test_mapping_and_file_agree(data: dict[str, Any]) -> None:
    text = document(data)
    try:
        parsed = tomllib.loads(text)
    except tomllib.TOMLDecodeError:  # the fuzz grammar's escapes are JSON's, not all TOML
        assume(False)
    assert _outcome(lambda: contract_from_mapping(parsed, source="x")) == _outcome(
        lambda: loads_contract(text, source="x"))


def test_the_example_contract_as_json_from_a_database() -> None:
    text = CONTRACT.read_text(encoding="utf-8")
    from_file = loads_contract(text)
    stored = json.dumps(tomllib.loads(text), default=str)  # dates become ISO text
    from_json = contract_from_mapping(json.loads(stored), source="tickets.db")
    assert (from_json.calendar, from_json.policy, from_json.label, from_json.notes) == (
        from_file.calendar, from_file.policy, from_file.label, from_file.notes)
    assert from_json.source == "tickets.db"


def test_any_mapping_and_tuples_are_read() -> None:
    data = MappingProxyType({"calendar": MappingProxyType({
        "zone": "eastern", "adjustments": ({"date": "2026-12-24", "action": "close"},)})})
    assert contract_from_mapping(data).calendar == loads_contract(
        '[calendar]\nzone = "eastern"\n[[calendar.adjustments]]\ndate = 2026-12-24\n'
        'action = "close"\n').calendar


def test_errors_name_the_key_path_and_the_source() -> None:
    with pytest.raises(ContractError, match=r"^customer 42: calendar.adjustments\[0\].hours:"):
        contract_from_mapping({"calendar": {"zone": "eastern", "adjustments": [
            {"date": "2026-12-24", "action": "set", "hours": "25:00-26:00"}]}},
            source="customer 42")
    with pytest.raises(ContractError, match="<mapping>: must be a table, not a string"):
        contract_from_mapping("calendar")  # type: ignore[arg-type]
    nested: dict[str, Any] = {}
    inner = nested
    for _ in range(5000):
        inner["x"] = {}
        inner = inner["x"]
    with pytest.raises(ContractError, match="nested too deeply"):
        contract_from_mapping({"calendar": nested})
