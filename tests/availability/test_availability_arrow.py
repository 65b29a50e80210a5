"""``read_csv(path, engine="arrow")``: pyarrow reads the log in batches, with the report, the
errors and the rejected rows of the Python reader, whatever the file holds.

The reference is the Python reader over the same file. Batches are made tiny (a few dozen
bytes) so that files of a few rows cross many batch boundaries.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

pytest.importorskip("pyarrow")
pytest.importorskip("numpy")

from bizhours.availability import (
    Attempt,
    AvailabilityError,
    LogFormatError,
    _arrow,
    measure,
    read_csv,
)
from bizhours.errors import MissingDependencyError
from bizhours.strategies import attempts as kit_attempts
from tests.availability.test_availability_fast_logs import (
    E0,
    END,
    FORMS,
    START,
    iso,
    outcome,
)
from tests.helpers import examples

ROOT = Path(__file__).resolve().parents[2]
FUNCTION_SCOPED = [HealthCheck.function_scoped_fixture]

# Lines a log may hold besides good rows: each is a row the Python reader reads its own way.
ODD_LINES = ["", "   ", "\t", "1767621600,api", "1767621600,api,503,extra",
             '"1767621601",api,503', '1767621602,"api",503', '1767621603,"api\n",503',
             '"unclosed,api,503', "1767621604.5,api,503", "+1767621605,smtp,451",
             "-5,api,503", "\ufeff1767621606,api,503", "1767621607 ,api, 503",
             '"1767621608","api","503"', '"17676""21609",api,503', '1767621610,"a,pi",503',
             '"1767621611" ,api,503', '1767621612,api,"503"x', '"",api,503']
rows = st.lists(
    st.one_of(
        st.tuples(st.integers(-10, 3 * 3600 + 10), st.integers(0, 999_999),
                  st.sampled_from(FORMS), st.sampled_from(["api", "smtp", "API", " Smtp ", "ftp"]),
                  st.sampled_from(["200", "503", "451", "timeout", " 000 ", "5000", "x", "250"]))
        .map(lambda r: f"{iso(r[0], r[1], r[2])},{r[3]},{r[4]}"),
        st.sampled_from(ODD_LINES),
    ),
    max_size=30,
)


def log_file(path: Path, lines: list[str], ending: str, bom: bool) -> Path:
    text = "timestamp,channel,status" + ending + "".join(line + ending for line in lines)
    path.write_bytes(("\ufeff" if bom else "").encode() + text.encode("utf-8"))
    return path


@settings(max_examples=examples(150), deadline=None, suppress_health_check=FUNCTION_SCOPED)
@given(lines=rows, lenient=st.booleans(), ending=st.sampled_from(["\n", "\r\n", "\r"]),
       bom=st.booleans(), batch=st.sampled_from([16, 40, 100, 1 << 23]),
       cut=st.booleans())
def test_the_arrow_engine_reads_as_the_python_reader(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, lines: list[str], lenient: bool,
    ending: str, bom: bool, batch: int, cut: bool,
) -> None:
    path = log_file(tmp_path / "log.csv", lines, ending, bom)
    if cut:  # no line break at the end of the file
        path.write_bytes(path.read_bytes().rstrip(b"\r\n"))
    monkeypatch.setattr(_arrow, "BATCH_BYTES", batch)
    arrow = outcome(read_csv(path, lenient=lenient, engine="arrow"))
    assert arrow == outcome(read_csv(path, lenient=lenient))


@settings(max_examples=examples(60), deadline=None, suppress_health_check=FUNCTION_SCOPED)
@given(attempts=st.lists(kit_attempts(start=START, end=END), max_size=60),
       form=st.sampled_from(["epoch", "iso", "mixed"]), batch=st.sampled_from([64, 1 << 23]))
def test_random_logs_give_the_report_of_their_attempts(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, attempts: list[Attempt], form: str,
    batch: int,
) -> None:
    def stamp(n: int, a: Attempt) -> str:
        if form == "epoch" or (form == "mixed" and n % 2):
            return str(a.second)
        return a.at.isoformat()

    path = tmp_path / "log.csv"
    path.write_text("timestamp,channel,status\n" + "".join(
        f"{stamp(n, a)},{a.channel},{a.status}\n" for n, a in enumerate(attempts)),
        encoding="utf-8")
    monkeypatch.setattr(_arrow, "BATCH_BYTES", batch)
    expected = measure(attempts, START, END)
    assert measure(read_csv(path, engine="arrow"), START, END) == expected
    assert measure(read_csv(path), START, END) == expected


def test_a_bad_row_deep_in_the_file_is_named_by_its_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    good = [f"{1767621600 + n},api,{503 if n % 3 else 200}" for n in range(5000)]
    lines = [*good[:3000], "1767624600,ftp,200", *good[3000:], "", *good[:5]]
    path = log_file(tmp_path / "big.csv", lines, "\n", False)
    monkeypatch.setattr(_arrow, "BATCH_BYTES", 4096)  # a few hundred rows a batch
    with pytest.raises(LogFormatError, match=r"big\.csv:3002: channel 'ftp' is not accepted"):
        measure(read_csv(path, engine="arrow"), START, END)
    lenient = measure(read_csv(path, engine="arrow", lenient=True), START, END)
    assert [(r.line, r.reason[:12]) for r in lenient.rejected] == [(3002, "channel 'ftp")]
    assert lenient == measure(read_csv(path, lenient=True), START, END)
    assert lenient.input.counted == 5005


def test_a_header_the_python_reader_reads_its_own_way(tmp_path: Path) -> None:
    for header in ['"timestamp",channel,status\n', "TimeStamp,Channel,Status\r\n",
                   "channel,timestamp\n", "timestamp,channel,status,timestamp\n", ""]:
        path = tmp_path / "h.csv"
        path.write_text(header + "1767621600,api,503\n" if header else "", encoding="utf-8")
        assert outcome(read_csv(path, engine="arrow")) == outcome(read_csv(path))


def test_other_encodings_and_delimiters(tmp_path: Path) -> None:
    path = tmp_path / "latin.csv"
    path.write_bytes("time;kind;code\n1767621600;api;503\n1767621601;smtp;451\n"
                     "1767621602;\xe9;200\n".encode("latin-1"))
    for encoding in ("latin-1", "utf-8"):  # undecodable bytes: U+FFFD either way
        kwargs = {"timestamp": "time", "channel": "kind", "status": "code",
                  "delimiter": ";", "encoding": encoding, "lenient": True}
        arrow = measure(read_csv(path, engine="arrow", **kwargs), START, END)  # type: ignore[arg-type]
        assert arrow == measure(read_csv(path, **kwargs), START, END)  # type: ignore[arg-type]
        assert arrow.unavailable_seconds == 2 and len(arrow.rejected) == 1


def test_iterating_an_arrow_log_gives_the_attempts_of_the_python_reader(tmp_path: Path) -> None:
    path = log_file(tmp_path / "a.csv", ["2026-01-05T14:00:00.25Z,api,503", "1767621601,smtp,250"],
                    "\n", False)
    assert list(read_csv(path, engine="arrow")) == list(read_csv(path))
    assert repr(read_csv(path, engine="arrow")).endswith("engine='arrow')")


def test_the_engine_is_checked(tmp_path: Path) -> None:
    from bizhours.availability import read_jsonl

    with pytest.raises(AvailabilityError, match=r"engine 'polars' is not accepted: give "
                                                r"'python' or 'arrow'"):
        read_csv(tmp_path / "a.csv", engine="polars")  # type: ignore[arg-type]
    with pytest.raises(AvailabilityError, match=r"engine 'arrow' is not accepted: give 'python'"):
        read_jsonl(tmp_path / "a.jsonl", engine="arrow")  # type: ignore[arg-type]


def test_without_pyarrow_the_error_names_the_extra(monkeypatch: pytest.MonkeyPatch,
                                                   tmp_path: Path) -> None:
    monkeypatch.setitem(sys.modules, "pyarrow.csv", None)  # import pyarrow.csv fails
    with pytest.raises(MissingDependencyError, match=r"pyarrow.*pip install 'bizhours\[arrow\]'"):
        read_csv(tmp_path / "a.csv", engine="arrow")
    read_csv(tmp_path / "a.csv")  # the Python engine needs nothing


def _run(code: str) -> str:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True, env=env, cwd=ROOT).stdout


def test_pyarrow_is_imported_only_when_the_arrow_engine_reads(tmp_path: Path) -> None:
    path = log_file(tmp_path / "a.csv", ["1767621600,api,503"], "\n", False)
    out = _run(
        "import sys\nfrom datetime import UTC, datetime\nfrom bizhours import availability as a\n"
        "t = datetime(2026, 1, 5, tzinfo=UTC)\n"
        f"a.measure(a.read_csv({str(path)!r}), t, t.replace(day=6))\n"
        "print('pyarrow' in sys.modules)\n"
        f"print(a.measure(a.read_csv({str(path)!r}, engine='arrow'), t, t.replace(day=6))"
        ".unavailable_seconds, 'pyarrow' in sys.modules)\n")
    assert out.split() == ["False", "1", "True"]


def test_memory_is_bounded_by_the_batch_not_the_file(tmp_path: Path) -> None:
    # 400,000 rows (about 7 MiB) in batches of 256 KiB: pyarrow's pool and Python's heap stay
    # within a few batches.
    path = tmp_path / "big.csv"
    with path.open("w", encoding="utf-8") as f:
        f.write("timestamp,channel,status\n")
        f.writelines(f"{1767225600 + n * 6},api,{503 if n % 97 == 0 else 200}\n"
                     for n in range(400_000))
    assert path.stat().st_size > 7 * 2**20
    out = _run(
        "import tracemalloc\nfrom datetime import UTC, datetime\nimport pyarrow as pa\n"
        "from bizhours.availability import _arrow, measure, read_csv\n"
        "_arrow.BATCH_BYTES = 1 << 18\n"
        "def run():\n"
        f"    return measure(read_csv({str(path)!r}, engine='arrow'),"
        " datetime(2026, 1, 1, tzinfo=UTC), datetime(2026, 2, 1, tzinfo=UTC))\n"
        "run()  # the first pass imports what pyarrow imports lazily\n"
        "tracemalloc.start()\n"
        "r = run()\n"
        "print(r.input.counted, pa.default_memory_pool().max_memory(),"
        " tracemalloc.get_traced_memory()[1])\n")
    counted, arrow_peak, python_peak = map(int, out.split())
    assert counted == 400_000
    assert arrow_peak < 2**22  # 4 MiB
    assert python_peak < 16 * 2**20  # the month's counters (a byte a cell) and one batch


def test_a_line_longer_than_a_batch_is_read_on(tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_arrow, "BATCH_BYTES", 64)
    path = log_file(tmp_path / "long.csv", ["1767621600,api,503", "x" * 1000 + ",api,503",
                                            "1767621601,api,503"], "\n", False)
    got = measure(read_csv(path, engine="arrow", lenient=True), START, END)
    assert got == measure(read_csv(path, lenient=True), START, END)
    assert got.unavailable_seconds == 2 and [r.line for r in got.rejected] == [3]



def test_fields_quoted_whole_are_read_by_pyarrow(tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    # An export that quotes every field: no row of it needs the Python reader.
    lines = [f'"{1767621600 + n}","{"api" if n % 2 else "smtp"}","{503 if n % 3 else 250}"'
             for n in range(2000)]
    path = log_file(tmp_path / "quoted.csv", lines, "\r\n", True)
    expected = measure(read_csv(path), START, END)

    def refused(*args: object) -> object:
        raise AssertionError("the Python reader was asked to read a batch")

    monkeypatch.setattr(_arrow, "csv_records", refused)
    monkeypatch.setattr(_arrow, "BATCH_BYTES", 4096)
    assert measure(read_csv(path, engine="arrow"), START, END) == expected
    assert expected.input.counted == 2000


# Timestamps of one shape, a few of them changed a character at a time: a batch of one shape
# is checked as a byte matrix (``fixed_iso_seconds``), which must refuse what the Python
# reader refuses, by the same line.
SHAPES = ["Z", "+05:30", "-0800", "+01", "space", "minute", "nanos", "naive"]


@st.composite
def one_shape(draw: st.DrawFn) -> list[str]:
    form = draw(st.sampled_from(SHAPES))
    offsets = draw(st.lists(st.integers(-10, 3 * 3600 + 10), min_size=1, max_size=40))
    # micro 0 drops the fraction: a timestamp of another length among the rest.
    micros = draw(st.lists(st.sampled_from([0, 1, 500_000, 999_999]) | st.integers(1, 999_999),
                           min_size=len(offsets), max_size=len(offsets)))
    stamps = [iso(o, m, form) for o, m in zip(offsets, micros, strict=True)]
    for _ in range(draw(st.integers(0, 3))):  # a changed character
        i = draw(st.integers(0, len(stamps) - 1))
        j = draw(st.integers(0, len(stamps[i]) - 1))
        c = draw(st.sampled_from("0123456789:-+TZ .x\t\u00e9"))
        stamps[i] = stamps[i][:j] + c + stamps[i][j + 1:]
    if draw(st.booleans()):  # year 0 or offset minutes past 59, in one row
        i = draw(st.integers(0, len(stamps) - 1))
        stamps[i] = draw(st.sampled_from([
            "0000" + stamps[i][4:],
            stamps[i][:-2] + "60" if stamps[i][-3:-2] in ":+-0123456789" else stamps[i]]))
    return [f"{s},{'api' if n % 3 else 'smtp'},{503 if n % 5 == 0 else 200}"
            for n, s in enumerate(stamps)]


@settings(max_examples=examples(200), deadline=None, suppress_health_check=FUNCTION_SCOPED)
@given(lines=one_shape(), lenient=st.booleans(), batch=st.sampled_from([100, 400, 1 << 23]))
def test_timestamps_of_one_shape_are_read_as_the_python_reader_reads_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, lines: list[str], lenient: bool,
    batch: int,
) -> None:
    path = log_file(tmp_path / "log.csv", lines, "\n", False)
    monkeypatch.setattr(_arrow, "BATCH_BYTES", batch)
    arrow = outcome(read_csv(path, lenient=lenient, engine="arrow"))
    assert arrow == outcome(read_csv(path, lenient=lenient))


def test_the_byte_matrix_takes_one_shape_and_a_few_others() -> None:
    import pyarrow as pa

    def seconds(stamps: list[str]) -> list[int] | None:
        out = _arrow.fixed_iso_seconds(pa.array(stamps, pa.string()).slice(1))
        return None if out is None else out.tolist()

    base = ["x", "2026-01-05T14:00:00.5Z", "2026-01-05T14:00:01Z", "2026-01-05T14:00:02.25Z"]
    assert seconds(base) == [E0, E0 + 1, E0 + 2]
    assert seconds(["x", "2026-01-05T14:00:00+01:30", "2026-01-05T14:00:00+00:30"]) == [
        E0 - 5400, E0 - 1800]
    assert seconds(["x", "2026-01-05T14:00:00+01:30", "2026-01-05T14:00:00-00:30"]) is None
    assert seconds([*base[:3], "0000-01-05T14:00:00.5Z"]) is None  # year 0
    assert seconds(["x", "2026-01-05T14:00:00+0100", "2026-01-05T14:00:00+0160"]) is None
    assert seconds([*base, "2026-01-05T14:00:00.5z"]) is None  # a separator not the first's
    assert seconds([*base, "2026-01-05T14:00:0x.5Z"]) is None  # a digit that is not one
    assert seconds([*base, " 2026-01-05T14:00:00Z"]) is None  # another length, not ISO bare
    assert seconds([*base[:2], *["2026-01-05T14:00:00Z"] * (_arrow.ODD_STAMPS + 1)]) is None


@settings(max_examples=examples(150), deadline=None, suppress_health_check=FUNCTION_SCOPED)
@given(lines=st.lists(st.tuples(rows.map(lambda r: r[0] if r else "1767621600,api,503"),
                                st.sampled_from(["\n", "\r\n", "\r", "\r\r\n"])), max_size=30),
       batch=st.sampled_from([16, 40, 100, 1 << 23]))
def test_line_endings_mixed_in_a_file_are_read_as_the_python_reader_reads_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, lines: list[tuple[str, str]], batch: int,
) -> None:
    path = tmp_path / "log.csv"
    path.write_bytes(("timestamp,channel,status\r\n" + "".join(
        line + ending for line, ending in lines)).encode("utf-8"))
    monkeypatch.setattr(_arrow, "BATCH_BYTES", batch)
    assert outcome(read_csv(path, engine="arrow")) == outcome(read_csv(path))


def test_line_breaks_of_a_batch() -> None:
    assert _arrow.line_breaks(b"a\nb\r\nc\n") == (3, False)
    assert _arrow.line_breaks(b"a\r\nb\rc\n") == (2, True)
    assert _arrow.line_breaks(b"a\r\nb\r") == (1, True)
    assert _arrow.line_breaks(b"") == (0, False)
