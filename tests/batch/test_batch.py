"""Batch arithmetic equals the scalar queries item by item, on both paths."""

from __future__ import annotations

import random
import re
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from functools import partial
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import bizhours
from bizhours.batch import add_many, elapsed_many
from bizhours.strategies import business_durations, instants
from tests.helpers import LONDON, NY, TOKYO, examples


def _calendars() -> dict[str, bizhours.Calendar]:
    eastern = bizhours.calendar("eastern")
    return {
        "eastern": eastern,
        "uk": bizhours.calendar("uk"),
        "24x7": bizhours.calendar("24x7"),
        # Windows across the DST changes, split days and date adjustments.
        "night": bizhours.Calendar(
            "America/New_York", {"sat-sun": "00:30-03:30", "wed": "09:00-12:00, 13:00-17:00"}
        ).with_hours(date(2030, 3, 13), "").expanded((date(2031, 1, 1), date(2031, 1, 9)),
                                                     "20:00-24:00"),
        "follow-the-sun": eastern | bizhours.calendar("uk"),
        "overlap": eastern & bizhours.calendar("uk"),
        # Provably never open after 2040: the far items raise NeverOpenError.
        "closing": bizhours.Calendar("UTC", {"mon-fri": "09:00-17:00"})
        .with_weekly_hours({}, effective=date(2040, 1, 1))
        .with_weekly_hours({"mon-fri": "09:00-17:00"}, effective=date(2000, 1, 1)),
    }


CALENDARS = _calendars()

FIRST, LAST = date(2016, 1, 1), date(2034, 12, 31)
calendar_st = st.sampled_from(sorted(CALENDARS))


def _pairs(second: Callable[[bizhours.Calendar], st.SearchStrategy[Any]]
           ) -> st.SearchStrategy[tuple[str, list[tuple[datetime, Any]]]]:
    """A calendar's name and up to 12 (instant, ``second(calendar)``) pairs, from the kit's
    strategies: instants at the calendar's window bounds, DST changes and adjusted days."""
    def pairs(name: str) -> st.SearchStrategy[tuple[str, list[tuple[datetime, Any]]]]:
        cal = CALENDARS[name]
        starts = instants(cal, min_date=FIRST, max_date=LAST)
        return st.tuples(st.just(name), st.lists(st.tuples(starts, second(cal)), max_size=12))
    return calendar_st.flatmap(pairs)


# 400 days of open time is about 5 years of eastern's, 15 of the overlap calendar's.
deadlines_st = _pairs(lambda cal: business_durations(cal, max_value=timedelta(days=400)))
spans_st = _pairs(lambda cal: instants(cal, min_date=FIRST, max_date=LAST))
SETTINGS = settings(
    max_examples=examples(60), deadline=None, suppress_health_check=[HealthCheck.too_slow]
)


def _scalar(fn: Callable[[], Any]) -> Any:
    """The scalar answer, or the class of the BizHoursError it raises."""
    try:
        return fn()
    except bizhours.BizHoursError as err:
        return type(err)


def _errors(expected: list[Any]) -> list[type]:
    return [e for e in expected if isinstance(e, type)]


def _agrees(expected: list[Any], batch: Callable[[], Any], check: Callable[[Any], None]) -> None:
    """The batch raises one of the errors the scalar calls raised, or ``check`` passes."""
    if _errors(expected):
        with pytest.raises(bizhours.BizHoursError) as info:
            batch()
        assert info.type in _errors(expected)
    else:
        check(batch())


def _same_instants(got: list[datetime], expected: list[datetime]) -> None:
    assert [(g, g.tzinfo, g.utcoffset()) for g in got] == [
        (e, e.tzinfo, e.utcoffset()) for e in expected
    ]


# --- the pure-Python path ------------------------------------------------------------------


@SETTINGS
@given(deadlines_st)
def test_add_many_equals_add(case: tuple[str, list[tuple[datetime, timedelta]]]) -> None:
    name, pairs = case
    cal = CALENDARS[name]
    starts = [s for s, _ in pairs]
    durations = [d for _, d in pairs]
    expected = [_scalar(partial(cal.add, s, d)) for s, d in pairs]
    _agrees(expected, lambda: add_many(cal, starts, durations),
            lambda got: _same_instants(got, expected))


@SETTINGS
@given(spans_st)
def test_elapsed_many_equals_elapsed(case: tuple[str, list[tuple[datetime, datetime]]]) -> None:
    name, pairs = case
    cal = CALENDARS[name]
    expected = [_scalar(partial(cal.elapsed, a, b)) for a, b in pairs]
    got = elapsed_many(cal, [a for a, _ in pairs], (b for _, b in pairs))
    assert got == expected


def test_one_duration_serves_every_start() -> None:
    cal = CALENDARS["eastern"]
    starts = [datetime(2026, 11, 20, 16, tzinfo=NY), datetime(2026, 11, 23, 9, tzinfo=UTC)]
    got = add_many(cal, starts, timedelta(hours=2))
    _same_instants(got, [cal.add(s, timedelta(hours=2)) for s in starts])
    assert got[0] == datetime(2026, 11, 23, 10, tzinfo=NY)


def test_empty_inputs_give_empty_lists() -> None:
    cal = CALENDARS["eastern"]
    assert add_many(cal, [], []) == []
    assert add_many(cal, [], timedelta(hours=1)) == []
    assert elapsed_many(cal, [], []) == []


def test_bad_items_are_named_by_position() -> None:
    cal = CALENDARS["eastern"]
    good = datetime(2026, 1, 5, 10, tzinfo=NY)
    with pytest.raises(bizhours.NaiveDatetimeError, match=r"starts\[1\] 2026-01-05T10:00:00"):
        add_many(cal, [good, datetime(2026, 1, 5, 10)], timedelta(hours=1))
    with pytest.raises(TypeError, match=r"ends\[0\] must be an aware datetime, not date"):
        elapsed_many(cal, [good], [date(2026, 1, 6)])
    with pytest.raises(TypeError, match=r"durations\[1\] must be a timedelta, not int"):
        add_many(cal, [good, good], [timedelta(hours=1), 3600])
    with pytest.raises(ValueError, match="starts has 2 items but durations has 1"):
        add_many(cal, [good, good], [timedelta(hours=1)])
    with pytest.raises(ValueError, match="starts has 1 items but ends has 2"):
        elapsed_many(cal, [good], [good, good])


def test_never_open_calendar_raises_in_bulk() -> None:
    never = bizhours.Calendar("UTC", {})
    with pytest.raises(bizhours.NeverOpenError):
        add_many(never, [datetime(2026, 1, 5, tzinfo=UTC)], timedelta(hours=1))
    late = [datetime(2039, 12, 1, tzinfo=UTC), datetime(2026, 1, 5, tzinfo=UTC)]
    with pytest.raises(bizhours.NeverOpenError, match="2039-12-31"):
        add_many(CALENDARS["closing"], late, timedelta(hours=200))


def test_never_open_calendar_raises_on_arrays() -> None:
    np = pytest.importorskip("numpy")
    late = np.array(["2026-01-05", "2039-12-01"], dtype="datetime64[us]")
    with pytest.raises(bizhours.NeverOpenError, match="2039-12-31"):
        add_many(CALENDARS["closing"], late, timedelta(hours=200))
    with pytest.raises(bizhours.NeverOpenError):
        add_many(bizhours.Calendar("UTC", {}), late, timedelta(hours=1))


# --- the NumPy and pandas path ---------------------------------------------------------------


def _utc64(moments: list[datetime]) -> Any:
    np = pytest.importorskip("numpy")
    return np.array([m.astimezone(UTC).replace(tzinfo=None) for m in moments],
                    dtype="datetime64[us]")


@SETTINGS
@given(deadlines_st)
def test_add_many_on_arrays_equals_add(case: tuple[str, list[tuple[datetime, timedelta]]]) -> None:
    name, pairs = case
    np = pytest.importorskip("numpy")
    cal = CALENDARS[name]
    starts = _utc64([s for s, _ in pairs])
    durations = np.array([d for _, d in pairs], dtype="timedelta64[us]")
    expected = [_scalar(partial(cal.add, s, d)) for s, d in pairs]

    def same(got: Any) -> None:
        assert got.dtype == np.dtype("datetime64[us]")
        assert got.tolist() == _utc64(expected).tolist()

    _agrees(expected, lambda: add_many(cal, starts, durations), same)


@SETTINGS
@given(spans_st)
def test_elapsed_many_on_arrays_equals_elapsed(
    case: tuple[str, list[tuple[datetime, datetime]]],
) -> None:
    name, pairs = case
    np = pytest.importorskip("numpy")
    cal = CALENDARS[name]
    expected = [_scalar(partial(cal.elapsed, a, b)) for a, b in pairs]
    got = elapsed_many(cal, _utc64([a for a, _ in pairs]), _utc64([b for _, b in pairs]))
    assert got.dtype == np.dtype("timedelta64[us]")
    assert got.tolist() == expected


def _random_cases(count: int, seed: int) -> tuple[list[datetime], list[timedelta]]:
    """Starts over 30 years in four zones; durations from minutes to +-14 business years (of
    eastern's), some zero."""
    rng = random.Random(seed)
    zones = [NY, UTC, LONDON, TOKYO]
    origin = datetime(2030, 1, 1, tzinfo=UTC)
    starts = [
        (origin + timedelta(microseconds=rng.randrange(-15 * 365 * 86_400 * 10**6,
                                                        15 * 365 * 86_400 * 10**6)))
        .astimezone(rng.choice(zones))
        for _ in range(count)
    ]
    scale = [10**9 * 6, 10**12, 10**14]  # hours, 11 days, 3 years of open time (microseconds)
    durations = [
        timedelta(microseconds=rng.randrange(-s, s)) if i % 10 else timedelta(0)
        for i, s in enumerate(rng.choice(scale) for _ in range(count))
    ]
    return starts, durations


def test_seeded_random_arrays_equal_scalar() -> None:
    np = pytest.importorskip("numpy")
    cal = CALENDARS["eastern"]
    starts, durations = _random_cases(5_000, seed=7)
    expected = [cal.add(s, d) for s, d in zip(starts, durations, strict=True)]
    got = add_many(cal, _utc64(starts), np.array(durations, dtype="timedelta64[us]"))
    assert got.tolist() == _utc64(expected).tolist()
    _same_instants(add_many(cal, starts, durations), expected)
    ends = expected[1:] + expected[:1]  # mixed signs and spans
    assert elapsed_many(cal, _utc64(starts), _utc64(ends)).tolist() == [
        cal.elapsed(a, b) for a, b in zip(starts, ends, strict=True)
    ]


def test_nat_gives_nat() -> None:
    np = pytest.importorskip("numpy")
    cal = CALENDARS["eastern"]
    starts = np.array(["2026-11-20T21:00", "NaT", "2026-11-20T21:00"], dtype="datetime64[us]")
    durations = np.array([7_200_000_000, 0, "NaT"], dtype="timedelta64[us]")
    got = add_many(cal, starts, durations)
    assert str(got[0]) == "2026-11-23T15:00:00.000000"  # Monday 10:00 in New York
    assert np.isnat(got[1]) and np.isnat(got[2])
    spans = elapsed_many(cal, starts, np.array(["2026-11-23T15:00", "2026-11-23T15:00", "NaT"],
                                                    dtype="datetime64[s]"))
    assert spans[0] == np.timedelta64(2, "h") and np.isnat(spans[1]) and np.isnat(spans[2])


def test_array_errors_are_clear() -> None:
    np = pytest.importorskip("numpy")
    cal = CALENDARS["eastern"]
    ok = np.array(["2026-01-05T15:00"], dtype="datetime64[us]")
    with pytest.raises(TypeError, match="starts must be a datetime64 array"):
        add_many(cal, np.array([1.5]), timedelta(hours=1))
    with pytest.raises(TypeError, match="durations must be timedelta64 or numbers of seconds"):
        add_many(cal, ok, np.array([True]))
    with pytest.raises(TypeError, match="durations must be timedelta64 or numbers of seconds"):
        add_many(cal, ok, np.array(["1h"]))
    with pytest.raises(bizhours.BizHoursError, match=r"starts\[1\] = 10000-01-01"):
        add_many(cal, np.array(["2026-01-05", "10000-01-01"], dtype="datetime64[us]"),
                 timedelta(hours=1))
    with pytest.raises(ValueError, match="starts has 1 items but ends has 2"):
        elapsed_many(cal, ok, np.concatenate([ok, ok]))
    # A duration beyond any supported span cannot be met: the scalar error, not an overflow.
    huge = timedelta(microseconds=2**62)
    with pytest.raises(bizhours.BizHoursError) as scalar:
        cal.add(datetime(2026, 1, 5, tzinfo=UTC), huge)
    with pytest.raises(type(scalar.value), match=re.escape(str(scalar.value))):
        add_many(cal, np.array(["2026-01-05"], dtype="datetime64[us]"),
                 np.array([huge], dtype="timedelta64[us]"))


def test_pandas_series_keeps_index_name_and_zone() -> None:
    pd = pytest.importorskip("pandas")
    cal = CALENDARS["eastern"]
    starts, durations = _random_cases(500, seed=11)
    local = [s.astimezone(NY) for s in starts]
    series = pd.Series(local, index=range(1000, 1500), name="opened").dt.tz_convert(NY)
    assert str(series.dtype).endswith("America/New_York]")
    due = add_many(cal, series, pd.Series(durations))
    assert str(due.dtype) == "datetime64[us, America/New_York]"
    assert list(due.index) == list(range(1000, 1500)) and due.name == "opened"
    expected = [cal.add(s, d) for s, d in zip(local, durations, strict=True)]
    assert [t.to_pydatetime() for t in due] == expected
    assert all(t.tzinfo is not None and t.utcoffset() == e.utcoffset()
               for t, e in zip(due, expected, strict=True))
    spent = elapsed_many(cal, series, due)
    assert str(spent.dtype) == "timedelta64[us]" and list(spent.index) == list(series.index)
    assert spent.tolist() == [cal.elapsed(s, e) for s, e in zip(local, expected, strict=True)]


def test_pandas_naive_series_is_refused() -> None:
    pd = pytest.importorskip("pandas")
    naive = pd.Series(pd.to_datetime(["2026-01-05 10:00"]))
    with pytest.raises(bizhours.NaiveDatetimeError, match="tz_localize"):
        add_many(CALENDARS["eastern"], naive, timedelta(hours=1))


def test_empty_arrays_and_series_keep_their_types() -> None:
    np = pytest.importorskip("numpy")
    pd = pytest.importorskip("pandas")
    cal = CALENDARS["eastern"]
    none = np.array([], dtype="datetime64[us]")
    assert add_many(cal, none, timedelta(hours=1)).dtype == np.dtype("datetime64[us]")
    assert elapsed_many(cal, none, none).dtype == np.dtype("timedelta64[us]")
    opened = pd.Series([], dtype="datetime64[ns, America/New_York]")
    assert str(add_many(cal, opened, pd.Series([], dtype="timedelta64[ns]")).dtype) == (
        "datetime64[us, America/New_York]")
