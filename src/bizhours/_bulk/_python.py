"""The pure-Python path: sequences of aware datetimes and timedeltas, item by item through
the compiled timeline. Missing items (``None``, pandas' ``NaT``) give ``None``."""

from __future__ import annotations

import sys
from bisect import bisect_left
from collections.abc import Iterable
from datetime import datetime, timedelta, tzinfo
from typing import Any

from bizhours._definition.business_days import BusinessDays
from bizhours._engine import business
from bizhours._engine.timeline import Timeline
from bizhours._instants import duration_us, from_us, require_aware, to_us

ONE_US = timedelta(microseconds=1)  # ONE_US * n is much faster than timedelta(microseconds=n)


def missing(value: object) -> bool:
    """``value`` stands for a missing item: ``None``, pandas' ``NaT`` or a float NaN (what an
    object column holds where it has no value)."""
    if value is None:
        return True
    if isinstance(value, float):
        return value != value
    pd = sys.modules.get("pandas")
    return pd is not None and value is pd.NaT


def instants(values: Iterable[object], what: str) -> tuple[list[int | None], list[Any]]:
    """Microseconds and tzinfos of aware datetimes (``None`` for a missing item); a bad item
    names its position."""
    out: list[int | None] = []
    zones: list[tzinfo | None] = []
    for i, value in enumerate(values):
        try:
            us: int | None = to_us(value)  # type: ignore[arg-type]
        except (TypeError, AttributeError, ValueError):
            us = None
        if us is None:  # outside the except: the error shows no engine traceback
            if missing(value):
                out.append(None)
                zones.append(None)
                continue
            if not isinstance(value, datetime):
                raise TypeError(
                    f"{what}[{i}] must be an aware datetime, not {type(value).__name__}"
                )
            require_aware(value, f"{what}[{i}]")  # it is naive: raises NaiveDatetimeError
        out.append(us)
        zones.append(value.tzinfo)  # type: ignore[attr-defined]
    return out, zones


def deadlines(values: timedelta | BusinessDays | Iterable[object], count: int
              ) -> list[int | BusinessDays | None]:
    """Durations as microseconds, with the ``BusinessDays`` among them kept as they are and
    ``None`` for a missing one; one timedelta or ``BusinessDays`` serves every start."""
    if isinstance(values, timedelta):
        return [duration_us(values, "durations")] * count
    if isinstance(values, BusinessDays):
        return [values] * count
    out = [None if missing(value) else value if isinstance(value, BusinessDays)
           else duration_us(value, f"durations[{i}]") for i, value in enumerate(values)]
    same_length(count, len(out), "durations")
    return out


def same_length(count: int, other: int, what: str) -> None:
    """Refuse a second column whose length is not the first's."""
    if count != other:
        raise ValueError(
            f"starts has {count} items but {what} has {other}: give one per start"
            + (" (or a single timedelta)" if what == "durations" else "")
        )


def add_list(tl: Timeline, us: list[int | None], durations: list[int | BusinessDays | None],
             zones: list[Any]) -> list[datetime | None]:
    """``Calendar.add`` item by item; ``None`` where the start or the duration is missing."""
    out: list[datetime | None] = [None] * len(us)
    present = [i for i, (t, d) in enumerate(zip(us, durations, strict=True))
               if t is not None and d is not None]
    if not present:
        return out
    if len(present) == len(us) and not any(isinstance(d, BusinessDays) for d in durations):
        return _add_times(tl, us, durations, zones)  # type: ignore[arg-type, return-value]
    if not any(isinstance(durations[i], BusinessDays) for i in present):
        answers = _add_times(tl, [us[i] for i in present],  # type: ignore[misc]
                             [durations[i] for i in present],  # type: ignore[misc]
                             [zones[i] for i in present])
        for i, answer in zip(present, answers, strict=True):
            out[i] = answer
        return out
    for i in present:
        t, d = us[i], durations[i]
        assert t is not None and d is not None
        out[i] = from_us(business.add(tl, t, d) if isinstance(d, BusinessDays)
                         else tl.add(t, d), zones[i])
    return out


def _add_times(tl: Timeline, us: list[int], micros: list[int], zones: list[Any]
               ) -> list[datetime]:
    """``Timeline.add`` item by item; the common case (a positive duration ending inside the
    compiled span) is inlined, as the conversions already cost more than the arithmetic."""
    add = tl.add
    # The span of the first start; another only when a start falls outside it, so items
    # decades apart compile the years around each, not every year between.
    state = tl.covering(us[0], us[0])
    total, ends, cum_end = state.total, state.ends, state.cum_end
    top = cum_end[-1] if cum_end else 0
    out = []
    for t, d, zone in zip(us, micros, zones, strict=True):
        if not state.lo <= t < state.hi:
            state = tl.covering(t, t)
            total, ends, cum_end = state.total, state.ends, state.cum_end
            top = cum_end[-1] if cum_end else 0
        if d > 0 and (target := total(t) + d) <= top:
            j = bisect_left(cum_end, target)
            out.append(from_us(ends[j] - (cum_end[j] - target), zone))
        else:
            out.append(from_us(add(t, d), zone))
    return out


def elapsed_list(tl: Timeline, a: list[int | None], b: list[int | None]
                 ) -> list[timedelta | None]:
    """``Calendar.elapsed`` for each pair; ``None`` where either is missing. Per pair: only
    the years each pair spans compile."""
    return [None if x is None or y is None else ONE_US * tl.elapsed(x, y)
            for x, y in zip(a, b, strict=True)]


def as_datetimes(us: list[int], zones: list[Any]) -> list[datetime | None]:
    """Instants as datetimes in their zones, ``None`` for NumPy's missing instant."""
    nat = -(2**63)
    return [None if t == nat else from_us(t, zone) for t, zone in zip(us, zones, strict=True)]
