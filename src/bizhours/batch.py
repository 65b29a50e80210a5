"""Business-time arithmetic over many instants at once: deadlines and elapsed time in bulk.

Two paths give the same answers as ``Calendar.add`` and ``Calendar.elapsed`` item by item:

- sequences of aware ``datetime``s (lists, tuples, any iterable) go through the compiled
  timeline one item at a time, in pure Python, and come back as lists (a tuple as a tuple);
- columns go through vectorised ``searchsorted`` on the compiled window bounds and come
  back as the same kind of column: NumPy ``datetime64`` arrays (read as UTC), pandas Series
  (NumPy- or Arrow-backed, or of Python datetimes) and ``DatetimeIndex``, polars Series,
  pyarrow ``Array`` and ``ChunkedArray`` (a Series keeps its index, name and time zone).
  Durations are one ``timedelta`` or ``BusinessDays``, or a column of timedeltas or of
  numbers of seconds. Nanosecond fractions are floored to the microsecond. The libraries
  are optional and never imported unless such an argument is given. Missing values
  (``None``, ``NaT``, nulls) give missing answers.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import Any, overload

from bizhours._calendar import Calendar

__all__ = ["add_many", "elapsed_many"]


@overload
def add_many(
    cal: Calendar, starts: Iterable[datetime], durations: timedelta | Iterable[timedelta]
) -> list[datetime]: ...
@overload
def add_many(cal: Calendar, starts: Any, durations: Any) -> Any: ...
def add_many(cal: Calendar, starts: Any, durations: Any) -> Any:
    """``cal.add(start, duration)`` for each pair; one duration may serve every start.

    Sequences of aware datetimes give a list, each result in its start's tzinfo; a
    ``datetime64`` array (UTC) gives a ``datetime64[us]`` array; a pandas Series of aware
    timestamps gives a Series in its time zone.

    >>> import bizhours
    >>> from zoneinfo import ZoneInfo
    >>> friday = datetime(2026, 11, 20, 16, tzinfo=ZoneInfo("America/New_York"))
    >>> [d.isoformat() for d in add_many(bizhours.calendar("eastern"), [friday],
    ...                                  timedelta(hours=2))]
    ['2026-11-23T10:00:00-05:00']
    """
    return cal.add_many(starts, durations)


@overload
def elapsed_many(
    cal: Calendar, starts: Iterable[datetime], ends: Iterable[datetime]
) -> list[timedelta]: ...
@overload
def elapsed_many(cal: Calendar, starts: Any, ends: Any) -> Any: ...
def elapsed_many(cal: Calendar, starts: Any, ends: Any) -> Any:
    """``cal.elapsed(start, end)`` for each pair (negative where ``end < start``).

    Sequences give a list of timedeltas; a ``datetime64`` array gives a ``timedelta64[us]``
    array; a pandas Series gives a Series of ``timedelta64[us]`` with the same index.

    >>> import bizhours
    >>> from zoneinfo import ZoneInfo
    >>> ny = ZoneInfo("America/New_York")
    >>> elapsed_many(bizhours.calendar("eastern"), [datetime(2026, 11, 20, 16, tzinfo=ny)],
    ...              [datetime(2026, 11, 23, 10, tzinfo=ny)])
    [datetime.timedelta(seconds=7200)]
    """
    return cal.elapsed_many(starts, ends)
