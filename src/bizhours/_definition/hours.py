"""Parsing and validating day specs and time ranges.

Everything here turns user strings into plain integers: a day's hours are a tuple of
``(open, close)`` pairs in microseconds since local midnight, sorted, non-overlapping and
merged where they touch; a week is seven such tuples, Monday first.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Mapping

from bizhours._instants import US_PER_DAY
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


def parse_ranges(text: str, day: str = "") -> DayRanges:
    """A day's ranges from ``"09:00-12:00, 13:00-17:00"``; ``""`` means closed all day;
    ``day`` names the date(s) in an overlap's message.

    A range whose close is before its open crosses midnight: ``"22:00-06:00"`` is stored as
    ``(22h, 30h)``, its close past ``24:00`` (``spilled`` gives the part after midnight).
    ``"22:00-00:00"`` is ``"22:00-24:00"``.

    >>> parse_ranges("09:00-12:00, 13:00-17:00") == ((32400000000, 43200000000),
    ...                                             (46800000000, 61200000000))
    True
    >>> parse_ranges("22:00-06:00") == ((79200000000, 108000000000),)
    True
    """
    pieces = [(r, part, "", "") for r, part in _ranges(text)]
    return merge_touching(_checked_overlaps(pieces, day))


def _ranges(text: str) -> list[tuple[tuple[int, int], str]]:
    """Each range of ``text`` with the text it was written as, in the order given."""
    if not isinstance(text, str):
        raise ConfigError(
            f"hours {text!r} must be a string such as '09:00-17:00' or '' (closed)"
        )
    ranges: list[tuple[tuple[int, int], str]] = []
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
        if end == start:
            raise ConfigError(f"range {part!r} opens and closes at the same time: accepted "
                              "a close after the open, or before it for a range that "
                              "crosses midnight ('22:00-06:00')")
        if end < start:
            end += US_PER_DAY  # crosses midnight ("22:00-00:00" is "22:00-24:00")
        ranges.append(((start, end), part))
    return ranges


# A range on a day's clock, with the range text it comes from, the spec that gave it, and a
# note for the part after midnight of the day before's night range.
_Piece = tuple[tuple[int, int], str, str, str]


def _checked_overlaps(pieces: list[_Piece], day: str) -> list[tuple[int, int]]:
    """The pieces' ranges, sorted, once no two overlap (``ConfigError`` naming both, their
    specs and ``day`` when two do)."""
    pieces = sorted(pieces)
    for a, b in itertools.pairwise(pieces):
        if b[0][0] < a[0][1]:
            raise ConfigError(_overlap_message(a, b, day))
    return [r for r, _, _, _ in pieces]


def _overlap_message(a: _Piece, b: _Piece, day: str) -> str:
    where = f" on {day}" if day else ""
    (_, a_text, a_spec, a_note), (_, b_text, b_spec, b_note) = a, b
    if a_spec == b_spec and not (a_note or b_note):
        of = f" of {a_spec!r}" if a_spec else ""
        return (f"ranges {a_text!r} and {b_text!r}{of} overlap{where}: the ranges of a day "
                "must not overlap (they may touch)")
    return (f"range {a_text!r} of {a_spec!r}{a_note} overlaps {b_text!r} of {b_spec!r}"
            f"{b_note}{where}: the ranges of a day, from all the specs naming it, must not "
            "overlap (they may touch)")


def clock_text(ranges: DayRanges) -> str:
    """Ranges written back as ``parse_ranges`` reads them: ``HH:MM[:SS]-HH:MM[:SS]``, a
    night range's close on the next day's clock.

    >>> clock_text(((30600000000, 43200000000), (79200000000, 108000000000)))
    '08:30-12:00, 22:00-06:00'
    """

    def at(us: int) -> str:
        minutes, rest = divmod(us, 60_000_000)
        text = f"{minutes // 60:02d}:{minutes % 60:02d}"
        return text + (f":{rest // 1_000_000:02d}" if rest else "")

    return ", ".join(f"{at(a)}-{at(b - US_PER_DAY if b > US_PER_DAY else b)}"
                     for a, b in ranges)


def check_change(before: DayRanges, day: DayRanges, where: str) -> None:
    """Refuse a change of weekly hours whose first date's ranges ``day`` overlap the part
    after midnight of the date before's night ranges ``before`` (under the hours that date
    has); ``where`` names the date."""
    for start, end in spilled(before):
        for opens, closes in own(day):
            if opens < end and start < closes:
                raise ConfigError(
                    f"on {where}, {clock_text(((opens, closes),))!r} of the weekly hours from "
                    f"that date overlaps {clock_text(((start, end),))!r}, the part after "
                    "midnight of a night range of the date before")


def spilled(ranges: DayRanges) -> DayRanges:
    """The parts of a day's ranges after its midnight, on the next date's clock.

    >>> spilled(((79200000000, 108000000000),)) == ((0, 21600000000),)
    True
    """
    return tuple((0, end - US_PER_DAY) for _, end in ranges if end > US_PER_DAY)


def own(ranges: DayRanges) -> DayRanges:
    """The parts of a day's ranges before its next midnight."""
    return tuple((start, min(end, US_PER_DAY)) for start, end in ranges)


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

    A day named in several specs gets the union of their ranges; a range crossing midnight
    ends on the next day's clock. No two ranges of a day may overlap, counting the part of
    the day before's night ranges after midnight (``ConfigError`` names both and the day).

    >>> parse_week({"sat": "10:00-14:00"})[5]
    ((36000000000, 50400000000),)
    >>> week = parse_week({"mon-fri": "20:00-24:00", "tue-sat": "00:00-04:00"})
    >>> week[0], week[1] == ((0, 14400000000), (72000000000, 86400000000))
    (((72000000000, 86400000000),), True)
    """
    if not isinstance(hours, Mapping):
        raise ConfigError(
            f"hours must be a mapping of day specs to ranges such as "
            f"{{'mon-fri': '09:00-17:00'}}, not {type(hours).__name__}"
        )
    given: list[list[_Piece]] = [[] for _ in range(7)]
    for spec, text in hours.items():
        ranges = _ranges(text)
        for day in parse_days(spec):
            given[day] += [(r, part, spec, "") for r, part in ranges]
    week = [merge_touching(_checked_overlaps(given[day], DAY_NAMES[day]))
            for day in range(7)]
    for day in range(7):
        before = (day - 1) % 7
        after_midnight = [((0, r[1] - US_PER_DAY), part, spec, " (its part after midnight)")
                          for r, part, spec, _ in given[before] if r[1] > US_PER_DAY]
        clock = [((r[0], min(r[1], US_PER_DAY)), part, spec, "")
                 for r, part, spec, _ in given[day]]
        _checked_overlaps(after_midnight + clock, DAY_NAMES[day])
    if all(_clock_of(week, day) == ((0, US_PER_DAY),) for day in range(7)):
        return (((0, US_PER_DAY),),) * 7  # open round the clock, however it was spelled
    return (week[0], week[1], week[2], week[3], week[4], week[5], week[6])


def _clock_of(week: list[DayRanges], day: int) -> DayRanges:
    """A weekday's open time on its own clock: its ranges and the day before's spill."""
    return merge_touching(sorted(spilled(week[(day - 1) % 7]) + own(week[day])))
