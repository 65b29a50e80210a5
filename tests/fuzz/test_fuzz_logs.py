"""Fuzz: the attempt-log readers (``bizhours.availability.read_csv`` and ``read_jsonl``), strict
and lenient, over files written from a grammar of logs (headers, ISO 8601 and epoch
timestamps, statuses) with mutations, invalid UTF-8 and compressed-file prefixes."""

from __future__ import annotations

import contextlib
import json
import re
from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from bizhours import BizHoursError
from bizhours.availability import measure, read_csv, read_jsonl
from tests.fuzz.grammar import HUGE, instant, mutated
from tests.fuzz.settings import scaled

START, END = datetime(2026, 1, 5, tzinfo=UTC), datetime(2026, 1, 6, tzinfo=UTC)

_epoch = (st.integers(1_767_571_200, 1_767_657_600).map(str)
          | st.builds(lambda s, f: f"{s}.{f}", st.integers(1_767_571_200, 1_767_657_600),
                      st.integers(0, 10**9))
          | st.sampled_from(["0", "-1", "253402300800", "-62135596801", *HUGE]))
_timestamp = st.one_of(_epoch, st.just("2026-01-05T14:00:00Z"), mutated(instant, 1),
                       st.just("2026-01-05T14:00:00.5+01:00"))
_channel = st.sampled_from(["api", "smtp", "API ", "", "ftp", "\x1b]0;owned\x07"])
_status = st.sampled_from(["200", "503", "timeout", "0", "000", "429", "abc", "", "-1",
                           "99999999999999999999", "2x0"])
_header = st.permutations(["timestamp", "channel", "status"]).flatmap(
    lambda cols: st.lists(st.sampled_from(["extra", "Timestamp", "STATUS", ""]), max_size=1).map(
        lambda more: cols + more))


@st.composite
def csv_text(draw: st.DrawFn) -> str:
    header = draw(_header)
    rows = []
    for _ in range(draw(st.integers(0, 6))):
        values = {"timestamp": draw(_timestamp), "channel": draw(_channel),
                  "status": draw(_status)}
        cells = [values.get(c.lower(), "x") for c in header]
        if draw(st.booleans()):
            cells = [f'"{c}"' for c in cells]
        rows.append(",".join(cells))
    return "\n".join([",".join(header), *rows]) + draw(st.sampled_from(["\n", "", "\r\n", "\n\n"]))


_json_value = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner,
                                                               max_size=3), max_leaves=6)


@st.composite
def jsonl_text(draw: st.DrawFn) -> str:
    lines = []
    for _ in range(draw(st.integers(0, 6))):
        row = {"timestamp": draw(_timestamp | _epoch.map(lambda e: f"NUMBER:{e}")),
               "channel": draw(_channel), "status": draw(_status | st.integers(-5, 999).map(str))}
        for key in draw(st.lists(st.sampled_from(list(row)), max_size=1)):
            row[key] = draw(_json_value)  # a field of another type, or gone
        if draw(st.booleans()):
            del row[draw(st.sampled_from(list(row)))]
        # NUMBER:... becomes a bare JSON number (ints, decimals, huge ones).
        line = re.sub(r'"NUMBER:([^"]*)"', r"\1", json.dumps(row, ensure_ascii=False))
        lines.append(line if draw(st.integers(0, 9)) else draw(st.sampled_from(
            ["not json", "[1, 2]", "", "{", '"x"', "[" * 100])))
    return "\n".join(lines) + "\n"


def content(text: st.SearchStrategy[str]) -> st.SearchStrategy[bytes]:
    """The file's bytes: mutated text, now and then invalid UTF-8 or a gzip header."""
    return st.tuples(mutated(text, 3), st.sampled_from([b"", b"", b"", b"\x1f\x8b\x08\x00",
                                                        b"\xef\xbb\xbf", b"\xff\xfe"])).map(
        lambda pair: pair[1] + pair[0].encode("utf-8", "surrogateescape"))


def known_log_failure(data: bytes) -> bool:
    """Issue items on the log readers, mended on another branch: "a number with over 4,300
    digits in a log row (CSV or JSON, even under --lenient) is a raw ValueError", and "one JSON
    row {"timestamp": 1e1000000} takes 35 s" (an exponent that large)."""
    return bool(re.search(rb"[0-9]{4300,}", data) or re.search(rb"[0-9][eE][+-]?[0-9]{5,}",
                                                                  data))


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
    assume(not known_log_failure(data))  # issue: huge numbers (see known_log_failure)
    path = log_dir / "log.csv"
    path.write_bytes(data)
    read_all(path, "csv", lenient)


@scaled(80)
@given(data=content(jsonl_text()), lenient=st.booleans())
def test_fuzz_read_jsonl(log_dir: Path, data: bytes, lenient: bool) -> None:
    assume(not known_log_failure(data))  # issue: huge numbers (see known_log_failure)
    path = log_dir / "log.jsonl"
    path.write_bytes(data)
    read_all(path, "jsonl", lenient)


@pytest.mark.xfail(strict=False, reason="numbers over 4,300 digits are a raw ValueError, being "
                                        "mended on another branch")
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
