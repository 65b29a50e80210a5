"""``vector``: the timeline's add and elapsed over int64 arrays equal the scalar ones."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bizhours._engine.timeline import Timeline
from tests.helpers import HOUR_US, NY, at_us, weekly

np = pytest.importorskip("numpy")
from bizhours._engine import vector  # noqa: E402 - only with NumPy

OFFICE = weekly({"mon-fri": "09:00-12:00, 13:00-17:00"}, NY)
SETTINGS = settings(max_examples=60, deadline=None, derandomize=True)
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
