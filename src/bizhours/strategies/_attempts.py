"""The ``attempts`` strategy: availability attempts around a period, at its edges.

The public names are re-exported by ``bizhours.strategies``; see that module for the overview.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, tzinfo

from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument

from bizhours._instants import US_PER_SECOND, from_us, to_us
from bizhours.availability import Attempt
from bizhours.strategies._arguments import OTHER_ZONES

_US = timedelta(microseconds=1)


def _ceil_second(at: datetime) -> int:
    """The first whole UTC epoch second at or after ``at``."""
    return -(-to_us(at) // US_PER_SECOND)


def _second_start(second: int) -> datetime:
    """The aware UTC datetime at the start of epoch second ``second``."""
    return from_us(second * US_PER_SECOND, UTC)


_API_STATUSES: tuple[int | str, ...] = (
    200, 500, 503, 599, 499, 600, 429, 404, 204, 502, "timeout", "503", "200", "TIMEOUT")
_SMTP_STATUSES: tuple[int | str, ...] = (
    250, 421, 451, 452, 450, 453, 550, 554, 220, "timeout", "451", "250")
_PERIOD_START = datetime(2026, 1, 5, tzinfo=UTC)


def attempts(
    *,
    start: datetime = _PERIOD_START,
    end: datetime | None = None,
    zones: st.SearchStrategy[tzinfo] | None = None,
) -> st.SearchStrategy[Attempt]:
    """``availability.Attempt`` values for measuring the period ``[start, end)``.

    Instants cluster in the first few seconds (so a list of attempts shares seconds, and
    successes meet failures in one second), sit on the period's first and last second, a
    microsecond either side of a second boundary, and sometimes just outside the period
    (attempts there must be ignored). Channels in any case; statuses on both sides of each
    failure rule (API 499/500/599/600, SMTP 421/450/451/452/453, 5xx rejections), as
    digit strings and ``"timeout"``. ``end`` defaults to a day after ``start``. Shrinks
    toward an API success at ``start``.

    >>> from hypothesis import given
    >>> from bizhours import availability
    >>> @given(attempts())
    ... def test_one_attempt_is_at_most_one_second(attempt):
    ...     end = datetime(2026, 1, 6, tzinfo=UTC)
    ...     report = availability.measure([attempt], datetime(2026, 1, 5, tzinfo=UTC), end)
    ...     assert report.unavailable_seconds <= 1
    >>> test_one_attempt_is_at_most_one_second()
    """
    for name, value in (("start", start), ("end", end)):
        if value is not None and (not isinstance(value, datetime) or value.utcoffset() is None):
            raise InvalidArgument(f"{name}={value!r} must be an aware datetime")
    stop = start + timedelta(days=1) if end is None else end
    if not stop.astimezone(UTC) > start.astimezone(UTC):
        raise InvalidArgument(f"end={stop.isoformat()} must be after start={start.isoformat()}")
    out = zones if zones is not None else st.sampled_from(OTHER_ZONES)
    return _attempts(start.astimezone(UTC), stop.astimezone(UTC), out)


@st.composite
def _attempts(draw: st.DrawFn, start: datetime, end: datetime,
              zones: st.SearchStrategy[tzinfo]) -> Attempt:
    first = _ceil_second(start)
    seconds = max(1, _ceil_second(end) - first)
    where = draw(st.sampled_from(("start", "cluster", "cluster", "last", "anywhere", "outside")))
    micro = draw(st.one_of(st.sampled_from((0, 999_999, 500_000)), st.integers(0, 999_999)))
    if where == "outside":
        at = draw(st.sampled_from((start - _US, end, end + timedelta(seconds=1),
                                   start - timedelta(seconds=1))))
    else:
        offset = {"start": 0, "last": seconds - 1}.get(where)
        if offset is None:
            offset = draw(st.integers(0, min(9, seconds - 1) if where == "cluster"
                                      else seconds - 1))
        at = max(start, min(_second_start(first + offset) + micro * _US, end - _US))
    if where == "start":
        at = start
    channel = draw(st.sampled_from(("api", "smtp", "API", "Smtp")))
    statuses = _API_STATUSES if channel.lower() == "api" else _SMTP_STATUSES
    return Attempt(at.astimezone(draw(zones)), channel, draw(st.sampled_from(statuses)))
