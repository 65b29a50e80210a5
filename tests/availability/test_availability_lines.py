"""Every physical line of a log accounted for: stray quotes, spans of lines, long lines, files
that are not text logs at all."""

from __future__ import annotations

import bz2
import gzip
import lzma
import os
import threading
import time
import tracemalloc
import zipfile
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bizhours.availability import (
    MAX_LINE,
    Attempt,
    LogFormatError,
    RejectedRow,
    measure,
    read_csv,
    read_jsonl,
)

T0 = datetime(2026, 1, 5, 14, 0, tzinfo=UTC)
E0 = 1_767_621_600  # T0 in epoch seconds
HEADER = "timestamp,channel,status\n"


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode("utf-8"))
    return path


# Stray quotes and records spanning lines.


def test_a_stray_quote_costs_one_row_not_the_thousands_after_it(tmp_path: Path) -> None:
    # Before: 15,481 counted and 1 rejected; 4,519 attempts vanished unaccounted.
    rows = "".join(f"{E0 + i},api,{200 if i % 3 else 503}\n" for i in range(20_000))
    path = write(tmp_path, "stray.csv", HEADER + f'"{E0},api,503\n' + rows)
    report = measure(read_csv(path, lenient=True), T0, T0 + timedelta(days=1))
    assert report.input.counted == 20_000
    (rejected,) = report.rejected
    assert (rejected.line, rejected.last_line) == (2, None)
    assert rejected.reason.startswith("unbalanced quote: the quoted field opened on this line")
    assert len(str(rejected)) < len(str(path)) + 250  # names the row without carrying it
    clean = measure(read_csv(write(tmp_path, "clean.csv", HEADER + rows)), T0,
                    T0 + timedelta(days=1))
    assert (report.outages, list(report.failing_seconds())) == (
        clean.outages, list(clean.failing_seconds()))
    with pytest.raises(LogFormatError, match=r"stray\.csv:2: unbalanced quote"):
        list(read_csv(path))


def test_a_quote_still_open_at_the_end_of_the_file_rejects_its_line_only(tmp_path: Path) -> None:
    path = write(tmp_path, "end.csv", HEADER + f"{E0},api,200\n{E0},api,\"503\n{E0 + 1},api,503")
    log = read_csv(path, lenient=True)
    assert [a.second for a in log] == [E0, E0 + 1]
    assert [(r.line, r.last_line) for r in log.rejected] == [(3, None)]
    assert "is still open at the end of the file" in log.rejected[0].reason


def test_a_quoted_record_over_several_lines_is_rejected_as_a_span(tmp_path: Path) -> None:
    # The record fits the header (three fields), so it is one row: its status has a newline.
    path = write(tmp_path, "span.csv", HEADER + f'{E0},api,"503\n\n2"\n{E0 + 1},api,503\n')
    with pytest.raises(LogFormatError) as caught:
        list(read_csv(path))
    assert str(caught.value).startswith(f"{path}:2-4: status '503\\n\\n2' is not accepted")
    assert (caught.value.line, caught.value.last_line) == (2, 4)
    log = read_csv(path, lenient=True)
    assert [a.second for a in log] == [E0 + 1]
    assert log.rejected == [RejectedRow(str(path), 2, caught.value.reason, last_line=4)]
    assert log.rejected[0].lines == 3


def test_a_quoted_record_over_several_lines_can_be_a_good_row(tmp_path: Path) -> None:
    path = write(tmp_path, "note.csv", "timestamp,channel,status,note\n"
                                       f'{E0},api,503,"two\nlines"\n{E0 + 1},api,200,""\n')
    assert [a.second for a in read_csv(path)] == [E0, E0 + 1]


def test_a_swallowed_value_is_cut_in_the_message(tmp_path: Path) -> None:
    # A quote that closes thousands of lines later, with the right number of fields: the rows
    # between are one rejected span, and its message quotes a short cut of the value.
    rows = "".join(f"{E0 + i},api,200\n" for i in range(5_000))
    path = write(tmp_path, "cut.csv", HEADER + f'{E0},api,"200\n' + rows + f'{E0},api,2"00\n')
    log = read_csv(path, lenient=True)
    assert list(log) == []
    (row,) = log.rejected
    assert (row.line, row.last_line) == (2, 5_003)
    assert len(row.reason) < 250 and "characters)" in row.reason


# Long lines.


def test_a_line_over_the_cap_is_rejected_and_the_next_read(tmp_path: Path) -> None:
    note = "timestamp,channel,status,note\n"
    fits = f"{E0},api,503,"
    fits += "x" * (MAX_LINE - len(fits) - 2) + "\r\n"  # exactly MAX_LINE with its ending
    over = fits[:-2] + "y\r\n"
    path = write(tmp_path, "long.csv", note + fits + over + f"{E0 + 1},api,503,\n")
    log = read_csv(path, lenient=True)
    assert [a.second for a in log] == [E0, E0 + 1]
    assert [(r.line, r.reason) for r in log.rejected] == [
        (3, "the line is longer than 1,048,576 characters, the longest accepted; it is "
            "skipped unread")]
    with pytest.raises(LogFormatError, match=r"long\.csv:3: the line is longer than"):
        list(read_csv(path))


@pytest.mark.parametrize("ending", ["\n", "\r\n", "\r", ""])
def test_a_long_line_is_never_held_whole(tmp_path: Path, ending: str) -> None:
    path = tmp_path / "huge.jsonl"
    with path.open("w", encoding="utf-8", newline="") as f:
        f.write(f'{{"timestamp": {E0}, "channel": "api", "status": 503}}\n')
        f.write("[" * (6 * MAX_LINE) + ending)
        f.write(f'{{"timestamp": {E0 + 1}, "channel": "api", "status": 503}}{ending}')
    log = read_jsonl(path, lenient=True)
    tracemalloc.start()
    try:
        seconds = [a.second for a in log]
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    # Without a line ending the last row is part of the long line.
    assert seconds == ([E0, E0 + 1] if ending else [E0])
    assert [r.line for r in log.rejected] == [2]
    assert peak < 3 * MAX_LINE  # a piece of the line at a time (str and its decoding)


def test_a_header_over_the_cap_is_an_error(tmp_path: Path) -> None:
    path = write(tmp_path, "h.csv", "t" * (MAX_LINE + 5))
    with pytest.raises(LogFormatError, match=r"h\.csv:1: the header: the line is longer"):
        list(read_csv(path, lenient=True))


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs a named pipe")
def test_a_pipe_without_newlines_is_refused_without_reading_for_ever(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.csv"
    os.mkfifo(fifo)
    written = []

    def feed() -> None:  # writes until the reader closes the pipe
        try:
            with fifo.open("w") as f:
                f.write(HEADER)
                while True:
                    f.write("x" * 65_536)
                    written.append(1)
        except BrokenPipeError:
            pass

    writer = threading.Thread(target=feed, daemon=True)
    writer.start()
    started = time.perf_counter()
    with pytest.raises(LogFormatError, match=r"pipe\.csv:2: the line is longer than"):
        list(read_csv(fifo))
    writer.join(10)
    assert not writer.is_alive() and time.perf_counter() - started < 10
    assert len(written) * 65_536 < 4 * MAX_LINE


# Files that are not text logs.


def _zip(path: Path, text: bytes) -> None:
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("attempts.csv", text)


@pytest.mark.parametrize(
    ("name", "pack", "message"),
    [
        ("a.csv.gz", gzip.compress, "gzip-compressed, not a text log: decompress it first "
                                    "(gunzip -k {p}) or read it through a pipe, e.g. <(zcat {p})"),
        ("a.csv.bz2", bz2.compress, "bzip2-compressed, not a text log: decompress it first "
                                    "(bunzip2 -k {p})"),
        ("a.csv.xz", lzma.compress, "xz-compressed, not a text log: decompress it first "
                                    "(unxz -k {p}) or read it through a pipe, e.g. <(xzcat {p})"),
        ("a.csv.zst", lambda b: b"\x28\xb5\x2f\xfd\x04\x58" + b, "zstd-compressed"),
        ("a.zip", None, "zip-compressed, not a text log: decompress it first (unzip {p}) or "
                        "read it through a pipe, e.g. <(unzip -p {p})"),
        ("a.bin", lambda b: b"\x00\x01\x02" + b, "binary data (a NUL byte on its first line)"),
        ("a.utf16", lambda b: b.decode().encode("utf-16"), "UTF-16 text"),
    ],
)
def test_a_compressed_or_binary_file_is_named_as_such(tmp_path: Path, name: str,
                                                      pack: object, message: str) -> None:
    text = (HEADER + f"{E0},api,503\n").encode()
    path = tmp_path / name
    if pack is None:
        _zip(path, text)
    else:
        path.write_bytes(pack(text))  # type: ignore[operator]
    for reader in (read_csv, read_jsonl):
        with pytest.raises(LogFormatError) as caught:
            list(reader(path, lenient=True))
        assert str(caught.value).startswith(f"{path}:1: the file is ")
        assert message.format(p=path) in str(caught.value)


def test_a_utf16_log_read_as_such_is_not_binary(tmp_path: Path) -> None:
    path = tmp_path / "u.csv"
    path.write_bytes((HEADER + f"{E0},api,503\n").encode("utf-16"))
    assert [a.status for a in read_csv(path, encoding="utf-16")] == [503]


def test_a_nul_byte_in_a_later_row_rejects_that_row_only(tmp_path: Path) -> None:
    path = write(tmp_path, "nul.csv", HEADER + f"{E0},api,503\n{E0}\x00,api,503\n")
    log = read_csv(path, lenient=True)
    assert [a.status for a in log] == [503]
    assert [(r.line, r.reason[:26]) for r in log.rejected] == [(3, "timestamp '1767621600\\x00'")]


# The property: every line is the header, blank, an attempt, or in a rejected row.

STATUSES = ["200", "503", "429", "timeout", "000"]
good = st.tuples(st.just("good"), st.sampled_from(["api", "smtp", "API"]),
                 st.sampled_from(STATUSES))
stray = st.tuples(st.just("stray"), st.integers(0, 30), st.sampled_from(STATUSES))
blank = st.tuples(st.just("blank"), st.sampled_from(["", " ", "\t "]), st.just(""))
bad = st.tuples(st.just("bad"), st.sampled_from(
    ["garbage", f"{E0},ftp,200", "yesterday,api,200", "a,b", f'"{E0}",api,', '"x",api,200',
     f"{E0},api,200,extra", "1e9,api,200"]), st.just(""))
lines = st.lists(st.tuples(st.one_of(good, good, good, stray, blank, bad),
                           st.sampled_from(["\n", "\r\n", "\r"])), max_size=40)


@settings(max_examples=300, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(lines, st.booleans())
def test_every_line_is_counted_outside_or_rejected(tmp_path: Path,
                                                   spec: list[tuple[tuple[str, object, str], str]],
                                                   last_ending: bool) -> None:
    text, clean = [HEADER], [HEADER]
    row_line: dict[int, int] = {}  # good row's epoch second -> its line
    good_lines: set[int] = set()
    blanks: set[int] = set()
    for n, ((kind, a, b), ending) in enumerate(spec):
        number = n + 2
        row = f"{E0 + n},{a},{b}"
        if kind == "good":
            row_line[E0 + n] = number
            good_lines.add(number)
            clean.append(row + "\n")
        elif kind == "stray":
            assert isinstance(a, int)
            row = f"{E0 + n},api,{b}"
            at = a % (len(row) + 1)
            row = row[:at] + '"' + row[at:]
        elif kind == "blank":
            assert isinstance(a, str)
            row = a
            blanks.add(number)
        else:
            assert isinstance(a, str)
            row = a
        if not row and text[-1].endswith("\r") and ending.startswith("\n"):
            ending = "\r"  # "\r" then "\n" would be one line ending, not a blank line between
        text.append(row + ending)
    if not last_ending and len(text) > 1 and text[-1].rstrip("\r\n"):
        text[-1] = text[-1].rstrip("\r\n")
    total = len(text)
    path = write(tmp_path, "p.csv", "".join(text))
    log = read_csv(path, lenient=True)
    start, end = T0 + timedelta(seconds=10), T0 + timedelta(seconds=30)
    report = measure(log, start, end)
    attempts = list(log)

    # Each line exactly once: the header, a blank line, an attempt's row, or a rejected row
    # (which may have swallowed lines of any kind).
    swallowed = {n for r in log.rejected for n in range(r.line, (r.last_line or r.line) + 1)}
    seen = Counter([1, *(blanks - swallowed)])
    seen.update(row_line[a.second] for a in attempts)
    for r in log.rejected:
        seen.update(range(r.line, (r.last_line or r.line) + 1))
    assert sorted(seen) == list(range(1, total + 1)) and set(seen.values()) == {1}, seen
    assert report.input.counted + report.input.outside == len(attempts)
    assert report.rejected == tuple(log.rejected)

    # The good rows not swallowed by a rejected span are read as from a clean file.
    kept = {s for s, n in row_line.items() if n not in swallowed}
    assert {a.second for a in attempts} == kept
    from_clean = [a for a in read_csv(write(tmp_path, "c.csv", "".join(clean)))
                  if a.second in kept]
    assert attempts == from_clean
    direct = measure(from_clean, start, end)
    assert (report.outages, list(report.failing_seconds()), report.input.counted) == (
        direct.outages, list(direct.failing_seconds()), direct.input.counted)


def test_attempts_from_a_file_equal_those_built_in_code(tmp_path: Path) -> None:
    path = write(tmp_path, "q.csv", HEADER + f'"{E0}","API","000"\r\n{E0 + 1},smtp,250\r\n')
    assert list(read_csv(path)) == [Attempt(T0, "api", 0),
                                    Attempt(T0 + timedelta(seconds=1), "smtp", 250)]
