"""The progress line of ``bizhours availability``: on a terminal only, and only for long reads."""

from __future__ import annotations

import argparse
import io
import itertools
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bizhours import availability
from bizhours.cli._availability import Progress, run_availability
from bizhours.cli._commands import service


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def write_log(path: Path, rows: int) -> Path:
    lines = ["timestamp,channel,status"]
    lines += [f"{1767621600 + i},api,{503 if i % 7 == 0 else 200}" for i in range(rows)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_progress_waits_half_a_second_then_rewrites_one_line(tmp_path: Path) -> None:
    ticks = iter([0.0, 0.1, 0.6, 0.7, 0.9, 5.0])  # started, then one reading per show()
    stream = io.StringIO()
    progress = Progress(stream, clock=lambda: next(ticks))
    progress.show("early")           # 0.1 s: too early
    progress.show("first")           # 0.6 s: shown
    progress.show("too soon")        # 0.7 s: less than 0.2 s after the last
    progress.show("second")          # 0.9 s: shown
    progress.done()
    assert stream.getvalue() == "\rfirst (1s)\x1b[K\rsecond (1s)\x1b[K\r\x1b[K"


def test_watch_counts_the_rows_measure_reads(tmp_path: Path) -> None:
    log = availability.read_csv(write_log(tmp_path / "a.csv", 40_000))
    clock = itertools.count(0.0, 1.0)  # every reading a second later: everything is shown
    stream = io.StringIO()
    progress = Progress(stream, clock=lambda: next(clock))
    done = progress.watch(log, 0, 2)
    start = datetime(2026, 1, 1, tzinfo=UTC)
    assert availability.measure(log, start, start.replace(month=2)).input.counted == 40_000
    done()
    shown = stream.getvalue().split("\r")
    assert f"{log.path} (file 1 of 2): 16,384 rows" in shown[1]
    assert f"{log.path} (file 1 of 2): 32,768 rows" in shown[2]
    assert f"{log.path} (file 1 of 2): 40,000 rows, done" in shown[-1]


def test_availability_shows_progress_on_a_terminal_only(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write_log(tmp_path / "a.csv", 20_000)
    args = argparse.Namespace(files=[str(path)], input_format="auto", lenient=False,
                              month="2026-01", start=None, end=None)
    clock = itertools.count(0.0, 1.0)
    monkeypatch.setattr("bizhours.cli._availability.time.monotonic", lambda: next(clock))
    terminal = Terminal()
    monkeypatch.setattr("sys.stderr", terminal)
    monkeypatch.setenv("TERM", "xterm")
    assert run_availability(args, service(argparse.Namespace())) == 0
    assert "20,000 rows, done" in terminal.getvalue()
    assert terminal.getvalue().endswith("\r\x1b[K")  # the line is cleared before the report
    assert "unavailable  2,858 s" in capsys.readouterr().out


def test_a_progress_line_that_cannot_be_written_is_left_out() -> None:
    class Closed(io.StringIO):
        def write(self, text: str) -> int:
            raise BrokenPipeError(32, "Broken pipe")

    ticks = iter([0.0, 1.0, 2.0])
    progress = Progress(Closed(), clock=lambda: next(ticks))
    progress.show("a.csv: 16,384 rows")  # fails, and is not tried again
    progress.show("a.csv: 32,768 rows")
    progress.done()
    assert not progress.writable
