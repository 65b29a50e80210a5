"""Half-open spans as plain pairs, and the three set operations the reference needs on them.

The spans are ``(start, end)`` pairs of anything ordered (timedelta offsets of one local
date, or UTC instants); nothing here knows about calendars.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime, timedelta
from typing import TypeVar

Range = tuple[timedelta, timedelta]
"""An open range of one local date: ``(open, close)`` as offsets from local midnight."""
Window = tuple[datetime, datetime]
"""A half-open window ``[open, close)`` of aware UTC datetimes."""

T = TypeVar("T", timedelta, datetime)


def union(spans: Iterable[tuple[T, T]]) -> list[tuple[T, T]]:
    """Sorted spans, non-empty, with overlapping or touching ones joined.

    >>> union([(3, 4), (1, 2), (2, 3)])
    [(1, 4)]
    """
    out: list[tuple[T, T]] = []
    for start, end in sorted(s for s in spans if s[0] < s[1]):
        if out and start <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], end))
        else:
            out.append((start, end))
    return out


def intersection(xs: Sequence[tuple[T, T]], ys: Sequence[tuple[T, T]]) -> list[tuple[T, T]]:
    """The spans covered by both ``xs`` and ``ys``.

    >>> intersection([(1, 5)], [(0, 2), (4, 9)])
    [(1, 2), (4, 5)]
    """
    return union((max(a, c), min(b, d)) for a, b in xs for c, d in ys)


def difference(xs: Sequence[tuple[T, T]], holes: Sequence[tuple[T, T]]) -> list[tuple[T, T]]:
    """``xs`` with every part covered by ``holes`` taken out.

    >>> difference([(1, 9)], [(2, 3), (5, 6)])
    [(1, 2), (3, 5), (6, 9)]
    """
    pieces = union(xs)
    for h_start, h_end in holes:
        pieces = [part for start, end in pieces
                  for part in ((start, min(end, h_start)), (max(start, h_end), end))
                  if part[0] < part[1]]
    return pieces
