"""The readers' fast path: ``measure(log)`` counts records, never Attempts, with the same
answer, the same errors and the same rejected rows as measuring the log's Attempts."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bizhours import BizHoursError
from bizhours.availability import _logs, measure, read_csv, read_jsonl

T0 = datetime(2026, 1, 5, 14, 0, tzinfo=UTC)
E0 = 1_767_621_600  # T0 in epoch seconds
START, END = T0 - timedelta(seconds=5), T0 + timedelta(hours=3)


def iso(offset: int, micro: int, form: str) -> str:
    """A timestamp of ``E0 + offset`` in one of the accepted ISO forms (or a refused one)."""
    at = T0 + timedelta(seconds=offset, microseconds=micro)
    forms = {
        "Z": at.isoformat().replace("+00:00", "Z"),
        "+05:30": at.astimezone(_zone(330)).isoformat(),
        "-0800": at.astimezone(_zone(-480)).isoformat().replace("-08:00", "-0800"),
        "+01": at.astimezone(_zone(60)).isoformat().replace("+01:00", "+01"),
        "space": at.isoformat(sep=" "),
        "minute": at.replace(second=0, microsecond=0).isoformat(timespec="minutes"),
        "nanos": at.isoformat().replace("+00:00", "123Z") if micro else at.isoformat(),
        "naive": at.replace(tzinfo=None).isoformat(),
        "second 60": at.strftime("%Y-%m-%dT%H:%M:60Z"),
        "minute 60": at.strftime("%Y-%m-%dT%H:60:%SZ"),
        "hour 24": at.strftime("%Y-%m-%dT24:%M:%SZ"),
        "month 13": at.strftime("%Y-13-%dT%H:%M:%SZ"),
        "offset 24": at.strftime("%Y-%m-%dT%H:%M:%S+24:00"),
        "epoch": str(E0 + offset),
        "epoch fraction": f"{E0 + offset}.{micro:06d}",
        "epoch padded": f" {E0 + offset} ",
        "epoch huge": "9" * 15,
    }
    return forms[form]


def _zone(minutes: int) -> object:
    from datetime import timezone

    return timezone(timedelta(minutes=minutes))


FORMS = ["Z", "+05:30", "-0800", "+01", "space", "minute", "nanos", "naive", "second 60",
         "minute 60", "hour 24", "month 13", "offset 24", "epoch", "epoch fraction",
         "epoch padded", "epoch huge"]
rows = st.lists(
    st.tuples(
        st.integers(-10, 3 * 3600 + 10), st.integers(0, 999_999), st.sampled_from(FORMS),
        st.sampled_from(["api", "smtp", "API", " Smtp ", "ftp"]),
        st.sampled_from(["200", "503", "451", "timeout", " 000 ", "TIMEOUT", "5000", "x"]),
    ),
    max_size=40,
)


def outcome(log: object, **rules: object) -> object:
    """The report of measuring ``log`` (the fast path), or the error's type and text."""
    try:
        return measure(log, START, END, **rules)  # type: ignore[arg-type]
    except BizHoursError as exc:
        return type(exc), str(exc)


def by_attempts(log: object, **rules: object) -> object:
    """The same, measuring the Attempts the log yields (the reader's Attempt path)."""
    try:
        attempts = list(log)  # type: ignore[call-overload]
        return measure(attempts, START, END, rejected=log.rejected,  # type: ignore[attr-defined]
                       **rules)
    except BizHoursError as exc:
        return type(exc), str(exc)


@settings(max_examples=120, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=rows, lenient=st.booleans(), kind=st.sampled_from(["csv", "jsonl"]),
       replaced=st.booleans())
def test_measuring_a_log_equals_measuring_its_attempts(
    tmp_path: Path, rows: list[tuple[int, int, str, str, str]], lenient: bool, kind: str,
    replaced: bool,
) -> None:
    if kind == "csv":
        text = "timestamp,channel,status\n" + "".join(
            f"{iso(s, m, form)},{ch},{status}\n" for s, m, form, ch, status in rows)
    else:
        text = "".join(json.dumps({"timestamp": E0 + s if form == "epoch" else iso(s, m, form),
                                   "channel": ch, "status": status}) + "\n"
                       for s, m, form, ch, status in rows)
    path = tmp_path / f"log.{kind}"
    path.write_text(text, encoding="utf-8")
    reader = read_csv if kind == "csv" else read_jsonl
    rules = {"api_failure": lambda s: s == 200, "smtp_failure": lambda s: s == 451} if (
        replaced) else {}
    assert outcome(reader(path, lenient=lenient), **rules) == by_attempts(
        reader(path, lenient=lenient), **rules)


def test_measuring_a_log_builds_no_attempt_per_row(tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    # Epoch rows build none; ISO rows build one for the first row of each hour only.
    calls: list[object] = []
    real = _logs.row_attempt

    def counted(*args: object) -> object:
        calls.append(args)
        return real(*args)

    monkeypatch.setattr(_logs, "row_attempt", counted)
    epoch = tmp_path / "e.csv"
    epoch.write_text("timestamp,channel,status\n" + "".join(
        f"{E0 + s},api,{503 if s % 7 else 200}\n" for s in range(3000)), encoding="utf-8")
    assert measure(read_csv(epoch), START, END).input.counted == 3000
    assert calls == []
    stamps = tmp_path / "i.csv"
    first = datetime(2031, 3, 7, 14, 0, tzinfo=UTC)  # hours no other test reads
    stamps.write_text("timestamp,channel,status\n" + "".join(
        f"{(first + timedelta(seconds=s)).isoformat()},smtp,250\n" for s in range(0, 7200, 3)),
        encoding="utf-8")
    report = measure(read_csv(stamps), first, first + timedelta(hours=2))
    assert report.input.counted == 2400
    assert len(calls) == 2  # 14:00 and 15:00


def test_json_lines_are_decoded_without_building_a_decoder_per_line(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "a.jsonl"
    path.write_text("".join(json.dumps({"timestamp": E0 + s, "channel": "api", "status": 503})
                            + "\n" for s in range(100)), encoding="utf-8")

    def refused(*args: object, **kwargs: object) -> object:
        raise AssertionError("json.loads called for a good line")

    monkeypatch.setattr(json, "loads", refused)
    assert measure(read_jsonl(path), START, END).unavailable_seconds == 100
    assert len(list(read_jsonl(path))) == 100
