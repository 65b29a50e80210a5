"""The command line in scripts: --format value/json/text, --version, --input FILE|- for add and
elapsed, availability's - and --input-format, completion, one error prefix, run as a shell runs
the installed script."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest

import bizhours
from tests.helpers import ROOT, SCRIPT


def run(*args: str, stdin: str | None = None,
        env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(SCRIPT), *args], capture_output=True, text=True, cwd=ROOT,
                          input=stdin, timeout=60, check=False, env=env)


def test_version_is_the_package_version() -> None:
    result = run("--version")
    assert (result.returncode, result.stdout, result.stderr) == (
        0, f"bizhours {bizhours.__version__}\n", "")
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert 'dynamic = ["version"]' in pyproject  # the one source is bizhours/_version.py
    assert 'path = "src/bizhours/_version.py"' in pyproject


@pytest.mark.parametrize(
    ("args", "value", "status"),
    [
        (["add", "2026-11-20T16:00", "2h"], "2026-11-23T10:00:00-05:00", 0),
        (["add", "2026-11-20T16:00", "1bd@close"], "2026-11-23T17:00:00-05:00", 0),
        (["add", "2026-11-23T10:00", "--format", "value", "--", "-2h"],
         "2026-11-20T16:00:00-05:00", 0),
        (["elapsed", "2026-11-20T16:00", "2026-11-23T10:00"], "7200", 0),
        (["elapsed", "2026-11-20T16:00", "2026-11-20T16:00:00.5"], "0.5", 0),
        (["open", "--at", "2026-11-20T16:00"], "open", 0),
        (["open", "--at", "2026-11-21T16:00"], "closed", 1),
        (["due", "--severity", "critical", "--opened", "2026-11-20T16:00",
          "--at", "2026-11-20T16:10"], "2026-11-20T16:15:00-05:00", 0),
        (["due", "--severity", "critical", "--opened", "2026-11-20T16:00",
          "--paused", "2026-11-20T16:05/", "--at", "2026-11-20T16:10"], "", 0),
    ],
)
def test_format_value_prints_the_answer_alone(args: list[str], value: str, status: int) -> None:
    result = run(*args) if "--format" in args else run(*args, "--format", "value")
    assert (result.returncode, result.stdout, result.stderr) == (status, value + "\n", "")


def test_format_json_is_json_and_text_is_the_default() -> None:
    as_json = run("add", "2026-11-20T16:00", "2h", "--format", "json")
    assert json.loads(as_json.stdout) == json.loads(
        run("add", "2026-11-20T16:00", "2h", "--json").stdout)
    assert run("add", "2026-11-20T16:00", "2h", "--format", "text").stdout == run(
        "add", "2026-11-20T16:00", "2h").stdout


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["hours", "--format", "value"], "hours has no one value"),
        (["availability", "x.csv", "--format", "value"], "availability has no one value"),
        (["export-ics", "--format", "value"], "export-ics has no one value"),
        (["completion", "bash", "--format", "value"], "completion has no one value"),
        (["--format", "value"], "the overview has an answer per zone"),
        (["add", "now", "2h", "--format", "yaml"], "accepted text, json, value"),
        (["add", "now", "2h", "--json", "--format", "value"], "--json is --format json"),
        (["add", "now", "2h", "--input", "x.csv"], "not both"),
        (["add", "--bogus", "now", "2h"], "unrecognized arguments"),
    ],
)
def test_refusals_are_one_line_with_one_prefix_and_status_2(args: list[str],
                                                            expected: str) -> None:
    result = run(*args)
    assert result.returncode == 2 and result.stdout == ""
    assert result.stderr.startswith("bizhours: error: ") and expected in result.stderr
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr


ADD_CSV = ("at,duration,note\n"
           "2026-11-20T16:00,2h,a\n"
           "bad,2h,b\n"
           "\n"
           '2026-11-20T16:00,1bd@close,"c,d"\n'
           "2026-11-20T16:00,2h\n")


def test_add_input_csv_in_csv_out_one_row_per_row(tmp_path: Path) -> None:
    path = tmp_path / "rows.csv"
    path.write_text(ADD_CSV, encoding="utf-8")
    result = run("add", "--input", str(path))
    assert result.returncode == 2  # a bad row: status 2 at the end, every row answered
    lines = result.stdout.splitlines()
    assert lines[0] == "at,duration,note,result,error"
    assert lines[1] == "2026-11-20T16:00,2h,a,2026-11-23T10:00:00-05:00,"
    assert lines[2].startswith("bad,2h,b,,") and "is not understood" in lines[2]
    assert lines[3] == '2026-11-20T16:00,1bd@close,"c,d",2026-11-23T17:00:00-05:00,'
    assert lines[4] == '2026-11-20T16:00,2h,,,"2 fields, the header has 3"'
    assert len(lines) == 5
    errors = result.stderr.splitlines()
    assert errors[0].startswith(f"{path}:3: time 'bad' is not understood")
    assert errors[1] == f"{path}:6: 2 fields, the header has 3"
    assert len(errors) == 2


def test_add_input_value_and_json_formats(tmp_path: Path) -> None:
    path = tmp_path / "rows.csv"
    path.write_text(ADD_CSV, encoding="utf-8")
    values = run("add", "--input", str(path), "--format", "value")
    assert values.stdout == ("2026-11-23T10:00:00-05:00\n\n2026-11-23T17:00:00-05:00\n\n")
    rows = [json.loads(line) for line in
            run("add", "--input", str(path), "--format", "json").stdout.splitlines()]
    assert [r["result"] for r in rows] == ["2026-11-23T10:00:00-05:00", None,
                                           "2026-11-23T17:00:00-05:00", None]
    assert [r["error"] is None for r in rows] == [True, False, True, False]
    assert rows[2]["note"] == "c,d"


def test_input_rows_equal_one_at_a_time(tmp_path: Path) -> None:
    pairs = [("2026-11-20T16:00", "2026-11-23T10:00"), ("2026-12-24T12:00", "2026-12-28T12:00"),
             ("2026-03-06T12:00", "2026-03-09T12:00"), ("2026-11-23T10:00", "2026-11-20T16:00")]
    text = "start,end\n" + "".join(f"{a},{b}\n" for a, b in pairs)
    many = run("elapsed", "--input", "-", "--format", "value", stdin=text)
    one = [run("elapsed", a, b, "--format", "value").stdout for a, b in pairs]
    assert many.returncode == 0 and many.stdout == "".join(one)


def test_elapsed_input_json_lines_from_standard_input() -> None:
    text = ('{"start": "2026-11-20T16:00", "end": "2026-11-23T10:00", "id": 1}\n'
            "nope\n"
            '{"start": 1}\n'
            "\n"
            "[1, 2]\n")
    result = run("elapsed", "--input", "-", stdin=text)
    assert result.returncode == 2
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert rows[0] == {"start": "2026-11-20T16:00", "end": "2026-11-23T10:00", "id": 1,
                       "result": "7200", "error": None}
    assert rows[1]["input"] == "nope" and rows[1]["error"].startswith("not JSON")
    assert rows[2]["start"] == 1 and "missing or not a string" in rows[2]["error"]
    assert rows[3]["input"] == "[1, 2]" and rows[3]["result"] is None
    assert len(rows) == 4  # the blank line is not a row; no row is left out
    assert [line.split(":")[1] for line in result.stderr.splitlines()] == ["2", "3", "5"]
    assert all(line.startswith("<stdin>:") for line in result.stderr.splitlines())


@pytest.mark.parametrize(
    ("text", "expected"),
    [("", "no rows"), ("time,duration\nnow,2h\n", "lacks at"), ("\n\n", "no rows")],
)
def test_input_without_rows_or_header_is_an_error(text: str, expected: str) -> None:
    result = run("add", "--input", "-", stdin=text)
    assert result.returncode == 2 and result.stdout == ""
    assert result.stderr.startswith("bizhours: error: <stdin>") and expected in result.stderr


def test_input_file_missing_is_one_line() -> None:
    result = run("add", "--input", "no-such-file.csv")
    assert result.returncode == 2 and result.stderr.startswith("bizhours: error: no-such-file")


LOG = "timestamp,channel,status\n2026-01-05T15:00:00Z,api,200\n2026-01-05T15:01:00Z,api,503\n"
LOG_JSONL = ('  {"timestamp": "2026-01-05T15:00:00Z", "channel": "api", "status": 200}\n'
             '{"timestamp": "2026-01-05T15:01:00Z", "channel": "api", "status": 503}\n')


def test_availability_reads_standard_input_and_tells_its_format() -> None:
    reports = []
    for text in (LOG, LOG_JSONL):
        result = run("availability", "-", "--month", "2026-01", "--json", stdin=text)
        assert result.returncode == 0, result.stderr
        reports.append(json.loads(result.stdout))
    assert reports[0]["input"]["counted"] == reports[1]["input"]["counted"] == 2
    assert reports[0]["unavailable_seconds"] == reports[1]["unavailable_seconds"] > 0


def test_availability_input_format_and_its_old_spelling_agree() -> None:
    new = run("availability", "-", "--input-format", "csv", "--month", "2026-01", stdin=LOG)
    old = run("availability", "-", "--format", "csv", "--month", "2026-01", stdin=LOG)
    assert new.returncode == old.returncode == 0 and new.stdout == old.stdout
    both = run("availability", "-", "--format", "csv", "--input-format", "jsonl",
               "--month", "2026-01", stdin=LOG)
    assert both.returncode == 2 and "disagree" in both.stderr


def test_bash_completion_completes_commands_options_and_values(tmp_path: Path) -> None:
    script = tmp_path / "c.bash"
    script.write_text(run("completion", "bash").stdout, encoding="utf-8")

    def complete(*words: str) -> list[str]:
        array = " ".join(f"'{w}'" for w in ("bizhours", *words))
        probe = (f"source {script}; COMP_WORDS=({array}); COMP_CWORD={len(words)}; "
                 '_bizhours; printf "%s\\n" "${COMPREPLY[@]}"')
        done = subprocess.run(["bash", "-c", probe], capture_output=True, text=True,
                              timeout=30, check=True)
        return done.stdout.split()

    assert complete("a") == ["add", "availability"]
    assert "--input" in complete("add", "--in")
    assert complete("add", "--format", "") == ["json", "text", "value"]
    assert complete("--zone", "") == ["24x7", "eastern", "pacific", "uk"]
    assert complete("completion", "") == ["bash", "zsh"]
    assert "--input-format" in complete("availability", "--")


def test_zsh_completion_names_every_subcommand_and_registers_itself() -> None:
    result = run("completion", "zsh")
    assert result.returncode == 0 and result.stdout.startswith("#compdef bizhours\n")
    for command in ("open", "add", "elapsed", "due", "hours", "availability", "export-ics",
                    "completion"):
        assert command in result.stdout
    assert "compdef _bizhours bizhours" in result.stdout and "--input" in result.stdout


def test_no_control_sequences_on_a_dumb_terminal() -> None:
    # A pseudo-terminal for stderr: the progress line is drawn only when TERM allows it.
    from bizhours.cli._availability import draws_on

    class Tty:
        def isatty(self) -> bool:
            return True

    saved = os.environ.get("TERM")
    try:
        for term, drawn in (("dumb", False), ("", False), ("xterm-256color", True)):
            os.environ["TERM"] = term
            assert draws_on(Tty()) is drawn  # type: ignore[arg-type]
    finally:
        if saved is None:
            os.environ.pop("TERM", None)
        else:
            os.environ["TERM"] = saved
