"""``vector``: the timeline's add and elapsed over int64 arrays equal the scalar ones."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bizhours._engine.timeline import Timeline
from bizhours._instants import MAX_US, MIN_US
from bizhours.errors import OutOfRangeError
from tests.helpers import HOUR_US, NY, at_us, examples, weekly

np = pytest.importorskip("numpy")
from bizhours._engine import vector  # noqa: E402 - only with NumPy

OFFICE = weekly({"mon-fri": "09:00-12:00, 13:00-17:00"}, NY)
SETTINGS = settings(max_examples=examples(60), deadline=None)
LO, HI = (at_us(NY, date(y, 1, 1)) for y in (2018, 2034))
instants = st.lists(st.integers(LO, HI), min_size=1, max_size=40)


@SETTINGS
@given(instants, st.lists(st.integers(-3_000 * HOUR_US, 3_000 * HOUR_US), min_size=40,
                          max_size=40))
def test_add_vector_equals_the_scalar_add(ts: list[int], ds: list[int]) -> None:
    tl = Timeline(OFFICE)
    d = ds[: len(ts)]
    got = vector.add_vector(tl, np.array(ts, dtype="int64"), np.array(d, dtype="int64"))
    assert got.tolist() == [tl.add(t, x) for t, x in zip(ts, d, strict=True)]


@SETTINGS
@given(instants, instants)
def test_elapsed_vector_equals_the_scalar_elapsed(a: list[int], b: list[int]) -> None:
    n = min(len(a), len(b))
    tl = Timeline(OFFICE)
    got = vector.elapsed_vector(tl, np.array(a[:n], dtype="int64"), np.array(b[:n], dtype="int64"))
    assert got.tolist() == [tl.elapsed(x, y) for x, y in zip(a[:n], b[:n], strict=True)]


def test_instants_on_every_edge_and_durations_that_use_up_windows_exactly() -> None:
    tl = Timeline(OFFICE)
    days = [date(2026, 3, d) for d in range(5, 12)]  # across the change to summer time
    edges = [at_us(NY, d, hm) for d in days for hm in ("09:00", "12:00", "13:00", "17:00")]
    steps = [0, 1, -1, 3 * HOUR_US, -3 * HOUR_US, 4 * HOUR_US, -4 * HOUR_US, 7 * HOUR_US]
    t = np.array([e for e in edges for _ in steps], dtype="int64")
    d = np.array(steps * len(edges), dtype="int64")
    expected = [tl.add(int(a), int(b)) for a, b in zip(t, d, strict=True)]
    assert vector.add_vector(Timeline(OFFICE), t, d).tolist() == expected
    # Ending on a close gives the close: 3 hours from 09:00 is 12:00, not 13:00.
    assert vector.add_vector(tl, t[:1], np.array([3 * HOUR_US]))[0] == at_us(NY, days[0], "12:00")
    shifted = np.roll(t, 5)
    assert vector.elapsed_vector(Timeline(OFFICE), t, shifted).tolist() == [
        tl.elapsed(int(a), int(b)) for a, b in zip(t, shifted, strict=True)
    ]


def test_empty_arrays_and_durations_beyond_the_range() -> None:
    tl = Timeline(OFFICE)
    empty = np.array([], dtype="int64")
    assert vector.add_vector(tl, empty, empty).tolist() == []
    assert vector.elapsed_vector(tl, empty, empty).tolist() == []
    t = np.array([LO, LO], dtype="int64")
    with pytest.raises(OutOfRangeError):
        vector.add_vector(tl, t, np.array([0, MAX_US - MIN_US + 1], dtype="int64"))
