"""``bizhours add`` with business days, end to end: api.md's worked examples on the eastern
calendar around Thanksgiving (Thursday 2026-11-26), answered by the calendar itself, and
``bizhours due`` on a contract whose target is in business days."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bizhours.cli import main


def add(capsys: pytest.CaptureFixture[str], at: str, duration: str) -> tuple[str, str]:
    """The deadline `bizhours add AT DURATION --json` gives, and its line of text."""
    assert main(["add", at, duration, "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["duration"] == duration
    assert main(["add", at, duration]) == 0
    return data["result"], capsys.readouterr().out


@pytest.mark.parametrize(
    ("at", "duration", "due", "shown"),
    [
        # Same time of day, one business day on: Thanksgiving is skipped.
        ("2026-11-25T10:30-05:00", "1bd", "2026-11-27T10:30:00-05:00",
         "Fri 2026-11-27 10:30 EST  (1bd on eastern business days after Wed 2026-11-25 10:30 "
         "EST)"),
        # After Friday's close the start moves to Monday 09:00; one business day on is Tuesday.
        ("2026-11-20T18:00-05:00", "1bd", "2026-11-24T09:00:00-05:00",
         "Tue 2026-11-24 09:00 EST  (1bd on eastern business days after Fri 2026-11-20 18:00 "
         "EST)"),
        # From Saturday: the start's business day is Monday, so by Tuesday's close.
        ("2026-11-21T10:00-05:00", "1bd@close", "2026-11-24T17:00:00-05:00",
         "Tue 2026-11-24 17:00 EST  (1bd@close on eastern business days after Sat 2026-11-21 "
         "10:00 EST)"),
        # By the close of this business day.
        ("2026-11-23T15:00-05:00", "0bd@close", "2026-11-23T17:00:00-05:00",
         "Mon 2026-11-23 17:00 EST  (0bd@close on eastern business days after Mon 2026-11-23 "
         "15:00 EST)"),
        # In after the 10:00 cutoff: counted from Tuesday, so Wednesday by 16:00.
        ("2026-11-23T11:00-05:00", "1bd@16:00,cutoff=10:00", "2026-11-25T16:00:00-05:00",
         "Wed 2026-11-25 16:00 EST  (1bd@16:00,cutoff=10:00 on eastern business days after "
         "Mon 2026-11-23 11:00 EST)"),
    ],
    ids=["wed-1bd", "fri-evening-1bd", "sat-1bd-close", "mon-0bd-close", "mon-after-cutoff"],
)
def test_api_examples(capsys: pytest.CaptureFixture[str], at: str, duration: str, due: str,
                      shown: str) -> None:
    result, text = add(capsys, at, duration)
    assert result == due
    assert text == shown + "\n"


def test_before_the_cutoff_counts_from_the_same_day(capsys: pytest.CaptureFixture[str]) -> None:
    result, _ = add(capsys, "2026-11-23T09:30-05:00", "1bd@16:00,cutoff=10:00")
    assert result == "2026-11-24T16:00:00-05:00"


def test_a_wall_time_without_offset_is_eastern(capsys: pytest.CaptureFixture[str]) -> None:
    result, _ = add(capsys, "2026-11-25T10:30", "2bd")
    assert result == "2026-11-30T10:30:00-05:00"  # Fri 27th is one, Mon 30th the second


def test_due_on_a_contract_with_a_business_day_target(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    terms = tmp_path / "terms.toml"
    terms.write_text('[calendar]\nzone = "eastern"\n[sla]\n'
                     'non_critical_response = { business_days = 1, by = "16:00", '
                     'cutoff = "10:00" }\n', encoding="utf-8")
    assert main(["due", "--config", str(terms), "--severity", "non-critical", "--opened",
                 "2026-11-23T11:00", "--at", "2026-11-23T12:00", "--json"]) == 0
    response = json.loads(capsys.readouterr().out)["response"]
    assert response["target"] == "1bd@16:00,cutoff=10:00"
    assert response["due"] == "2026-11-25T16:00:00-05:00"  # in after the cutoff
    # Mon 11:00-17:00, Tue 09:00-17:00, Wed 09:00-16:00, one hour of it used.
    assert response["remaining_seconds"] == 20 * 3600
