"""What the strategies accept: the default span of dates and zones, and the argument checks.

Shared by the strategies of instants, durations, calendars, case timelines and attempts, so
that each says what it accepts in the same words.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone, tzinfo
from zoneinfo import ZoneInfo

from hypothesis.errors import InvalidArgument

DEFAULT_MIN_DATE = date(2000, 1, 1)
"""The first local date drawn by default."""
DEFAULT_MAX_DATE = date(2040, 12, 31)
"""The last local date drawn by default."""
ANCHOR = date(2026, 1, 5)
"""The Monday that instants shrink toward (the first Monday in range when it is outside)."""

OTHER_ZONES: tuple[tzinfo, ...] = (
    UTC,
    ZoneInfo("Asia/Tokyo"),
    timezone(timedelta(hours=-3, minutes=-30)),
    ZoneInfo("America/New_York"),
    ZoneInfo("Australia/Lord_Howe"),
)
"""Zones instants are expressed in besides the calendar's own (the first choice)."""

_DAY = timedelta(days=1)
_ZERO = timedelta(0)
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def check_dates(min_date: date, max_date: date) -> None:
    """``InvalidArgument`` unless ``min_date <= max_date`` are dates well inside ``date``'s range.

    >>> check_dates(date(2026, 1, 1), date(2026, 12, 31))
    """
    for name, value in (("min_date", min_date), ("max_date", max_date)):
        if not isinstance(value, date) or isinstance(value, datetime):
            raise InvalidArgument(f"{name}={value!r} must be a datetime.date")
    if not date(1, 1, 10) <= min_date <= max_date <= date(9999, 12, 20):
        raise InvalidArgument(
            f"min_date={min_date} and max_date={max_date}: accepted min_date <= max_date, "
            "both between 0001-01-10 and 9999-12-20 (edges are looked for a few days beyond)"
        )


def check_resolution(resolution: timedelta | None) -> None:
    """``InvalidArgument`` unless ``resolution`` is None or a positive divisor of a day.

    >>> check_resolution(timedelta(minutes=15))
    """
    if resolution is not None and (
        not isinstance(resolution, timedelta) or resolution <= _ZERO or _DAY % resolution
    ):
        raise InvalidArgument(
            f"resolution={resolution!r}: accepted None or a positive timedelta that divides "
            "a day (a second, a minute, 15 minutes, ...)"
        )


def floor_to(moment: datetime, resolution: timedelta | None) -> datetime:
    """``moment`` floored to a multiple of ``resolution`` since the epoch, in its own tzinfo.

    >>> floor_to(datetime(2026, 1, 5, 9, 7, tzinfo=UTC), timedelta(minutes=15)).isoformat()
    '2026-01-05T09:00:00+00:00'
    """
    if resolution is None:
        return moment
    utc = moment.astimezone(UTC)
    return (_EPOCH + (utc - _EPOCH) // resolution * resolution).astimezone(moment.tzinfo)
