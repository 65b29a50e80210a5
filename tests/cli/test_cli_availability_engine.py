"""``bizhours availability`` on the fast paths: ``--engine arrow``, standard input as ``-``, and
the progress line, each giving what the Python reader over the files gives."""

from __future__ import annotations

import io
import itertools
import subprocess
import sys
from pathlib import Path

import pytest

from bizhours.cli import main
from tests.helpers import ROOT, SCRIPT

HEADER = "timestamp,channel,status\n"
LINES = [f"{1767621600 + n},{'api' if n % 3 else 'smtp'},{503 if n % 4 else 250}\n"
         for n in range(300)]
ROWS = "".join(LINES)
BAD = "2026-01-05T14:00:00Z,ftp,200\n"


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def out_err(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    status = main(["availability", *args, "--month", "2026-01", "--zone", "24x7"])
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def test_the_arrow_engine_prints_the_python_engines_report(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    a = write(tmp_path / "a.csv", HEADER + "".join(LINES[:200]) + BAD + "".join(LINES[200:]))
    b = write(tmp_path / "b.csv", HEADER + "\n" + ROWS.replace("503", "200"))
    c = write(tmp_path / "c.jsonl", '{"timestamp": 1767621700, "channel": "api", '
                                    '"status": 503}\nnot json\n')
    for extra in (["--lenient"], ["--lenient", "--json"], []):
        python = out_err(capsys, str(a), str(b), str(c), *extra)
        arrow = out_err(capsys, str(a), str(b), str(c), *extra, "--engine", "arrow")
        assert arrow == python
    status, out, err = python
    assert status == 2 and out == "" and "a.csv:" in err and "--lenient" in err
    status, out, _ = out_err(capsys, str(a), str(b), str(c), "--lenient", "--engine", "arrow")
    assert status == 0
    assert "attempts     601 counted, 0 outside the period, 2 rejected" in out
    assert "c.jsonl:2: not JSON" in out


def test_without_pyarrow_the_arrow_engine_names_the_extra(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "pyarrow.csv", None)
    status, out, err = out_err(capsys, str(write(tmp_path / "a.csv", HEADER + ROWS)),
                               "--engine", "arrow")
    assert (status, out) == (2, "")
    assert "--engine arrow" in err and "pip install 'bizhours[arrow]'" in err
    assert err.count("\n") == 1


def test_standard_input_is_read_as_a_log(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    text = HEADER + ROWS + BAD
    path = write(tmp_path / "a.csv", text)
    expected = out_err(capsys, str(path), "--lenient")
    assert expected[0] == 0
    for engine in ("python", "arrow"):
        monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(text.encode())))
        got = out_err(capsys, "-", "--format", "csv", "--lenient", "--engine", engine)
        assert got == (0, expected[1].replace(str(path), "<stdin>"), "")
    assert "<stdin>:302: channel 'ftp'" in got[1]


def test_standard_input_is_read_once(capsys: pytest.CaptureFixture[str]) -> None:
    status, _, err = out_err(capsys, "-", "-", "--format", "csv")
    assert status == 2 and "standard input (-) can be read once" in err


def test_the_console_script_reads_a_pipe_on_standard_input() -> None:
    text = HEADER + ROWS
    result = subprocess.run([str(SCRIPT), "availability", "-", "--format", "csv", "--month",
                             "2026-01", "--zone", "24x7", "--engine", "arrow", "--json"],
                            input=text, capture_output=True, text=True, cwd=ROOT, timeout=60,
                            check=False)
    assert result.returncode == 0, result.stderr
    assert '"counted": 300' in result.stdout and result.stderr == ""


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.mark.parametrize("engine", ["python", "arrow"])
def test_the_progress_line_counts_rows_on_both_engines(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
    engine: str,
) -> None:
    rows = "".join(f"{1767621600 + n},api,200\n" for n in range(40_000))
    a, b = write(tmp_path / "a.csv", HEADER + rows), write(tmp_path / "b.csv", HEADER + rows)
    clock = itertools.count(0.0, 1.0)  # every reading a second later: everything is shown
    monkeypatch.setattr("bizhours.cli._availability.time.monotonic", lambda: next(clock))
    terminal = Terminal()
    monkeypatch.setattr("sys.stderr", terminal)
    status, out, _ = out_err(capsys, str(a), str(b), "--engine", engine)
    assert status == 0 and "80,000 counted" in out
    shown = terminal.getvalue()
    assert f"{a} (file 1 of 2): 40,000 rows, done" in shown
    assert f"{b} (file 2 of 2): 40,000 rows, done" in shown
    if engine == "python":  # rows as they are read, not only at the end
        assert f"{a} (file 1 of 2): 16,384 rows" in shown
    assert shown.endswith("\r\x1b[K")
