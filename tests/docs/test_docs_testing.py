"""The code on docs/testing.md runs as printed: the planted bug is found, the properties hold."""

from __future__ import annotations

import re
import sys
import types
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, settings

PAGE = Path(__file__).resolve().parents[2] / "docs" / "testing.md"
BLOCKS = re.findall(r"```python\n(.*?)```", PAGE.read_text(encoding="utf-8"), re.DOTALL)
# The page's own default budget (the profile of tests/conftest.py makes CI's deterministic).
QUIET = settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])


def block(start: str) -> str:
    (code,) = [b for b in BLOCKS if b.startswith(start)]
    return code


def run(code: str, name: str = "docs_example") -> dict[str, Any]:
    namespace: dict[str, Any] = {"__name__": name}
    exec(compile(code, str(PAGE), "exec"), namespace)
    return namespace


def test_the_page_has_the_blocks_this_test_runs() -> None:
    assert len(BLOCKS) == 4


def test_the_ticketing_tools_off_by_one_is_found(monkeypatch: pytest.MonkeyPatch) -> None:
    due = types.ModuleType("ticketing.due")
    exec(compile(block("# ticketing/due.py"), str(PAGE), "exec"), due.__dict__)
    package = types.ModuleType("ticketing")
    package.due = due  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "ticketing", package)
    monkeypatch.setitem(sys.modules, "ticketing.due", due)
    # Hypothesis' default budget, whatever this run's profile: the page's claim is about it.
    default = settings(QUIET, max_examples=settings.get_profile("default").max_examples)
    test: Callable[[], None] = default(run(block("# tests/test_due.py"))[
        "test_due_date_matches_the_contract"])
    with pytest.raises(AssertionError):
        test()


@pytest.mark.parametrize("name", ["test_a_breach_never_turns_back",
                                  "test_a_response_is_late_exactly_when_it_comes_after_due"])
def test_the_case_timeline_properties_hold(name: str) -> None:
    QUIET(run(block("from datetime import UTC, timedelta"))[name])()


def test_the_reference_property_holds() -> None:
    QUIET(run(block("from hypothesis import given\nfrom hypothesis import strategies as st\n\n"
                    "from bizhours.strategies import calendar_recipes"))[
        "test_next_open_agrees_with_the_reference"])()
