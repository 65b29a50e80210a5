"""``bizhours due`` with every event kind: the JSON is ``ev.as_dict()`` of the same case built
in Python (plus the calendar, the events and the policy), the text shows every metric, and the
exit status says whether the case is breached."""

from __future__ import annotations

import json
import subprocess
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from bizhours import sla
from bizhours.cli import main
from bizhours.config import load_contract
from tests.helpers import CONTRACT, ROOT, SCRIPT

BERLIN = ZoneInfo("Europe/Berlin")
DAY = "2026-11-27T"  # a Friday; the example contract's calendar is Berlin's
STORY = ["--opened", f"{DAY}10:00", "--responded", f"{DAY}10:10",
         "--message", f"{DAY}10:20", "--responded", f"{DAY}10:50",
         "--updated", f"{DAY}11:30", "--paused", f"{DAY}12:00/{DAY}12:30",
         "--escalated", f"{DAY}13:00=p2", "--resolved", f"{DAY}14:00",
         "--reopened", f"{DAY}15:00", "--at", f"{DAY}16:00"]


def t(hhmm: str) -> datetime:
    hours, minutes = hhmm.split(":")
    return datetime(2026, 11, 27, int(hours), int(minutes), tzinfo=BERLIN)


def due(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    status = main(["due", "--config", str(CONTRACT), *args])
    out, err = capsys.readouterr()
    return status, out, err


def as_json(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, Any]:
    status, out, err = due(capsys, *args, "--json")
    assert err == ""
    return status, json.loads(out)


def test_json_is_the_evaluation_as_dict_plus_what_the_text_shows(
        capsys: pytest.CaptureFixture[str]) -> None:
    status, data = as_json(capsys, "--severity", "P1", *STORY)
    case = sla.Case.from_events(t("10:00"), "p1", [
        ("respond", t("10:10")), ("customer-message", t("10:20")), ("respond", t("10:50")),
        ("update", t("11:30")), ("pause", t("12:00")), ("resume", t("12:30")),
        ("escalate", t("13:00"), "p2"), ("resolve", t("14:00")), ("reopen", t("15:00"))])
    ev = load_contract(CONTRACT).policy.evaluate(case, t("16:00"))
    expected = json.loads(json.dumps(ev.as_dict()))
    extras = {k: data.pop(k) for k in ("calendar", "events", "policy")}
    assert data == expected
    assert extras["calendar"] == "Europe/Berlin"
    assert [e["kind"] for e in extras["events"]] == [e.kind.value for e in case.events]
    assert extras["events"][6] == {"kind": "escalate", "at": "2026-11-27T13:00:00+01:00",
                                   "severity": "p2"}
    assert extras["policy"]["order"] == ["p1", "p2", "p3", "p4"]
    assert extras["policy"]["targets"]["p2"]["clock"] == "24x7"
    assert extras["policy"]["targets"]["p3"]["clock"] == "business"
    assert extras["policy"]["targets"]["p2"]["pausable"] == ["resolution"]
    assert extras["policy"]["targets"]["p4"]["response"] == "1bd@close"
    # The p1 update interval left open at the de-escalation ended breached at the resolution.
    assert ev.breached and status == 1
    assert [b["metric"] for b in data["breaches"]] == ["update"]


def test_text_shows_every_metric(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = due(capsys, "--severity", "p1", *STORY)
    assert status == 1
    lines = out.splitlines()
    assert lines[0] == ("p2 case opened Fri 2026-11-27 10:00 CET, measured at "
                        "Fri 2026-11-27 16:00 CET")
    expected = [
        "  answered      Fri 2026-11-27 10:10 CET (in time)",
        "  response (p1)  due Fri 2026-11-27 10:15 CET: met Fri 2026-11-27 10:10 CET (in time)",
        "  paused        Fri 2026-11-27 14:00 CET to Fri 2026-11-27 15:00 CET (resolved until "
        "reopened)",
        "  de-escalated  Fri 2026-11-27 13:00 CET to p2",
        "  resolved      Fri 2026-11-27 14:00 CET",
        "  reopened      Fri 2026-11-27 15:00 CET",
        "  update 1      from Fri 2026-11-27 10:10 CET, due Fri 2026-11-27 11:10 CET: met "
        "Fri 2026-11-27 10:50 CET (in time)",
        "  update 3      from Fri 2026-11-27 11:30 CET, due Fri 2026-11-27 13:00 CET: ended "
        "unmet Fri 2026-11-27 14:00 CET, BREACHED",
        "  update 4      from Fri 2026-11-27 15:00 CET, due Fri 2026-11-27 19:00 CET: 3h left "
        "on the 24x7 clock",
        "  reply 1       message Fri 2026-11-27 10:20 CET, due Fri 2026-11-27 11:20 CET: "
        "answered Fri 2026-11-27 10:50 CET (in time)",
        "  reply 2       message Fri 2026-11-27 15:00 CET, due Fri 2026-11-27 19:00 CET: 3h "
        "left on the 24x7 clock",
        "  resolution    within 72h on the 24x7 clock, due Mon 2026-11-30 11:30 CET: 67h30m "
        "left on the 24x7 clock",
        "  warnings      next-reply: 75% Fri 2026-11-27 18:00 CET",
        "  breaches      update (p1), due Fri 2026-11-27 13:00 CET",
    ]
    for line in expected:
        assert line in lines, line


def test_a_case_in_time_exits_0_and_says_so(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = due(capsys, "--severity", "p3", "--opened", f"{DAY}11:00",
                         "--responded", f"{DAY}11:30", "--message", f"{DAY}11:40",
                         "--at", f"{DAY}11:50")
    assert status == 0
    assert "  breaches      none" in out.splitlines()
    # 20m on the offsite Friday, 4h of the release Saturday, Monday 09:00-12:00 and 13:00-13:40.
    assert ("  reply 1       message Fri 2026-11-27 11:40 CET, due Mon 2026-11-30 13:40 CET: "
            "7h50m left of Europe/Berlin business time") in out.splitlines()
    assert "  next update   no update cadence agreed" in out.splitlines()


def test_a_workaround_ends_the_update_cadence(capsys: pytest.CaptureFixture[str]) -> None:
    status, data = as_json(capsys, "--severity", "p1", "--opened", f"{DAY}10:00",
                           "--responded", f"{DAY}10:05", "--workaround", f"{DAY}10:30",
                           "--at", f"{DAY}13:00")
    assert status == 0
    assert data["updates_ended_by"] == "workaround"
    assert data["next_update_due"] is None
    assert data["updates"][0]["ended_at"] == "2026-11-27T10:30:00+01:00"


def test_an_escalation_is_a_new_promise(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = due(capsys, "--severity", "p3", "--opened", f"{DAY}10:00", "--responded",
                         f"{DAY}10:05", "--escalated", f"{DAY}11:00=P1", "--at", f"{DAY}11:20")
    assert status == 1  # the p1 call back was due at 11:15
    assert "  escalated     Fri 2026-11-27 11:00 CET to p1" in out.splitlines()
    assert "  BREACHED      overdue by 5m on the 24x7 clock" in out.splitlines()


def test_warnings_show_each_share(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = due(capsys, "--severity", "p1", "--opened", f"{DAY}10:00",
                         "--at", f"{DAY}10:05")
    assert status == 0
    assert ("  warnings      response: 50% Fri 2026-11-27 10:07:30 CET, 75% Fri 2026-11-27 "
            "10:11:15 CET") in out.splitlines()


def test_events_at_one_instant_keep_the_command_line_order(
        capsys: pytest.CaptureFixture[str]) -> None:
    base = ["--severity", "p2", "--opened", f"{DAY}10:00", "--responded", f"{DAY}10:30",
            "--at", f"{DAY}12:00"]
    status, data = as_json(capsys, *base, "--resolved", f"{DAY}11:00", "--reopened",
                           f"{DAY}11:00")
    assert status == 0 and data["resolved_at"] is None
    status, out, err = due(capsys, *base, "--reopened", f"{DAY}11:00", "--resolved",
                           f"{DAY}11:00")
    assert status == 2 and out == ""
    assert "reopen without a resolution" in err


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["--severity", "p9"], "--severity 'p9' is not a severity of the policy: accepted p1, "
                               "p2, p3, p4"),
        (["--severity", "p1", "--escalated", f"{DAY}11:00=urgent"],
         f"--escalated '{DAY}11:00=urgent': 'urgent' is not a severity of the policy: "
         "accepted p1"),
        (["--severity", "p1", "--escalated", f"{DAY}11:00"], "is not TIME=SEVERITY"),
        (["--severity", "p1", "--message", "soon"], "--message: time 'soon' is not understood"),
        (["--severity", "p1", "--opened", f"{DAY}10:00", "--updated", f"{DAY}10:30"],
         "update before the first response"),
        (["--severity", "p1", "--opened", f"{DAY}10:00", "--escalated", f"{DAY}10:01=p1"],
         "already p1"),
        # Evaluation's own rule: after an escalation, an update waits for the new response.
        (["--severity", "p2", "--opened", f"{DAY}10:00", "--responded", f"{DAY}10:05",
          "--escalated", f"{DAY}10:10=p1", "--updated", f"{DAY}10:20", "--at", f"{DAY}10:30"],
         "update"),
    ],
)
def test_errors_are_one_line_with_status_2(capsys: pytest.CaptureFixture[str], args: list[str],
                                           expected: str) -> None:
    status, out, err = due(capsys, *args)
    assert status == 2 and out == ""
    assert err.count("\n") == 1 and err.startswith("bizhours: error: ")
    assert expected in err, err


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(SCRIPT), "due", *args], capture_output=True, text=True, cwd=ROOT,
                          timeout=60, check=False)


def test_the_exit_status_of_the_installed_command() -> None:
    opened = ["--severity", "critical", "--opened", "2026-11-21T03:00Z"]
    assert run(*opened, "--at", "2026-11-21T03:10Z").returncode == 0
    breached = run(*opened, "--at", "2026-11-21T03:20Z")
    assert breached.returncode == 1 and breached.stderr == ""
    assert "breaches      response (critical)" in breached.stdout
    answered_late = run(*opened, "--responded", "2026-11-21T03:16Z", "--at",
                        "2026-11-22T00:00Z", "--json")
    assert answered_late.returncode == 1  # breached stays breached
    assert json.loads(answered_late.stdout)["response"]["breached"] is True
    wrong = run(*opened, "--updated", "2026-11-21T03:05Z")
    assert wrong.returncode == 2 and wrong.stdout == ""


def test_help_lists_every_event_option_and_the_exit_status() -> None:
    result = subprocess.run([str(SCRIPT), "due", "--help"], capture_output=True, text=True,
                            cwd=ROOT, timeout=60, check=False)
    assert result.returncode == 0
    text = " ".join(result.stdout.split())
    for option in ("--responded", "--message", "--updated", "--paused", "--escalated",
                   "--workaround", "--resolved", "--reopened"):
        assert option in text
    assert "1 the answer is no (open: closed; due: some metric breached)" in text


def test_pauses_move_only_the_metrics_they_stop(capsys: pytest.CaptureFixture[str]) -> None:
    # p2 pauses only the resolution: the response clock runs on through the pause.
    status, data = as_json(capsys, "--severity", "p2", "--opened", f"{DAY}10:00",
                           "--paused", f"{DAY}10:10/{DAY}11:10", "--at", f"{DAY}11:30")
    assert status == 1
    assert data["response"]["due"] == "2026-11-27T11:00:00+01:00"
    assert data["resolution"]["due"] == (t("10:00") + timedelta(hours=73)).isoformat()
