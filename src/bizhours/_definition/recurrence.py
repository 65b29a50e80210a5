"""Recurrence rules checked at the edge: RFC 5545 text read strictly into ``dateutil`` rules,
and ``dateutil`` rules (from text or from a caller) held to RFC 5545's ranges.

dateutil reads an out-of-range value silently (``BYMONTHDAY=0`` is every day, ``BYMONTH=13``
never applies), loops for ever on ``INTERVAL=0``, and opens any file named by a ``TZID``; so
its own parser never sees contract text, and every rule is checked before it is used.

>>> rule_from_text("DTSTART:20260101\\nRRULE:FREQ=YEARLY;BYMONTH=12;BYMONTHDAY=24")
... # doctest: +ELLIPSIS
<dateutil.rrule.rrule object at ...>
>>> rule_from_text("DTSTART:20260101\\nRRULE:FREQ=MONTHLY;BYMONTHDAY=0")
Traceback (most recent call last):
...
bizhours.errors.ConfigError: rule 'FREQ=MONTHLY;BYMONTHDAY=0': BYMONTHDAY=0 is out of range: \
accepted -31..-1 and 1..31
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, tzinfo
from functools import lru_cache
from typing import Any
from zoneinfo import ZoneInfo, available_timezones

from dateutil.rrule import DAILY, FREQNAMES, MONTHLY, WEEKLY, YEARLY, rrule, rruleset, weekday

from bizhours.errors import ConfigError

Rule = rrule | rruleset

# (least, greatest, whether negative values count from the end) per RFC 5545 section 3.3.10.
# BYEASTER is dateutil's extension: an offset from Easter Sunday that keeps the date in
# Easter's own year (Easter falls between March 22 and April 25); dateutil misplaces or
# fails on others.
_RANGES: dict[str, tuple[int, int, bool]] = {
    "bysetpos": (1, 366, True), "bymonth": (1, 12, False), "bymonthday": (1, 31, True),
    "byyearday": (1, 366, True), "byweekno": (1, 53, True), "byhour": (0, 23, False),
    "byminute": (0, 59, False), "bysecond": (0, 59, False), "byeaster": (-80, 250, False),
}
_ORDINALS = {MONTHLY: 5, YEARLY: 53}  # the greatest BYDAY ordinal each frequency allows
_FREQS = {"YEARLY": YEARLY, "MONTHLY": MONTHLY, "WEEKLY": WEEKLY, "DAILY": DAILY}
_DAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
_INTEGER = re.compile(r"[+-]?[0-9]{1,9}")
_WHEN = re.compile(r"([0-9]{4})([0-9]{2})([0-9]{2})(?:T([0-9]{2})([0-9]{2})([0-9]{2})(Z?))?")
_ZONE_NAME = re.compile(r"[A-Za-z0-9_+-]+(?:/[A-Za-z0-9_+-]+)*")
_ORDINAL_DAY = re.compile(r"([+-]?[0-9]{1,2})?(MO|TU|WE|TH|FR|SA|SU)")


def _fail(shown: str, reason: str) -> ConfigError:
    return ConfigError(f"rule {shown!r}: {reason}", value=shown)


# --- checking a rule's parts (one check for text and for rule objects) ---------------------


def check_parts(parts: Mapping[str, Any], shown: str) -> None:
    """Raise ``ConfigError`` unless the ``rrule`` keyword arguments ``parts`` are within
    RFC 5545's ranges, at a frequency of daily or coarser; ``shown`` names the rule."""
    freq = parts["freq"]
    if freq not in _FREQS.values():
        # Dates are what an adjustment selects; and a minutely rule is walked from its start
        # at every question asked of it, which never ends in practice.
        raise _fail(shown, f"FREQ={FREQNAMES[freq]} repeats more often than daily: an "
                    "adjustment selects dates, so give FREQ=DAILY, WEEKLY, MONTHLY or YEARLY")
    if parts.get("interval", 1) < 1:
        raise _fail(shown, f"INTERVAL={parts['interval']} is out of range: accepted 1 or more")
    count = parts.get("count")
    if count is not None and count < 1:
        raise _fail(shown, f"COUNT={count} is out of range: accepted 1 or more")
    if count is not None and parts.get("until") is not None:
        raise _fail(shown, "give COUNT or UNTIL, not both")
    for name, (least, greatest, signed) in _RANGES.items():
        values = parts.get(name)
        if values is None:
            continue
        if not values:  # dateutil drops a 0 and then applies no filter at all
            raise _fail(shown, f"{name.upper()} has no value within its range (dateutil drops "
                        "a 0)")
        for v in values:
            if not (least <= v <= greatest or (signed and -greatest <= v <= -least)):
                accepted = f"-{greatest}..-{least} and " if signed else ""
                raise _fail(shown, f"{name.upper()}={v} is out of range: accepted "
                            f"{accepted}{least}..{greatest}")
    _check_days(parts.get("byweekday"), freq, "byweekno" in parts, shown)


def _check_days(days: tuple[weekday, ...] | None, freq: int, weekno: bool, shown: str) -> None:
    if days is None:
        return
    if not days:
        raise _fail(shown, "BYDAY has no value")
    greatest = 0 if weekno else _ORDINALS.get(freq, 0)
    for day in days:
        if day.n is not None and not (0 < abs(day.n) <= greatest):
            allowed = (f"from -{greatest} to -1 and 1 to {greatest}" if greatest else
                       "none with this FREQ" + (" and BYWEEKNO" if weekno else ""))
            raise _fail(shown, f"BYDAY={day.n:+d}{_DAYS[day.weekday]} has an ordinal out of "
                        f"range: accepted {allowed}")


def rule_parts(rule: rrule) -> dict[str, Any]:
    """The keyword arguments that make ``rule`` again (its given ``BY`` parts, not the
    defaults dateutil takes from its start)."""
    # dateutil offers no public way to read a rule's parts (str(rule) drops its time zone
    # and the values it ignores, such as BYMONTHDAY=0), nor its stubs a type for them.
    r: Any = rule
    given = {k: v for k, v in r._original_rule.items() if v is not None}  # noqa: SLF001
    return {"freq": r._freq, "dtstart": r._dtstart, "interval": r._interval,  # noqa: SLF001
            "wkst": r._wkst, "count": r._count, "until": r._until, **given}  # noqa: SLF001


def set_parts(rules: rruleset) -> tuple[list[rrule], list[rrule], list[datetime],
                                        list[datetime]]:
    """A rule set's rules, excluded rules, dates and excluded dates (dateutil offers no
    public way to read them)."""
    s: Any = rules
    return (s._rrule, s._exrule, s._rdate, s._exdate)  # noqa: SLF001


def check_rule(rule: Rule) -> None:
    """Raise ``ConfigError`` unless every rule of ``rule`` is within RFC 5545's ranges, daily
    or coarser, and its dates are all naive or all aware (dateutil cannot compare them)."""
    if isinstance(rule, rrule):
        check_parts(rule_parts(rule), str(rule))
        return
    rules, exrules, rdates, exdates = set_parts(rule)
    if not rules and not rdates:
        raise ConfigError("rule set has no rule (RRULE) and no date (RDATE): it selects no "
                          "dates", value=rule)
    for r in (*rules, *exrules):
        check_parts(rule_parts(r), str(r))
    moments = [rule_parts(r)["dtstart"] for r in (*rules, *exrules)] + [*rdates, *exdates]
    for m in moments:
        if not isinstance(m, datetime):
            raise ConfigError(f"rule set date {m!r} must be a datetime", value=m)
    if len({m.tzinfo is None for m in moments}) > 1:
        raise ConfigError("rule set mixes naive and aware dates (its starts, RDATEs and "
                          "EXDATEs): give all with a time zone or none", value=rule)


# --- RFC 5545 text ---------------------------------------------------------------------------


@dataclass(slots=True)
class _Lines:
    """The properties of a rule's text, as they are read."""

    start: datetime | None = None
    rules: list[str] = field(default_factory=list)
    exrules: list[str] = field(default_factory=list)
    rdates: list[datetime] = field(default_factory=list)
    exdates: list[datetime] = field(default_factory=list)


def rule_from_text(text: str) -> Rule:
    """The ``dateutil`` rule (or rule set) of RFC 5545 text: a ``DTSTART``, then ``RRULE``,
    ``RDATE``, ``EXRULE`` and ``EXDATE`` lines; raise ``ConfigError`` for anything else."""
    lines = _Lines()
    for line in _unfold(text):
        _read_line(line, lines)
    start = lines.start
    if start is None:
        # Without DTSTART dateutil starts the rule at the current time, a silent default.
        raise ConfigError("needs a DTSTART, such as "
                          "\"DTSTART:20260101\\nRRULE:FREQ=YEARLY;BYMONTH=12;BYMONTHDAY=24\"",
                          value=text)
    if not lines.rules and not lines.rdates:
        raise ConfigError("has no RRULE (and no RDATE): give the recurrence, such as "
                          "RRULE:FREQ=YEARLY;BYMONTH=12;BYMONTHDAY=24", value=text)
    rules = [_rrule(v, start) for v in lines.rules]
    exrules = [_rrule(v, start) for v in lines.exrules]
    if len(rules) == 1 and not (exrules or lines.rdates or lines.exdates):
        return rules[0]
    out = rruleset()
    for r in rules:
        out.rrule(r)
    for r in exrules:
        out.exrule(r)
    for d in lines.rdates:
        out.rdate(d)
    for d in lines.exdates:
        out.exdate(d)
    check_rule(out)
    return out


def _unfold(text: str) -> list[str]:
    """RFC 5545 lines: a line starting with a space or tab continues the one before."""
    lines: list[str] = []
    for raw in text.splitlines():
        if raw[:1] in (" ", "\t") and lines:
            lines[-1] += raw[1:]
        elif raw.strip():
            lines.append(raw.strip())
    return lines


def _read_line(line: str, into: _Lines) -> None:
    head, colon, value = line.partition(":")
    if not colon:  # dateutil's shorthand: a bare line is a rule
        head, value = "RRULE", line
    name, *params = head.split(";")
    name = name.upper()
    if name in ("RRULE", "EXRULE"):
        if params:
            raise _fail(line, f"{name} takes no parameters")
        (into.rules if name == "RRULE" else into.exrules).append(value)
    elif name == "DTSTART":
        if into.start is not None:
            raise _fail(line, "DTSTART is given twice")
        moments = _moments(line, value, params)
        if len(moments) != 1:
            raise _fail(line, "DTSTART takes one value")
        into.start = moments[0]
    elif name in ("RDATE", "EXDATE"):
        target = into.rdates if name == "RDATE" else into.exdates
        target.extend(_moments(line, value, params))
    else:
        raise _fail(line, f"unknown property {name!r}: accepted DTSTART, RRULE, RDATE, EXRULE, "
                    "EXDATE")


def _moments(line: str, value: str, params: list[str]) -> list[datetime]:
    tz: tzinfo | None = None
    for param in params:
        key, _, given = param.partition("=")
        if key.upper() == "TZID" and tz is None:
            tz = iana_zone(given, line)
        elif key.upper() != "VALUE" or given.upper() not in ("DATE", "DATE-TIME"):
            raise _fail(line, f"unsupported parameter {param!r}: accepted TZID=<IANA zone> "
                        "and VALUE=DATE or DATE-TIME")
    return [_moment(v.strip(), tz, line) for v in value.split(",")]


def _moment(text: str, tz: tzinfo | None, line: str) -> datetime:
    """A date (``20260101``) or date-time (``20260101T090000``, ``Z`` for UTC), strictly."""
    match = _WHEN.fullmatch(text)
    if match is None:
        raise _fail(line, f"{text!r} is not a date (20260101) or date-time (20260101T090000, "
                    "20260101T140000Z)")
    y, mo, d, h, mi, s, z = match.groups()
    if z and tz is not None:
        raise _fail(line, f"{text!r} gives both a TZID and Z (UTC)")
    try:
        return datetime(int(y), int(mo), int(d), int(h or 0), int(mi or 0), int(s or 0),
                        tzinfo=UTC if z else tz)
    except ValueError as exc:
        raise _fail(line, f"{text!r} is not a valid date-time: {exc}") from None


def iana_zone(name: str, shown: str) -> ZoneInfo:
    """The zone of an IANA name from the tz database; any other name (such as a path) is a
    ``ConfigError``, and no file outside the database is ever opened for it."""
    if _ZONE_NAME.fullmatch(name) and name in _zone_names():
        try:
            return ZoneInfo(name)
        except (ValueError, OSError):
            pass
    raise _fail(shown, f"TZID {name!r} is not an IANA time zone name (such as "
                "America/New_York)")


@lru_cache(maxsize=1)
def _zone_names() -> frozenset[str]:
    return frozenset(available_timezones())


def _rrule(value: str, start: datetime) -> rrule:
    """One ``RRULE`` (or ``EXRULE``) value, checked, as a ``dateutil`` rule from ``start``."""
    parts: dict[str, Any] = {}
    for pair in value.split(";"):
        name, eq, given = pair.partition("=")
        key = name.strip().upper()
        if not eq or not given.strip():
            raise _fail(value, f"{pair!r} is not NAME=VALUE")
        read = _READERS.get(key)
        if read is None:
            raise _fail(value, f"unknown part {key!r}: accepted {', '.join(_READERS)}")
        arg = "byweekday" if key == "BYDAY" else key.lower()
        if arg in parts:
            raise _fail(value, f"{key} is given twice")
        parts[arg] = read(given.strip().upper(), value)
    if "freq" not in parts:
        raise _fail(value, "needs FREQ (DAILY, WEEKLY, MONTHLY or YEARLY)")
    until = parts.get("until")
    if until is not None and (until.tzinfo is None) != (start.tzinfo is None):
        raise _fail(value, "UNTIL must be in UTC (ending in Z) exactly when DTSTART has a "
                    "TZID or Z")
    check_parts(parts, value)
    try:
        return rrule(dtstart=start, **parts)
    except (ValueError, TypeError, OverflowError) as exc:
        raise _fail(value, str(exc)) from None


def _integer(text: str, shown: str) -> int:
    if not _INTEGER.fullmatch(text):
        raise _fail(shown, f"{text!r} is not an integer")
    return int(text)


def _integers(text: str, shown: str) -> tuple[int, ...]:
    return tuple(_integer(t.strip(), shown) for t in text.split(","))


def _freq(text: str, shown: str) -> int:
    if text in _FREQS:
        return _FREQS[text]
    if text in FREQNAMES:
        return FREQNAMES.index(text)  # refused by check_parts, with the reason
    raise _fail(shown, f"FREQ={text} is not a frequency: accepted {', '.join(_FREQS)}")


def _wkst(text: str, shown: str) -> int:
    if text not in _DAYS:
        raise _fail(shown, f"WKST={text} is not a day: accepted {', '.join(_DAYS)}")
    return _DAYS.index(text)


def _days(text: str, shown: str) -> tuple[weekday, ...]:
    out = []
    for item in text.split(","):
        match = _ORDINAL_DAY.fullmatch(item.strip())
        if match is None or (match.group(1) and int(match.group(1)) == 0):
            raise _fail(shown, f"BYDAY={item} is not a day (MO..SU), with an optional ordinal "
                        "such as -1FR")
        n = match.group(1)
        out.append(weekday(_DAYS.index(match.group(2)), int(n) if n else None))
    return tuple(out)


def _until(text: str, shown: str) -> datetime:
    return _moment(text, None, shown)


_READERS: dict[str, Any] = {
    "FREQ": _freq, "INTERVAL": _integer, "COUNT": _integer, "UNTIL": _until, "WKST": _wkst,
    "BYSETPOS": _integers, "BYMONTH": _integers, "BYMONTHDAY": _integers,
    "BYYEARDAY": _integers, "BYWEEKNO": _integers, "BYDAY": _days, "BYHOUR": _integers,
    "BYMINUTE": _integers, "BYSECOND": _integers, "BYEASTER": _integers,
}
