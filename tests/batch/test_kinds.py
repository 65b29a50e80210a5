"""Every kind of column ``add_many`` and ``elapsed_many`` take gives back the same kind, and
each answer equals the scalar call: NumPy, pandas (NumPy- and Arrow-backed, Index, objects),
polars and pyarrow, on random starts in zones with DST changes, with missing values,
nanosecond fractions (floored), negative durations, and durations in seconds."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from functools import partial
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import bizhours
from bizhours.batch import add_many, elapsed_many
from bizhours.strategies import business_durations, instants
from tests.batch.test_batch import CALENDARS, FIRST, LAST, _agrees, _scalar
from tests.helpers import examples

np = pytest.importorskip("numpy")
pd = pytest.importorskip("pandas")
pl = pytest.importorskip("polars")
pa = pytest.importorskip("pyarrow")

KINDS = ["numpy", "pandas", "pandas-arrow", "index", "object", "polars", "arrow", "chunked"]
ZONES = ["America/New_York", "Europe/London", "Australia/Lord_Howe", "UTC"]
NAT = -(2**63)
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
SETTINGS = settings(max_examples=examples(40), deadline=None,
                    suppress_health_check=[HealthCheck.too_slow])


def _us(moment: datetime) -> int:
    return (moment - EPOCH) // timedelta(microseconds=1)


# --- building each kind of column ----------------------------------------------------------


def _ints(values: list[int | None]) -> Any:
    return np.array([NAT if v is None else v for v in values], dtype="int64")


def _arrow_ints(values: list[int | None]) -> Any:
    return pa.array([v for v in values], type=pa.int64())


def instant_column(kind: str, moments: list[datetime | None], ns: list[int], zone: str
                   ) -> Any:
    """The instants ``moments`` (plus ``ns`` nanoseconds each) as a column of ``kind``."""
    values = [None if m is None else _us(m) * 1000 + n for m, n in zip(moments, ns, strict=True)]
    index = range(100, 100 + len(values))
    stamps = _ints(values).view("datetime64[ns]")
    if kind == "numpy":
        return stamps
    if kind in ("pandas", "index"):
        series = pd.Series(stamps, index=index, name="opened").dt.tz_localize("UTC")
        series = series.dt.tz_convert(zone)
        return pd.DatetimeIndex(series, name="opened") if kind == "index" else series
    if kind == "object":  # Python datetimes, and pandas Timestamps where there are nanoseconds
        items = [None if m is None else pd.Timestamp(v, unit="ns", tz=m.tzinfo) if n else m
                 for m, n, v in zip(moments, ns, values, strict=True)]
        return pd.Series(items, index=index, name="opened", dtype=object)
    if kind == "polars":
        return pl.Series("opened", stamps).dt.replace_time_zone("UTC").dt.convert_time_zone(zone)
    arrow = _arrow_ints(values).view(pa.timestamp("ns", tz=zone))
    if kind == "pandas-arrow":
        return pd.Series(pd.arrays.ArrowExtensionArray(arrow), index=index, name="opened")
    if kind == "chunked":
        half = len(values) // 2
        return pa.chunked_array([arrow[:half], arrow[half:]], type=arrow.type)
    return arrow


def duration_column(kind: str, mode: str, values: list[Any]) -> Any:
    """Durations (``timedelta``, whole seconds or float seconds, by ``mode``) as a column of
    the library of ``kind``."""
    if mode == "timedelta":
        micros = [None if v is None else v // timedelta(microseconds=1) for v in values]
        if kind in ("polars", "arrow", "chunked", "pandas-arrow"):
            arrow = _arrow_ints(micros).view(pa.duration("us"))
            if kind == "polars":
                return pl.from_arrow(arrow)
            if kind == "pandas-arrow":
                return pd.Series(pd.arrays.ArrowExtensionArray(arrow))
            return arrow
        deltas = _ints(micros).view("timedelta64[us]")
        return deltas if kind == "numpy" else pd.Series(deltas)
    if kind == "numpy":
        if mode == "int" and None not in values:
            return np.array(values, dtype="int64")
        return np.array([np.nan if v is None else v for v in values], dtype="float64")
    arrow_type = pa.int64() if mode == "int" else pa.float64()
    if kind in ("polars", "arrow", "chunked", "pandas-arrow"):
        arrow = pa.array(values, type=arrow_type)
        if kind == "polars":
            return pl.from_arrow(arrow)
        if kind == "pandas-arrow":
            return pd.Series(pd.arrays.ArrowExtensionArray(arrow))
        return arrow
    return pd.Series(values, dtype="Int64" if mode == "int" else "float64")


# --- reading each kind back ---------------------------------------------------------------


def instants_of(kind: str, got: Any, zone: str, size: int) -> list[datetime | None]:
    """The answer's instants (aware, ``None`` where missing), after checking it is a column of
    ``kind`` holding microseconds in ``zone``."""
    if kind == "numpy":
        assert got.dtype == np.dtype("datetime64[us]")
        return [None if v == NAT else EPOCH + timedelta(microseconds=v)
                for v in got.view("int64").tolist()]
    if kind in ("pandas", "index"):
        assert isinstance(got, pd.DatetimeIndex if kind == "index" else pd.Series)
        assert str(got.dtype) == f"datetime64[us, {zone}]" and got.name == "opened"
        if kind == "pandas":
            assert list(got.index) == list(range(100, 100 + size))
        return [None if pd.isna(v) else v.to_pydatetime() for v in got]
    if kind == "object":
        assert isinstance(got, pd.Series) and got.dtype == object and got.name == "opened"
        return list(got)
    if kind == "polars":
        assert isinstance(got, pl.Series) and got.name == "opened"
        assert got.dtype == pl.Datetime("us", zone)
        return got.to_list()
    if kind == "pandas-arrow":
        assert isinstance(got, pd.Series) and got.name == "opened"
        assert str(got.dtype) == f"timestamp[us, tz={zone}][pyarrow]"
        return pa.array(got.array).to_pylist()
    assert isinstance(got, pa.ChunkedArray if kind == "chunked" else pa.Array)
    assert got.type == pa.timestamp("us", tz=zone)
    return got.to_pylist()


def durations_of(kind: str, got: Any, size: int) -> list[timedelta | None]:
    """The answer's durations, after checking it is a column of ``kind`` in microseconds."""
    if kind == "numpy":
        assert got.dtype == np.dtype("timedelta64[us]")
        return [None if v == NAT else timedelta(microseconds=v) for v in got.view("int64").tolist()]
    if kind in ("pandas", "object"):
        assert isinstance(got, pd.Series) and str(got.dtype) == "timedelta64[us]"
        assert list(got.index) == list(range(100, 100 + size)) and got.name == "opened"
        return [None if pd.isna(v) else v.to_pytimedelta() for v in got]
    if kind == "index":
        assert isinstance(got, pd.TimedeltaIndex) and str(got.dtype) == "timedelta64[us]"
        return [None if pd.isna(v) else v.to_pytimedelta() for v in got]
    if kind == "polars":
        assert isinstance(got, pl.Series) and got.dtype == pl.Duration("us")
        return got.to_list()
    if kind == "pandas-arrow":
        assert str(got.dtype) == "duration[us][pyarrow]" and got.name == "opened"
        return pa.array(got.array).to_pylist()
    assert isinstance(got, pa.ChunkedArray if kind == "chunked" else pa.Array)
    assert got.type == pa.duration("us")
    return got.to_pylist()


# --- the properties -------------------------------------------------------------------------


def _rows(second: Callable[[bizhours.Calendar], st.SearchStrategy[Any]]) -> Any:
    """A calendar's name, a column zone, and up to 8 rows of (start or None, nanoseconds,
    ``second(calendar)`` or None)."""
    def rows(name: str) -> Any:
        cal = CALENDARS[name]
        start = instants(cal, min_date=FIRST, max_date=LAST)
        row = st.tuples(st.none() | start, st.sampled_from([0, 0, 1, 999]) | st.integers(0, 999),
                        st.none() | second(cal))
        return st.tuples(st.just(name), st.sampled_from(ZONES), st.lists(row, max_size=8))
    return st.sampled_from(sorted(CALENDARS)).flatmap(rows)


durations_st = _rows(lambda cal: business_durations(cal, max_value=timedelta(days=300)))
ends_st = _rows(lambda cal: instants(cal, min_date=FIRST, max_date=LAST))


def _as_mode(mode: str, d: timedelta | None) -> Any:
    if d is None or mode == "timedelta":
        return d
    return int(d.total_seconds()) if mode == "int" else d.total_seconds()


def _scalar_add(cal: bizhours.Calendar, start: datetime | None, d: Any) -> Any:
    if start is None or d is None:
        return None
    return _scalar(partial(cal.add, start, d if isinstance(d, timedelta)
                           else timedelta(seconds=d)))


@SETTINGS
@pytest.mark.parametrize("kind", KINDS)
@given(case=durations_st, mode=st.sampled_from(["timedelta", "int", "float"]))
def test_add_many_on_each_kind_equals_add(kind: str, case: Any, mode: str) -> None:
    name, zone, rows = case
    cal = CALENDARS[name]
    starts = [s if s is None or kind == "object" else s.astimezone(ZoneInfo(zone))
              for s, _, _ in rows]
    ns = [n for _, n, _ in rows]
    durations = [_as_mode(mode, d) for _, _, d in rows]
    expected = [_scalar_add(cal, s, d) for s, d in zip(starts, durations, strict=True)]
    column = instant_column(kind, starts, ns, zone)
    given_durations = duration_column(kind, mode, durations)

    def same(got: Any) -> None:
        answers = instants_of(kind, got, zone, len(rows))
        assert answers == expected
        if kind == "object":  # each in its start's zone
            assert [a.tzinfo for a in answers if a is not None] == [
                s.tzinfo for s, e in zip(starts, expected, strict=True) if e is not None]

    _agrees(expected, lambda: add_many(cal, column, given_durations), same)


@SETTINGS
@pytest.mark.parametrize("kind", KINDS)
@given(case=ends_st)
def test_elapsed_many_on_each_kind_equals_elapsed(kind: str, case: Any) -> None:
    name, zone, rows = case
    cal = CALENDARS[name]
    starts = [s if s is None or kind == "object" else s.astimezone(ZoneInfo(zone))
              for s, _, _ in rows]
    ends = [e for _, _, e in rows]
    ns = [n for _, n, _ in rows]
    expected = [None if a is None or b is None else cal.elapsed(a, b)
                for a, b in zip(starts, ends, strict=True)]
    got = elapsed_many(cal, instant_column(kind, starts, ns, zone),
                       instant_column(kind, ends, ns[::-1], "UTC"))
    assert durations_of(kind, got, len(rows)) == expected


@SETTINGS
@pytest.mark.parametrize("kind", KINDS)
@given(case=_rows(lambda cal: business_durations(cal, business_days="only",
                                                 max_value=timedelta(days=30))))
def test_one_business_days_deadline_on_each_kind(kind: str, case: Any) -> None:
    name, zone, rows = case
    cal = CALENDARS[name]
    deadline = next((d for _, _, d in rows if d is not None), bizhours.BusinessDays(1))
    starts = [s if s is None or kind == "object" else s.astimezone(ZoneInfo(zone))
              for s, _, _ in rows]
    expected = [None if s is None else _scalar(partial(cal.add, s, deadline)) for s in starts]
    column = instant_column(kind, starts, [n for _, n, _ in rows], zone)

    def same(got: Any) -> None:
        assert instants_of(kind, got, zone, len(rows)) == expected

    _agrees(expected, lambda: add_many(cal, column, deadline), same)


# --- the edges ------------------------------------------------------------------------------


def test_arrow_backed_series_works_and_naive_advice_is_followable() -> None:
    cal = CALENDARS["eastern"]
    aware = pd.Series(["2026-11-20T21:00:00Z"]).astype("timestamp[us, tz=UTC][pyarrow]")
    assert add_many(cal, aware, timedelta(hours=2)).tolist() == [
        pd.Timestamp("2026-11-23T15:00:00Z")]
    naive = pd.Series(["2026-11-20T21:00:00"]).astype("timestamp[us][pyarrow]")
    with pytest.raises(bizhours.NaiveDatetimeError, match=r"tz_localize\('UTC'\)") as info:
        add_many(cal, naive, timedelta(hours=2))
    assert "naive" in str(info.value)
    fixed = naive.dt.tz_localize("UTC")  # the advice, followed, works
    assert add_many(cal, fixed, timedelta(hours=2)).tolist() == [
        pd.Timestamp("2026-11-23T15:00:00Z")]


def test_nanoseconds_floor_toward_the_past() -> None:
    cal = CALENDARS["24x7"]
    before_epoch = np.array(["1969-12-31T23:59:59.999999999"], dtype="datetime64[ns]")
    got = add_many(cal, before_epoch, timedelta(0))
    assert str(got[0]) == "1969-12-31T23:59:59.999999"
    durations = np.array([-1_500], dtype="timedelta64[ns]")  # -1.5 us floors to -2 us
    start = np.array(["2026-01-05T12:00"], dtype="datetime64[us]")
    assert add_many(cal, start, durations)[0] == start[0] - np.timedelta64(2, "us")


@settings(max_examples=examples(200))
@given(st.floats(-1e9, 1e9, allow_nan=False))
def test_float_seconds_round_as_timedelta_does(seconds: float) -> None:
    cal = CALENDARS["24x7"]
    start = datetime(2026, 1, 5, tzinfo=UTC)
    got = add_many(cal, np.array([start.replace(tzinfo=None)], dtype="datetime64[us]"),
                   np.array([seconds]))
    assert got[0].astype(datetime).replace(tzinfo=UTC) == cal.add(start, timedelta(
        seconds=seconds))


def test_bad_seconds_and_naive_columns_are_refused() -> None:
    cal = CALENDARS["eastern"]
    start = np.array(["2026-01-05T12:00"], dtype="datetime64[us]")
    with pytest.raises(bizhours.OutOfRangeError, match=r"durations\[0\] = 1e\+20 seconds"):
        add_many(cal, start, np.array([1e20]))
    with pytest.raises(bizhours.OutOfRangeError, match=r"durations\[0\]"):
        add_many(cal, start, np.array([np.inf]))
    with pytest.raises(bizhours.NaiveDatetimeError, match="replace_time_zone"):
        add_many(cal, pl.Series([datetime(2026, 1, 5)]), timedelta(hours=1))
    with pytest.raises(bizhours.NaiveDatetimeError, match="assume_timezone"):
        add_many(cal, pa.array([datetime(2026, 1, 5)]), timedelta(hours=1))
    with pytest.raises(TypeError, match="starts must hold aware"):
        add_many(cal, pa.array([1]), timedelta(hours=1))
    with pytest.raises(ValueError, match="starts has 1 items but durations has 2"):
        add_many(cal, pl.Series([datetime(2026, 1, 5, tzinfo=UTC)]), pl.Series([1, 2]))


def test_sequences_keep_their_kind_and_missing_items() -> None:
    cal = CALENDARS["eastern"]
    start = datetime(2026, 11, 20, 21, tzinfo=UTC)
    assert add_many(cal, (start, None), timedelta(hours=2)) == (
        datetime(2026, 11, 23, 15, tzinfo=UTC), None)
    assert add_many(cal, [start, start], [None, timedelta(hours=2)]) == [
        None, datetime(2026, 11, 23, 15, tzinfo=UTC)]
    assert add_many(cal, [start], np.array([7200])) == [datetime(2026, 11, 23, 15, tzinfo=UTC)]
    assert elapsed_many(cal, [start, None], [start, start]) == [timedelta(0), None]


@pytest.mark.parametrize("kind", KINDS)
def test_empty_columns_keep_their_kind(kind: str) -> None:
    cal = CALENDARS["eastern"]
    none = instant_column(kind, [], [], "Europe/London")
    assert instants_of(kind, add_many(cal, none, timedelta(hours=1)), "Europe/London", 0) == []
    assert durations_of(kind, elapsed_many(cal, none, none), 0) == []
