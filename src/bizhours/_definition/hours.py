"""Parsing and validating day specs and time ranges.

Everything here turns user strings into plain integers: a day's hours are a tuple of
``(open, close)`` pairs in microseconds since local midnight, sorted, non-overlapping and
merged where they touch; a week is seven such tuples, Monday first.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Mapping

from bizhours.errors import ConfigError

DayRanges = tuple[tuple[int, int], ...]
"""A day's open ranges: ``(open, close)`` microseconds since local midnight."""

WeekHours = tuple[DayRanges, DayRanges, DayRanges, DayRanges, DayRanges, DayRanges, DayRanges]
"""Monday's ranges first, Sunday's last."""

DAY_NAMES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_FULL_NAMES = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_DAY_INDEX = {name: i for names in (DAY_NAMES, _FULL_NAMES) for i, name in enumerate(names)}
_ACCEPTED_DAYS = "mon..sun or monday..sunday, ranges such as mon-fri or fri-mon, comma lists"

# ASCII digits only, as durations: \d would take any script's digits (Arabic-Indic ones).
_TIME = re.compile(r"([0-9]{1,2}):([0-9]{2})(?::([0-9]{2}))?")


def parse_time(text: str, *, is_close: bool) -> int:
    """Microseconds since midnight of ``HH:MM`` or ``HH:MM:SS``; ``24:00`` only as a close.

    >>> parse_time("08:30", is_close=False)
    30600000000
    """
    match = _TIME.fullmatch(text.strip())
    if match is None:
        raise ConfigError(
            f"time {text.strip()!r} is not HH:MM or HH:MM:SS in ASCII digits (00:00 to 24:00)"
        )
    hours, minutes, seconds = (int(g) if g else 0 for g in match.groups())
    if minutes > 59 or seconds > 59 or hours > 24 or (hours == 24 and (minutes or seconds)):
        raise ConfigError(f"time {text.strip()!r} is out of range: accepted 00:00 to 24:00")
    if hours == 24 and not is_close:
        raise ConfigError(f"time {text.strip()!r}: 24:00 is accepted only as a closing time")
    return ((hours * 60 + minutes) * 60 + seconds) * 1_000_000


def parse_ranges(text: str) -> DayRanges:
    """A day's ranges from ``"09:00-12:00, 13:00-17:00"``; ``""`` means closed all day.

    >>> parse_ranges("09:00-12:00, 13:00-17:00") == ((32400000000, 43200000000),
    ...                                             (46800000000, 61200000000))
    True
    """
    if not isinstance(text, str):
        raise ConfigError(
            f"hours {text!r} must be a string such as '09:00-17:00' or '' (closed)"
        )
    ranges: list[tuple[int, int]] = []
    for part in text.split(","):
        part = part.strip()
        if not part:
            if text.strip():
                raise ConfigError(f"hours {text!r} has an empty range between commas")
            continue
        pieces = part.split("-")
        if len(pieces) != 2:
            raise ConfigError(f"range {part!r} is not HH:MM-HH:MM")
        start = parse_time(pieces[0], is_close=False)
        end = parse_time(pieces[1], is_close=True)
        if end <= start:
            raise ConfigError(f"range {part!r} must close after it opens")
        ranges.append((start, end))
    ranges.sort()
    for (_, end), (start, _) in itertools.pairwise(ranges):
        if start < end:
            raise ConfigError(f"hours {text!r} has overlapping ranges")
    return merge_touching(ranges)


def merge_touching(ranges: list[tuple[int, int]]) -> DayRanges:
    """Sorted, non-overlapping ranges with touching neighbours joined into one."""
    merged: list[tuple[int, int]] = []
    for start, end in ranges:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return tuple(merged)


def parse_days(spec: str) -> list[int]:
    """Weekday indexes (Monday is 0) named by ``spec``: ``mon-fri``, ``fri-mon``, ``mon,wed``.

    >>> parse_days("fri-mon")
    [4, 5, 6, 0]
    """
    if not isinstance(spec, str):
        raise ConfigError(f"day spec {spec!r} must be a string: {_ACCEPTED_DAYS}")
    days: list[int] = []
    for part in spec.split(","):
        bounds = [b.strip().lower() for b in part.split("-")]
        if len(bounds) > 2 or not all(bounds):
            raise ConfigError(f"day spec {part.strip()!r} is malformed: accepted {_ACCEPTED_DAYS}")
        for bound in bounds:
            if bound not in _DAY_INDEX:
                raise ConfigError(f"unknown day {bound!r}: accepted {_ACCEPTED_DAYS}")
        first, last = _DAY_INDEX[bounds[0]], _DAY_INDEX[bounds[-1]]
        days.extend((first + i) % 7 for i in range((last - first) % 7 + 1))
    return days


def parse_week(hours: Mapping[str, str]) -> WeekHours:
    """A week from ``{"mon-fri": "09:00-17:00"}``; days not named are closed; ``{}`` is never open.

    >>> parse_week({"sat": "10:00-14:00"})[5]
    ((36000000000, 50400000000),)
    """
    if not isinstance(hours, Mapping):
        raise ConfigError(
            f"hours must be a mapping of day specs to ranges such as "
            f"{{'mon-fri': '09:00-17:00'}}, not {type(hours).__name__}"
        )
    week: list[DayRanges] = [()] * 7
    named: set[int] = set()
    for spec, text in hours.items():
        ranges = parse_ranges(text)
        for day in parse_days(spec):
            if day in named:
                raise ConfigError(f"day {DAY_NAMES[day]!r} is named twice in hours {dict(hours)!r}")
            named.add(day)
            week[day] = ranges
    return (week[0], week[1], week[2], week[3], week[4], week[5], week[6])
