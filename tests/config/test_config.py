"""The contract file loader: every key builds what it says, and every bad key or value is an
error naming its path."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

import bizhours
from bizhours import sla
from bizhours.config import Contract, ContractError, load_contract, loads_contract
from tests.helpers import CONTRACT, NY


def hours_on(contract: Contract, day: date) -> list[tuple[str, str]]:
    tz = contract.calendar.timezone
    start = datetime(day.year, day.month, day.day, tzinfo=tz)
    return [(a.astimezone(tz).strftime("%H:%M"), b.astimezone(tz).strftime("%H:%M"))
            for a, b in contract.calendar.windows(start, start + timedelta(days=1))]


def error(text: str) -> ContractError:
    with pytest.raises(ContractError) as info:
        loads_contract(text)
    return info.value


# --- presets ---------------------------------------------------------------------------------


def test_preset_with_subdivision_is_the_preset() -> None:
    contract = loads_contract('[calendar]\nzone = "UK"\nsubdivision = "sct"\n')
    assert contract.calendar == bizhours.calendar("uk", subdivision="SCT")
    assert contract.label == "uk (SCT)"
    assert contract.policy == sla.enterprise_policy(bizhours.calendar("uk", "SCT"))


def test_default_sla_is_the_enterprise_terms() -> None:
    policy = loads_contract('[calendar]\nzone = "eastern"').policy
    assert policy.targets[sla.Severity.NON_CRITICAL].response == timedelta(hours=8)
    assert policy.targets[sla.Severity.CRITICAL].response == timedelta(minutes=15)
    assert policy.targets[sla.Severity.CRITICAL].update_every is None


def test_preset_with_extra_and_removed_holidays() -> None:
    contract = loads_contract(
        '[calendar]\nzone = "eastern"\n[calendar.holidays]\n'
        'extra = [2026-11-27]\nremoved = [2026-11-11]\n')
    assert hours_on(contract, date(2026, 11, 27)) == []  # the day after Thanksgiving
    assert hours_on(contract, date(2026, 11, 11)) == [("09:00", "17:00")]  # Veterans Day worked
    assert contract.notes_on(date(2026, 11, 11)) == ["Veterans Day (holiday removed)"]
    assert contract.notes_on(date(2026, 11, 27)) == ["extra holiday"]


# --- night ranges and days in several specs ---------------------------------------------------

NIGHT_DESK = ('[calendar]\ntimezone = "America/New_York"\n'
              'hours = { mon-fri = "22:00-06:00" }\n[calendar.holidays]\ncountry = "US"\n')


def test_contract_hours_may_cross_midnight_and_name_a_day_twice() -> None:
    desk = loads_contract(NIGHT_DESK)
    assert hours_on(desk, date(2026, 11, 24)) == [("00:00", "06:00"), ("22:00", "00:00")]
    two_specs = loads_contract('[calendar]\ntimezone = "UTC"\n'
                               'hours = { mon-fri = "20:00-24:00", tue-sat = "00:00-04:00" }\n')
    assert hours_on(two_specs, date(2026, 11, 28)) == [("00:00", "04:00")]
    assert two_specs.calendar == bizhours.Calendar("UTC", {"mon-fri": "20:00-24:00",
                                                           "tue-sat": "00:00-04:00"})


def test_a_removed_holiday_on_a_night_desk_gets_the_night_before_back() -> None:
    # Thanksgiving (Thursday 26 November) closes Thu 00:00-06:00 and 22:00-24:00; removed,
    # the date has both again, and Friday keeps its early hours.
    desk = loads_contract(NIGHT_DESK + 'removed = [2026-11-26]\n')
    assert hours_on(desk, date(2026, 11, 26)) == [("00:00", "06:00"), ("22:00", "00:00")]
    assert hours_on(desk, date(2026, 11, 27)) == [("00:00", "06:00"), ("22:00", "00:00")]
    assert hours_on(loads_contract(NIGHT_DESK), date(2026, 11, 26)) == []


def test_contract_night_overlaps_name_the_key_the_specs_and_the_day() -> None:
    exc = error('[calendar]\ntimezone = "UTC"\n'
                'hours = { mon-fri = "22:00-06:00", sat = "00:00-04:00" }\n')
    assert exc.key == "calendar.hours.sat"
    assert "'mon-fri'" in str(exc) and "'sat'" in str(exc) and "on sat" in str(exc)


# --- the example file: every key -----------------------------------------------------------


@pytest.fixture(scope="module")
def example() -> Contract:
    return load_contract(CONTRACT)


def test_example_custom_weekly_hours(example: Contract) -> None:
    assert example.label == "Europe/Berlin"
    assert hours_on(example, date(2026, 11, 23)) == [("09:00", "12:00"), ("13:00", "17:00")]
    assert hours_on(example, date(2026, 11, 20)) == [("09:00", "13:00")]  # a Friday
    assert hours_on(example, date(2026, 11, 22)) == []  # Sunday


def test_example_country_holidays(example: Contract) -> None:
    assert example.calendar.holiday_name(date(2026, 6, 4)) == "Corpus Christi"  # Bavaria
    assert hours_on(example, date(2026, 6, 4)) == []


def test_example_extra_and_removed_holidays(example: Contract) -> None:
    assert hours_on(example, date(2026, 12, 24)) == []
    assert example.notes_on(date(2026, 12, 24)) == ["Christmas Eve (extra holiday)"]
    assert hours_on(example, date(2026, 1, 6)) == [("09:00", "12:00"), ("13:00", "17:00")]


def test_example_effective_weekly_hours(example: Contract) -> None:
    assert hours_on(example, date(2026, 12, 21)) == [("09:00", "12:00"), ("13:00", "17:00")]
    assert hours_on(example, date(2027, 1, 4)) == [("08:00", "18:00")]
    assert hours_on(example, date(2027, 1, 8)) == [("08:00", "18:00")]  # Friday too


def test_example_adjustments(example: Contract) -> None:
    assert hours_on(example, date(2026, 11, 27)) == [("09:00", "12:00")]  # set
    for day in (28, 29, 30):
        assert hours_on(example, date(2026, 12, day)) == []  # close, inclusive range
    assert hours_on(example, date(2026, 11, 28)) == [("10:00", "14:00")]  # expand a Saturday
    # contract on the last Friday of each month (an RRULE), from 2026 on:
    assert hours_on(example, date(2026, 10, 30)) == [("09:00", "12:00")]
    assert hours_on(example, date(2027, 1, 29)) == [("08:00", "12:00"), ("13:00", "18:00")]
    assert hours_on(example, date(2027, 1, 22)) == [("08:00", "18:00")]


def test_example_sla(example: Contract) -> None:
    policy = example.policy
    # The example's four priorities (tests/config/test_config_targets.py checks each key).
    assert policy.targets["p3"].response == timedelta(hours=8)
    assert policy.targets["p3"].clock == example.calendar
    assert policy.targets["p1"].update_every == timedelta(hours=1)
    assert policy.on_escalation is sla.SeverityChange.RESTART
    assert policy.on_de_escalation is sla.SeverityChange.FROM_OPENING


def test_adjustments_apply_in_file_order() -> None:
    contract = loads_contract(
        '[calendar]\nzone = "eastern"\n'
        '[[calendar.adjustments]]\ndate = 2026-11-26\nhours = "10:00-12:00"\n'  # on a holiday
        '[[calendar.adjustments]]\ndate = 2026-11-26\naction = "expand"\nhours = "13:00-14:00"\n'
        '[[calendar.adjustments]]\nfrom = "2026-11-26"\nto = "2026-11-26"\naction = "contract"\n'
        'hours = "11:00-13:30"\n')
    assert hours_on(contract, date(2026, 11, 26)) == [("10:00", "11:00"), ("13:30", "14:00")]


def test_sla_options() -> None:
    policy = loads_contract(
        '[calendar]\nzone = "pacific"\n[sla]\nnon_critical_response = "PT4H"\n'
        'critical_update_every = "30m"\non_escalation = "carry_over"\n'
        'on_de_escalation = "Restart"\n').policy
    assert policy.targets[sla.Severity.NON_CRITICAL].response == timedelta(hours=4)
    assert policy.targets[sla.Severity.CRITICAL].update_every == timedelta(minutes=30)
    assert policy.on_escalation is sla.SeverityChange.CARRY_OVER
    assert policy.on_de_escalation is sla.SeverityChange.RESTART


def test_custom_calendar_without_holidays_and_rrule_set() -> None:
    contract = loads_contract(
        '[calendar]\ntimezone = "America/New_York"\n[calendar.hours]\n"mon,wed" = "08:00-10:00"\n'
        '[[calendar.adjustments]]\n'
        'rrule = "DTSTART:20260105\\nRRULE:FREQ=WEEKLY;BYDAY=MO\\nEXDATE:20260112"\n'
        'action = "close"\n')
    assert contract.calendar.holiday_name(date(2026, 1, 1)) is None
    assert hours_on(contract, date(2026, 1, 5)) == []
    assert hours_on(contract, date(2026, 1, 12)) == [("08:00", "10:00")]  # the EXDATE
    assert hours_on(contract, date(2026, 1, 7)) == [("08:00", "10:00")]


# --- errors name the key --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "key", "reason"),
    [
        ('[calendar]\nzone = "mars"', "calendar.zone", '"mars" is not a Service Time Zone'),
        ('[calendar]\nzone = "eastern"\ncolour = "red"', "calendar.colour", "unknown key"),
        ('[calendar]\nzone = "eastern"\n[slas]\n', "slas", "unknown key"),
        ('[sla]\nnon_critical_response = "8h"', "calendar", "missing"),
        ("[calendar]\n", "calendar", "give zone"),
        ('[calendar]\nzone = "uk"\nsubdivision = "XX"', "calendar.subdivision", "unknown UK"),
        ('[calendar]\nzone = "eastern"\nsubdivision = "SCT"', "calendar.subdivision",
         "applies only to the 'uk' calendar"),
        ('[calendar]\nzone = "uk"\ntimezone = "UTC"', "calendar.timezone", "either zone"),
        ('[calendar]\ntimezone = "Mars/Olympus"\nhours = {}', "calendar.timezone",
         "unknown time zone"),
        ('[calendar]\ntimezone = "UTC"', "calendar.hours", "missing"),
        ('[calendar]\ntimezone = "UTC"\nhours = { mon-frx = "09:00-17:00" }',
         "calendar.hours.mon-frx", '"mon-frx" is not a day spec'),
        ('[calendar]\ntimezone = "UTC"\nhours = { mon-fri = "9-5" }',
         "calendar.hours.mon-fri", '"9-5" is not HH:MM-HH:MM'),
        ('[calendar]\ntimezone = "UTC"\nhours = { mon-fri = "09:00-17:00", fri = "10:00-11:00" }',
         "calendar.hours.fri", "overlaps"),
        ('[calendar]\ntimezone = "UTC"\nhours = { mon = 9 }', "calendar.hours.mon",
         "must be a string"),
        ('[calendar]\ntimezone = "UTC"\nhours = {}\n[calendar.holidays]\ncountry = "ZZ"',
         "calendar.holidays.country", "unknown country"),
        ('[calendar]\ntimezone = "UTC"\nhours = {}\n[calendar.holidays]\nsubdivision = "BY"',
         "calendar.holidays.subdivision", "needs a country"),
        ('[calendar]\nzone = "uk"\n[calendar.holidays]\ncountry = "DE"',
         "calendar.holidays.country", "unknown key"),
        ('[calendar]\nzone = "eastern"\n[calendar.holidays]\nremoved = [2026-11-12]',
         "calendar.holidays.removed[0]", "not a bank holiday"),
        ('[calendar]\nzone = "eastern"\n[calendar.holidays]\nextra = ["2026-02-30"]',
         "calendar.holidays.extra[0]", "is not a date"),
        ('[calendar]\nzone = "eastern"\n[calendar.holidays]\nextra = { "2026-12-24" = 1 }',
         'calendar.holidays.extra."2026-12-24"', "must be the holiday's name"),
        ('[calendar]\nzone = "eastern"\n[[calendar.weekly_hours]]\nhours = {}',
         "calendar.weekly_hours[0].effective", "missing"),
        ('[calendar]\nzone = "eastern"\n[[calendar.weekly_hours]]\neffective = 2027-01-01T00:00:00Z'
         "\nhours = {}", "calendar.weekly_hours[0].effective", "not a date-time"),
        ('[calendar]\nzone = "eastern"\n[[calendar.adjustments]]\nhours = "09:00-10:00"',
         "calendar.adjustments[0]", "exactly one of date"),
        ('[calendar]\nzone = "eastern"\n[[calendar.adjustments]]\ndate = 2026-12-24\n'
         'from = 2026-12-24\nto = 2026-12-25\nhours = ""', "calendar.adjustments[0]",
         "exactly one of date"),
        ('[calendar]\nzone = "eastern"\n[[calendar.adjustments]]\nfrom = 2026-12-24\nhours = ""',
         "calendar.adjustments[0]", "exactly one of date"),
        ('[calendar]\nzone = "eastern"\n[[calendar.adjustments]]\nfrom = 2026-12-24\n'
         'to = 2026-12-20\naction = "close"', "calendar.adjustments[0].to", "is before"),
        ('[calendar]\nzone = "eastern"\n[[calendar.adjustments]]\ndate = 2026-12-24\n'
         'action = "open"\nhours = "09:00-10:00"', "calendar.adjustments[0].action",
         '"open" is not an action'),
        ('[calendar]\nzone = "eastern"\n[[calendar.adjustments]]\ndate = 2026-12-24\n'
         'action = "close"\nhours = "09:00-10:00"', "calendar.adjustments[0].hours",
         "not accepted"),
        ('[calendar]\nzone = "eastern"\n[[calendar.adjustments]]\ndate = 2026-12-24\n'
         'action = "expand"', "calendar.adjustments[0].hours", "missing"),
        ('[calendar]\nzone = "eastern"\n[[calendar.adjustments]]\n'
         'rrule = "FREQ=YEARLY"\naction = "close"', "calendar.adjustments[0].rrule",
         "needs a DTSTART"),
        ('[calendar]\nzone = "eastern"\n[[calendar.adjustments]]\n'
         'rrule = "DTSTART:20260101\\nRRULE:FREQ=SOMETIMES"\naction = "close"',
         "calendar.adjustments[0].rrule", "is not an RFC 5545 rule"),
        ('[calendar]\nzone = "eastern"\n[[calendar.adjustments]]\ndate = 2026-12-24\n'
         'hours = "09:00-12:00"\nreason = "x"', "calendar.adjustments[0].reason", "unknown key"),
        ('[calendar]\nzone = "eastern"\n[sla]\nnon_critical_response = "1d"',
         "sla.non_critical_response", "a business day is not 24 hours"),
        ('[calendar]\nzone = "eastern"\n[sla]\nnon_critical_response = 8',
         "sla.non_critical_response", "must be a duration string"),
        ('[calendar]\nzone = "eastern"\n[sla]\ncritical_update_every = "0s"',
         "sla.critical_update_every", "must be a positive duration"),
        ('[calendar]\nzone = "eastern"\n[sla]\non_escalation = "later"', "sla.on_escalation",
         "unknown SeverityChange"),
        ('[calendar]\nzone = "eastern"\n[sla]\non_escalation = true', "sla.on_escalation",
         "must be a string"),
        ('[calendar]\nzone = "eastern"\n[[calendar.adjustments]]\n'
         'rrule = "DTSTART:20260101T000000\\nRRULE:FREQ=MINUTELY"\naction = "close"',
         "calendar.adjustments[0].rrule", "repeats more often than daily"),
        ('[calendar]\nzone = "eastern"\n[[calendar.adjustments]]\ndate = 2026-12-24\n'
         'action = ""\nhours = "10:00-11:00"', "calendar.adjustments[0].action",
         '"" is not an action'),
        ('[calendar]\nzone = "eastern"\n[sla]\nnon_critical_response = "99999999h"',
         "sla.non_critical_response", "longer than the longest accepted, 87600h"),
        ("calendar = 3", "calendar", "must be a table"),
    ],
)
def test_errors_name_the_key(text: str, key: str, reason: str) -> None:
    exc = error(text)
    assert exc.key == key
    assert reason in exc.reason
    assert str(exc).startswith(f"<string>: {key}: ")
    assert isinstance(exc, bizhours.ConfigError)


def test_the_issues_example_message() -> None:
    text = CONTRACT.read_text(encoding="utf-8").replace('hours = "10:00-14:00"',
                                                       'hours = "25:00-26:00"')
    exc = error(text)
    assert str(exc).startswith('<string>: calendar.adjustments[2].hours: "25:00-26:00" is not '
                               "HH:MM-HH:MM ranges: time '25:00' is out of range")


def test_toml_syntax_error_names_the_file(tmp_path: Path) -> None:
    bad = tmp_path / "c.toml"
    bad.write_text("[calendar\nzone = 'eastern'\n", encoding="utf-8")
    with pytest.raises(ContractError) as info:
        load_contract(bad)
    assert str(info.value).startswith(f"{bad}: not valid TOML")
    assert "line 1" in str(info.value)


def test_missing_and_undecodable_files(tmp_path: Path) -> None:
    with pytest.raises(ContractError, match="cannot read the contract file"):
        load_contract(tmp_path / "none.toml")
    latin = tmp_path / "latin.toml"
    latin.write_bytes(b'[calendar]\nzone = "eastern" # caf\xe9\n')
    with pytest.raises(ContractError, match="not UTF-8"):
        load_contract(latin)


def test_contract_answers_like_the_python_api() -> None:
    contract = loads_contract('[calendar]\nzone = "eastern"\n[sla]\nnon_critical_response = "2h"')
    opened = datetime(2026, 11, 20, 16, tzinfo=NY)
    ev = contract.policy.evaluate(sla.Case(opened, "non-critical"), opened)
    assert ev.response.due == datetime(2026, 11, 23, 10, tzinfo=NY)
