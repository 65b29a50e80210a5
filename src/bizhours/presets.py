"""The built-in Service Time Zones of the contract: eastern, pacific, uk, and 24x7."""

from __future__ import annotations

from functools import cache

from bizhours._calendar import Calendar, calendar_of
from bizhours._definition.holidays import UK_NATIONS, bank_holidays
from bizhours.errors import ConfigError

PRESETS = {
    "eastern": ("America/New_York", "09:00-17:00", "US"),
    "pacific": ("America/Los_Angeles", "09:00-17:00", "US"),
    "uk": ("Europe/London", "08:30-16:30", "UK"),
}
NAMES = (*PRESETS, "24x7")


def calendar(name: str, subdivision: str | None = None) -> Calendar:
    """The contract's business hours for a Service Time Zone, by name (case-insensitive).

    ``eastern`` and ``pacific`` are Monday to Friday 09:00-17:00 with the Federal Reserve's
    holidays; ``uk`` is Monday to Friday 08:30-16:30 with a UK nation's bank holidays (England
    and Wales unless ``subdivision`` is ``"SCT"``, ``"NIR"`` or ``"WLS"``); ``24x7`` is always
    open, in UTC. Equal arguments give the same calendar, compiled once.

    >>> calendar("UK", subdivision="sct")
    bizhours.calendar('uk', subdivision='SCT')
    """
    if not isinstance(name, str) or name.strip().lower() not in NAMES:
        raise ConfigError(f"unknown calendar {name!r}: accepted {', '.join(NAMES)}")
    key = name.strip().lower()
    if subdivision is not None:
        if key != "uk":
            raise ConfigError(
                f"subdivision {subdivision!r} applies only to the 'uk' calendar "
                f"(accepted {', '.join(UK_NATIONS)}); {key!r} has none"
            )
        if not isinstance(subdivision, str) or subdivision.strip().upper() not in UK_NATIONS:
            raise ConfigError(
                f"unknown UK subdivision {subdivision!r}: accepted {', '.join(UK_NATIONS)}"
            )
        subdivision = subdivision.strip().upper()
    return _preset(key, subdivision)


@cache
def _preset(key: str, subdivision: str | None) -> Calendar:
    if key == "24x7":
        cal = Calendar("UTC", {"mon-sun": "00:00-24:00"})
    else:
        zone, hours, country = PRESETS[key]
        cal = Calendar(zone, {"mon-fri": hours}, bank_holidays(country, subdivision))
    label = f"bizhours.calendar({key!r}" + (
        f", subdivision={subdivision!r})" if subdivision else ")"
    )
    return calendar_of(cal.definition, label)
