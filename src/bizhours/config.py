"""The contract file: one customer's terms in TOML, read into a calendar and an SLA policy.

``load_contract(path)`` is what the ``bizhours --config FILE`` command line uses, so scripts
and the shell share one file. Every key is checked: an unknown key or a bad value raises
``ContractError`` naming the key's path, such as
``calendar.adjustments[2].hours: "25:00-26:00" is not HH:MM-HH:MM ranges``. The keys are
described in ``docs/contract.md`` and shown, commented, in ``examples/contract.toml``.

>>> contract = loads_contract('''
... [calendar]
... zone = "uk"
... subdivision = "SCT"
... [sla]
... non_critical_response = "4h"
... ''')
>>> contract.calendar
bizhours.calendar('uk', subdivision='SCT')
"""

from __future__ import annotations

import json
import os
import sys
import tomllib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import partial
from typing import Any, TypeVar

from dateutil.rrule import rrule, rruleset

from bizhours._calendar import Calendar
from bizhours._definition.business_days import BusinessDays
from bizhours._definition.dates import Dates, date_selector
from bizhours._definition.holidays import as_date, bank_holidays
from bizhours._definition.hours import (
    DayRanges,
    clock_text,
    merge_touching,
    parse_days,
    parse_ranges,
    parse_week,
    spilled,
)
from bizhours._definition.recurrence import rule_from_text
from bizhours.durations import format_duration, parse_deadline, parse_duration
from bizhours.errors import BizHoursError, ConfigError, ContractError
from bizhours.presets import NAMES as PRESET_NAMES
from bizhours.presets import calendar as preset_calendar
from bizhours.sla import Metric, Policy, Target, enterprise_policy, severity_name

__all__ = ["MAX_CONTRACT_BYTES", "Contract", "ContractError", "DayNote",
           "contract_from_mapping", "load_contract", "loads_contract"]

T = TypeVar("T")
_ACTIONS = ("set", "close", "expand", "contract")
_LONGEST = timedelta(hours=87_600)  # the longest SLA figure a contract may give
_MOST_DAYS = 3_650  # the most business days a contract may give: ten years of every day
_BUSINESS_DAYS_KEYS = ("business_days", "by", "cutoff")

MAX_CONTRACT_BYTES = 1 << 20
"""The longest contract accepted, 1 MiB: a contract is a page of terms, and a longer input
(``/dev/zero``, a pipe that never ends) is refused rather than read for ever."""
_TOO_LONG = f"longer than the longest contract accepted, {MAX_CONTRACT_BYTES:,} bytes (1 MiB)"


@dataclass(frozen=True, slots=True)
class DayNote:
    """What the contract file says about some dates (an extra or removed holiday, or an
    adjustment with its note), for tools that show a calendar to people."""

    dates: Dates
    text: str


@dataclass(frozen=True, slots=True)
class Contract:
    """One customer's terms: the business calendar and the SLA policy built on it.

    ``label`` names the calendar for people (``"uk (SCT)"``, ``"Europe/Berlin"``) and ``notes``
    keep what the file says about particular dates, in file order.

    >>> loads_contract('[calendar]\\nzone = "eastern"').policy.targets["non-critical"].response
    datetime.timedelta(seconds=28800)
    """

    calendar: Calendar
    policy: Policy
    source: str
    label: str
    notes: tuple[DayNote, ...] = ()

    def notes_on(self, day: date) -> list[str]:
        """The file's notes that apply to the local date ``day``, in file order.

        >>> loads_contract('[calendar]\\nzone = "eastern"').notes_on(date(2026, 12, 24))
        []
        """
        return [n.text for n in self.notes if next(n.dates.between(day, day), None)]


def load_contract(path: str | os.PathLike[str]) -> Contract:
    """Read the TOML contract file at ``path`` into a ``Contract`` (calendar and policy).

    >>> contract = load_contract("examples/contract.toml")  # doctest: +SKIP
    >>> contract.policy.evaluate(case, now).response.due  # doctest: +SKIP
    """
    source = os.fspath(path)
    try:
        with open(source, "rb") as f:
            data = f.read(MAX_CONTRACT_BYTES + 1)  # a device or a pipe may never end
    except OSError as exc:
        reason = f"cannot read the contract file: {exc.strerror}"
        raise ContractError(source, None, reason) from None
    if len(data) > MAX_CONTRACT_BYTES:
        raise ContractError(source, None, _TOO_LONG)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ContractError(source, None, f"not UTF-8 text ({exc.reason} at byte {exc.start})"
                            ) from None
    return loads_contract(text, source=source)


def loads_contract(text: str, *, source: str = "<string>") -> Contract:
    """A ``Contract`` from TOML text; ``source`` names it in error messages.

    >>> try:
    ...     loads_contract('[calendar]\\nzone = "eastern"\\ncolour = "red"')
    ... except ContractError as exc:
    ...     print(exc.key)
    calendar.colour
    """
    if len(text) > MAX_CONTRACT_BYTES:
        raise ContractError(source, None, _TOO_LONG)
    try:
        try:
            data = tomllib.loads(text)
        except tomllib.TOMLDecodeError as exc:
            raise ContractError(source, None, f"not valid TOML: {exc}") from None
        except ValueError:  # past Python's limit on digits an integer may have
            raise ContractError(source, None, _HUGE_NUMBER) from None
        return _Reader(source).contract(data)
    except RecursionError:  # tomllib (and a message showing a value) recurse into nesting
        raise ContractError(source, None, "arrays or tables nested too deeply") from None


def contract_from_mapping(data: Mapping[str, Any], source: str = "<mapping>") -> Contract:
    """A ``Contract`` from an already parsed mapping (JSON from a database, a ``dict``), with
    the keys and checks of the contract file; ``source`` names it in error messages. Any
    mapping and any list or tuple inside are read as TOML's tables and arrays.

    >>> contract_from_mapping({"calendar": {"zone": "uk"}}).calendar
    bizhours.calendar('uk')
    >>> try:
    ...     contract_from_mapping({"calendar": {"zone": "eastern", "colour": "red"}},
    ...                           source="customer 42")
    ... except ContractError as exc:
    ...     print(exc.source, exc.key)
    customer 42 calendar.colour
    """
    try:
        return _Reader(source).contract(_plain(data))  # type: ignore[arg-type]
    except RecursionError:
        raise ContractError(source, None, "arrays or tables nested too deeply") from None


def _plain(value: object) -> object:
    """Mappings as dicts and lists or tuples as lists, all the way down (the reader's
    tables and arrays)."""
    if isinstance(value, Mapping):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


_HUGE_NUMBER = (f"a number has more than {sys.get_int_max_str_digits()} digits: give figures "
                "as durations such as \"15m\" or \"8h\"")


_SHOWN = 80
"""The longest value a message quotes in full; a longer one is cut, with its length."""


def _show(value: object) -> str:
    """A value as it would be written in TOML, for messages, cut when long.

    >>> _show("x" * 100).endswith("x... (102 characters)")
    True
    """
    text = _as_toml(value)
    return text if len(text) <= _SHOWN else f"{text[:_SHOWN]}... ({len(text)} characters)"


def _as_toml(value: object) -> str:
    """A value as it would be written in TOML."""
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, date | datetime):
        return value.isoformat()
    if isinstance(value, list):
        return "[" + ", ".join(_as_toml(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k} = {_as_toml(v)}" for k, v in value.items()) + "}"
    return str(value)


def _type_name(value: object) -> str:
    names = {str: "a string", bool: "a boolean", int: "an integer", float: "a float",
             list: "an array", dict: "a table", date: "a date", datetime: "a date-time"}
    return names.get(type(value), type(value).__name__)


class _Reader:
    """Walks the parsed TOML, checking each key and building the calendar as it goes."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.notes: list[DayNote] = []

    def fail(self, key: str | None, reason: str) -> ContractError:
        return ContractError(self.source, key, reason)

    def table(self, value: object, key: str, allowed: tuple[str, ...]) -> dict[str, Any]:
        """``value`` as a table whose keys are all in ``allowed``."""
        if not isinstance(value, dict):
            raise self.fail(key, f"must be a table, not {_type_name(value)} {_show(value)}")
        for name in value:
            if name not in allowed:
                where = f"{key}.{name}" if key else name
                raise self.fail(where, f"unknown key: accepted here {', '.join(allowed)}")
        return value

    def get(self, table: Mapping[str, Any], key: str, name: str, kind: type[T],
            what: str) -> T | None:
        value = table.get(name)
        if value is None:
            return None
        if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
            raise self.fail(f"{key}.{name}" if key else name,
                            f"{_show(value)} must be {what}, not {_type_name(value)}")
        return value

    def array(self, value: object, key: str, what: str) -> list[Any]:
        if not isinstance(value, list):
            raise self.fail(key, f"{_show(value)} must be {what}, not {_type_name(value)}")
        return value

    def guarded(self, key: str, value: object, what: str, build: Callable[[], T]) -> T:
        """Run ``build``; a bizhours error becomes one naming ``key`` and its value."""
        try:
            return build()
        except ContractError:
            raise
        except BizHoursError as exc:
            raise self.fail(key, f"{_show(value)} {what}: {exc}") from None

    def day(self, value: object, key: str) -> date:
        if isinstance(value, datetime):
            raise self.fail(key, f"{_show(value)} must be a date (YYYY-MM-DD), not a date-time")
        try:
            return as_date(value, "date")
        except ConfigError:
            raise self.fail(key, f"{_show(value)} is not a date (write 2026-12-24)") from None

    def duration(self, value: object, key: str) -> timedelta:
        if not isinstance(value, str):
            raise self.fail(key, f"{_show(value)} must be a duration string such as \"8h\" or "
                            "\"PT8H\"")
        result = self.guarded(key, value, "is not a duration", lambda: parse_duration(value))
        return self.length(result, value, key)

    def deadline(self, value: object, key: str) -> timedelta | BusinessDays:
        """A target: a duration string, business days (``"1bd@close"``) or their table."""
        if isinstance(value, dict):
            return self.business_days_table(value, key)
        if not isinstance(value, str):
            raise self.fail(key, f"{_show(value)} must be a duration string such as \"8h\" or "
                            "\"PT8H\", business days such as \"1bd@close\", or a table "
                            "{ business_days = 1, by = \"16:00\", cutoff = \"10:00\" }")
        result = self.guarded(key, value, "is not a duration or business days",
                              lambda: parse_deadline(value))
        if isinstance(result, BusinessDays):
            return self.business_days(result, value, key)
        return self.length(result, value, key)

    def business_days_table(self, value: dict[str, Any], key: str) -> BusinessDays:
        t = self.table(value, key, _BUSINESS_DAYS_KEYS)
        if "business_days" not in t:
            raise self.fail(f"{key}.business_days", "missing: give the whole number of business "
                            "days, such as { business_days = 1, by = \"close\" }")
        days = self.get(t, key, "business_days", int, "a whole number of business days")
        assert days is not None
        if days < 0:
            raise self.fail(f"{key}.business_days", f"{days} must be 0 or more: a business-day "
                            "deadline counts forward from the start")
        if days > _MOST_DAYS:  # before the value is built: a huge count is refused at once
            raise self.business_days_too_many(days, f"{key}.business_days")
        times: dict[str, str | time | None] = {}
        for name in ("by", "cutoff"):
            given = t.get(name)
            if given is not None and not isinstance(given, str | time):
                accepted = ", \"open\" or \"close\"" if name == "by" else ""
                raise self.fail(f"{key}.{name}", f"{_show(given)} must be a wall time such as "
                                f"\"16:00\"{accepted}, not {_type_name(given)}")
            times[name] = given
            if given is not None:  # each key's own mistakes named at its own path
                self.guarded(f"{key}.{name}", given, "is not accepted",
                             partial(BusinessDays, 0, **{name: given}))
        result = BusinessDays(days, by=times["by"], cutoff=times["cutoff"])
        return self.business_days(result, value, key)

    def business_days(self, result: BusinessDays, value: object, key: str) -> BusinessDays:
        if result.days == 0 and result.by is None:
            raise self.fail(key, f"{_show(value)} would be due the moment work can begin: give "
                            "a time of day (\"0bd@close\") or one business day or more")
        if result.days > _MOST_DAYS:
            raise self.business_days_too_many(result.days, key)
        return result

    def business_days_too_many(self, days: int, key: str) -> ContractError:
        return self.fail(key, f"{days:,} business days are more than the most accepted, "
                         f"{_MOST_DAYS:,} (ten years)")

    def length(self, result: timedelta, value: object, key: str) -> timedelta:
        """``result`` (read from ``value``), if it is a length an SLA figure may have."""
        if result <= timedelta(0):
            raise self.fail(key, f"{_show(value)} must be a positive duration")
        if result > _LONGEST:  # a target no deadline within datetime's range could meet
            raise self.fail(key, f"{_show(value)} is longer than the longest accepted, "
                            f"{format_duration(_LONGEST)} (ten years)")
        return result

    # --- the file ---------------------------------------------------------------------------

    def contract(self, data: dict[str, Any]) -> Contract:
        top = self.table(data, "", ("calendar", "sla"))
        if "calendar" not in top:
            raise self.fail("calendar", "missing: give [calendar] with zone = \"eastern\" (or "
                            "pacific, uk, 24x7), or a custom calendar with timezone and hours")
        cal, label = self.calendar(top["calendar"])
        policy = self.policy(top.get("sla", {}), cal)
        return Contract(cal, policy, self.source, label, tuple(self.notes))

    def calendar(self, value: object) -> tuple[Calendar, str]:
        t = self.table(value, "calendar", ("zone", "subdivision", "timezone", "hours",
                                            "holidays", "weekly_hours", "adjustments"))
        if "zone" in t:
            cal, label = self.preset(t)
        elif "timezone" in t:
            cal, label = self.custom(t)
        else:
            raise self.fail("calendar", "give zone = \"eastern\" (or pacific, uk, 24x7) for a "
                            "preset, or timezone and hours for a custom calendar")
        for i, entry in enumerate(self.get(t, "calendar", "weekly_hours", list,
                                           "an array of tables") or []):
            cal = self.weekly(cal, entry, f"calendar.weekly_hours[{i}]")
        holidays = t.get("holidays")
        if holidays is not None:
            allowed = ("extra", "removed") if "zone" in t else (
                "country", "subdivision", "extra", "removed")
            cal = self.holiday_changes(cal, self.table(holidays, "calendar.holidays", allowed))
        for i, entry in enumerate(self.get(t, "calendar", "adjustments", list,
                                           "an array of tables") or []):
            cal = self.adjustment(cal, entry, f"calendar.adjustments[{i}]")
        return cal, label

    def preset(self, t: dict[str, Any]) -> tuple[Calendar, str]:
        for other in ("timezone", "hours"):
            if other in t:
                raise self.fail(f"calendar.{other}", "a preset (zone) has its own hours and "
                                "time zone: give either zone or timezone and hours")
        zone = self.get(t, "calendar", "zone", str, "a string")
        sub = self.get(t, "calendar", "subdivision", str, "a string")
        assert zone is not None
        if zone.strip().lower() not in PRESET_NAMES:
            raise self.fail("calendar.zone", f"{_show(zone)} is not a Service Time Zone: "
                            f"accepted {', '.join(PRESET_NAMES)}, or a custom calendar with "
                            "timezone and hours")
        cal = self.guarded("calendar.subdivision", sub, "is not accepted",
                           lambda: preset_calendar(zone, sub))
        name = zone.strip().lower()
        return cal, f"{name} ({sub.strip().upper()})" if sub else name

    def custom(self, t: dict[str, Any]) -> tuple[Calendar, str]:
        if "subdivision" in t:
            raise self.fail("calendar.subdivision", "belongs to a preset (zone); for a custom "
                            "calendar give [calendar.holidays] country and subdivision")
        tz = self.get(t, "calendar", "timezone", str, "an IANA time zone name")
        if "hours" not in t:
            raise self.fail("calendar.hours", "missing: a custom calendar needs its weekly "
                            "hours, such as [calendar.hours] mon-fri = \"09:00-17:00\"")
        hours = self.hours(t["hours"], "calendar.hours")
        country = sub = None
        holidays = t.get("holidays")
        if holidays is not None:
            h = self.table(holidays, "calendar.holidays", ("country", "subdivision", "extra",
                                                          "removed"))
            country = self.get(h, "calendar.holidays", "country", str, "a country code")
            sub = self.get(h, "calendar.holidays", "subdivision", str, "a string")
            if sub is not None and country is None:
                raise self.fail("calendar.holidays.subdivision", "needs a country")
        source = None
        if country is not None:
            key = "calendar.holidays.subdivision" if sub else "calendar.holidays.country"
            source = self.guarded(key, sub or country, "is not accepted",
                                  lambda: bank_holidays(country, sub))
        cal = self.guarded("calendar.timezone", tz, "is not accepted",
                           lambda: Calendar(tz or "", hours, source))
        assert tz is not None
        return cal, tz.strip()

    def hours(self, value: object, key: str) -> dict[str, str]:
        """A weekly-hours table, each day spec and range checked under its own key."""
        if not isinstance(value, dict):
            raise self.fail(key, f"must be a table of day specs and hours, such as "
                            f"{{ mon-fri = \"09:00-17:00\" }}, not {_type_name(value)}")
        table: dict[str, Any] = value
        given: dict[str, str] = {}
        for spec, text in table.items():
            where = f"{key}.{spec}" if spec.replace("-", "").isalnum() else f'{key}."{spec}"'
            self.guarded(where, spec, "is not a day spec", partial(parse_days, spec))
            self.ranges(text, where)
            given[spec] = text
            try:  # a day named by several specs: theirs must not overlap, nor night ranges
                parse_week(given)
            except ConfigError as exc:
                raise self.fail(where, str(exc)) from None
        return dict(table)

    def ranges(self, text: object, key: str) -> DayRanges:
        if not isinstance(text, str):
            raise self.fail(key, f"{_show(text)} must be a string such as \"09:00-17:00\", "
                            "or \"\" for closed")
        return self.guarded(key, text, "is not HH:MM-HH:MM ranges",
                            lambda: parse_ranges(text))

    def weekly(self, cal: Calendar, entry: object, key: str) -> Calendar:
        t = self.table(entry, key, ("effective", "hours"))
        for name in ("effective", "hours"):
            if name not in t:
                raise self.fail(f"{key}.{name}", "missing: new weekly hours need effective "
                                "(the first date) and hours")
        day = self.day(t["effective"], f"{key}.effective")
        hours = self.hours(t["hours"], f"{key}.hours")
        return cal.with_weekly_hours(hours, effective=day)

    def holiday_changes(self, cal: Calendar, h: dict[str, Any]) -> Calendar:
        extra = h.get("extra", [])
        named: list[tuple[date, str]] = []
        if isinstance(extra, dict):
            for text, name in extra.items():
                where = f'calendar.holidays.extra."{text}"'
                if not isinstance(name, str):
                    raise self.fail(where, f"{_show(name)} must be the holiday's name")
                named.append((self.day(text, where), name))
        elif isinstance(extra, list):
            named = [(self.day(v, f"calendar.holidays.extra[{i}]"), "")
                     for i, v in enumerate(extra)]
        else:
            raise self.fail("calendar.holidays.extra", "must be an array of dates or a table "
                            "of \"YYYY-MM-DD\" = \"name\"")
        base = cal
        for day, name in named:
            cal = cal.closed(day)
            text = f"{name} (extra holiday)" if name else "extra holiday"
            self.notes.append(DayNote(date_selector(day), text))
        removed = self.get(h, "calendar.holidays", "removed", list, "an array of dates") or []
        for i, value in enumerate(removed):
            where = f"calendar.holidays.removed[{i}]"
            day = self.day(value, where)
            name = base.holiday_name(day)
            if name is None:
                raise self.fail(where, f"{day.isoformat()} is not a bank holiday of this "
                                "calendar, so it cannot be removed")
            cal = cal.with_hours(day, clock_text(_weekly_on(cal, day)))
            self.notes.append(DayNote(date_selector(day), f"{name} (holiday removed)"))
        return cal

    def adjustment(self, cal: Calendar, entry: object, key: str) -> Calendar:
        t = self.table(entry, key, ("date", "from", "to", "rrule", "action", "hours", "note"))
        forms = [name for name in ("date", "from", "rrule") if name in t]
        if len(forms) != 1 or ("from" in t) != ("to" in t):
            raise self.fail(key, "give exactly one of date, from and to (an inclusive range), "
                            "or rrule")
        dates: date | tuple[date, date] | rrule | rruleset
        if "date" in t:
            dates = self.day(t["date"], f"{key}.date")
        elif "from" in t:
            dates = (self.day(t["from"], f"{key}.from"), self.day(t["to"], f"{key}.to"))
            if dates[1] < dates[0]:
                raise self.fail(f"{key}.to", f"{dates[1]} is before from {dates[0]}")
        else:
            dates = self.rule(t["rrule"], f"{key}.rrule")
        given = self.get(t, key, "action", str, "a string")
        action = "set" if given is None else given.strip().lower()  # "" is no action, not "set"
        if action not in _ACTIONS:
            raise self.fail(f"{key}.action", f"{_show(t['action'])} is not an action: accepted "
                            f"{', '.join(_ACTIONS)}")
        if action == "close":
            if "hours" in t:
                raise self.fail(f"{key}.hours", "not accepted with action = \"close\"")
            hours = ""
        elif "hours" not in t:
            raise self.fail(f"{key}.hours", f"missing: action \"{action}\" needs hours")
        else:
            hours = t["hours"]
            self.ranges(hours, f"{key}.hours")
        note = self.get(t, key, "note", str, "a string")
        method = {"set": cal.with_hours, "close": lambda d, _h: cal.closed(d),
                  "expand": cal.expanded, "contract": cal.contracted}[action]
        new: Calendar = method(dates, hours)
        verb = {"set": f"hours set to {hours}" if hours else "closed", "close": "closed",
                "expand": f"adds {hours}", "contract": f"takes out {hours}"}[action]
        text = f"{note} ({verb})" if note else f"adjusted: {verb}"
        self.notes.append(DayNote(date_selector(dates), text))
        return new

    def rule(self, value: object, key: str) -> rrule | rruleset:
        if not isinstance(value, str):
            raise self.fail(key, f"{_show(value)} must be an RFC 5545 string")
        try:
            parsed = rule_from_text(value)
            date_selector(parsed)  # the engine's own check (dates only, daily or coarser)
        except ConfigError as exc:
            raise self.fail(key, f"{_show(value)} is not an RFC 5545 rule: {exc}") from None
        return parsed

    def policy(self, value: object, cal: Calendar) -> Policy:
        t = self.table(value, "sla", _SLA_KEYS)
        changes: dict[str, str] = {}
        for name in ("on_escalation", "on_de_escalation"):
            text = self.get(t, "sla", name, str, "a string")
            if text is not None:
                changes[name] = self.guarded(f"sla.{name}", text, "is not accepted",
                                             partial(_severity_change, text))
        if "targets" in t:
            return self.own_policy(t, cal, changes)
        if "order" in t:
            raise self.fail("sla.order", "orders the severities of [sla.targets.<name>]: give "
                            "those tables too (the enterprise terms put critical first)")
        kwargs: dict[str, Any] = dict(changes)
        if "non_critical_response" in t:
            kwargs["non_critical_response"] = self.deadline(t["non_critical_response"],
                                                            "sla.non_critical_response")
        if "critical_update_every" in t:
            kwargs["critical_update_every"] = self.duration(t["critical_update_every"],
                                                            "sla.critical_update_every")
        return enterprise_policy(cal, **kwargs)

    def own_policy(self, t: dict[str, Any], cal: Calendar, changes: dict[str, str]) -> Policy:
        """A policy of the file's own severities, ``[sla.targets.<name>]``, in ``order``."""
        for name in _ENTERPRISE_KEYS:
            if name in t:  # two sources for one figure: refused rather than one ignored
                raise self.fail(f"sla.{name}", "not accepted with [sla.targets]: the targets "
                                "name every severity's figures (write the enterprise terms as "
                                "[sla.targets.critical] and [sla.targets.non-critical])")
        tables = t["targets"]
        if not isinstance(tables, dict) or not tables:
            given = "an empty table" if tables == {} else f"{_type_name(tables)} {_show(tables)}"
            raise self.fail("sla.targets", "must be a table of at least one severity, such as "
                            f"[sla.targets.p1] with response = \"1h\", not {given}")
        targets: dict[str, Target] = {}
        seen: dict[str, str] = {}
        for name, entry in tables.items():
            key = _key_path("sla.targets", name)
            severity = _severity_key(name)
            if not severity:
                raise self.fail(key, "a severity needs a name, such as p1 or urgent")
            if severity in seen:
                raise self.fail(key, f"names the severity {severity!r} again (as "
                                f"{seen[severity]!r}): names are compared case-insensitively, "
                                "with _, - and space alike")
            seen[severity] = name
            targets[name] = self.target(entry, key, cal)
        order = self.order(t["order"], list(seen)) if "order" in t else None
        return self.guarded("sla.targets", tables, "is not a policy", partial(
            Policy, targets, order=order, **changes))

    def target(self, value: object, key: str, cal: Calendar) -> Target:
        t = self.table(value, key, _TARGET_KEYS)
        if "response" not in t:
            raise self.fail(f"{key}.response", "missing: every severity needs its first "
                            "response target, such as response = \"4h\" or \"1bd@close\"")
        clock_name = self.get(t, key, "clock", str, "\"business\" or \"24x7\"")
        if clock_name is None or clock_name.strip().lower() == "business":
            clock = cal
        elif clock_name.strip().lower() == "24x7":
            clock = preset_calendar("24x7")
        else:
            raise self.fail(f"{key}.clock", f"{_show(clock_name)} is not a clock: accepted "
                            "\"business\" (the hours of [calendar], the default) or \"24x7\"")
        goals: dict[str, Any] = {"response": self.deadline(t["response"], f"{key}.response")}
        for name in ("next_reply", "resolution"):
            if name in t:
                goals[name] = self.deadline(t[name], f"{key}.{name}")
        if "update_every" in t:
            goals["update_every"] = self.cadence(t["update_every"], f"{key}.update_every")
        if "pausable" in t:
            goals["pausable"] = self.metrics(t["pausable"], f"{key}.pausable")
        if "warn_at" in t:
            goals["warn_at"] = self.shares(t["warn_at"], f"{key}.warn_at")
        return self.guarded(key, value, "is not a target", partial(Target, clock=clock, **goals))

    def cadence(self, value: object, key: str) -> timedelta:
        """An update cadence: a length of time, never business days."""
        if isinstance(value, dict) or (isinstance(value, str) and _is_business_days(value)):
            raise self.fail(key, f"{_show(value)} must be a duration such as \"1h\" or "
                            "\"PT30M\": an update cadence is a length of time, not business "
                            "days")
        return self.duration(value, key)

    def metrics(self, value: object, key: str) -> frozenset[Metric]:
        accepted = ", ".join(m.value for m in Metric)
        items = self.array(value, key, f"an array of metric names ({accepted})")
        chosen = set()
        for i, item in enumerate(items):
            if not isinstance(item, str):
                raise self.fail(f"{key}[{i}]", f"{_show(item)} must be a metric name: "
                                f"accepted {accepted}")
            try:
                chosen.add(Metric(item))
            except ValueError:
                raise self.fail(f"{key}[{i}]", f"{_show(item)} is not a metric: accepted "
                                f"{accepted}") from None
        return frozenset(chosen)

    def shares(self, value: object, key: str) -> tuple[float, ...]:
        items = self.array(value, key, "an array of shares of the target, such as [0.5, 0.75]")
        shares = []
        for i, item in enumerate(items):
            if (isinstance(item, bool) or not isinstance(item, int | float)
                    or not 0 < item <= _MOST_SHARE):
                raise self.fail(f"{key}[{i}]", f"{_show(item)} must be a share of the target "
                                f"above 0 and at most {_MOST_SHARE} (0.5 is half the target, 1 "
                                "the due moment)")
            shares.append(float(item))
        return tuple(shares)

    def order(self, value: object, names: list[str]) -> tuple[str, ...]:
        """``sla.order``: each severity of ``[sla.targets]`` once, most urgent first."""
        given = self.array(value, "sla.order", "an array of the severities, most urgent first")
        shown = ", ".join(names)
        seen: list[str] = []
        for i, item in enumerate(given):
            if not isinstance(item, str):
                raise self.fail(f"sla.order[{i}]", f"{_show(item)} must be a severity name: "
                                f"accepted {shown}")
            severity = _severity_key(item)
            if severity not in names:
                raise self.fail(f"sla.order[{i}]", f"{_show(item)} is not a severity of "
                                f"[sla.targets]: accepted {shown}")
            if severity in seen:
                raise self.fail(f"sla.order[{i}]", f"{_show(item)} is listed twice")
            seen.append(severity)
        missing = [n for n in names if n not in seen]
        if missing:
            raise self.fail("sla.order", f"leaves out {', '.join(missing)}: list every severity "
                            f"of [sla.targets] once, most urgent first ({shown})")
        return tuple(seen)


_SLA_KEYS = ("targets", "order", "non_critical_response", "critical_update_every",
             "on_escalation", "on_de_escalation")
_ENTERPRISE_KEYS = ("non_critical_response", "critical_update_every")
_TARGET_KEYS = ("response", "clock", "update_every", "next_reply", "resolution", "pausable",
                "warn_at")
_MOST_SHARE = 10  # a warning ten times past the target is already a breach long gone


def _severity_key(name: str) -> str:
    """``name`` as the policy compares severity names (``"P1"`` is ``"p1"``); ``""`` for a
    name with nothing in it."""
    try:
        return str(severity_name(name))
    except ConfigError:
        return ""


def _is_business_days(text: str) -> bool:
    try:
        return isinstance(parse_deadline(text), BusinessDays)
    except BizHoursError:
        return False


def _key_path(table: str, name: str) -> str:
    """``table.name``, quoting ``name`` when TOML would need quotes for it."""
    bare = name and all(c.isascii() and (c.isalnum() or c in "-_") for c in name)
    return f"{table}.{name}" if bare else f"{table}.{json.dumps(name, ensure_ascii=False)}"


def _severity_change(text: str) -> str:
    from bizhours.sla import SeverityChange

    return SeverityChange(text).value


def _weekly_on(cal: Calendar, day: date) -> DayRanges:
    """The standard weekly hours in effect on ``day`` for its weekday, with the part after
    midnight of the date before's night ranges (a holiday closes that part too)."""
    week = next(w for w in reversed(cal.definition.weekly) if w.effective <= day)
    before = day - timedelta(days=1)
    earlier = [w for w in cal.definition.weekly if w.effective <= before]
    spill = spilled(earlier[-1].days[before.weekday()]) if earlier else ()
    return merge_touching(sorted(spill + week.days[day.weekday()]))
