"""Business-day deadlines as people type them (``2bd``, ``1bd@16:00,cutoff=10:00``): what
``parse_deadline`` reads, what it refuses and why, the round trip through ``str``, and what
``bizhours add`` passes on and shows."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from datetime import datetime, time, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bizhours import BusinessDays, Calendar
from bizhours.cli import main
from bizhours.durations import format_deadline, parse_deadline, parse_duration
from bizhours.errors import ConfigError
from tests.helpers import NY


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2bd", BusinessDays(2)),
        ("0bd", BusinessDays(0)),
        ("1bd@16:00", BusinessDays(1, by=time(16))),
        ("1bd@close", BusinessDays(1, by="close")),
        ("1bd@open", BusinessDays(1, by="open")),
        ("0bd@close", BusinessDays(0, by="close")),
        ("1bd@16:00,cutoff=10:00", BusinessDays(1, by="16:00", cutoff=time(10))),
        ("1bd,cutoff=10:00", BusinessDays(1, cutoff="10:00")),
        ("1bd@16:00:30", BusinessDays(1, by=time(16, 0, 30))),
        ("2BD", BusinessDays(2)),
        ("1Bd@CLOSE", BusinessDays(1, by="close")),
        ("1bd@16:00,CutOff=10:00", BusinessDays(1, by="16:00", cutoff="10:00")),
        ("  3 bd  ", BusinessDays(3)),
        (" 1 bd @ 16:00 , cutoff = 10:00 ", BusinessDays(1, by="16:00", cutoff="10:00")),
        ("1bd@9:30", BusinessDays(1, by="09:30")),
        ("007bd", BusinessDays(7)),
    ],
)
def test_business_day_forms(text: str, expected: BusinessDays) -> None:
    assert parse_deadline(text) == expected


@pytest.mark.parametrize(("text", "expected"), [("4h", timedelta(hours=4)),
                                                ("PT1H30M", timedelta(minutes=90)),
                                                ("-2h", -timedelta(hours=2)),
                                                ("0s", timedelta(0))])
def test_hours_are_still_durations(text: str, expected: timedelta) -> None:
    value = parse_deadline(text)
    assert type(value) is timedelta
    assert value == expected


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("1.5bd", r"'1\.5bd': the number of business days must be whole.*business hours"),
        (".5bd", r"'\.5bd': the number of business days must be whole"),
        ("-1bd", r"'-1bd': a business-day deadline counts forward.*cannot be negative"),
        ("- 2bd@close", r"'- 2bd@close': a business-day deadline counts forward"),
        ("bd", r"'bd': give the number of business days before 'bd', such as 2bd"),
        ("1bd@25:00", r"'1bd@25:00': business days by='25:00'.*out of range.*'open' or 'close'"),
        ("1bd@noon", r"'1bd@noon': business days by='noon'.*HH:MM.*'open' or 'close'"),
        ("1bd@24:00", r"'1bd@24:00': business days by='24:00'"),
        ("1bd@", r"'1bd@': '@' needs a wall time \(HH:MM\[:SS\]\), open or close"),
        ("1bd,cutoff=close", r"'1bd,cutoff=close': business days cutoff='close'"),
        ("1bd,cutoff=", r"'1bd,cutoff=': business days cutoff=''"),
        ("1bd@16:00,by=17:00", r"'by' after the comma is not a known key: accepted cutoff="),
        ("1bd,colour=red", r"'colour' after the comma is not a known key: accepted cutoff="),
        ("1bd,cutoff", r"'cutoff' after the comma is not a known key"),
        ("1bd@16:00,", r"'' after the comma is not a known key"),
        ("1bd,cutoff=10:00,cutoff=11:00", r"cutoff is given twice"),
        ("1bd 16:00", r"'16:00' after 'bd' is not understood; accepted: business days such as"),
        ("9" * 40 + "bd", r"more business days than any calendar could reach"),
    ],
)
def test_bad_business_days_name_the_text_and_what_is_accepted(text: str, message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        parse_deadline(text)


@pytest.mark.parametrize("text", ["2d", "2 days", "1 day", "P2D", "1w", "P1DT2H", "-1d"])
def test_days_are_refused_pointing_to_business_days_and_hours(text: str) -> None:
    with pytest.raises(ConfigError) as info:
        parse_deadline(text)
    message = str(info.value)
    assert repr(text) in message
    assert "a business day is not 24 hours" in message
    assert "2bd for two business days" in message
    assert "16h for two 8-hour days" in message


@pytest.mark.parametrize("text", ["1bdx", "+1bd", "two bd", "2 b d"])
def test_what_is_not_understood_lists_both_forms(text: str) -> None:
    with pytest.raises(ConfigError, match=r"not understood; accepted: hours.*business days such "
                       "as 2bd"):
        parse_deadline(text)


def test_a_non_string_is_refused_listing_both_forms() -> None:
    with pytest.raises(ConfigError, match=r"duration 2 must be a string.*4h.*2bd"):
        parse_deadline(2)  # type: ignore[arg-type]


@pytest.mark.parametrize("text", ["2bd", "1bd@16:00", "0bd@close"])
def test_parse_duration_refuses_business_days_where_only_hours_fit(text: str) -> None:
    with pytest.raises(ConfigError, match=r"is a business-day deadline, not a length of open "
                       "time.*accepted: hours"):
        parse_duration(text)


def test_parse_duration_refuses_days_pointing_to_hours_only() -> None:
    with pytest.raises(ConfigError, match="give business hours instead") as info:
        parse_duration("2d")
    assert "bd" not in str(info.value)  # where only a duration fits, 2bd would be refused too


# --- the round trip --------------------------------------------------------------------------

wall_times = st.times().map(lambda t: t.replace(microsecond=0))
business_days = st.builds(
    BusinessDays,
    st.integers(0, 10**12),
    st.none() | st.sampled_from(["open", "close"]) | wall_times,
    st.none() | wall_times,
)


@given(business_days)
def test_text_form_round_trips(value: BusinessDays) -> None:
    assert parse_deadline(str(value)) == value
    assert format_deadline(value) == str(value)


def _respelled(value: BusinessDays, spaces: list[str], upper: list[bool]) -> str:
    """``str(value)`` with spaces around each part and some letters in capitals."""
    text = str(value)
    for mark in ("bd", "@", ",", "="):
        text = text.replace(mark, f"{spaces.pop()}{mark}{spaces.pop()}")
    return "".join(c.upper() if upper[i % len(upper)] else c for i, c in enumerate(text))


@given(business_days, st.lists(st.sampled_from(["", " ", "  ", "\t"]), min_size=8, max_size=8),
       st.lists(st.booleans(), min_size=1, max_size=5))
def test_case_and_spaces_do_not_change_the_value(value: BusinessDays, spaces: list[str],
                                                 upper: list[bool]) -> None:
    assert parse_deadline(_respelled(value, spaces, upper)) == value


@given(st.timedeltas(min_value=timedelta(days=-3000), max_value=timedelta(days=3000)))
def test_format_deadline_of_a_timedelta_reads_back(value: timedelta) -> None:
    assert parse_deadline(format_deadline(value)) == value


# --- the command line ------------------------------------------------------------------------
# What `bizhours add` does with business days, apart from the engine's answer: the value it
# passes to Calendar.add and how it shows the result. (The answers themselves are checked in
# test_business_days_cli.py.)

ANSWER = datetime(2026, 11, 25, 16, tzinfo=NY)


@pytest.fixture
def passed(monkeypatch: pytest.MonkeyPatch) -> list[object]:
    """The durations `bizhours add` gives Calendar.add, which answers ``ANSWER``."""
    seen: list[object] = []

    def add(self: Calendar, at: datetime, duration: object) -> datetime:
        seen.append(duration)
        return ANSWER

    monkeypatch.setattr(Calendar, "add", add)
    return seen


def cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    status = main(list(args))
    captured = capsys.readouterr()
    return status, captured.out, captured.err


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2bd", BusinessDays(2)),
        ("1bd@16:00", BusinessDays(1, by="16:00")),
        ("1BD@Close", BusinessDays(1, by="close")),
        ("1bd@16:00,cutoff=10:00", BusinessDays(1, by="16:00", cutoff="10:00")),
    ],
)
def test_add_passes_business_days_to_the_calendar(
        passed: list[object], capsys: pytest.CaptureFixture[str], text: str,
        expected: BusinessDays) -> None:
    status, out, err = cli(capsys, "add", "2026-11-23T11:00", text)
    assert (status, err) == (0, "")
    assert passed == [expected]
    assert out == (f"Wed 2026-11-25 16:00 EST  ({expected} on eastern business days after "
                   "Mon 2026-11-23 11:00 EST)\n")


def test_add_json_gives_the_text_form(passed: list[object],
                                      capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = cli(capsys, "add", "2026-11-23T11:00", "1bd@16:00,cutoff=10:00", "--json")
    assert status == 0
    assert json.loads(out) == {"calendar": "eastern", "at": "2026-11-23T11:00:00-05:00",
                               "duration": "1bd@16:00,cutoff=10:00", "duration_seconds": None,
                               "result": "2026-11-25T16:00:00-05:00"}


def test_add_hours_are_still_a_timedelta(passed: list[object],
                                         capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = cli(capsys, "add", "2026-11-23T11:00", "--json", "--", "-2h")
    assert status == 0
    assert passed == [-timedelta(hours=2)]
    assert json.loads(out)["duration"] == "-PT2H"


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["2d"], "write 2bd for two business days, or give business hours such as 16h"),
        (["2 days"], "write 2bd for two business days"),
        (["P2D"], "write 2bd for two business days"),
        (["--", "-1bd"], "'-1bd': a business-day deadline counts forward from the start, so it "
                         "cannot be negative (nor subtracted); to count back, give business "
                         "hours such as -16h"),
        (["1.5bd"], "'1.5bd': the number of business days must be whole"),
        (["1bd@16:60"], "'1bd@16:60': business days by='16:60'"),
        (["1bd,until=10:00"], "'until' after the comma is not a known key: accepted cutoff="),
    ],
)
def test_add_refusals_are_one_line_with_status_2(
        passed: list[object], capsys: pytest.CaptureFixture[str], args: list[str],
        expected: str) -> None:
    status, out, err = cli(capsys, "add", "2026-11-23T11:00", *args)
    assert (status, out) == (2, "")
    assert err.count("\n") == 1 and err.startswith("bizhours: error: ")
    assert expected in err
    assert passed == []  # refused before the calendar is asked


def test_add_help_names_business_days(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = cli(capsys, "add", "--help")
    text = " ".join(out.split())
    assert status == 0
    assert "1bd@16:00,cutoff=10:00" in text
    assert "days are refused (a business day is not 24 hours): write 2bd or 16h" in text


@pytest.mark.parametrize("text", ["1bd@" + "9" * 100_000, "1bd,cutoff=x" + " " * 100_000 + "x",
                                  "1bd," + "k" * 100_000 + "=1", "1bd" + " x" * 50_000,
                                  "-" + " " * 100_000 + "PT", "1" * 50_000 + " " * 50_000 + "x"])
@pytest.mark.parametrize("parse", [parse_deadline, parse_duration])
def test_a_huge_text_is_refused_quoted_cut_short(
        text: str, parse: Callable[[str], object]) -> None:
    with pytest.raises(ConfigError) as info:
        parse(text)
    assert len(str(info.value)) < 1_000
    assert "characters)" in str(info.value)


def test_long_runs_of_blanks_cost_linear_time() -> None:
    # A regular expression with two optional runs of blanks side by side took quadratic time:
    # a minute for this text. It holds the GIL, so a thread cannot time it out: a process can.
    code = ("from bizhours.durations import parse_deadline, parse_duration\n"
            "for text in ('-' + ' ' * 100_000 + 'PT', '1bd,cutoff=x' + ' ' * 100_000 + 'x'):\n"
            "    for parse in (parse_deadline, parse_duration):\n"
            "        try:\n"
            "            parse(text)\n"
            "        except ValueError:\n"
            "            pass\n")
    done = subprocess.run([sys.executable, "-c", code], timeout=30, check=False,
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


@pytest.mark.parametrize("text", ["-\x852h", "-\u20030s", "-\u00a01bd"])
@pytest.mark.parametrize("parse", [parse_deadline, parse_duration])
def test_only_ascii_blanks_follow_the_sign(text: str, parse: Callable[[str], object]) -> None:
    with pytest.raises(ConfigError):
        parse(text)
