"""Where the answer goes: a command whose output cannot be written (stdout closed, the reader of
a pipe gone, a full disk) fails with its own exit status instead of losing the answer, and
never with a traceback. Run as subprocesses, since the interpreter's own streams are the point.
"""

from __future__ import annotations

import contextlib
import io
import os
import subprocess
import sys
from pathlib import Path

import pytest

from bizhours.cli import main
from tests.helpers import ROOT

# Commands that answer on stdout, each at a fixed moment so that the answer is the same.
ANSWERING = [
    pytest.param(["--at", "2026-11-20T15:00Z"], id="overview"),
    pytest.param(["open", "--at", "2026-11-20T16:00"], id="open-open"),
    pytest.param(["open", "--at", "2026-11-21T16:00"], id="open-closed"),
    pytest.param(["add", "2026-11-20T16:00", "2h"], id="add"),
    pytest.param(["elapsed", "2026-11-20T16:00", "2026-11-23T10:00"], id="elapsed"),
    pytest.param(["due", "--severity", "critical", "--opened", "2026-11-20T16:00",
                  "--at", "2026-11-20T16:30"], id="due"),
    pytest.param(["hours", "--month", "2026-11"], id="hours"),
    pytest.param(["hours", "--month", "2026-11", "--json"], id="hours-json"),
    pytest.param(["export-ics", "--from", "2026-11-01", "--to", "2026-11-30"], id="export-ics"),
    pytest.param(["--help"], id="help"),
]
# One of each way of writing: text lines, exit status 1, JSON, bytes, argparse's help.
WAYS = [p for p in ANSWERING if p.id in ("overview", "open-closed", "hours-json", "export-ics",
                                          "help")]

# Runs bizhours with its stdout (and, given "2", its stderr too) closed, as `>&-` does.
CLOSING = ("import os, sys, runpy\n"
           "for fd in filter(None, sys.argv[1].split(',')): os.close(int(fd))\n"
           "sys.argv = ['bizhours', *sys.argv[2:]]\n"
           "runpy.run_module('bizhours', run_name='__main__')\n")


def bizhours(args: list[str], *, close: str = "1", **kwargs: object
             ) -> subprocess.CompletedProcess[str]:
    """``python -m bizhours ARGS`` with the descriptors ``close`` closed before it starts."""
    return subprocess.run([sys.executable, "-c", CLOSING, close, *args], text=True, cwd=ROOT,
                          timeout=60, check=False, **kwargs)  # type: ignore[call-overload]


def one_error_line(stderr: str) -> str:
    assert "Traceback" not in stderr
    lines = stderr.splitlines()
    assert len(lines) == 1, stderr
    return lines[0]


@pytest.mark.parametrize("args", ANSWERING)
def test_closed_stdout_exits_74_with_one_line(args: list[str]) -> None:
    result = bizhours(args, stderr=subprocess.PIPE)
    assert result.returncode == 74, result.stderr
    assert one_error_line(result.stderr) == (
        "bizhours: error: cannot write the answer: stdout is closed")


def test_closed_stdout_and_stderr_still_exit_74() -> None:
    assert bizhours(["hours", "--month", "2026-11"], close="1,2").returncode == 74


def test_closed_stderr_keeps_errors_off_stdout() -> None:
    """print(file=sys.stderr) with stderr closed writes to stdout: the error must not."""
    result = bizhours(["add", "2026-11-20T16:00", "2d"], close="2", stdout=subprocess.PIPE)
    assert result.returncode == 2
    assert result.stdout == ""


@pytest.mark.parametrize("args", WAYS)
def test_full_disk_exits_74_with_one_line(args: list[str]) -> None:
    if not os.path.exists("/dev/full"):
        pytest.skip("no /dev/full on this system")
    with open("/dev/full", "w") as full:
        result = bizhours(args, close="", stdout=full, stderr=subprocess.PIPE)
    assert result.returncode == 74, result.stderr
    assert one_error_line(result.stderr) == (
        "bizhours: error: cannot write the answer: No space left on device")


@pytest.mark.parametrize("args", [*WAYS,
                                  pytest.param(["hours", "--from", "2026-01-01", "--days", "3000"],
                                               id="hours-longer-than-a-pipe-buffer")])
def test_reader_gone_exits_141_quietly(args: list[str]) -> None:
    """`bizhours ... | head`: the reader has gone, so stop without a word, as a filter does."""
    read, write = os.pipe()
    os.close(read)  # the reader is gone before the first write
    try:
        result = bizhours(args, close="", stdout=write, stderr=subprocess.PIPE)
    finally:
        os.close(write)
    assert result.returncode == 141, result.stderr
    assert result.stderr == ""


def test_head_reading_one_line_leaves_no_traceback() -> None:
    """The same as a shell pipeline: head stops reading after its first line."""
    writer = subprocess.Popen([sys.executable, "-m", "bizhours", "hours", "--from", "2026-01-01",
                               "--days", "3000"], cwd=ROOT, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE)
    assert writer.stdout is not None and writer.stderr is not None
    first = writer.stdout.readline()
    writer.stdout.close()
    stderr = writer.stderr.read().decode()
    status = writer.wait(timeout=60)
    assert first.startswith(b"eastern")
    assert stderr == ""
    assert status in (0, 141)  # 0 when everything fitted in the pipe before it was closed


def test_export_ics_to_an_unwritable_file_exits_74(tmp_path: Path) -> None:
    target = tmp_path / "missing" / "cal.ics"
    result = bizhours(["export-ics", "--from", "2026-11-01", "--to", "2026-11-30",
                       "-o", str(target)], close="", capture_output=True)
    assert result.returncode == 74, result.stderr
    assert one_error_line(result.stderr) == (
        f"bizhours: error: {target}: cannot write: No such file or directory")
    assert result.stdout == ""


def test_availability_with_stderr_closed_still_answers(tmp_path: Path) -> None:
    log = tmp_path / "a.csv"
    log.write_text("timestamp,channel,status\n2026-01-05T14:00:00Z,api,503\n", encoding="utf-8")
    result = bizhours(["availability", str(log), "--month", "2026-01"], close="2",
                      stdout=subprocess.PIPE)
    assert result.returncode == 0
    assert "attempts     1 counted" in result.stdout


def test_main_from_python_writes_ics_to_a_text_stream() -> None:
    """``main()`` called with stdout replaced by a text stream (no bytes buffer beneath)."""
    text = io.StringIO()
    with contextlib.redirect_stdout(text):
        status = main(["export-ics", "--from", "2026-11-01", "--to", "2026-11-30"])
    assert status == 0
    assert text.getvalue().startswith("BEGIN:VCALENDAR\r\n")


def test_times_and_days_name_weekdays_in_english_under_a_german_locale(
    german_locale: dict[str, str],
) -> None:
    # The command line run from a host program that adopted the user's locale.
    code = """if True:
        import locale, sys
        from datetime import date
        from bizhours.cli import main
        locale.setlocale(locale.LC_ALL, "")
        print(date(2026, 11, 20).strftime("%a"))  # the locale's own name: it took
        main(sys.argv[1:])
    """
    add = ["--zone", "eastern", "add", "2026-11-20T16:00", "2h"]
    out = subprocess.run([sys.executable, "-c", code, *add], env=german_locale,
                         capture_output=True, text=True, check=True, cwd=ROOT).stdout
    assert out.splitlines() == ["Fr", "Mon 2026-11-23 10:00 EST  (2h of eastern business time "
                                      "after Fri 2026-11-20 16:00 EST)"]
    hours = ["--zone", "eastern", "hours", "--from", "2026-11-26", "--days", "2"]
    out = subprocess.run([sys.executable, "-c", code, *hours], env=german_locale,
                         capture_output=True, text=True, check=True, cwd=ROOT).stdout
    assert "Thu 2026-11-26" in out and "Fri 2026-11-27" in out
    assert "Do 2026" not in out and "Fr 2026" not in out
