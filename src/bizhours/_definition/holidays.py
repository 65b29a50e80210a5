"""Bank holidays: the Federal Reserve's, the UK nations', any country's, or a list of dates.

A calendar holds a *holiday source*, a small hashable value that names holidays for a span of
years on demand, so a calendar can be compared, hashed and pickled without its dates.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import lru_cache

import holidays as _holidays

from bizhours.errors import ConfigError

UK_NATIONS = ("ENG", "NIR", "SCT", "WLS")


@dataclass(frozen=True, slots=True)
class HolidayClassSource:
    """Holidays read lazily, year by year, from a ``holidays`` package class."""

    cls: type[_holidays.HolidayBase]
    subdiv: str | None
    categories: frozenset[str]
    observed: bool

    def names(self, first_year: int, last_year: int) -> dict[date, str]:
        """Holiday names by date for the years ``first_year..last_year`` inclusive."""
        years = range(max(first_year, 1), min(last_year, 9999) + 1)
        table = self.cls(
            years=years, subdiv=self.subdiv, categories=self.categories, observed=self.observed
        )
        return dict(table.items())


@dataclass(frozen=True, slots=True)
class HolidaySnapshot:
    """A fixed set of holiday dates (and names), taken when the calendar was built."""

    days: tuple[tuple[date, str], ...]
    # Hashed once: names_in_year's cache hashes the source at every lookup, and a list of
    # thousands of dates costs tens of microseconds to hash.
    _hash: int = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_hash", hash(self.days))

    def __hash__(self) -> int:
        return self._hash

    def __reduce__(self) -> tuple[object, ...]:
        # The days only: string hashes differ between processes, so each one hashes afresh.
        return (HolidaySnapshot, (self.days,))

    def names(self, first_year: int, last_year: int) -> dict[date, str]:
        """Holiday names by date for the years ``first_year..last_year`` inclusive."""
        return {d: n for d, n in self.days if first_year <= d.year <= last_year}


HolidaySource = HolidayClassSource | HolidaySnapshot


@lru_cache(maxsize=8192)
def names_in_year(source: HolidaySource, year: int) -> dict[date, str]:
    """Holiday names by date in one year, shared by every calendar with an equal source
    (the ``holidays`` package takes milliseconds a year; callers must not mutate the dict)."""
    return source.names(year, year)


def bank_holidays(country: str, subdivision: str | None = None) -> _holidays.HolidayBase:
    """The bank holidays generally recognised in ``country`` (and ``subdivision``).

    ``"US"`` gives the Federal Reserve's holidays (a Saturday holiday is not observed on the
    Friday before); ``"UK"`` or ``"GB"`` gives a UK nation's, England and Wales unless
    ``subdivision`` is ``"SCT"``, ``"NIR"`` or ``"WLS"``; a financial market code such as
    ``"XNYS"`` gives that market's; any other ISO country code the ``holidays`` package knows.

    >>> date(2026, 11, 30) in bank_holidays("UK", subdivision="SCT")
    True
    """
    if not isinstance(country, str):
        raise ConfigError(f"country {country!r} must be a string such as 'US', 'UK' or 'DE'")
    code = country.strip().upper()
    sub = subdivision.strip().upper() if isinstance(subdivision, str) else subdivision
    if code in ("US", "USA", "XFED"):
        if sub is not None:
            raise ConfigError(
                f"subdivision {subdivision!r}: US bank holidays are the Federal Reserve's, "
                "which have no subdivisions"
            )
        try:
            return _holidays.financial_holidays("XFED")
        except NotImplementedError:  # an installed holidays older than bizhours asks for
            installed = getattr(_holidays, "__version__", "?")
            raise ConfigError(
                "US bank holidays need the Federal Reserve calendar (XFED) of holidays>=0.109, "
                f"and holidays {installed} is installed: pip install 'holidays>=0.109'"
            ) from None
    if code in ("UK", "GB", "GBR"):
        sub = sub or "ENG"
        if sub not in UK_NATIONS:
            raise ConfigError(
                f"unknown UK subdivision {subdivision!r}: accepted {', '.join(UK_NATIONS)}"
            )
        return _holidays.country_holidays("GB", subdiv=sub)
    markets = _holidays.list_supported_financial()
    try:
        if code in markets:
            return _holidays.financial_holidays(code, subdiv=sub)
        return _holidays.country_holidays(code, subdiv=sub)
    except NotImplementedError as exc:
        countries = _holidays.list_supported_countries()
        if code in countries or code in markets:
            accepted = (countries.get(code) or markets.get(code) or []) if sub else []
            raise ConfigError(
                f"unknown subdivision {subdivision!r} for {country!r}: accepted "
                f"{', '.join(accepted) or 'none'}"
            ) from None
        raise ConfigError(
            f"unknown country {country!r}: accepted ISO 3166 codes the holidays package "
            f"knows (e.g. US, UK, DE, FR) or market codes such as XNYS ({exc})"
        ) from None


def holiday_source(
    value: _holidays.HolidayBase | Iterable[date | str] | Mapping[date, str] | None,
) -> HolidaySource | None:
    """The source behind a calendar's ``holidays=`` argument, validated."""
    if value is None:
        return None
    if isinstance(value, _holidays.HolidayBase):
        cats = value.categories
        return HolidayClassSource(
            type(value),
            value.subdiv,
            frozenset([cats] if isinstance(cats, str) else cats or ()),
            bool(value.observed),
        )
    if isinstance(value, (str, bytes)) or not isinstance(value, Iterable):
        raise ConfigError(
            f"holidays {value!r} must be a holidays.HolidayBase, an iterable of dates, or None"
        )
    named: dict[date, str] = {}
    pairs = value.items() if isinstance(value, Mapping) else ((d, "holiday") for d in value)
    for item, name in pairs:
        named[as_date(item, "holiday")] = str(name)
    return HolidaySnapshot(tuple(sorted(named.items())))


def as_date(value: object, what: str) -> date:
    """A ``date`` from a date or an ISO string; anything else is a ``ConfigError``."""
    if isinstance(value, datetime):
        raise ConfigError(f"{what} {value!r} must be a date, not a datetime")
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise ConfigError(f"{what} {value!r} is not a date (a datetime.date or 'YYYY-MM-DD')")
