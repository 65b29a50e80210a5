"""Hypothesis strategies for weekly hours as ``Calendar`` takes them, spelled every accepted way.

The public names are re-exported by ``bizhours.strategies``; see that module for the overview.
"""

from __future__ import annotations

from hypothesis import strategies as st

OFFICE_HOURS = {"mon-fri": "09:00-17:00"}
"""What ``weekly_hours`` shrinks toward."""

_TEMPLATES: tuple[dict[str, str], ...] = (
    OFFICE_HOURS,
    {"mon-fri": "09:00-12:00, 13:00-17:00"},  # a split day
    # Nights: windows that touch across midnight make one window.
    {"mon": "22:00-24:00", "tue-fri": "00:00-06:00, 22:00-24:00", "sat": "00:00-06:00"},
    {"mon-sun": "00:00-24:00"},
    {"sat-sun": "10:00-16:00"},
    {"mon-thu": "08:30-17:30", "fri": "08:30-13:00"},
    {"sun": "01:00-04:00"},  # the small hours of Sunday, where clocks change
    # Ranges that cross midnight, and a night desk written as two specs naming the same days.
    {"mon-fri": "22:00-06:00"},
    {"mon-fri": "20:00-24:00", "tue-sat": "00:00-04:00"},
    {"fri-sat": "23:30-02:30", "sun": "12:00-01:45"},  # nights over the small hours
)
_HOUR_S = 3600
# Boundaries worth favouring: midnight at both ends, office hours, the small hours where
# clocks change (and times inside the hour a change skips or repeats: 00:30, 01:30, 02:15,
# 02:30), half past eight.
_FAVOURED = (*(h * _HOUR_S for h in (0, 24, 9, 17, 12, 13, 2, 3, 1, 23)),
             1800, 5400, 8100, 9000, 30600)
_DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_FULL = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


def _clock(seconds: int) -> str:
    h, rest = divmod(seconds, _HOUR_S)
    m, s = divmod(rest, 60)
    return f"{h:02d}:{m:02d}:{s:02d}" if s else f"{h:02d}:{m:02d}"


_points = st.one_of(
    st.sampled_from(_FAVOURED),
    st.integers(0, 96).map(lambda q: q * 900),
    st.integers(0, 86_400),
)


@st.composite
def day_ranges(draw: st.DrawFn, max_ranges: int = 3, night: bool = False) -> str:
    """One day's hours as text, such as ``"01:00-02:30, 13:00-24:00"``: 1 to ``max_ranges``
    ranges, on quarter hours mostly and on odd seconds sometimes, never overlapping. With
    ``night``, the last range sometimes crosses midnight (``"22:00-03:00"``)."""
    n = draw(st.integers(1, max_ranges))
    points = sorted(draw(st.lists(_points, min_size=2 * n, max_size=2 * n, unique=True)))
    if night and points[-1] < 86_400 and draw(st.booleans()):
        points = [*points[1:], points[0]]  # the last range closes on the next day's clock
    return ", ".join(f"{_clock(a)}-{_clock(b)}" for a, b in zip(points[::2], points[1::2],
                                                                 strict=True))


def _runs(days: set[int]) -> list[list[int]]:
    """Days in runs of consecutive weekdays, wrapping from Sunday to Monday."""
    if len(days) == 7:
        return [list(range(7))]
    runs = []
    for day in sorted(days):
        if (day - 1) % 7 not in days:
            run = [day]
            while (run[-1] + 1) % 7 in days:
                run.append((run[-1] + 1) % 7)
            runs.append(run)
    return runs


def weekly_hours(*, allow_closed: bool = False) -> st.SearchStrategy[dict[str, str]]:
    """Weekly hours as ``Calendar`` takes them, spelled in every accepted way.

    Split days, windows that touch across midnight, ranges that cross it, a day named in
    two specs, 24-hour days, hours in the small hours (where clocks change), times with
    seconds; day specs as ranges (``"mon-fri"``, wrapping
    ``"fri-mon"``), comma lists and single days, in any case, abbreviated or in full; closed
    days left out or given as ``""``. ``allow_closed`` also allows a week with no open time.
    Shrinks toward ``{"mon-fri": "09:00-17:00"}``.

    >>> from hypothesis import find
    >>> find(weekly_hours(), lambda hours: True)
    {'mon-fri': '09:00-17:00'}
    """
    return _weekly_hours(allow_closed)


@st.composite
def _weekly_hours(draw: st.DrawFn, allow_closed: bool) -> dict[str, str]:
    style = draw(st.integers(0, len(_TEMPLATES) + 2 + allow_closed))
    if style < len(_TEMPLATES):
        return dict(_TEMPLATES[style])
    if style == len(_TEMPLATES) + 3:
        return draw(st.sampled_from(({}, {"mon-sun": ""})))  # never open
    common = draw(day_ranges())
    texts = []
    for _ in range(7):
        choice = draw(st.sampled_from(("common", "closed", "own")))
        texts.append(common if choice == "common" else "" if choice == "closed" else
                     draw(day_ranges()))
    if not allow_closed and not any(texts):
        texts[0] = common
    names = draw(st.sampled_from((_DAYS, _FULL, tuple(d.upper() for d in _DAYS),
                                  tuple(d.title() for d in _FULL))))
    hours: dict[str, str] = {}
    for text in dict.fromkeys(texts):
        days = {i for i, t in enumerate(texts) if t == text}
        if not text and draw(st.booleans()):
            continue  # a day not named is closed
        specs = [names[r[0]] if len(r) == 1 else f"{names[r[0]]}-{names[r[-1]]}"
                 for r in _runs(days)]
        if draw(st.booleans()):
            hours[",".join(specs)] = text
        else:
            for spec in specs:
                hours[spec] = text
    return hours
