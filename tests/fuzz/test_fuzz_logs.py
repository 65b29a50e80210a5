"""Fuzz: the attempt-log readers (``bizhours.availability.read_csv`` and ``read_jsonl``), strict
and lenient, over files written from a grammar of logs (headers, ISO 8601 and epoch
timestamps, statuses) with mutations, invalid UTF-8 and compressed-file prefixes."""

from __future__ import annotations

import contextlib
from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bizhours import BizHoursError
from bizhours.availability import measure, read_csv, read_jsonl
from tests.fuzz.grammar import content, csv_text, jsonl_text
from tests.fuzz.settings import scaled

START, END = datetime(2026, 1, 5, tzinfo=UTC), datetime(2026, 1, 6, tzinfo=UTC)


@pytest.fixture(scope="module")
def log_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("fuzz-logs")


def read_all(path: Path, kind: str, lenient: bool) -> None:
    """Read the whole log and measure a day with it; a ``BizHoursError`` is an answer too."""
    reader = read_csv if kind == "csv" else read_jsonl
    log = reader(path, lenient=lenient)
    try:
        attempts = list(log)
        report = measure(reader(path, lenient=lenient), START, END)
    except BizHoursError:
        return
    assert report.input.counted + report.input.outside == len(attempts)
    if not lenient:
        assert not log.rejected


@scaled(80)
@given(data=content(csv_text()), lenient=st.booleans())
def test_fuzz_read_csv(log_dir: Path, data: bytes, lenient: bool) -> None:
    path = log_dir / "log.csv"
    path.write_bytes(data)
    read_all(path, "csv", lenient)


@scaled(80)
@given(data=content(jsonl_text()), lenient=st.booleans())
def test_fuzz_read_jsonl(log_dir: Path, data: bytes, lenient: bool) -> None:
    path = log_dir / "log.jsonl"
    path.write_bytes(data)
    read_all(path, "jsonl", lenient)


@pytest.mark.parametrize(("name", "row"), [("a.csv", "1" * 5000 + ",api,200"),
                                           ("a.jsonl", '{"timestamp": ' + "1" * 5000 +
                                            ', "channel": "api", "status": 200}')])
@pytest.mark.parametrize("lenient", [False, True])
def test_huge_numbers_in_logs_are_log_errors(tmp_path: Path, name: str, row: str,
                                             lenient: bool) -> None:
    path = tmp_path / name
    header = "timestamp,channel,status\n" if name.endswith(".csv") else ""
    path.write_text(header + row + "\n", encoding="utf-8")
    reader = read_csv if name.endswith(".csv") else read_jsonl
    with contextlib.suppress(BizHoursError):
        list(reader(path, lenient=lenient))
