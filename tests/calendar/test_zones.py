"""Zone objects a calendar accepts (names, zoneinfo, dateutil.tz, datetime.timezone, pytz) and
what it refuses; the one wall-time resolver under each kind of zone."""

from __future__ import annotations

import pickle
import subprocess
import sys
from datetime import UTC, date, datetime, time, timedelta, timezone, tzinfo
from functools import cache
from zoneinfo import ZoneInfo

import dateutil.tz
import pytest
import pytz
from hypothesis import given, settings
from hypothesis import strategies as st

from bizhours import Calendar, ConfigError, NaiveDatetimeError
from bizhours._instants import (
    US_PER_SECOND,
    ZoneSpan,
    from_us,
    local_to_us,
    naive_us,
    resolve,
    to_us,
)
from bizhours.strategies import zone_transitions
from bizhours.testing.reference import ReferenceCalendar
from tests.helpers import H, examples, utc

NINE_TO_FIVE = {"mon-fri": "09:00-17:00"}
SETTINGS = settings(max_examples=examples(150), deadline=None)

# DST forward and back at 02:00, at midnight (Havana, Beirut; Santiago's 24:00), by half an
# hour (Lord_Howe), and a whole day skipped (Apia, 2011-12-30).
ZONE_NAMES = ("America/New_York", "America/Havana", "Asia/Beirut", "America/Santiago",
              "Australia/Lord_Howe", "Europe/London", "Pacific/Apia")
# dateutil reads only a zone file's 32-bit data: no DST before 1901 or after 2037.
FIRST, LAST = date(1971, 1, 1), date(2036, 12, 31)


def pytz_zone(name: str) -> tzinfo:
    """The zone a calendar makes of pytz's zone of ``name``."""
    return Calendar(pytz.timezone(name), {}).timezone


def dateutil_zone(name: str) -> tzinfo:
    zone = dateutil.tz.gettz(name)
    assert zone is not None
    return zone


@cache
def changes(name: str) -> tuple[datetime, ...]:
    return tuple(t for t in zone_transitions(ZoneInfo(name), FIRST, LAST)
                 if FIRST <= t.date() <= LAST)


# --- pytz ------------------------------------------------------------------------------------


def test_a_pytz_zone_is_read_as_the_zoneinfo_zone_of_its_name() -> None:
    cal = Calendar(pytz.timezone("America/New_York"), NINE_TO_FIVE)
    assert cal.next_open(utc(2026, 3, 6, 13)) == utc(2026, 3, 6, 14)
    assert cal.timezone is ZoneInfo("America/New_York")
    assert cal == Calendar("America/New_York", NINE_TO_FIVE)
    assert Calendar(pytz.utc, {}).timezone is ZoneInfo("UTC")
    assert Calendar(pytz.timezone("EST"), {}).timezone is ZoneInfo("EST")
    # A localized zone (a datetime's tzinfo) names its zone too.
    edt = pytz.timezone("America/New_York").localize(datetime(2026, 7, 1)).tzinfo
    assert edt is not None and Calendar(edt, {}).timezone is ZoneInfo("America/New_York")


def test_a_pytz_zone_zoneinfo_does_not_know_is_refused_saying_how() -> None:
    class Atlantis(pytz.tzinfo.StaticTzInfo):  # type: ignore[misc]
        zone = "Nowhere/Atlantis"
        _utcoffset = timedelta(hours=1)
        _tzname = "ATL"

    with pytest.raises(ConfigError, match="Nowhere/Atlantis") as info:
        Calendar(Atlantis(), NINE_TO_FIVE)
    assert "zoneinfo" in str(info.value) and "America/New_York" in str(info.value)


NY_PYTZ = pytz.timezone("America/New_York")


def localized(*args: int) -> datetime:
    return NY_PYTZ.localize(datetime(*args))  # type: ignore[arg-type, misc]


def test_pytz_localized_datetimes_give_right_answers_in_their_own_tzinfo() -> None:
    cal = Calendar("America/New_York", NINE_TO_FIVE)
    friday = localized(2026, 3, 6, 16)
    assert cal.next_open(localized(2026, 3, 6, 8)) == localized(2026, 3, 6, 9)
    monday = cal.add(friday, 2 * H)  # across the change to EDT
    assert monday == localized(2026, 3, 9, 10)
    assert monday.tzname() == "EDT" and monday.utcoffset() == timedelta(hours=-4)
    assert NY_PYTZ.normalize(monday) == monday and monday.tzinfo is NY_PYTZ.normalize(monday).tzinfo
    assert cal.elapsed(friday, monday) == 2 * H
    assert cal.subtract(monday, 2 * H) == friday and cal.subtract(monday, 2 * H).tzname() == "EST"
    windows = list(cal.windows(friday, localized(2026, 3, 10)))
    assert windows == [(friday, localized(2026, 3, 6, 17)),
                       (localized(2026, 3, 9, 9), localized(2026, 3, 9, 17))]
    assert [w[0].tzname() for w in windows] == ["EST", "EDT"]
    assert cal.is_business_day(localized(2026, 3, 6, 23, 30))
    assert not cal.is_business_day(localized(2026, 3, 8, 3))


@SETTINGS
@given(st.sampled_from(ZONE_NAMES), st.data())
def test_pytz_arguments_agree_with_zoneinfo_ones(name: str, data: st.DataObject) -> None:
    cal = Calendar(name, {"mon-sun": "00:00-02:30, 09:00-17:00, 23:00-24:00"})
    at = data.draw(near_a_change(name)).astimezone(UTC)
    zone = pytz.timezone(name)
    mine, theirs = at.astimezone(zone), at.astimezone(ZoneInfo(name))
    for query in (cal.next_open, cal.next_close, lambda t: cal.add(t, 5 * H),
                  lambda t: cal.subtract(t, 5 * H)):
        result = query(mine)
        # In UTC: an aware == across zones is False for times in a repeated hour.
        assert result.astimezone(UTC) == query(theirs).astimezone(UTC)
        assert result.utcoffset() == zone.normalize(result).utcoffset()  # localized rightly
        assert result.replace(tzinfo=None) == zone.normalize(result).replace(tzinfo=None)


# --- dateutil and other zones without a hash -------------------------------------------------


def test_a_dateutil_zone_with_window_edges_in_a_gap() -> None:
    havana = dateutil_zone("America/Havana")
    cal = Calendar(havana, {"mon-sun": "00:00-08:00"})
    start, end = datetime(2026, 3, 7, tzinfo=havana), datetime(2026, 3, 10, tzinfo=havana)
    assert cal.elapsed(start, end) == timedelta(hours=23)
    same_name = Calendar("America/Havana", {"mon-sun": "00:00-08:00"})
    assert cal.elapsed(start, end) == same_name.elapsed(start, end)
    assert (list(cal.windows(start.astimezone(UTC), end.astimezone(UTC)))
            == list(same_name.windows(start.astimezone(UTC), end.astimezone(UTC))))


class ValueZone(tzinfo):
    """A fixed offset equal by value, with no hash (as dateutil's zones have none)."""

    __hash__ = None  # type: ignore[assignment]

    def __init__(self, hours: int) -> None:
        self.hours = hours

    def __eq__(self, other: object) -> bool:
        return isinstance(other, ValueZone) and other.hours == self.hours

    def __reduce__(self) -> tuple[object, ...]:
        return (ValueZone, (self.hours,))

    def utcoffset(self, dt: datetime | None) -> timedelta:
        return timedelta(hours=self.hours)

    def dst(self, dt: datetime | None) -> timedelta:
        return timedelta(0)

    def tzname(self, dt: datetime | None) -> str:
        return f"V{self.hours}"

    def __repr__(self) -> str:
        return f"ValueZone({self.hours})"


UNHASHABLE: list[tzinfo] = [dateutil_zone("America/Havana"), dateutil.tz.tzutc(),
                            dateutil.tz.tzoffset("X", 3600), dateutil.tz.tzstr("EST5EDT"),
                            dateutil.tz.tzlocal(), ValueZone(3)]


@pytest.mark.parametrize("zone", UNHASHABLE, ids=repr)
def test_calendars_on_zones_without_a_hash_are_values(zone: tzinfo) -> None:
    cal = Calendar(zone, NINE_TO_FIVE).closed(date(2026, 12, 24))
    copy = pickle.loads(pickle.dumps(cal))
    assert cal == cal and copy == cal and hash(copy) == hash(cal)
    assert len({cal, copy, Calendar(zone, NINE_TO_FIVE)}) == 2
    assert copy.is_open(utc(2026, 12, 23, 17)) == cal.is_open(utc(2026, 12, 23, 17))
    assert (cal | Calendar("UTC", {})) == (copy | Calendar("UTC", {}))


def test_a_dateutil_calendar_hashes_alike_in_another_process() -> None:
    cal = Calendar(dateutil_zone("America/Havana"), NINE_TO_FIVE)
    code = ("import pickle, sys, dateutil.tz; from bizhours import Calendar; "
            "c = pickle.loads(sys.stdin.buffer.read()); "
            "fresh = Calendar(dateutil.tz.gettz('America/Havana'), {'mon-fri': '09:00-17:00'}); "
            "print(c == fresh and hash(c) == hash(fresh))")
    out = subprocess.run([sys.executable, "-c", code], input=pickle.dumps(cal),
                         capture_output=True, check=True).stdout
    assert out.strip() == b"True"


# --- zones refused ---------------------------------------------------------------------------


class NoOffset(tzinfo):
    def utcoffset(self, dt: datetime | None) -> None:
        return None

    def dst(self, dt: datetime | None) -> None:
        return None

    def tzname(self, dt: datetime | None) -> None:
        return None

    def __repr__(self) -> str:
        return "NoOffset()"


def test_a_tzinfo_without_offsets_is_refused_at_construction() -> None:
    with pytest.raises(ConfigError, match=r"NoOffset\(\) gives no UTC offset"):
        Calendar(NoOffset(), NINE_TO_FIVE)
    with pytest.raises(ConfigError, match="NotImplementedError"):
        Calendar(tzinfo(), NINE_TO_FIVE)


def test_a_datetime_in_a_tzinfo_without_offsets_is_naive() -> None:
    cal = Calendar("UTC", NINE_TO_FIVE)
    with pytest.raises(NaiveDatetimeError, match="naive"):
        cal.is_open(datetime(2026, 1, 5, 10, tzinfo=NoOffset()))
    with pytest.raises(NaiveDatetimeError):
        cal.elapsed(utc(2026, 1, 5), datetime(2026, 1, 6, tzinfo=NoOffset()))


@pytest.mark.parametrize("name", ["x" * 5000, "../../etc/passwd", "/etc/localtime", "UTC\0",
                                  "", "  ", "America", "America/", "America//New_York",
                                  "zone.tab", "tzdata.zi", "Mars/Olympus"])
def test_a_bad_zone_name_says_what_is_accepted(name: str) -> None:
    with pytest.raises(ConfigError, match="unknown time zone") as info:
        Calendar(name, NINE_TO_FIVE)
    message = str(info.value)
    assert "IANA name such as 'America/New_York'" in message and "tzinfo" in message
    assert len(message) < 300
    assert info.value.value == name


def test_a_zone_that_is_not_a_tzinfo_is_named() -> None:
    with pytest.raises(ConfigError, match="is a int"):
        Calendar(5, NINE_TO_FIVE)  # type: ignore[arg-type]


# --- the resolver under every kind of zone ---------------------------------------------------


def near_a_change(name: str) -> st.SearchStrategy[datetime]:
    """Wall times within two days of one of the zone's changes (naive), often on the minute."""
    def wall(change: datetime, minutes: int, micro: int) -> datetime:
        local = change.astimezone(ZoneInfo(name)).replace(tzinfo=None, fold=0)
        return local + timedelta(minutes=minutes, microseconds=micro)

    return st.builds(wall, st.sampled_from(changes(name)), st.integers(-48 * 60, 48 * 60),
                     st.one_of(st.just(0), st.integers(0, 60 * US_PER_SECOND - 1))
                     ).map(lambda w: w.replace(tzinfo=ZoneInfo(name)))


@SETTINGS
@given(st.sampled_from(ZONE_NAMES), st.data())
def test_the_resolver_is_the_same_under_every_kind_of_zone(name: str, data: st.DataObject
                                                           ) -> None:
    wall = data.draw(near_a_change(name)).replace(tzinfo=None)
    day = wall.date()
    tod = (wall - datetime.combine(day, time())) // timedelta(microseconds=1)
    expected = to_us(ReferenceCalendar(ZoneInfo(name), lambda d: []).instant(wall))
    zones = [ZoneInfo(name), dateutil_zone(name), pytz_zone(name)]
    assert [local_to_us(z, day, tod) for z in zones] == [expected] * 3
    outcomes = {resolve(z, day, tod).outcome for z in zones}
    assert len(outcomes) == 1


@pytest.mark.parametrize("name", ZONE_NAMES)
def test_zone_spans_of_a_dateutil_zone_are_the_zoneinfo_zones(name: str) -> None:
    mine, theirs = ZoneSpan(dateutil_zone(name), FIRST, LAST), ZoneSpan(ZoneInfo(name), FIRST, LAST)
    day = FIRST
    while day <= LAST:
        assert mine.uniform_offset(day) == theirs.uniform_offset(day), day
        day += timedelta(days=1)


HOURS = ["00:00-08:00", "00:30-01:30, 02:00-02:30", "01:00-03:00", "23:00-24:00",
         "00:00-24:00", "09:00-17:00", "02:15-02:45, 23:30-24:00"]


@SETTINGS
@given(st.sampled_from(ZONE_NAMES), st.sampled_from(HOURS), st.data())
def test_a_dateutil_calendar_answers_as_the_zoneinfo_one(name: str, hours: str,
                                                        data: st.DataObject) -> None:
    mine = Calendar(dateutil_zone(name), {"mon-sat": hours})
    theirs = Calendar(name, {"mon-sat": hours})
    at = data.draw(near_a_change(name)).astimezone(UTC)
    later = at + timedelta(hours=data.draw(st.integers(1, 96)))
    duration = timedelta(minutes=data.draw(st.integers(-3000, 3000)))
    for query in (lambda c: c.is_open(at), lambda c: c.next_open(at),
                  lambda c: c.next_close(at), lambda c: c.add(at, duration),
                  lambda c: c.elapsed(at, later), lambda c: list(c.windows(at, later)),
                  lambda c: c.is_business_day(at)):
        assert query(mine) == query(theirs)


def test_a_skipped_day_resolves_to_the_day_after() -> None:
    apia = [ZoneInfo("Pacific/Apia"), dateutil_zone("Pacific/Apia"), pytz_zone("Pacific/Apia")]
    skipped = date(2011, 12, 30)
    for zone in apia:
        got = resolve(zone, skipped, 10 * 3600 * US_PER_SECOND)
        assert got.outcome == "skipped"
        assert from_us(got.instant, ZoneInfo("Pacific/Apia")) == datetime(
            2011, 12, 31, tzinfo=ZoneInfo("Pacific/Apia"))
        assert local_to_us(zone, skipped, 0) == local_to_us(zone, skipped + timedelta(days=1), 0)
        assert not Calendar(zone, {"mon-sun": "09:00-17:00"}).is_business_day(skipped)


def test_fixed_offsets_resolve_by_arithmetic() -> None:
    zone = timezone(timedelta(hours=5, minutes=45))
    cal = Calendar(zone, NINE_TO_FIVE)
    assert cal.next_open(utc(2026, 1, 5)) == datetime(2026, 1, 5, 9, tzinfo=zone)
    assert local_to_us(zone, date(2026, 1, 5), 0) == naive_us(date(2026, 1, 5)) - (
        (5 * 60 + 45) * 60 * US_PER_SECOND)
