"""Recurrence rules are held to RFC 5545's ranges, from contract text and from dateutil rule
objects alike: an out-of-range value is refused with the value named, never read silently."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from dateutil.rrule import (
    DAILY,
    FR,
    MINUTELY,
    MO,
    MONTHLY,
    WEEKLY,
    YEARLY,
    rrule,
    rruleset,
)
from hypothesis import given, settings
from hypothesis import strategies as st

import bizhours
from bizhours import ConfigError
from bizhours._definition.dates import date_selector
from bizhours._definition.recurrence import rule_from_text
from tests.helpers import examples

START = datetime(2026, 1, 1)

# (RRULE value, what the message names): each silently changed a rule's meaning, hung, or was
# a traceback from inside dateutil.
OUT_OF_RANGE = [
    ("FREQ=MONTHLY;BYMONTHDAY=0", "BYMONTHDAY=0 is out of range: accepted -31..-1 and 1..31"),
    ("FREQ=YEARLY;BYMONTH=13", "BYMONTH=13 is out of range: accepted 1..12"),
    ("FREQ=YEARLY;BYMONTH=0", "BYMONTH=0"),
    ("FREQ=MONTHLY;BYMONTHDAY=32", "BYMONTHDAY=32"),
    ("FREQ=MONTHLY;BYMONTHDAY=-32", "BYMONTHDAY=-32"),
    ("FREQ=YEARLY;BYYEARDAY=400", "BYYEARDAY=400 is out of range: accepted -366..-1 and 1..366"),
    ("FREQ=YEARLY;BYYEARDAY=0", "BYYEARDAY=0"),
    ("FREQ=YEARLY;BYWEEKNO=60", "BYWEEKNO=60 is out of range: accepted -53..-1 and 1..53"),
    ("FREQ=YEARLY;BYWEEKNO=-54", "BYWEEKNO=-54"),
    ("FREQ=MONTHLY;BYDAY=MO;BYSETPOS=0", "BYSETPOS=0"),
    ("FREQ=MONTHLY;BYDAY=MO;BYSETPOS=367", "BYSETPOS=367"),
    ("FREQ=DAILY;BYHOUR=24", "BYHOUR=24 is out of range: accepted 0..23"),
    ("FREQ=DAILY;BYMINUTE=60", "BYMINUTE=60"),
    ("FREQ=DAILY;BYSECOND=61", "BYSECOND=61"),
    ("FREQ=YEARLY;BYEASTER=400", "BYEASTER=400 is out of range: accepted -80..250"),
    ("FREQ=YEARLY;BYEASTER=-200", "BYEASTER=-200"),
    ("FREQ=DAILY;INTERVAL=0", "INTERVAL=0 is out of range: accepted 1 or more"),
    ("FREQ=DAILY;INTERVAL=-1", "INTERVAL=-1"),
    ("FREQ=DAILY;COUNT=0", "COUNT=0 is out of range: accepted 1 or more"),
    ("FREQ=MONTHLY;BYDAY=6FR", "BYDAY=+6FR has an ordinal out of range"),
    ("FREQ=YEARLY;BYDAY=54MO", "BYDAY=+54MO"),
    ("FREQ=WEEKLY;BYDAY=1MO", "BYDAY=+1MO has an ordinal out of range: accepted none"),
    ("FREQ=DAILY;BYDAY=-1FR", "BYDAY=-1FR"),
    ("FREQ=YEARLY;BYWEEKNO=1;BYDAY=1MO", "with this FREQ and BYWEEKNO"),
    ("FREQ=DAILY;COUNT=3;UNTIL=20260301", "give COUNT or UNTIL, not both"),
    ("FREQ=MINUTELY", "repeats more often than daily"),
    ("FREQ=SOMETIMES", "FREQ=SOMETIMES is not a frequency"),
    ("FREQ=DAILY;FREQ=YEARLY", "FREQ is given twice"),
    ("FREQ=DAILY;BYMONTH=", "is not NAME=VALUE"),
    ("FREQ=DAILY;BYMONTH=٣", "'٣' is not an integer"),
    ("FREQ=DAILY;COLOUR=RED", "unknown part 'COLOUR'"),
    ("BYMONTH=1", "needs FREQ"),
    ("FREQ=DAILY;UNTIL=tomorrow", "'TOMORROW' is not a date"),
    ("FREQ=DAILY;WKST=XX", "WKST=XX is not a day"),
]


@pytest.mark.parametrize("value, named", OUT_OF_RANGE, ids=[v for v, _ in OUT_OF_RANGE])
def test_rule_text_out_of_range_is_refused(value: str, named: str) -> None:
    with pytest.raises(ConfigError) as info:
        rule_from_text(f"DTSTART:20260101\nRRULE:{value}")
    assert named in str(info.value)


@pytest.mark.parametrize("value, named", OUT_OF_RANGE[:24], ids=[v for v, _ in OUT_OF_RANGE[:24]])
def test_exrule_text_out_of_range_is_refused(value: str, named: str) -> None:
    with pytest.raises(ConfigError) as info:
        rule_from_text(f"DTSTART:20260101\nRRULE:FREQ=DAILY\nEXRULE:{value}")
    assert named in str(info.value)


def test_minutely_exrule_is_refused() -> None:
    """A minutely EXRULE passed the "daily or coarser" check, then a query ran for minutes."""
    with pytest.raises(ConfigError, match="FREQ=MINUTELY repeats more often than daily"):
        rule_from_text("DTSTART:20260101T000000\nRRULE:FREQ=DAILY\nEXRULE:FREQ=MINUTELY")
    rules = rruleset()
    rules.rrule(rrule(DAILY, dtstart=START))
    rules.exrule(rrule(MINUTELY, dtstart=START))
    with pytest.raises(ConfigError, match="FREQ=MINUTELY"):
        bizhours.calendar("eastern").closed(rules)


@pytest.mark.parametrize(
    "value",
    ["FREQ=MONTHLY;BYMONTHDAY=1,31,-1,-31", "FREQ=YEARLY;BYMONTH=1,12;BYYEARDAY=1,366,-366",
     "FREQ=YEARLY;BYWEEKNO=1,53,-53;BYDAY=MO", "FREQ=MONTHLY;BYDAY=MO;BYSETPOS=1,366,-366",
     "FREQ=MONTHLY;BYDAY=5FR,-5MO", "FREQ=YEARLY;BYDAY=53MO,-53SU", "FREQ=YEARLY;BYEASTER=-80",
     "FREQ=YEARLY;BYEASTER=250", "FREQ=DAILY;BYHOUR=0,23;BYMINUTE=0,59;BYSECOND=0,59",
     "FREQ=YEARLY;INTERVAL=66", "FREQ=DAILY;COUNT=1", "FREQ=WEEKLY;WKST=SU;BYDAY=SU,MO",
     "FREQ=DAILY;UNTIL=20261231T235959", "freq=monthly;byday=-1fr"],
)
def test_rule_text_at_the_edges_of_the_ranges_is_accepted(value: str) -> None:
    rule = rule_from_text(f"DTSTART:20260101\nRRULE:{value}")
    assert isinstance(rule, rrule)
    assert date_selector(rule).first_date() >= date(2026, 1, 1)


@pytest.mark.parametrize(
    "kwargs, named",
    [
        ({"freq": MONTHLY, "bymonthday": 0}, "BYMONTHDAY has no value within its range"),
        ({"freq": YEARLY, "bymonth": 13}, "BYMONTH=13"),
        ({"freq": MONTHLY, "bymonthday": 32}, "BYMONTHDAY=32"),
        ({"freq": YEARLY, "byyearday": 400}, "BYYEARDAY=400"),
        ({"freq": YEARLY, "byweekno": 60}, "BYWEEKNO=60"),
        ({"freq": YEARLY, "byeaster": 400}, "BYEASTER=400"),
        ({"freq": DAILY, "interval": 0}, "INTERVAL=0"),
        ({"freq": DAILY, "interval": -1}, "INTERVAL=-1"),
        ({"freq": DAILY, "count": 0}, "COUNT=0"),
        ({"freq": MONTHLY, "byweekday": FR(6)}, "BYDAY=+6FR"),
        ({"freq": WEEKLY, "byweekday": []}, "BYDAY has no value"),
    ],
)
def test_rule_objects_out_of_range_are_refused(kwargs: dict[str, object], named: str) -> None:
    """The Python API's rules are checked as contract text is: ``cal.closed(rule)``,
    ``cal.with_hours(rule, ...)`` raise a ``ConfigError`` naming the rule."""
    rule = rrule(dtstart=START, **kwargs)  # type: ignore[arg-type]
    cal = bizhours.calendar("eastern")
    for call in (lambda: cal.closed(rule), lambda: cal.with_hours(rule, "09:00-12:00")):
        with pytest.raises(ConfigError) as info:
            call()
        assert named in str(info.value)
        assert "RRULE:FREQ=" in str(info.value)  # the rule, as its RFC 5545 text
    rules = rruleset()
    rules.rrule(rrule(DAILY, dtstart=START))
    rules.exrule(rule)
    with pytest.raises(ConfigError, match=named.replace("+", r"\+")):
        cal.closed(rules)


def test_rule_sets_without_dates_or_mixing_zones_are_refused() -> None:
    cal = bizhours.calendar("eastern")
    with pytest.raises(ConfigError, match=r"no rule \(RRULE\) and no date"):
        cal.closed(rruleset())
    mixed = rruleset()
    mixed.rrule(rrule(WEEKLY, byweekday=MO, dtstart=START))
    mixed.rdate(datetime(2026, 3, 4, tzinfo=UTC))
    with pytest.raises(ConfigError, match="mixes naive and aware"):
        cal.closed(mixed)


@pytest.mark.parametrize(
    "text, named",
    [
        ("DTSTART:20260101", "has no RRULE (and no RDATE)"),
        ("DTSTART:20260101\nEXDATE:20260105", "has no RRULE"),
        ("RRULE:FREQ=DAILY", "needs a DTSTART"),
        ("DTSTART:20260101\nDTSTART:20260102\nRRULE:FREQ=DAILY", "DTSTART is given twice"),
        ("DTSTART:5\nRRULE:FREQ=DAILY", "'5' is not a date"),
        ("DTSTART:20260230\nRRULE:FREQ=DAILY", "is not a valid date-time"),
        ("DTSTART:20260101\nRDATE:20260105 EST\nRRULE:FREQ=DAILY", "is not a date"),
        ("DTSTART:20260101\nRDATE;VALUE=PERIOD:20260105/P1D", "unsupported parameter"),
        ("DTSTART:20260101\nRRULE;X=1:FREQ=DAILY", "RRULE takes no parameters"),
        ("DTSTART:20260101\nVEVENT:1\nRRULE:FREQ=DAILY", "unknown property 'VEVENT'"),
        ("DTSTART;TZID=Europe/London:20260101T000000Z\nRRULE:FREQ=DAILY", "both a TZID and Z"),
        ("DTSTART;TZID=America/New_York:20260101T090000\nRRULE:FREQ=DAILY;UNTIL=20260301",
         "UNTIL must be in UTC"),
        ("DTSTART:20260101\nRRULE:FREQ=DAILY\nRDATE:20260301T000000Z", "mixes naive and aware"),
    ],
)
def test_malformed_rule_text_is_refused(text: str, named: str) -> None:
    with pytest.raises(ConfigError) as info:
        rule_from_text(text)
    assert named in str(info.value)


@pytest.mark.parametrize("name", ["/etc/passwd", "../../../../etc/passwd", "America/../../x",
                                  "Nowhere/Town", "x" * 5000, "America"])
def test_tzid_is_only_an_iana_name(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """``DTSTART;TZID=<path>`` made dateutil open any file (and a missing one was silently
    ignored); now a TZID is looked up among the tz database's names only."""
    import dateutil.tz

    def no_gettz(*_: object) -> None:
        raise AssertionError("dateutil.tz.gettz was asked for a TZID")

    monkeypatch.setattr(dateutil.tz, "gettz", no_gettz)
    with pytest.raises(ConfigError, match="is not an IANA time zone name"):
        rule_from_text(f"DTSTART;TZID={name}:20260101T090000\nRRULE:FREQ=DAILY")


def test_tzid_names_an_iana_zone() -> None:
    rule = rule_from_text("DTSTART;TZID=America/New_York:20260101T090000\n"
                          "RRULE:FREQ=DAILY;COUNT=2\nEXDATE;TZID=America/New_York:20260102T090000")
    assert [m.isoformat() for m in rule] == ["2026-01-01T09:00:00-05:00"]


def test_rule_text_reads_as_dateutil_reads_valid_rules() -> None:
    from dateutil.rrule import rrulestr

    text = ("DTSTART:20260105\nRRULE:FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,FR;COUNT=9\n"
            "RDATE:20260310,20260311T120000\nEXRULE:FREQ=MONTHLY;BYDAY=1MO\nEXDATE:20260116")
    assert list(rule_from_text(text)) == list(rrulestr(text, unfold=True))


RULE_WORDS = st.sampled_from(
    ["FREQ=DAILY", "FREQ=WEEKLY", "FREQ=MONTHLY", "FREQ=YEARLY", "FREQ=HOURLY", "INTERVAL=",
     "COUNT=", "UNTIL=20270101", "BYMONTH=", "BYMONTHDAY=", "BYYEARDAY=", "BYWEEKNO=",
     "BYSETPOS=", "BYDAY=", "BYEASTER=", "BYHOUR=", "WKST=SU", "MO", "-1FR", "2TU"])


@settings(max_examples=examples(300), deadline=None)
@given(st.lists(st.tuples(RULE_WORDS, st.integers(-400, 400) | st.just("")), max_size=5))
def test_any_rule_text_is_a_rule_or_a_config_error(words: list[tuple[str, int | str]]) -> None:
    """A value or a ``ConfigError``, never another exception, and an accepted rule can be
    asked for its first date."""
    value = ";".join(f"{w}{n}" if w.endswith("=") else w for w, n in words)
    try:
        rule = rule_from_text(f"DTSTART:20260101\nRRULE:{value}\nEXRULE:{value}")
    except ConfigError:
        return
    date_selector(rule).next_on_or_after(date(2030, 1, 1))
