"""Holidays as the caller built them: sums, dates set or removed by hand, parameters, names
in English whatever the process locale, and the ``subdiv=`` alias of ``bank_holidays``."""

from __future__ import annotations

import json
import os
import pickle
import subprocess
import sys
from datetime import date
from pathlib import Path

import holidays
import pytest
from holidays.countries import UnitedStates
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import bizhours
from bizhours import Calendar, ConfigError
from tests.helpers import CONTRACT, ROOT

WEEK = {"mon-fri": "09:00-17:00"}
LA = "America/Los_Angeles"
BERLIN = "Europe/Berlin"


def closed_days(cal: Calendar, year: int) -> dict[date, str]:
    """The holiday names of ``cal`` in ``year``, by date, read through the calendar."""
    names: dict[date, str] = {}
    day = date(year, 1, 1)
    while day.year == year:
        if (name := cal.holiday_name(day)) is not None:
            names[day] = name
        day = date.fromordinal(day.toordinal() + 1)
    return names


def test_a_sum_with_bank_holidays_is_read_year_by_year() -> None:
    cal = Calendar(LA, WEEK, bizhours.bank_holidays("US") + holidays.US(subdiv="CA"))
    # The first query used to raise TypeError: HolidaySum.__init__() ... 'years'.
    assert not cal.is_business_day(date(2026, 3, 31))  # Cesar Chavez Day, California only
    assert not cal.is_business_day(date(2026, 11, 11))  # Veterans Day, both
    for year in (1990, 2026, 2061):  # any year, lazily
        expected = (holidays.financial_holidays("XFED", years=year, language="en_US")
                    + holidays.US(subdiv="CA", years=year, language="en_US"))
        assert closed_days(cal, year) == dict(expected.items())


def test_a_sum_of_bank_holidays_results_is_read_year_by_year() -> None:
    both = bizhours.bank_holidays("UK") + bizhours.bank_holidays("UK", subdivision="SCT")
    cal = Calendar("Europe/London", WEEK, both)
    assert not cal.is_business_day(date(2026, 11, 30))  # St Andrew's Day, Scotland
    assert not cal.is_business_day(date(2026, 8, 31))  # Summer bank holiday, England
    assert not cal.is_business_day(date(2040, 1, 2))  # 2 January, Scotland


def test_a_date_added_by_hand_is_a_holiday() -> None:
    h = holidays.US()
    h[date(2026, 12, 24)] = "Company day"
    h[date(2026, 12, 25)] = "Company day"  # on a holiday: both names, as the package does
    cal = Calendar(LA, WEEK, h)
    assert not cal.is_business_day(date(2026, 12, 24))
    assert cal.holiday_name(date(2026, 12, 24)) == "Company day"
    assert cal.holiday_name(date(2026, 12, 25)) == "Christmas Day; Company day"
    assert cal.is_business_day(date(2030, 12, 24))  # by hand for 2026 only
    assert cal.holiday_name(date(2030, 12, 24)) is None


def test_a_date_removed_by_hand_is_a_business_day() -> None:
    h = holidays.US()
    h.pop(date(2026, 11, 11))
    h.pop(date(2026, 7, 3))
    h[date(2026, 7, 3)] = "Summer day"  # renamed by hand
    cal = Calendar(LA, WEEK, h)
    assert cal.is_business_day(date(2026, 11, 11))
    assert cal.holiday_name(date(2026, 7, 3)) == "Summer day"
    assert not cal.is_business_day(date(2027, 11, 11))  # other years as the class gives


def test_the_object_is_copied_when_the_calendar_is_built() -> None:
    h = holidays.DE(subdiv="BY")
    h[date(2026, 12, 24)] = "Company day"
    cal = Calendar(BERLIN, WEEK, h)
    h[date(2026, 12, 23)] = "Later"
    h.pop(date(2026, 12, 24))
    h.pop(date(2026, 6, 4))
    assert cal.holiday_name(date(2026, 12, 24)) == "Company day"
    assert cal.holiday_name(date(2026, 6, 4)) == "Corpus Christi"
    assert cal.is_business_day(date(2026, 12, 23))


def test_parameters_of_the_object_are_honoured() -> None:
    unobserved = Calendar(LA, WEEK, holidays.US(observed=False))
    assert unobserved.is_business_day(date(2026, 7, 3))  # 4 July is a Saturday
    assert not Calendar(LA, WEEK, holidays.US()).is_business_day(date(2026, 7, 3))
    unofficial = Calendar(LA, WEEK, holidays.US(categories=("public", "unofficial")))
    assert unofficial.holiday_name(date(2026, 2, 13)) is None
    assert not unofficial.is_business_day(date(2030, 2, 14))  # Valentine's Day, a Thursday
    bavaria = Calendar(BERLIN, WEEK, holidays.DE(subdiv="BY"))
    assert not bavaria.is_business_day(date(2026, 6, 4))
    assert Calendar(BERLIN, WEEK, holidays.DE()).is_business_day(date(2026, 6, 4))
    sundays = Calendar("Europe/Stockholm", {"mon-sun": "09:00-17:00"},
                       holidays.SE(include_sundays=True))  # an option of the class
    assert not sundays.is_business_day(date(2026, 11, 22))
    german = Calendar(BERLIN, WEEK, holidays.DE(subdiv="BY", language="de"))
    assert german.holiday_name(date(2026, 6, 4)) == "Fronleichnam"


def test_equality_hash_and_pickling_cover_the_object_as_built() -> None:
    def company(year_asked: int | None = None) -> holidays.HolidayBase:
        h = holidays.US(subdiv="CA")
        if year_asked is not None:
            assert date(year_asked, 1, 1) in h  # computes that year: not part of the value
        h[date(2026, 12, 24)] = "Company day"
        h.pop(date(2026, 11, 27))
        return h

    cal = Calendar(LA, WEEK, company())
    twin = Calendar(LA, WEEK, company(2031))
    assert cal == twin and hash(cal) == hash(twin)
    copy = pickle.loads(pickle.dumps(cal))
    assert copy == cal and hash(copy) == hash(cal)
    assert copy.holiday_name(date(2026, 12, 24)) == "Company day"
    assert copy.is_business_day(date(2026, 11, 27))
    other = company()
    other[date(2026, 12, 31)] = "Company day"
    differing = [
        Calendar(LA, WEEK, other),
        Calendar(LA, WEEK, holidays.US(subdiv="CA")),
        Calendar(LA, WEEK, holidays.US(subdiv="CA", language="th")),
        Calendar(LA, WEEK, holidays.US(subdiv="CA", observed=False)),
        Calendar(LA, WEEK, holidays.US(subdiv="NY")),
    ]
    assert len({cal, *differing}) == 1 + len(differing)
    # An English name chosen or not: the same names, the same calendar.
    assert (Calendar(LA, WEEK, holidays.US(language="en_US"))
            == Calendar(LA, WEEK, holidays.US()))
    summed = Calendar(LA, WEEK, bizhours.bank_holidays("US") + holidays.US(subdiv="CA"))
    assert pickle.loads(pickle.dumps(summed)) == summed
    assert summed == Calendar(LA, WEEK, bizhours.bank_holidays("US") + holidays.US(subdiv="CA"))


YEARS = (2025, 2026, 2027)
EDITS = st.lists(st.tuples(st.sampled_from(("add", "pop")), st.sampled_from(YEARS),
                           st.integers(0, 364), st.sampled_from(("Company day", "Party"))),
                 max_size=12)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(edits=EDITS, summed=st.booleans(), later=st.sampled_from((2024, 2031)))
def test_a_calendar_names_what_the_object_holds(
    edits: list[tuple[str, int, int, str]], summed: bool, later: int
) -> None:
    # The reference is the holidays object itself: as it was when the calendar was built,
    # and for a year neither had computed, as it computes it later.
    table = holidays.US(subdiv="CA", language="en_US")
    if summed:
        table = table + holidays.financial_holidays("XNYS", language="en_US")
    for action, year, offset, name in edits:
        day = date.fromordinal(date(year, 1, 1).toordinal() + offset)
        if action == "add":
            table[day] = name
        elif (days := sorted(d for d in table if d.year == year)):
            table.pop(days[offset % len(days)])
    for year in YEARS:
        table.get(date(year, 1, 1))  # computes the year (a sum may re-add dates it lacked)
    built = dict(table.items())
    cal = Calendar(LA, WEEK, table)
    for year in YEARS:
        assert closed_days(cal, year) == {d: n for d, n in built.items() if d.year == year}
    table.get(date(later, 1, 1))  # a year neither had computed
    assert closed_days(cal, later) == {d: n for d, n in table.items() if d.year == later}


def test_a_class_that_cannot_be_rebuilt_fails_when_the_calendar_is_built() -> None:
    class Odd(UnitedStates):
        def __init__(self, start: int) -> None:
            super().__init__()

    with pytest.raises(ConfigError, match="cannot be read year by year"):
        Calendar(LA, WEEK, Odd(2026))


def test_bank_holidays_passes_a_language_through() -> None:
    h = bizhours.bank_holidays("DE", subdivision="BY", language="de")
    assert Calendar(BERLIN, WEEK, h).holiday_name(date(2026, 6, 4)) == "Fronleichnam"
    english = bizhours.bank_holidays("DE", subdivision="BY")
    assert english.get(date(2026, 6, 4)) == "Corpus Christi"
    with pytest.raises(ConfigError, match=r"language 'de' for 'US'.*accepted en_US"):
        bizhours.bank_holidays("US", language="de")


def test_bank_holidays_accepts_subdiv_as_an_alias() -> None:
    alias = Calendar("Europe/London", WEEK, bizhours.bank_holidays("UK", subdiv="SCT"))
    assert alias == Calendar("Europe/London", WEEK,
                             bizhours.bank_holidays("UK", subdivision="SCT"))
    assert not alias.is_business_day(date(2026, 11, 30))
    with pytest.raises(ConfigError, match="subdiv is an alias of subdivision; give one"):
        bizhours.bank_holidays("UK", subdivision="SCT", subdiv="SCT")


# --- names whatever the process locale --------------------------------------------------------

_NAMES_SCRIPT = """
import contextlib, io, json, sys
from datetime import date
import holidays, bizhours
from bizhours.cli import main
from bizhours.config import load_contract
from tests.config.test_config import test_example_country_holidays

contract, day = sys.argv[1], date(2026, 6, 4)
test_example_country_holidays(load_contract(contract))
week = {"mon-fri": "09:00-17:00"}
edited = holidays.DE(subdiv="BY")
edited[date(2026, 12, 24)] = "Company day"  # computes 2026, named in the locale's language
edited_cal = bizhours.Calendar("Europe/Berlin", week, edited)
out = io.StringIO()
with contextlib.redirect_stdout(out):
    main(["hours", "--config", contract, "--from", "2026-06-04", "--days", "1", "--json"])
ics = io.StringIO()
with contextlib.redirect_stdout(ics):
    main(["export-ics", "--config", contract, "--from", "2026-06-04", "--to", "2026-06-04"])
print(json.dumps({
    "object": bizhours.Calendar("Europe/Berlin", week, holidays.DE(subdiv="BY"))
    .holiday_name(day),
    "bank_holidays": bizhours.bank_holidays("DE", subdiv="BY").get(day),
    "summed": bizhours.Calendar("Europe/Berlin", week, holidays.DE(subdiv="BY") + holidays.AT())
    .holiday_name(day),
    "chosen": bizhours.Calendar("Europe/Berlin", week, holidays.DE(subdiv="BY", language="de"))
    .holiday_name(day),
    "edited": [edited_cal.holiday_name(day), edited_cal.holiday_name(date(2026, 12, 24)),
               len(edited_cal.definition.holidays.added)],
    "uk": bizhours.calendar("uk").holiday_name(date(2026, 12, 28)),
    "cli": json.loads(out.getvalue())["days"][0]["holiday_name"],
    "ics": [line for line in ics.getvalue().splitlines() if "closed" in line],
}))
"""

LOCALES = {
    "LANG=de_DE.UTF-8": {"LANG": "de_DE.UTF-8"},
    "LC_ALL=de_DE.UTF-8": {"LC_ALL": "de_DE.UTF-8"},
    "LANGUAGE=de": {"LANGUAGE": "de", "LANG": "de_DE.UTF-8"},
    "LANGUAGE=fr": {"LANGUAGE": "fr"},
    "LANG=C": {"LANG": "C"},
    "LANG=C.UTF-8": {"LANG": "C.UTF-8"},
    "LC_ALL=POSIX": {"LC_ALL": "POSIX"},
    "unset": {},
}


@pytest.mark.parametrize("settings", LOCALES.values(), ids=LOCALES.keys())
def test_holiday_names_are_english_whatever_the_locale(settings: dict[str, str]) -> None:
    # The holidays package reads these variables itself (gettext), whether or not the
    # machine has the locale installed.
    env = {k: v for k, v in os.environ.items()
           if k not in ("LANG", "LANGUAGE", "LC_MESSAGES") and not k.startswith("LC_")}
    env.update(settings)
    here = Path(bizhours.__file__).resolve().parents[1]  # the bizhours this test imports
    env["PYTHONPATH"] = os.pathsep.join(
        p for p in (str(here), str(ROOT), env.get("PYTHONPATH")) if p)
    run = subprocess.run([sys.executable, "-c", _NAMES_SCRIPT, str(CONTRACT)], env=env,
                         capture_output=True, text=True, cwd=ROOT, check=False)
    assert run.returncode == 0, run.stderr
    assert json.loads(run.stdout) == {
        "object": "Corpus Christi",
        "bank_holidays": "Corpus Christi",
        "summed": "Corpus Christi",
        "chosen": "Fronleichnam",
        "edited": ["Corpus Christi", "Company day", 1],
        "uk": "Boxing Day (observed)",
        "cli": "Corpus Christi",
        "ics": ["SUMMARY:Corpus Christi (Europe/Berlin: closed)"],
    }
