"""``bizhours hours`` on a night desk: a window that runs past midnight is shown whole, its
close marked ``(+1)``, on the date it opens; the next date still lists its part after
midnight, which that date's holiday closes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bizhours.cli import main

DESK = """[calendar]
timezone = "America/New_York"
hours = { mon-fri = "22:00-06:00" }

[calendar.holidays]
country = "US"
"""


def hours(tmp_path: Path, capsys: pytest.CaptureFixture[str], *args: str) -> list[str]:
    terms = tmp_path / "desk.toml"
    terms.write_text(DESK, encoding="utf-8")
    assert main(["hours", "--config", str(terms), "--from", "2026-11-23", "--days", "7",
                 *args]) == 0
    return capsys.readouterr().out.splitlines()


def test_a_night_window_is_shown_whole_on_the_date_it_opens(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    lines = hours(tmp_path, capsys)
    assert "  Mon 2026-11-23  22:00-06:00(+1) EST" in lines
    assert "  Tue 2026-11-24  00:00-06:00, 22:00-06:00(+1) EST" in lines
    # Thanksgiving closes Thursday's own hours, so Wednesday's night ends at midnight.
    assert "  Wed 2026-11-25  00:00-06:00, 22:00-24:00 EST" in lines
    assert "  Sat 2026-11-28  00:00-06:00 EST" in lines


def test_json_windows_stay_within_their_date(tmp_path: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    terms = tmp_path / "desk.toml"
    terms.write_text(DESK, encoding="utf-8")
    assert main(["hours", "--config", str(terms), "--from", "2026-11-23", "--days", "1",
                 "--json"]) == 0
    monday = json.loads(capsys.readouterr().out)["days"][0]
    assert monday["windows"] == [["2026-11-23T22:00:00-05:00", "2026-11-24T00:00:00-05:00"]]
