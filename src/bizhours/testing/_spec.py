"""Plain weekly-hours specs read by the reference, independently of the engine's parser.

``{"mon-fri": "09:00-17:00"}`` and its parts (day specs, time ranges, times) become seven
days of ``Range`` offsets from local midnight.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import timedelta
from itertools import pairwise

from bizhours.testing._intervals import Range

_DAY = timedelta(days=1)

DAY_NAMES = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
"""The weekday names, Monday first (each also accepted as its first three letters)."""


def parse_time(text: str) -> timedelta:
    """``"HH:MM"`` or ``"HH:MM:SS"`` (the hour may be one digit) as an offset from midnight
    (``"24:00"`` allowed).

    >>> parse_time("08:30")
    datetime.timedelta(seconds=30600)
    """
    parts = text.strip().split(":")
    if len(parts) not in (2, 3) or not all(p.isascii() and p.isdigit() for p in parts) or (
            len(parts[0]) not in (1, 2) or any(len(p) != 2 for p in parts[1:])):
        raise ValueError(f"bad time {text!r}: accepted H:MM, HH:MM or HH:MM:SS")
    hours, minutes, seconds = (int(p) for p in (*parts, "00")[:3])
    if minutes > 59 or seconds > 59 or hours > 24 or (hours == 24 and minutes + seconds):
        raise ValueError(f"bad time {text!r}: accepted 00:00 to 24:00")
    return timedelta(hours=hours, minutes=minutes, seconds=seconds)


def parse_ranges(text: str) -> tuple[Range, ...]:
    """``"09:00-12:00, 13:00-17:00"`` as sorted ranges; ``""`` is closed all day.

    A close before the open is on the next day's clock: ``"22:00-06:00"`` closes 30 hours
    after the midnight it is counted from, and ``"22:00-00:00"`` at 24 hours.

    >>> len(parse_ranges("09:00-12:00, 13:00-17:00"))
    2
    >>> parse_ranges("22:00-06:00")[0][1]
    datetime.timedelta(days=1, seconds=21600)
    """
    ranges: list[Range] = []
    for item in filter(None, (part.strip() for part in text.split(","))):
        opens_text, sep, closes_text = item.partition("-")
        if not sep:
            raise ValueError(f"bad range {item!r}: accepted HH:MM-HH:MM")
        opens, closes = parse_time(opens_text), parse_time(closes_text)
        if opens in (closes, _DAY):
            raise ValueError(f"bad range {item!r}: it must not close when it opens")
        ranges.append((opens, closes if opens < closes else closes + _DAY))
    ranges.sort()
    for (_, closes), (opens, _) in pairwise(ranges):
        if opens < closes:
            raise ValueError(f"overlapping ranges in {text!r}")
    return tuple(ranges)


def parse_days(spec: str) -> list[int]:
    """Weekday numbers (Monday 0) of ``"mon-fri"``, ``"fri-mon"``, ``"mon,wed,friday"``.

    >>> parse_days("fri-mon")
    [4, 5, 6, 0]
    """
    days: list[int] = []
    for item in (part.strip() for part in spec.split(",")):
        first, sep, last = item.partition("-")
        a = _day_number(first)
        b = _day_number(last) if sep else a
        days.append(a)
        while days[-1] != b:
            days.append((days[-1] + 1) % 7)
    # A day named twice gets its ranges twice: parse_week refuses them as overlapping.
    return days


def _day_number(name: str) -> int:
    key = name.strip().lower()
    for number, full in enumerate(DAY_NAMES):
        if key in (full, full[:3]):
            return number
    raise ValueError(f"unknown day {name!r}: accepted mon..sun or full names")


def parse_week(hours: Mapping[str, str]) -> tuple[tuple[Range, ...], ...]:
    """Seven days' ranges (Monday first) from ``{"mon-fri": "09:00-17:00"}``; others closed.

    A day named by several specs has all their ranges. Every range is laid out on the
    week's clock (Monday 00:00 is 0, a night range running into the next day, Sunday's into
    Monday): two that share any instant are refused.

    >>> parse_week({"sat": "10:00-14:00"})[5]
    ((datetime.timedelta(seconds=36000), datetime.timedelta(seconds=50400)),)
    """
    week: list[list[Range]] = [[] for _ in range(7)]
    for spec, text in hours.items():
        ranges = parse_ranges(text)
        for day in parse_days(spec):
            week[day].extend(ranges)
    laid_out = sorted((day * _DAY + opens, day * _DAY + closes)
                      for day in range(7) for opens, closes in week[day])
    # Sunday night runs into the next week's Monday: lay the week out twice.
    twice = laid_out + [(opens + 7 * _DAY, closes + 7 * _DAY) for opens, closes in laid_out]
    for (_, closes), (opens, _) in pairwise(twice):
        if opens < closes:
            raise ValueError(f"overlapping ranges in {dict(hours)!r}")
    return tuple(tuple(sorted(day)) for day in week)
