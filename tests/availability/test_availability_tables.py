"""``measure`` over tables (a pandas DataFrame, a mapping of lists or NumPy arrays): the same
report as measuring the same attempts as ``Attempt``s, and the same errors, naming the row."""

from __future__ import annotations

import math
import subprocess
import sys
from datetime import UTC, datetime, timedelta, timezone
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bizhours import BizHoursError
from bizhours.availability import Attempt, AttemptError, measure

T0 = datetime(2026, 1, 1, tzinfo=UTC)
E0 = 1_767_225_600  # T0 in epoch seconds
START, END = T0 - timedelta(seconds=3), T0 + timedelta(seconds=80)
ZONES = [UTC, timezone(timedelta(hours=5, minutes=30)), ZoneInfo("America/New_York")]
STATUSES: list[int | str] = [200, 250, 404, 429, 500, 503, 599, 421, 451, 452, 550, 0, 1,
                             "timeout", "TIMEOUT", "200", "503", "000", "451"]

raw_rows = st.lists(st.tuples(
    st.integers(-6, 90), st.integers(0, 999_999), st.sampled_from(ZONES),
    st.sampled_from(["api", "smtp", "API", "Smtp"]), st.sampled_from(STATUSES),
), max_size=50)


def instant(second: int, micro: int, zone: Any) -> datetime:
    return (T0 + timedelta(seconds=second, microseconds=micro)).astimezone(zone)


def tables(rows: list[tuple[int, int, Any, str, int | str]]) -> dict[str, object]:
    """The same rows as every kind of table."""
    at = [instant(s, m, z) for s, m, z, _, _ in rows]
    epoch = [E0 + s for s, _, _, _, _ in rows]
    fraction = [E0 + s + m / 1_000_000 for s, m, _, _, _ in rows]
    channel = [c for _, _, _, c, _ in rows]
    status = [x for _, _, _, _, x in rows]
    text_status = [str(x) for x in status]
    return {
        "lists of datetimes": {"timestamp": at, "channel": channel, "status": status},
        "lists of epoch ints": {"timestamp": epoch, "channel": channel, "status": status},
        "lists of Decimals": {"timestamp": [Decimal(f) for f in epoch], "channel": channel,
                              "status": text_status},
        "NumPy arrays": {"timestamp": np.array(epoch, np.int64), "channel": np.array(channel),
                         "status": np.array(status, object)},
        "NumPy floats": {"timestamp": np.array(fraction), "channel": np.array(channel, object),
                         "status": np.array(text_status)},
        "DataFrame, UTC": pd.DataFrame({
            "timestamp": pd.to_datetime(at, utc=True) if at else pd.Series([], dtype=
                                                                            "datetime64[ns, UTC]"),
            "channel": channel, "status": status}),
        "DataFrame, mixed zones": pd.DataFrame({"timestamp": pd.Series(at, dtype=object),
                                                "channel": channel, "status": text_status}),
        "DataFrame, epoch": pd.DataFrame({"timestamp": epoch, "channel": pd.Categorical(channel),
                                          "status": text_status}, index=np.arange(len(rows)) * 3),
    }


def tenfold(status: int | str) -> bool:
    return status == 429 or status == "timeout"


@settings(max_examples=120, deadline=None)
@given(rows=raw_rows, replaced=st.booleans())
def test_a_table_measures_as_its_attempts(rows: list[tuple[int, int, Any, str, int | str]],
                                          replaced: bool) -> None:
    rules: dict[str, Any] = {"api_failure": tenfold, "smtp_failure": lambda s: s == 250} if (
        replaced) else {}
    attempts = [Attempt(instant(s, m, z), c, x) for s, m, z, c, x in rows]
    expected = measure(attempts, START, END, **rules)
    for name, table in tables(rows).items():
        report = measure(table, START, END, **rules)  # type: ignore[arg-type]
        assert report == expected, name
        assert report.input == expected.input, name


def test_a_table_counts_more_than_255_successes_in_one_second() -> None:
    # 300 successes and 1 failure in one second: the dense count wraps, the report must not.
    table = {"timestamp": np.full(301, E0), "channel": np.array(["api"] * 301),
             "status": np.array([200] * 300 + [503])}
    expected = measure([Attempt(T0, "api", 200)] * 300 + [Attempt(T0, "api", 503)], START, END)
    assert measure(table, START, END) == expected
    assert expected.unavailable_seconds == 0


BAD = [
    ("channel", "ftp", "channel 'ftp' is not accepted"),
    ("channel", None, "channel None is not accepted"),
    ("status", 503.0, "status 503.0 is not accepted"),
    ("status", True, "status True is not accepted"),
    ("status", "5000", "status '5000' is not accepted"),
    ("status", 1000, "status 1000 is not accepted"),
    ("timestamp", datetime(2026, 1, 1, 0, 0, 5), "attempt instant 2026-01-01T00:00:05 is naive"),
    ("timestamp", "2026-01-01T00:00:05Z", "timestamp '2026-01-01T00:00:05Z' (str) is not"),
    ("timestamp", 1e300, "epoch seconds 1e+300 are not a finite instant"),
    ("timestamp", math.nan, "epoch seconds nan are not a finite instant"),
]


def bad_tables(column: str, value: object, row: int, size: int = 6) -> dict[str, object]:
    at: list[object] = [T0 + timedelta(seconds=s) for s in range(size)]
    epoch: list[object] = [E0 + s for s in range(size)]
    columns: dict[str, list[object]] = {"channel": ["api", "smtp"] * (size // 2),
                                        "status": [503, "timeout"] * (size // 2)}
    datetimes = isinstance(value, datetime) or value == "2026-01-01T00:00:05Z"
    columns["timestamp"] = at if datetimes else epoch
    columns[column][row] = value
    out: dict[str, object] = {"lists": dict(columns),
                              "DataFrame": pd.DataFrame(columns, dtype=object)}
    if column != "timestamp" or not datetimes:
        out["NumPy"] = {name: np.array(values, dtype=float if name == "timestamp" and isinstance(
            value, float) and column == "timestamp" else object)
            for name, values in columns.items()}
    if column == "status" and type(value) is int:
        out["NumPy ints"] = {**columns, "status": np.array([200] * size)}
        out["NumPy ints"]["status"][row] = value  # type: ignore[index]
    return out


@pytest.mark.parametrize(("column", "value", "message"), BAD)
@pytest.mark.parametrize("row", [0, 3, 5])
def test_a_bad_value_in_a_table_is_an_error_naming_its_row(column: str, value: object,
                                                            message: str, row: int) -> None:
    for name, table in bad_tables(column, value, row).items():
        with pytest.raises(AttemptError) as caught:
            measure(table, START, END)  # type: ignore[arg-type]
        assert str(caught.value).startswith(f"row {row}: "), (name, str(caught.value))
        assert message in str(caught.value), (name, str(caught.value))


def test_the_first_bad_row_is_named_and_within_a_row_the_channel_first() -> None:
    table = pd.DataFrame({"timestamp": [E0, E0 + 1, math.nan], "channel": ["api", "ftp", "x"],
                          "status": ["200", "2000", "200"]})
    with pytest.raises(AttemptError, match=r"^row 1: channel 'ftp'"):
        measure(table, START, END)
    with pytest.raises(AttemptError, match=r"^row 1 \(index 'b'\): channel 'ftp'"):
        measure(table.set_axis(["a", "b", "c"]), START, END)


def test_a_naive_datetime64_column_is_an_error_naming_the_first_row() -> None:
    naive = pd.DataFrame({"timestamp": pd.to_datetime(["2026-01-01T00:00:01"] * 2),
                          "channel": ["api"] * 2, "status": [503] * 2})
    with pytest.raises(AttemptError, match=r"^row 0: attempt instant 2026-01-01T00:00:01 is "
                                           "naive"):
        measure(naive, START, END)
    with pytest.raises(AttemptError, match=r"^row 0: attempt instant .* is naive"):
        measure({"timestamp": naive["timestamp"].to_numpy(), "channel": np.array(["api"] * 2),
                 "status": np.array([503, 503])}, START, END)


def test_a_table_with_a_missing_column_or_columns_of_other_lengths_is_an_error() -> None:
    with pytest.raises(AttemptError, match=r"no 'status' \(columns: 'timestamp', 'channel', "
                                           r"'code'\)"):
        measure({"timestamp": [E0], "channel": ["api"], "code": [503]}, START, END)
    with pytest.raises(AttemptError, match="one length; got timestamp 2, channel 1, status 2"):
        measure({"timestamp": [E0, E0], "channel": ["api"], "status": [503, 200]}, START, END)


def test_a_table_of_lists_imports_neither_numpy_nor_pandas() -> None:
    code = (
        "import sys\n"
        "from datetime import UTC, datetime\n"
        "from bizhours import availability\n"
        "t = datetime(2026, 1, 1, tzinfo=UTC)\n"
        "r = availability.measure({'timestamp': [t], 'channel': ['api'], 'status': [503]}, t,\n"
        "                         datetime(2026, 1, 2, tzinfo=UTC))\n"
        "assert r.unavailable_seconds == 1\n"
        "assert 'numpy' not in sys.modules and 'pandas' not in sys.modules, 'imported'\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=False)
    assert done.returncode == 0, done.stderr


class _PolarsDatetime:
    def __init__(self, zone: str | None) -> None:
        self.time_zone = zone

    def __str__(self) -> str:
        return f"Datetime(time_unit='us', time_zone={self.time_zone!r})"


class _PolarsSeries:
    """The few members of a polars Series that measure uses."""

    def __init__(self, values: list[Any], dtype: Any) -> None:
        self.values, self.dtype = values, dtype
        self.dt = self

    def epoch(self, unit: str) -> _PolarsSeries:
        assert unit == "us"
        return _PolarsSeries([(v - T0) // timedelta(microseconds=1) + E0 * 10**6
                              for v in self.values], None)

    def null_count(self) -> int:
        return sum(v is None for v in self.values)

    def to_numpy(self) -> Any:
        return np.array(self.values)

    def to_list(self) -> list[Any]:
        return list(self.values)


class _PolarsStr:
    def __str__(self) -> str:
        return "String"


class _PolarsFrame:
    def __init__(self, columns: dict[str, _PolarsSeries]) -> None:
        self.named = columns
        self.columns = list(columns)

    def get_column(self, name: str) -> _PolarsSeries:
        return self.named[name]


_PolarsFrame.__module__ = "polars.dataframe.frame"


def test_a_polars_frame_is_read_through_its_own_methods_without_importing_polars(
        monkeypatch: pytest.MonkeyPatch) -> None:
    # Other tests of the run may have imported polars: hidden here, it must stay unimported.
    monkeypatch.delitem(sys.modules, "polars", raising=False)
    at = [T0 + timedelta(seconds=s, microseconds=999_999) for s in range(4)]
    frame = _PolarsFrame({"timestamp": _PolarsSeries(at, _PolarsDatetime("UTC")),
                          "channel": _PolarsSeries(["api", "smtp"] * 2, _PolarsStr()),
                          "status": _PolarsSeries(["503", "250", "500", "451"], _PolarsStr())})
    expected = measure([Attempt(a, c, s) for a, c, s in zip(
        at, ["api", "smtp"] * 2, ["503", "250", "500", "451"], strict=True)], START, END)
    assert measure(frame, START, END) == expected  # type: ignore[arg-type]
    assert "polars" not in sys.modules
    naive = _PolarsFrame({**frame.named, "timestamp": _PolarsSeries(
        [a.replace(tzinfo=None) for a in at], _PolarsDatetime(None))})
    with pytest.raises(AttemptError, match=r"^row 0: attempt instant .* is naive"):
        measure(naive, START, END)  # type: ignore[arg-type]


def test_an_error_of_a_table_is_an_availability_error_and_a_bizhours_error() -> None:
    with pytest.raises(BizHoursError):
        measure({"timestamp": [E0], "channel": ["ftp"], "status": [503]}, START, END)


# Columns of Python objects whose values hash alike but differ in type (200, 200.0, True,
# numpy ints, Decimals), and missing values of several kinds: factorised by value, with the
# types told apart, each row must be read as its Attempt.
OBJECT_STATUSES: list[object] = [200, 200.0, True, 1, 0, False, 503, np.int64(503), 503.0,
                                 Decimal(503), "503", "timeout", None, math.nan,
                                 np.float64("nan"), Decimal("NaN"), pd.NA, [503]]
OBJECT_CHANNELS: list[object] = ["api", "smtp", "SMTP", None, math.nan, "ftp", 1, True]


@settings(max_examples=150, deadline=None)
@given(rows=st.lists(st.tuples(st.integers(-6, 90), st.sampled_from(OBJECT_CHANNELS),
                               st.sampled_from(OBJECT_STATUSES)), max_size=40),
       good=st.integers(0, 40))
def test_object_columns_of_mixed_types_read_as_their_attempts(
    rows: list[tuple[int, object, object]], good: int,
) -> None:
    # Mostly good rows, so that the bad ones come at random places.
    rows = [(s, "api" if n < good else c, 200 if n < good and n % 2 else x)
            for n, (s, c, x) in enumerate(rows)]
    expected: object = None
    attempts = []
    for n, (s, c, x) in enumerate(rows):
        try:
            attempts.append(Attempt.from_epoch(E0 + s, c, x))  # type: ignore[arg-type]
        except BizHoursError as exc:
            expected = f"row {n}: {exc}"
            break
    if expected is None:
        expected = measure(attempts, START, END)
    table = pd.DataFrame({"timestamp": [E0 + s for s, _, _ in rows],
                          "channel": pd.Series([c for _, c, _ in rows], dtype=object),
                          "status": pd.Series([x for _, _, x in rows], dtype=object)})
    try:
        got: object = measure(table, START, END)
    except AttemptError as exc:
        got = str(exc)
    assert got == expected
