"""CSV and JSON Lines attempt logs: good rows, bad rows, lenient mode."""

from __future__ import annotations

import json
import re
import time
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path

import pytest

from bizhours import NaiveDatetimeError, availability
from bizhours.availability import Attempt, LogFormatError, measure, read_csv, read_jsonl

T0 = datetime(2026, 1, 5, 14, 0, tzinfo=UTC)
E0 = 1_767_621_600  # T0 in epoch seconds


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_csv_reads_iso_and_epoch_timestamps(tmp_path: Path) -> None:
    path = write(tmp_path, "a.csv", (
        "timestamp,channel,status\n"
        "2026-01-05T14:00:00Z,api,503\n"
        "2026-01-05T09:00:01.250-05:00,API,200\n"
        f"{E0 + 2},smtp,timeout\n"
        f"{E0 + 3}.75,smtp,421\n"
        "2026-01-05T14:00:04+00:00 , api , 500 \n"
    ))
    assert list(read_csv(path)) == [
        Attempt(T0, "api", 503),
        Attempt(T0 + timedelta(seconds=1.25), "api", 200),
        Attempt(T0 + timedelta(seconds=2), "smtp", "timeout"),
        Attempt(T0 + timedelta(seconds=3.75), "smtp", 421),
        Attempt(T0 + timedelta(seconds=4), "api", 500),
    ]


def test_csv_header_names_are_configurable_and_extra_columns_ignored(tmp_path: Path) -> None:
    path = write(tmp_path, "b.csv", (
        "\ufeffRequest,Time;Kind;Code\n"  # a BOM and a semicolon-separated export
    ).replace(",", ";") + f"r1;{E0};api;503\nr2;{E0};smtp;250\n")
    log = read_csv(path, timestamp="time", channel="KIND", status="code", delimiter=";")
    assert [(a.second, a.channel, a.status) for a in log] == [(E0, "api", 503), (E0, "smtp", 250)]


def test_csv_missing_or_repeated_column_is_an_error(tmp_path: Path) -> None:
    path = write(tmp_path, "c.csv", "time,channel,status\n1,api,200\n")
    with pytest.raises(LogFormatError, match=r"c\.csv:1: header has no column 'timestamp'"):
        list(read_csv(path, lenient=True))
    path = write(tmp_path, "d.csv", "timestamp,channel,status,Status\n")
    with pytest.raises(LogFormatError, match=r"d\.csv:1: header repeats the column 'status'"):
        list(read_csv(path))


@pytest.mark.parametrize(
    ("row", "reason"),
    [
        ("yesterday,api,200", "timestamp 'yesterday' is not accepted"),
        ("2026-01-05T14:00:00,api,200", "timestamp '2026-01-05T14:00:00' has no UTC offset"),
        ("2026-13-05T14:00:00Z,api,200", "timestamp '2026-13-05T14:00:00Z' is not accepted"),
        (f"{E0},ftp,200", "channel 'ftp' is not accepted"),
        (f"{E0},api,5O3", "status '5O3' is not accepted"),
        (f"{E0},api,", "status '' is not accepted"),
        (f"{E0},api", "row has 2 fields, the header has 3"),
        (f"{E0},api,200,extra", "row has 4 fields, the header has 3"),
        ("99999999999999,api,200", "epoch seconds 99999999999999 are not a finite instant"),
        ("1e9,api,200", "timestamp '1e9' is not accepted"),
    ],
)
def test_a_malformed_csv_row_names_file_and_line(tmp_path: Path, row: str, reason: str) -> None:
    path = write(tmp_path, "bad.csv", f"timestamp,channel,status\n{E0},api,200\n\n{row}\n")
    log = read_csv(path)
    seen: list[Attempt] = []
    with pytest.raises(LogFormatError) as caught:
        seen.extend(log)
    assert str(caught.value).startswith(f"{path}:4: {reason}")
    assert (caught.value.path, caught.value.line) == (str(path), 4)
    assert len(seen) == 1  # streamed: the good row came out before the bad one was read


def test_a_naive_timestamp_row_error_keeps_its_cause(tmp_path: Path) -> None:
    path = write(tmp_path, "n.csv", "timestamp,channel,status\n2026-01-05 14:00,api,200\n")
    with pytest.raises(LogFormatError, match=r"n\.csv:2: timestamp '2026-01-05 14:00' has no UTC"):
        list(read_csv(path))
    with pytest.raises(LogFormatError) as caught:
        list(read_csv(path))
    assert isinstance(caught.value.__cause__, NaiveDatetimeError)
    assert isinstance(caught.value, ValueError)


def test_lenient_csv_collects_rejected_rows_into_the_report(tmp_path: Path) -> None:
    path = write(tmp_path, "l.csv", (
        "timestamp,channel,status\n"
        f"{E0},api,503\n"
        f"{E0 + 1},ftp,503\n"
        '"2026-01-05T14:00:02Z","api","not\na status"\n'  # a quoted field spanning two lines
        f"{E0 + 3},api,503\n"
        "garbage\n"
    ))
    log = read_csv(path, lenient=True)
    report = measure(log, T0, T0 + timedelta(minutes=1))
    assert report.unavailable_seconds == 2
    assert [(r.line, r.reason.split(" is not")[0]) for r in report.rejected] == [
        (3, "channel 'ftp'"),
        (4, "status 'not\\na status'"),
        (7, "row has 1 fields, the header has 3"),
    ]
    assert str(report.rejected[0]) == (
        f"{path}:3: channel 'ftp' is not accepted: give 'api' or 'smtp' (any case)"
    )
    assert report.input.counted == 2
    # A second pass starts afresh rather than doubling the rejected rows.
    assert len(list(log)) == 2 and len(log.rejected) == 3


def test_rejected_rows_of_chained_logs_can_be_passed_explicitly(tmp_path: Path) -> None:
    a = read_csv(write(tmp_path, "1.csv", f"timestamp,channel,status\n{E0},api,x\n"), lenient=True)
    b = read_jsonl(write(tmp_path, "2.jsonl", '{"timestamp": 1}\n'), lenient=True)
    attempts = [*a, *b]
    report = measure(attempts, T0, T0 + timedelta(minutes=1), rejected=[*a.rejected, *b.rejected])
    assert [(Path(r.path).name, r.line) for r in report.rejected] == [("1.csv", 2), ("2.jsonl", 1)]


def test_empty_csv_file_and_header_only_file_have_no_attempts(tmp_path: Path) -> None:
    assert list(read_csv(write(tmp_path, "e.csv", ""))) == []
    report = measure(read_csv(write(tmp_path, "h.csv", "timestamp,channel,status\n")),
                     T0, T0 + timedelta(hours=1))
    assert (report.uptime, report.rejected) == (1.0, ())


def test_jsonl_reads_strings_and_numbers(tmp_path: Path) -> None:
    rows = [
        {"timestamp": "2026-01-05T14:00:00Z", "channel": "api", "status": 503},
        {"timestamp": E0 + 1, "channel": "smtp", "status": "451", "id": 7},
        {"timestamp": E0 + 2.5, "channel": "API", "status": "timeout"},
        {"timestamp": str(E0 + 3), "channel": "api", "status": 200},
    ]
    path = write(tmp_path, "a.jsonl", "\n".join(json.dumps(r) for r in rows) + "\n\n")
    attempts = list(read_jsonl(path))
    assert [(a.at, a.channel, a.status) for a in attempts] == [
        (T0, "api", 503),
        (T0 + timedelta(seconds=1), "smtp", 451),
        (T0 + timedelta(seconds=2.5), "api", "timeout"),
        (T0 + timedelta(seconds=3), "api", 200),
    ]


def test_jsonl_float_timestamps_are_read_exactly(tmp_path: Path) -> None:
    path = write(tmp_path, "f.jsonl", '{"ts": 1767621600.999999, "ch": "api", "st": 503}\n')
    (a,) = read_jsonl(path, timestamp="ts", channel="ch", status="st")
    assert (a.second, a.at.microsecond) == (E0, 999_999)
    assert Attempt.from_epoch(Decimal("1767621600.999999"), "api", 503) == a


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("{not json", "not JSON: Expecting property name enclosed in double quotes at column 2"),
        ("[1, 2, 3]", "a row must be a JSON object, not list"),
        ('{"timestamp": 1, "status": 200}',
         "row has no 'channel' field (fields: 'timestamp', 'status')"),
        ('{"timestamp": true, "channel": "api", "status": 200}', "timestamp True (bool) is not"),
        ('{"timestamp": null, "channel": "api", "status": 200}',
         "timestamp None (NoneType) is not"),
        ('{"timestamp": 1, "channel": "api", "status": true}', "status True is not accepted"),
        ('{"timestamp": 1, "channel": "api", "status": 503.0}', "status Decimal('503.0') is not"),
        ('{"timestamp": 1, "channel": ["api"], "status": 200}', "channel ['api'] is not accepted"),
        ('{"timestamp": NaN, "channel": "api", "status": 200}', "epoch seconds nan are not"),
        ("[" * 100_000, "not JSON that can be read: nested too deeply"),
    ],
    ids=lambda v: v[:40] if isinstance(v, str) else None,
)
def test_a_malformed_jsonl_row_names_file_and_line(tmp_path: Path, line: str, reason: str) -> None:
    path = write(tmp_path, "bad.jsonl", f'{{"timestamp": {E0}, "channel": "api", "status": 200}}\n'
                                         f"{line}\n")
    with pytest.raises(LogFormatError) as caught:
        list(read_jsonl(path))
    assert str(caught.value).startswith(f"{path}:2: {reason}")
    lenient = read_jsonl(path, lenient=True)
    assert len(list(lenient)) == 1
    assert [(r.line, r.reason) for r in lenient.rejected] == [(2, caught.value.reason)]


def test_column_names_must_be_strings(tmp_path: Path) -> None:
    with pytest.raises(availability.AvailabilityError, match="column name '' must be"):
        read_csv(tmp_path / "x.csv", status="")
    with pytest.raises(availability.AvailabilityError, match="delimiter ';;' must be one"):
        read_csv(tmp_path / "x.csv", delimiter=";;")


def test_an_unreadable_csv_row_is_reported_and_reading_goes_on(tmp_path: Path) -> None:
    huge = "x" * 200_000  # beyond the csv module's field size limit
    path = write(tmp_path, "u.csv", f'timestamp,channel,status\n{E0},api,"{huge}"\n{E0},api,503\n')
    with pytest.raises(LogFormatError, match=r"u\.csv:2: unreadable CSV: field larger than"):
        list(read_csv(path))
    log = read_csv(path, lenient=True)
    assert [a.status for a in log] == [503]
    assert [r.line for r in log.rejected] == [2]


def test_undecodable_bytes_reject_only_their_row(tmp_path: Path) -> None:
    path = tmp_path / "latin1.csv"
    path.write_bytes(b"\xef\xbb\xbftimestamp,channel,status,note\n"
                     + f"{E0},api,503,caf\xe9\n{E0},ap\xe9,503,\n".encode("latin-1"))
    log = read_csv(path, lenient=True)
    assert [a.status for a in log] == [503]
    assert [(r.line, r.reason) for r in log.rejected] == [
        (3, "channel 'ap\ufffd' is not accepted: give 'api' or 'smtp' (any case)")]


# Numbers, timestamps and user text in messages: refused fast, escaped and cut.


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ('{"timestamp": 1e1000000, "channel": "api", "status": 200}',
         "epoch seconds Decimal('1E+1000000') are not a finite instant"),
        ('{"timestamp": 1e999999999, "channel": "api", "status": 200}',
         "epoch seconds Decimal('1E+999999999') are not a finite instant"),
        ('{"timestamp": -1e999999999, "channel": "api", "status": 200}',
         "epoch seconds Decimal('-1E+999999999') are not a finite instant"),
        ('{"timestamp": 1e99999999999999999999999, "channel": "api", "status": 200}',
         "timestamp '1e99999999999999999999999' is not accepted"),
        ('{"timestamp": ' + "1" * 5000 + ', "channel": "api", "status": 200}',
         "epoch seconds Decimal('" + "1" * 31 + "… (5,011 characters) are not"),
        ('{"timestamp": 1, "channel": "api", "status": ' + "2" * 5000 + "}",
         "status Decimal('" + "2" * 31 + "… (5,011 characters) is not accepted"),
    ],
    ids=["1e1000000", "1e999999999", "-1e999999999", "exponent-past-decimal", "5000-digit-ts",
         "5000-digit-status"],
)
def test_huge_json_numbers_are_refused_fast_naming_the_line(tmp_path: Path, line: str,
                                                            reason: str) -> None:
    path = write(tmp_path, "n.jsonl", f'{{"timestamp": {E0}, "channel": "api", "status": 200}}\n'
                                       f"{line}\n")
    started = time.perf_counter()
    with pytest.raises(LogFormatError) as caught:
        list(read_jsonl(path))
    assert str(caught.value).startswith(f"{path}:2: {reason}")
    lenient = read_jsonl(path, lenient=True)
    assert len(list(lenient)) == 1 and [r.line for r in lenient.rejected] == [2]
    assert time.perf_counter() - started < 2  # was 35 s, or for ever at 430 MB


def test_a_huge_number_in_a_field_that_is_not_read_does_not_matter(tmp_path: Path) -> None:
    path = write(tmp_path, "x.jsonl", f'{{"timestamp": {E0}, "channel": "api", "status": 503, '
                                       f'"id": {"9" * 5000}, "size": 1e99999999999999999999}}\n')
    assert [a.status for a in read_jsonl(path)] == [503]


@pytest.mark.parametrize(
    ("row", "reason"),
    [
        ("1" * 5000 + ",api,200",
         "epoch seconds Decimal('" + "1" * 31 + "… (5,011 characters) are not"),
        ("0" * 5000 + f"{E0},api,200", None),  # leading zeros: still the same instant
        (f"{E0},api," + "2" * 5000,
         "status '" + "2" * 39 + "… (5,000 characters) is not accepted"),
        ("9" * 4000 + ".5,api,200", "epoch seconds Decimal('" + "9" * 31 + "… (4,013 characters)"),
    ],
    ids=["5000-digit-ts", "leading-zeros", "5000-digit-status", "4000-digit-fraction"],
)
def test_huge_csv_numbers_are_refused_fast_naming_the_line(tmp_path: Path, row: str,
                                                           reason: str | None) -> None:
    path = write(tmp_path, "n.csv", f"timestamp,channel,status\n{row}\n")
    if reason is None:
        assert [a.second for a in read_csv(path)] == [E0]
        return
    with pytest.raises(LogFormatError) as caught:
        list(read_csv(path))
    assert str(caught.value).startswith(f"{path}:2: {reason}")
    log = read_csv(path, lenient=True)
    assert list(log) == [] and [r.line for r in log.rejected] == [2]


def test_from_epoch_checks_the_range_before_converting() -> None:
    started = time.perf_counter()
    for seconds in (Decimal("1e999999999"), Decimal("-1e999999999"), 10**5000, 1e300):
        with pytest.raises(availability.AttemptError, match="not a finite instant"):
            Attempt.from_epoch(seconds, "api", 200)
    assert time.perf_counter() - started < 1


@pytest.mark.parametrize(
    "stamp",
    [
        "2026-01-05X14:00:00Z",  # any character between date and time, for fromisoformat
        "2026-01-05T14:00:00Z\x00",
        "2026-01-05T14:00:00\x00Z",
        "2026-01-05\x0014:00:00Z",
        "20260105T140000Z",  # basic format
        "2026-W02-1T14:00:00Z",  # week date
        "2026-01-05T14Z",  # hour only
        "2026-01-05T14:00:00,5Z",  # decimal comma
        "2026-01-05T14:00:00.Z",  # a point and no digits
        "2026-01-05T14:00:00.1234567890Z",  # ten digits of fraction
        "2026-01-05t14:00:00z",
        "2026-01-05T14:00:00+01:00:30",  # offset with seconds
        "2026-01-05T14:00:00 +01:00",
        "+2026-01-05T14:00:00Z",
        "2026-1-5T14:00:00Z",
        "٢٠٢٦-01-05T14:00:00Z",  # non-ASCII digits
    ],
)
def test_only_the_documented_iso_8601_forms_are_accepted(tmp_path: Path, stamp: str) -> None:
    path = write(tmp_path, "t.csv", f"timestamp;channel;status\n{stamp};api;200\n")
    with pytest.raises(LogFormatError, match=r"t\.csv:2: timestamp '.*' is not accepted: give ISO"):
        list(read_csv(path, delimiter=";"))
    jsonl = write(tmp_path, "t.jsonl", json.dumps({"timestamp": stamp, "channel": "api",
                                                   "status": 200}) + "\n")
    with pytest.raises(LogFormatError, match=r"t\.jsonl:1: timestamp '.*' is not accepted"):
        list(read_jsonl(jsonl))


@pytest.mark.parametrize(
    ("stamp", "expected"),
    [
        ("2026-01-05T14:00:00Z", T0),
        ("2026-01-05 14:00:00Z", T0),
        ("2026-01-05T14:00Z", T0),
        ("2026-01-05T15:00:00+01:00", T0),
        ("2026-01-05T15:00:00+0100", T0),
        ("2026-01-05T15:00:00+01", T0),
        ("2026-01-05T09:00:00.25-05:00", T0 + timedelta(seconds=0.25)),
        ("2026-01-05T14:00:00.123456789Z", T0 + timedelta(microseconds=123_456)),
    ],
)
def test_the_documented_iso_8601_forms_are_read(tmp_path: Path, stamp: str,
                                                expected: datetime) -> None:
    path = write(tmp_path, "t.csv", f"timestamp,channel,status\n{stamp},api,200\n")
    assert [a.at for a in read_csv(path)] == [expected]


def test_a_date_alone_or_a_time_without_offset_is_naive(tmp_path: Path) -> None:
    path = write(tmp_path, "d.csv", "timestamp,channel,status\n2026-01-05,api,200\n")
    with pytest.raises(LogFormatError, match="timestamp '2026-01-05' has no UTC offset") as caught:
        list(read_csv(path))
    assert isinstance(caught.value.__cause__, NaiveDatetimeError)


CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202e]")


def test_control_characters_in_a_header_are_escaped_in_the_message(tmp_path: Path) -> None:
    path = write(tmp_path, "h.csv", "\x1b]0;owned\x07,channel,status\n")
    with pytest.raises(LogFormatError) as caught:
        list(read_csv(path))
    message = str(caught.value)
    assert not CONTROL.search(message)
    assert "(columns: '\\x1b]0;owned\\x07', 'channel', 'status')" in message


def test_control_characters_and_long_values_in_rows_are_escaped_and_cut(tmp_path: Path) -> None:
    path = write(tmp_path, "v.csv", (
        "timestamp,channel,status\n"
        "\x1b[2J2026\u202e,api,200\n"
        f"{E0},\x1b]0;x\x07,200\n"
        f"{E0},api," + "\x1b" * 10_000 + "\n"
    ))
    log = read_csv(path, lenient=True)
    assert list(log) == []
    for row in log.rejected:
        assert not CONTROL.search(str(row)) and len(str(row)) < len(str(path)) + 200
    assert "'\\x1b[2J2026\\u202e'" in log.rejected[0].reason
    assert "(10,000 characters)" in log.rejected[2].reason
    jsonl = write(tmp_path, "k.jsonl", json.dumps({"\x1b[31mtimestamp": 1, "x" * 500: 2}) + "\n")
    with pytest.raises(LogFormatError) as caught:
        list(read_jsonl(jsonl))
    assert not CONTROL.search(str(caught.value)) and len(str(caught.value)) < 300


def test_a_file_name_with_control_characters_is_escaped_too(tmp_path: Path) -> None:
    path = write(tmp_path, "\x1b[31mred.csv", f"timestamp,channel,status\n{E0},ftp,200\n")
    with pytest.raises(LogFormatError) as caught:
        list(read_csv(path))
    assert not CONTROL.search(str(caught.value)) and "\\x1b[31mred.csv" in str(caught.value)
    log = read_csv(path, lenient=True)
    assert list(log) == [] and not CONTROL.search(str(log.rejected[0]))


def test_options_that_cannot_work_are_refused_up_front(tmp_path: Path) -> None:
    for delimiter in ('"', "\n", "\r"):
        with pytest.raises(availability.AvailabilityError, match="other than a quote"):
            read_csv(tmp_path / "x.csv", delimiter=delimiter)
    with pytest.raises(availability.AvailabilityError, match="encoding 'klingon' is not one"):
        read_csv(tmp_path / "x.csv", encoding="klingon")
