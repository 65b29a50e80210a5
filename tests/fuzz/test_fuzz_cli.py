"""Fuzz: the command line's time, date, month and duration arguments, through
``bizhours.cli.main`` in this process. Every run ends with exit status 0, 1 (``open``: closed)
or 2 (a usage or input error) and one line on stderr for an error, never a traceback."""

from __future__ import annotations

import contextlib
import io
import re
import resource
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from bizhours import ConfigError
from bizhours.cli import main
from bizhours.durations import parse_duration
from tests.fuzz.grammar import (
    content,
    csv_text,
    duration,
    instant,
    jsonl_text,
    mutated,
)
from tests.fuzz.settings import scaled

# A control character a terminal may act on, other than the line ends (\r\n ends iCalendar's).
RAW_CONTROL = re.compile("[\x00-\x09\x0b\x0c\x0e-\x1f\x7f-\x9f]")

_FLAGS = st.lists(st.sampled_from([["--json"], ["--zone", "uk"], ["--zone", "pacific"],
                                   ["--zone", "24x7"], ["--zone", "uk", "--subdivision", "SCT"]]),
                  max_size=2).map(lambda flags: [a for f in flags for a in f])
_time = mutated(instant, 2)
_date = mutated(st.sampled_from(["2026-11-20", "2026-02-28", "0001-01-02", "9999-12-30",
                                 "2026-02-30"]), 2)
_month = mutated(st.sampled_from(["2026-11", "2026-12", "0001-01", "9999-11", "2026-13"]), 2)
_severity = st.sampled_from(["critical", "non-critical", "CRITICAL", "urgent"])
_duration_args = mutated(duration, 2).map(lambda d: ["--", d] if d.startswith("-") else [d])

command = st.one_of(
    st.tuples(st.just(["add"]), _time.map(lambda t: [t]), _duration_args),
    st.tuples(st.just(["elapsed"]), _time.map(lambda t: [t]), _time.map(lambda t: [t])),
    st.tuples(st.just(["open", "--at"]), _time.map(lambda t: [t])),
    st.tuples(st.just(["--at"]), _time.map(lambda t: [t])),
    st.tuples(st.just(["due", "--severity"]), _severity.map(lambda s: [s]),
              _time.map(lambda t: ["--opened", t]),
              st.lists(st.tuples(_time, st.just("") | _time).map(lambda p: ["--paused",
                                                                             f"{p[0]}/{p[1]}"]),
                       max_size=2).map(lambda ps: [a for p in ps for a in p]),
              st.just([]) | _time.map(lambda t: ["--responded", t]),
              st.lists(st.tuples(st.sampled_from(["--responded", "--message", "--updated",
                                                  "--workaround", "--resolved", "--reopened"]),
                                 _time)
                       | st.tuples(st.just("--escalated"),
                                   st.tuples(_time, _severity).map("=".join)),
                       max_size=3).map(lambda es: [a for e in es for a in e]),
              st.just([]) | _time.map(lambda t: ["--at", t])),
    st.tuples(st.just(["hours", "--month"]), _month.map(lambda m: [m])),
    st.tuples(st.just(["hours", "--from"]), _date.map(lambda d: [d]),
              st.just([]) | (st.integers(-5, 400) | st.sampled_from([3661, 10**9])).map(
                  lambda n: ["--days", str(n)])),
    st.tuples(st.just(["export-ics", "--from"]), _date.map(lambda d: [d]),
              _date.map(lambda d: ["--to", d])),
).map(lambda parts: [a for part in parts for a in part])

LONGEST_US = timedelta(hours=500_000)  # about 57 years of 24x7 time, 240 of an 8-hour desk


def years(args: list[str]) -> list[int]:
    """The years of the arguments that look like times or dates, and this year where the
    command looks at now (``due`` measures at now unless given ``--at``)."""
    parts = [p for a in args for p in a.split("/")]  # a pause is START/END
    found = [int(p[:4]) for p in parts if len(p) >= 4 and p[:4].isascii() and p[:4].isdigit()]
    if any(p.strip().lower() == "now" for p in parts) or (args[0] == "due" and "--at" not in args):
        found.append(date.today().year)
    return found


def long_span(args: list[str]) -> bool:
    """A query across more than a couple of centuries, or a duration that long: its time is
    in proportion to the years it compiles (memory is bounded, see the test below), beyond an
    example's deadline. So: spans of 200 years at most, and years near today or at the very
    edges of the range (1, 2, 9998, 9999)."""
    found = years(args)
    if found and max(found) - min(found) > 200:
        return True
    if any(not 1900 <= y <= 2200 and y not in (1, 2, 9998, 9999) for y in found):
        return True
    for a in args:
        with contextlib.suppress(ConfigError):
            if abs(parse_duration(a)) > LONGEST_US:
                return True
    return False


def run(args: list[str]) -> tuple[int, str, str]:
    out = io.TextIOWrapper(io.BytesIO(), encoding="utf-8")  # export-ics writes bytes to it
    err = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        status = main(args)
    out.seek(0)
    return status, out.read(), err.getvalue()


@scaled(80)
@given(args=command, flags=_FLAGS)
def test_fuzz_cli_arguments(args: list[str], flags: list[str]) -> None:
    assume(not long_span(args))  # time in proportion to the years (see long_span)
    if args[0] == "export-ics":
        flags = [f for f in flags if f != "--json"]
    status, out, err = run(args + flags if "--" not in args else flags + args)
    check(args[0], status, out, err)


def check(command: str, status: int, out: str, err: str) -> None:
    """The exit status is one the page lists, an error is one line, nothing is raw."""
    assert "Traceback" not in err
    assert status in ((0, 1, 2) if command in ("open", "due") else (0, 2)), err
    assert not RAW_CONTROL.search(out) and not RAW_CONTROL.search(err), (out, err)
    if status == 2:
        assert err.count("\n") == 1 and err.startswith("bizhours"), err
        assert out == ""
    else:
        assert err == "" and out


@pytest.fixture(scope="module")
def log_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("fuzz-cli-logs")


@scaled(40)
@given(data=st.one_of(content(csv_text()).map(lambda d: ("log.csv", d)),
                      content(jsonl_text()).map(lambda d: ("log.jsonl", d))),
       flags=st.lists(st.sampled_from(["--lenient", "--json"]), unique=True))
def test_fuzz_cli_availability(log_dir: Path, data: tuple[str, bytes], flags: list[str]) -> None:
    name, body = data
    path = log_dir / name
    path.write_bytes(body)
    status, out, err = run(["availability", str(path), "--month", "2026-01", *flags])
    check("availability", status, out, err)


def test_elapsed_over_eight_thousand_years_answers_in_bounded_memory() -> None:
    """It held 684 MB: the timeline kept every year compiled."""
    limit = 400 * 2**20
    try:
        result = subprocess.run(
            [sys.executable, "-m", "bizhours", "elapsed", "0002-01-01", "9998-01-01"],
            capture_output=True, text=True, timeout=300, check=False,
            preexec_fn=lambda: resource.setrlimit(resource.RLIMIT_AS, (limit, limit)))
    except subprocess.TimeoutExpired:
        pytest.fail("elapsed over 8,000 years took more than 5 minutes")
    assert result.returncode == 0, result.stderr
