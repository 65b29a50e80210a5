"""The installed ``bizhours`` console script, run as a subprocess: each subcommand in text and
JSON, exit codes, and the error paths (one line on stderr, status 2, no traceback)."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from tests.helpers import CONTRACT, ROOT, SCRIPT


def run(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    """The console script with ``args``, as a shell would run it."""
    assert SCRIPT.exists(), f"the console script is not installed next to {sys.executable}"
    return subprocess.run([str(SCRIPT), *args], capture_output=True, text=True, cwd=cwd,
                          timeout=60, check=False)


def ok(*args: str) -> str:
    result = run(*args)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    return result.stdout


def as_json(*args: str) -> Any:
    return json.loads(ok(*args, "--json"))


def fails(*args: str) -> str:
    """The one-line error of a command that must fail with status 2."""
    result = run(*args)
    assert result.returncode == 2, (result.stdout, result.stderr)
    assert result.stdout == ""
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    return lines[0]


# --- the README's main job --------------------------------------------------------------------


def test_python_dash_m_bizhours_shows_the_three_service_windows() -> None:
    result = subprocess.run([sys.executable, "-m", "bizhours"], capture_output=True, text=True,
                            cwd=ROOT, timeout=60, check=False)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.strip().splitlines()
    assert [line.split()[0] for line in lines] == ["eastern", "pacific", "uk"]
    for line in lines:
        assert re.search(r"\b(open|closed)\b", line)
        assert re.search(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}", line)


def test_no_subcommand_is_the_overview_at_a_given_moment() -> None:
    out = ok("--at", "2026-11-20T15:00Z")  # 10:00 in New York, 07:00 in LA, 15:00 in London
    rows = {line.split()[0]: line for line in out.strip().splitlines()}
    assert "open" in rows["eastern"].split()[1]
    assert rows["pacific"].split()[1] == "closed"
    assert "opens  Fri 2026-11-20 09:00 PST" in rows["pacific"]
    assert rows["uk"].split()[1] == "open"
    assert "closes Fri 2026-11-20 16:30 GMT" in rows["uk"]


def test_overview_json() -> None:
    data = as_json("--at", "2026-11-26T15:00Z")  # Thanksgiving
    assert [d["calendar"] for d in data] == ["eastern", "pacific", "uk"]
    eastern = data[0]
    assert eastern["is_open"] is False
    assert eastern["holiday_name"] == "Thanksgiving Day"
    assert eastern["next_open"] == "2026-11-27T09:00:00-05:00"
    assert data[2]["is_open"] is True


# --- open ----------------------------------------------------------------------------------


def test_open_when_open_exits_0() -> None:
    result = run("open", "--at", "2026-11-20T16:00")
    assert result.returncode == 0
    assert result.stdout.splitlines() == [
        "eastern: open at Fri 2026-11-20 16:00 EST",
        "  closes      Fri 2026-11-20 17:00 EST",
        "  next opens  Mon 2026-11-23 09:00 EST",
    ]


def test_open_when_closed_exits_1_and_names_the_holiday() -> None:
    result = run("open", "--at", "2026-11-26T10:00")
    assert result.returncode == 1
    assert result.stdout.splitlines()[0] == (
        "eastern: closed at Thu 2026-11-26 10:00 EST (Thanksgiving Day)")
    assert "opens       Fri 2026-11-27 09:00 EST" in result.stdout


def test_open_json_with_an_offset_and_a_zone_before_the_subcommand() -> None:
    result = run("--zone", "uk", "--json", "open", "--at", "2026-11-20T16:45:00+00:00")
    assert result.returncode == 1  # UK desk closes at 16:30
    data = json.loads(result.stdout)
    assert data == {
        "calendar": "uk",
        "timezone": "Europe/London",
        "at": "2026-11-20T16:45:00+00:00",
        "is_open": False,
        "next_open": "2026-11-23T08:30:00+00:00",
        "next_close": "2026-11-23T16:30:00+00:00",
        "next_open_after_close": "2026-11-24T08:30:00+00:00",
        "holiday_name": None,
    }


def test_open_uk_subdivision() -> None:
    # St Andrew's Day (observed) is a Scottish bank holiday on Monday 30 November 2026.
    assert run("open", "--zone", "uk", "--at", "2026-11-30T10:00").returncode == 0
    result = run("open", "--zone", "uk", "--subdivision", "SCT", "--at", "2026-11-30T10:00")
    assert result.returncode == 1
    assert "uk (SCT): closed" in result.stdout


def test_open_24x7_never_closes() -> None:
    data = json.loads(run("open", "--zone", "24x7", "--json").stdout)
    assert data["is_open"] is True
    assert data["next_close"] is None
    assert data["timezone"] == "UTC"


def test_open_now_is_a_real_instant() -> None:
    result = run("open", "--json", "--at", "now")
    assert result.returncode in (0, 1)
    at = datetime.fromisoformat(json.loads(result.stdout)["at"])
    assert at.utcoffset() is not None
    assert abs((datetime.now(at.tzinfo) - at).total_seconds()) < 60


# --- add and elapsed ---------------------------------------------------------------------------


def test_add_text_and_json() -> None:
    assert ok("add", "2026-11-20T16:00", "2h").startswith("Mon 2026-11-23 10:00 EST")
    data = as_json("add", "2026-11-23T09:00-05:00", "PT8H")
    assert data["result"] == "2026-11-23T17:00:00-05:00"  # Monday's close, not Tuesday 09:00
    assert data["duration"] == "PT8H"
    assert data["duration_seconds"] == 28800


def test_add_negative_duration_after_double_dash() -> None:
    assert ok("add", "2026-11-23T10:00", "--", "-2h").startswith("Fri 2026-11-20 16:00 EST")


def test_add_zulu_time_answers_in_the_calendars_zone() -> None:
    data = as_json("add", "2026-11-20T21:00Z", "1h30m", "--zone", "pacific")
    assert data["at"] == "2026-11-20T13:00:00-08:00"
    assert data["result"] == "2026-11-20T14:30:00-08:00"


def test_elapsed_text_and_json() -> None:
    out = ok("elapsed", "2026-11-20T16:00", "2026-11-23T10:00")
    assert out.startswith("2h of eastern business time")
    data = as_json("elapsed", "2026-11-25T09:00", "2026-11-28T00:00")  # Thanksgiving inside
    assert data["elapsed"] == "PT16H"
    assert data["elapsed_seconds"] == 16 * 3600


def test_elapsed_negative_when_end_is_before_start() -> None:
    assert as_json("elapsed", "2026-11-23T10:00", "2026-11-20T16:00")["elapsed"] == "-PT2H"


# --- due -----------------------------------------------------------------------------------------


def test_due_non_critical_text() -> None:
    out = ok("due", "--severity", "non-critical", "--opened", "2026-11-20T15:00",
             "--at", "2026-11-20T15:30")
    assert "response due  Mon 2026-11-23 15:00 EST" in out
    assert "remaining     7h30m of eastern business time" in out


def test_due_with_a_pause_json() -> None:
    data = as_json("due", "--severity", "non-critical", "--opened", "2026-11-20T15:00",
                   "--paused", "2026-11-20T16:00/2026-11-23T10:00", "--at", "2026-11-23T11:00")
    # The pause takes Friday 16:00-17:00 and Monday 09:00-10:00 of business time.
    assert data["response"]["due"] == "2026-11-23T17:00:00-05:00"
    assert data["response"]["original_due"] == "2026-11-23T15:00:00-05:00"
    assert data["pauses"] == [["2026-11-20T16:00:00-05:00", "2026-11-23T10:00:00-05:00"]]
    assert data["response"]["remaining"] == "PT6H"
    assert data["breached"] is False


def test_due_critical_with_response_gives_the_next_update() -> None:
    # The example contract's p1: a call back within 15 minutes, updates every hour.
    data = as_json("due", "--severity", "p1", "--opened", "2026-11-27T10:00",
                   "--responded", "2026-11-27T10:10", "--at", "2026-11-27T10:30",
                   "--config", str(CONTRACT))
    assert data["response"]["due"] == "2026-11-27T10:15:00+01:00"
    assert data["response"]["met_at"] == "2026-11-27T10:10:00+01:00"
    assert data["next_update_due"] == "2026-11-27T11:10:00+01:00"  # the contract's 1h cadence
    assert data["policy"]["targets"]["p1"]["update_every"] == "PT1H"


def test_due_applies_the_response_and_pauses_in_the_order_they_happened() -> None:
    result = run("due", "--severity", "p1", "--opened", "2026-11-27T10:00",
                 "--responded", "2026-11-27T10:10", "--paused",
                 "2026-11-27T11:00/2026-11-27T12:00", "--at", "2026-11-27T12:30",
                 "--config", str(CONTRACT), "--json")
    data = json.loads(result.stdout)
    assert data["response"]["met_at"] == "2026-11-27T10:10:00+01:00"
    # The hour paused moves the 11:10 update to 12:10; at 12:30 that interval is breached
    # (0.1's "next_update_overdue"), so the case is, and the exit status says so.
    assert data["next_update_due"] == "2026-11-27T12:10:00+01:00"
    assert data["next_update"]["breached"] is True
    assert data["breached"] is True
    assert result.returncode == 1


def test_due_says_when_the_next_update_is_owed() -> None:
    args = ("due", "--severity", "p1", "--opened", "2026-11-27T10:00", "--responded",
            "2026-11-27T10:10", "--config", str(CONTRACT))
    assert "next update   Fri 2026-11-27 11:10 CET (every 1h)" in ok(*args, "--at",
                                                                        "2026-11-27T10:30")
    late = run(*args, "--at", "2026-11-27T13:30")
    assert late.returncode == 1
    assert ("next update   OVERDUE since Fri 2026-11-27 11:10 CET, by 2h20m on the 24x7 clock"
            in late.stdout)


def test_due_breached_critical() -> None:
    result = run("due", "--severity", "critical", "--opened", "2026-11-21T03:00Z",
                 "--at", "2026-11-21T03:20Z")
    assert result.returncode == 1, result.stderr
    assert "BREACHED      overdue by 5m on the 24x7 clock" in result.stdout


def test_due_still_paused() -> None:
    data = as_json("due", "--severity", "critical", "--opened", "2026-11-20T15:00",
                   "--paused", "2026-11-20T15:05/", "--at", "2026-11-20T15:30")
    assert data["paused"] is True
    assert data["response"]["due"] is None
    assert data["response"]["remaining"] == "PT10M"


def test_due_contract_target() -> None:
    # The contract's Berlin calendar, 8h from Friday 27 November 11:00: the offsite leaves
    # 11:00-12:00 (1h), the release weekend opens Saturday 10:00-14:00 (4h), and Monday
    # 09:00-12:00 gives the last 3h.
    data = as_json("due", "--severity", "p3", "--opened", "2026-11-27T11:00",
                   "--at", "2026-11-27T11:00", "--config", str(CONTRACT))
    assert data["response"]["due"] == "2026-11-30T12:00:00+01:00"


# --- hours -----------------------------------------------------------------------------------


def test_hours_month_grid() -> None:
    out = ok("hours", "--month", "2026-11")
    lines = out.splitlines()
    assert lines[0] == "eastern (America/New_York)"
    assert "November 2026" in out
    assert " 23* 24* 25* 26H 27* 28  29" in lines
    assert "  Thu 2026-11-26  Thanksgiving Day (bank holiday)  ->  closed" in lines
    assert "  Mon 2026-11-02  09:00-17:00 EST" in lines
    assert "  Sat 2026-11-07  closed" in lines


def test_hours_json_days() -> None:
    data = as_json("hours", "--from", "2026-11-26", "--days", "2")
    assert [d["date"] for d in data["days"]] == ["2026-11-26", "2026-11-27"]
    assert data["days"][0]["holiday_name"] == "Thanksgiving Day"
    assert data["days"][0]["is_business_day"] is False
    assert data["days"][1]["windows"] == [["2026-11-27T09:00:00-05:00",
                                           "2026-11-27T17:00:00-05:00"]]


def test_hours_contract_names_adjustments() -> None:
    out = ok("hours", "--month", "2026-12", "--config", str(CONTRACT))
    assert " 21* 22* 23* 24x 25H 26H 27" in out.splitlines()
    assert "Christmas Eve (extra holiday)  ->  closed" in out
    assert "Year-end shutdown (closed)  ->  closed" in out


def test_hours_contract_json_notes() -> None:
    data = as_json("hours", "--from", "2026-11-27", "--days", "2", "--config", str(CONTRACT))
    friday, saturday = data["days"]
    assert friday["is_adjusted"] is True
    assert friday["notes"][0] == "Team offsite afternoon (hours set to 09:00-12:00)"
    assert saturday["windows"] == [["2026-11-28T10:00:00+01:00", "2026-11-28T14:00:00+01:00"]]


# --- availability -----------------------------------------------------------------------------

CSV = """timestamp,channel,status
2026-01-05T14:00:00.12Z,api,200
2026-01-05T14:00:00.87Z,api,503
2026-01-05T14:00:01.05Z,api,503
2026-01-05T14:00:01.40Z,api,timeout
2026-01-05T14:00:01.90Z,smtp,250
2026-01-05T14:00:02.30Z,smtp,421
2026-01-05T14:00:03.50Z,api,429
2026-01-05T14:00:03.80Z,smtp,550
2026-01-05T14:00:05Z,api,500
2026-01-05T14:00:09.60Z,api,502
"""
JSONL = """{"timestamp": "2026-01-05T22:00:00Z", "channel": "api", "status": 503}
{"timestamp": "2026-01-05T22:00:01Z", "channel": "ftp", "status": 503}
not json
"""


@pytest.fixture
def logs(tmp_path: Path) -> Path:
    (tmp_path / "jan.csv").write_text(CSV, encoding="utf-8")
    (tmp_path / "bad.jsonl").write_text(JSONL, encoding="utf-8")
    return tmp_path


def test_availability_text(logs: Path) -> None:
    out = ok("availability", str(logs / "jan.csv"), "--month", "2026-01")
    assert "unavailable  4 s, of which 4s in eastern business hours" in out
    assert "uptime       99.999851%" in out  # 4 of 31 days' 2,678,400 seconds
    assert "outages      3, the longest 2s" in out
    assert "Mon 2026-01-05 09:00:01 EST to 09:00:03 EST  2s" in out


def test_availability_json(logs: Path) -> None:
    data = as_json("availability", str(logs / "jan.csv"), "--start", "2026-01-05T14:00Z",
                   "--end", "2026-01-05T14:01Z")
    assert data["unavailable_seconds"] == 4
    assert data["total_seconds"] == 60
    assert data["uptime"] == pytest.approx(56 / 60)
    assert data["outages"][0] == ["2026-01-05T14:00:01+00:00", "2026-01-05T14:00:03+00:00"]
    assert data["input"] == {"counted": 10, "outside": 0, "rejected": []}


def test_availability_bad_row_stops_with_file_and_line(logs: Path) -> None:
    line = fails("availability", str(logs / "jan.csv"), str(logs / "bad.jsonl"),
                 "--month", "2026-01")
    assert f"{logs / 'bad.jsonl'}:2: channel 'ftp'" in line
    assert "--lenient" in line


def test_availability_lenient_lists_rejected_rows(logs: Path) -> None:
    data = as_json("availability", str(logs / "jan.csv"), str(logs / "bad.jsonl"),
                   "--month", "2026-01", "--lenient")
    assert data["unavailable_seconds"] == 5
    assert [(r["path"], r["line"]) for r in data["input"]["rejected"]] == [
        (str(logs / "bad.jsonl"), 2), (str(logs / "bad.jsonl"), 3)]
    out = ok("availability", str(logs / "bad.jsonl"), "--month", "2026-01", "--lenient")
    assert "2 rejected" in out
    assert "bad.jsonl:3: not JSON" in out


def test_availability_no_progress_when_stderr_is_not_a_terminal(logs: Path) -> None:
    result = run("availability", str(logs / "jan.csv"), "--month", "2026-01")
    assert result.stderr == ""


def test_availability_errors(logs: Path) -> None:
    assert "give the period" in fails("availability", str(logs / "jan.csv"))
    assert "no such file" in fails("availability", str(logs / "nope.csv"), "--month", "2026-01")
    (logs / "x.txt").write_text("", encoding="utf-8")
    assert "--input-format" in fails("availability", str(logs / "x.txt"), "--month", "2026-01")
    (logs / "dir.csv").mkdir()
    assert "is a directory" in fails("availability", str(logs / "dir.csv"), "--month", "2026-01")
    line = fails("availability", str(logs / "jan.csv"), "--start", "2026-01-02T00:00",
                 "--end", "2026-01-01T00:00")
    assert "before" in line


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")
def test_availability_reads_a_pipe(tmp_path: Path) -> None:
    # As in `bizhours availability <(zcat log.csv.gz) --format csv`: not a regular file.
    fifo = tmp_path / "log.csv"
    os.mkfifo(fifo)
    proc = subprocess.Popen([str(SCRIPT), "availability", str(fifo), "--month", "2026-01",
                             "--json"], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, cwd=ROOT)
    with open(fifo, "w", encoding="utf-8") as f:
        f.write(CSV)
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == 0, err
    assert json.loads(out)["unavailable_seconds"] == 4


def test_availability_format_option(logs: Path) -> None:
    (logs / "log.txt").write_text(CSV, encoding="utf-8")
    data = as_json("availability", str(logs / "log.txt"), "--format", "csv",
                   "--month", "2026-01")
    assert data["unavailable_seconds"] == 4


# --- export-ics ------------------------------------------------------------------------------


def test_export_ics_to_stdout() -> None:
    icalendar = pytest.importorskip("icalendar")
    out = ok("export-ics", "--from", "2026-11-25", "--to", "2026-11-27")
    cal = icalendar.Calendar.from_ical(out)
    events = list(cal.walk("VEVENT"))
    opens = sorted(e.decoded("dtstart") for e in events if "Support open" in str(e["summary"]))
    assert [o.isoformat() for o in opens] == ["2026-11-25T09:00:00-05:00",
                                              "2026-11-27T09:00:00-05:00"]
    holidays = [str(e["summary"]) for e in events if "Support open" not in str(e["summary"])]
    assert holidays == ["Thanksgiving Day (eastern: closed)"]
    assert cal.walk("VTIMEZONE")[0]["TZID"] == "America/New_York"


def test_export_ics_contract_to_file(tmp_path: Path) -> None:
    icalendar = pytest.importorskip("icalendar")
    target = tmp_path / "service.ics"
    out = ok("export-ics", "--config", str(CONTRACT), "--from", "2026-12-24", "--to",
             "2026-12-31", "-o", str(target))
    assert str(target) in out
    cal = icalendar.Calendar.from_ical(target.read_bytes())
    summaries = sorted(str(e["summary"]) for e in cal.walk("VEVENT"))
    assert "Christmas Eve (extra holiday) (Europe/Berlin: closed)" in summaries
    assert not any(s.startswith("Support open") for s in summaries)  # all closed that week


def test_export_ics_refuses_json_and_backwards_ranges() -> None:
    assert "not JSON" in fails("export-ics", "--json")
    assert "before" in fails("export-ics", "--from", "2026-12-31", "--to", "2026-12-01")


# --- the contract file ---------------------------------------------------------------------


def test_example_contract_open_and_add() -> None:
    result = run("open", "--config", str(CONTRACT), "--at", "2026-11-27T12:30")
    assert result.returncode == 1  # the offsite afternoon
    assert result.stdout.startswith("Europe/Berlin: closed at Fri 2026-11-27 12:30 CET")
    out = ok("add", "2027-01-04T17:00", "1h", "--config", str(CONTRACT))
    assert out.startswith("Mon 2027-01-04 18:00 CET")  # the 2027 hours close at 18:00


def test_bad_contract_key_names_its_path(tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text('[calendar]\nzone = "eastern"\n[[calendar.adjustments]]\ndate = 2026-12-24\n'
                   'hours = "09:00-12:00"\n[[calendar.adjustments]]\ndate = 2026-12-26\n'
                   'hours = "10:00-11:00"\n[[calendar.adjustments]]\ndate = 2026-12-31\n'
                   'hours = "25:00-26:00"\n', encoding="utf-8")
    line = fails("open", "--config", str(bad))
    assert line.startswith(f"bizhours: error: {bad}: calendar.adjustments[2].hours: "
                           '"25:00-26:00" is not HH:MM-HH:MM')


def test_unknown_contract_key_is_an_error(tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text('[calendar]\nzone = "eastern"\n[sla]\nnon_critical = "4h"\n',
                   encoding="utf-8")
    assert "sla.non_critical: unknown key" in fails("due", "--severity", "critical",
                                                    "--config", str(bad))


# --- usage and input errors --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["add", "now", "2d"], "a business day is not 24 hours"),
        (["add", "now", "90"], "duration '90' is not understood"),
        (["add", "yesterday", "1h"], "time 'yesterday' is not understood"),
        (["open", "--at", "2026-03-08T02:30"], "does not exist in America/New_York"),
        (["open", "--zone", "mars"], "invalid choice: 'mars'"),
        (["open", "--subdivision", "SCT"], "applies only to the 'uk' calendar"),
        (["open", "--config", "missing.toml"], "missing.toml: cannot read the contract file"),
        (["open", "--config", "examples/contract.toml", "--zone", "uk"], "do not give --zone"),
        (["frobnicate"], "invalid choice: 'frobnicate'"),
        (["due"], "the following arguments are required: --severity"),
        (["due", "--severity", "urgent"],
         "--severity 'urgent' is not a severity of the policy: accepted critical, non-critical"),
        (["due", "--severity", "critical", "--paused", "2026-11-20T10:00"], "is not START/END"),
        (["due", "--severity", "critical", "--opened", "2026-11-20T10:00",
          "--paused", "2026-11-20T09:00/2026-11-20T09:30"], "before"),
        (["hours", "--month", "2026-13"], "month '2026-13' is not a month"),
        (["hours", "--month", "2026-11", "--days", "3"], "either --month or --from"),
        (["hours", "--days", "0"], "--days 0"),
        (["elapsed", "2026-11-20T10:00"], "required: END"),
        (["--at", "2026-01-05T10:00", "hours"], "--at is not taken by hours"),
        (["export-ics", "--to", "2001-01-01"], "before today, "),
    ],
)
def test_errors_are_one_line_with_status_2(args: list[str], expected: str) -> None:
    assert expected in fails(*args)


def test_help_mentions_wall_time_in_the_calendars_zone() -> None:
    out = ok("add", "--help")
    assert "no offset (wall time in the calendar's own zone)" in " ".join(out.split())
    assert "days are refused" in " ".join(out.split())
