"""User text reaches the terminal with its control characters escaped: contract notes in
``bizhours hours``, and every value, file name or log row that a message echoes. A terminal
sequence such as ESC ] 0 ; ... BEL (set the window title) is printed as ``\\x1b]0;...\\x07``."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest

from bizhours.cli import main
from bizhours.cli._availability import Progress
from bizhours.cli._output import dumps, escape

TITLE = "\x1b]0;owned\x07"  # sets the terminal's title
SHOWN = "\\x1b]0;owned\\x07"
# Every control character a terminal may act on, except the newline that ends each line.
RAW = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f]")


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    status = main(list(args))
    out, err = capsys.readouterr()
    assert not RAW.search(out), out
    assert not RAW.search(err), err
    return status, out, err


def test_escape_writes_c0_del_and_c1_as_hex() -> None:
    assert escape(f"a{TITLE}b\x00\x7f\x9b\x85\tc") == f"a{SHOWN}b\\x00\\x7f\\x9b\\x85\\x09c"
    assert escape("plain text, é, 東京 and \\ stay") == "plain text, é, 東京 and \\ stay"


def test_escape_shows_undecodable_argument_bytes_as_hex() -> None:
    assert escape("caf\udce9.csv") == "caf\\xe9.csv"  # os.fsdecode(b"caf\xe9.csv")


def test_json_escapes_del_c1_and_surrogates_as_well_as_c0() -> None:
    assert dumps(["\x1b\x7f\x9b\udce9"]) == '[\n  "\\u001b\\u007f\\u009b\\udce9"\n]'


@pytest.mark.parametrize("args", [
    pytest.param(["add", TITLE, "2h"], id="add-time"),
    pytest.param(["add", "2026-11-20T16:00", f"2h{TITLE}"], id="add-duration"),
    pytest.param(["add", "2026-11-20T16:00", f"2d{TITLE}"], id="add-days"),
    pytest.param(["elapsed", "2026-11-20T16:00", TITLE], id="elapsed"),
    pytest.param(["open", "--at", TITLE], id="open"),
    pytest.param(["--at", TITLE], id="overview"),
    pytest.param(["due", "--severity", "critical", "--opened", TITLE], id="due-opened"),
    pytest.param(["due", "--severity", "critical", "--paused", TITLE], id="due-paused"),
    pytest.param(["due", "--severity", "critical", "--responded", TITLE], id="due-responded"),
    pytest.param(["hours", "--month", TITLE], id="hours-month"),
    pytest.param(["hours", "--from", TITLE], id="hours-from"),
    pytest.param(["hours", "--days", TITLE], id="hours-days"),
    pytest.param(["export-ics", "--to", TITLE], id="export-ics-to"),
    pytest.param(["--config", f"{TITLE}.toml", "open"], id="config-path"),
    pytest.param(["availability", f"{TITLE}.csv", "--month", "2026-01"], id="log-path"),
    pytest.param(["availability", f"log{TITLE}", "--month", "2026-01"], id="log-extension"),
    pytest.param(["open", f"--{TITLE}"], id="unknown-option"),
    pytest.param(["--zone", TITLE], id="zone-choice"),
])
def test_values_echoed_in_errors_are_escaped(capsys: pytest.CaptureFixture[str],
                                             args: list[str]) -> None:
    status, out, err = run(capsys, *args)
    assert status == 2
    assert out == ""
    assert err.count("\n") == 1
    assert SHOWN in err, err


def contract(tmp_path: Path, note: str) -> Path:
    path = tmp_path / "terms.toml"
    path.write_text(
        '[calendar]\nzone = "eastern"\n\n[[calendar.adjustments]]\ndate = 2026-11-27\n'
        f'action = "close"\nnote = "{note}"\n', encoding="utf-8")
    return path


def test_hours_escapes_contract_notes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    terms = contract(tmp_path, "Offsite\\u001b]0;owned\\u0007\\u009b2J")
    status, out, _ = run(capsys, "hours", "--config", str(terms), "--month", "2026-11")
    assert status == 0
    assert f"Fri 2026-11-27  Offsite{SHOWN}\\x9b2J (closed)  ->  closed" in out


def test_hours_json_escapes_contract_notes(tmp_path: Path,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    terms = contract(tmp_path, "Offsite\\u001b]0;owned\\u0007\\u009b2J")
    status, out, _ = run(capsys, "hours", "--config", str(terms), "--month", "2026-11", "--json")
    assert status == 0
    assert '"Offsite\\u001b]0;owned\\u0007\\u009b2J (closed)"' in out


def test_hours_note_with_a_line_break_stays_on_its_line(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    terms = contract(tmp_path, "first\\nsecond")
    status, out, _ = run(capsys, "hours", "--config", str(terms), "--month", "2026-11")
    assert status == 0
    assert "Fri 2026-11-27  first\\x0asecond (closed)  ->  closed" in out


def test_export_ics_file_message_escapes_the_path(tmp_path: Path,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / f"cal{TITLE}.ics"
    status, out, _ = run(capsys, "export-ics", "--from", "2026-11-01", "--to", "2026-11-30",
                         "-o", str(target))
    assert status == 0
    assert target.exists()
    assert f"cal{SHOWN}.ics: " in out


def test_availability_escapes_a_csv_header(tmp_path: Path,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    log = tmp_path / "a.csv"
    log.write_text(f"time{TITLE},channel,status\n2026-01-05T14:00:00Z,api,200\n",
                   encoding="utf-8")
    for lenient in ([], ["--lenient"]):
        status, _, err = run(capsys, "availability", str(log), "--month", "2026-01", *lenient)
        assert status == 2
        assert err.count("\n") == 1


def test_availability_escapes_rejected_rows(tmp_path: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    log = tmp_path / "a.csv"
    log.write_text(f"timestamp,channel,status\n2026-01-05T14:00:00Z,api{TITLE},2x0\n"
                   f"{TITLE},api,200\n", encoding="utf-8")
    status, out, _ = run(capsys, "availability", str(log), "--month", "2026-01", "--lenient")
    assert status == 0
    assert "2 rejected" in out
    status, _, _ = run(capsys, "availability", str(log), "--month", "2026-01")
    assert status == 2


def test_progress_line_escapes_the_file_name() -> None:
    stream = io.StringIO()
    ticks = iter([0.0, 1.0])
    Progress(stream, clock=lambda: next(ticks)).show(f"{TITLE}.csv: 16,384 rows")
    assert stream.getvalue() == f"\r{SHOWN}.csv: 16,384 rows (1s)\x1b[K"
