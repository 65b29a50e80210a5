"""Bank holidays: the Federal Reserve's, the UK nations', any country's, or a list of dates.

A calendar holds a *holiday source*, a small hashable value that names holidays for a span of
years on demand, so a calendar can be compared, hashed and pickled without its dates.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import lru_cache
from typing import Any

import holidays as _holidays

from bizhours.errors import ConfigError

UK_NATIONS = ("ENG", "NIR", "SCT", "WLS")
ENGLISH = "en_US"
"""The language of holiday names when the caller chose none (never the process locale)."""
_DELIMITER = "; "  # how the holidays package joins the names of holidays on one date


@dataclass(frozen=True, slots=True)
class HolidayClassSource:
    """Holidays read lazily, year by year, from a ``holidays`` package class and the
    parameters it was built with (``language`` is never ``None``: the locale is not read)."""

    cls: type[_holidays.HolidayBase]
    subdiv: str | None
    categories: frozenset[str]
    observed: bool
    language: str = ENGLISH
    options: tuple[tuple[str, Hashable], ...] = ()

    def build(self, years: Iterable[int], language: str | None) -> _holidays.HolidayBase:
        """The class's holidays for ``years``, named in ``language``."""
        options: dict[str, Any] = dict(self.options)
        return self.cls(years=years, subdiv=self.subdiv, categories=self.categories,
                        observed=self.observed, language=language, **options)

    def names(self, first_year: int, last_year: int) -> dict[date, str]:
        """Holiday names by date for the years ``first_year..last_year`` inclusive."""
        years = range(max(first_year, 1), min(last_year, 9999) + 1)
        return dict(self.build(years, self.language).items())


@dataclass(frozen=True, slots=True)
class HolidayObjectSource:
    """A ``holidays`` object as the caller built it: the holidays of its classes (several
    for a sum), then the dates removed by hand, then the names added by hand (merged with a
    holiday already on that date, as the package does)."""

    parts: tuple[HolidayClassSource, ...]
    added: tuple[tuple[date, str], ...]
    removed: tuple[date, ...]
    _hash: int = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_hash", hash((self.parts, self.added, self.removed)))

    def __hash__(self) -> int:
        return self._hash

    def __reduce__(self) -> tuple[object, ...]:
        # The parts only: string hashes differ between processes, so each one hashes afresh.
        return (HolidayObjectSource, (self.parts, self.added, self.removed))

    def names(self, first_year: int, last_year: int) -> dict[date, str]:
        """Holiday names by date for the years ``first_year..last_year`` inclusive."""
        out: dict[date, str] = {}
        for part in self.parts:
            for year in range(max(first_year, 1), min(last_year, 9999) + 1):
                merge_names(out, names_in_year(part, year))
        for day in self.removed:
            out.pop(day, None)
        merge_names(out, {d: n for d, n in self.added if first_year <= d.year <= last_year})
        return out


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


HolidaySource = HolidayClassSource | HolidayObjectSource | HolidaySnapshot


@lru_cache(maxsize=8192)
def names_in_year(source: HolidaySource, year: int) -> dict[date, str]:
    """Holiday names by date in one year, shared by every calendar with an equal source
    (the ``holidays`` package takes milliseconds a year; callers must not mutate the dict)."""
    return source.names(year, year)


def merge_names(into: dict[date, str], names: Mapping[date, str]) -> None:
    """Add ``names`` to ``into``; two holidays on one date get one name, their names sorted
    and joined by ``"; "``, as the ``holidays`` package joins them."""
    for day, name in names.items():
        if (had := into.get(day)) is not None and had != name:
            name = _DELIMITER.join(sorted(set(had.split(_DELIMITER) + name.split(_DELIMITER))))
        into[day] = name


def resolved_language(cls: type[_holidays.HolidayBase], wanted: str | None) -> str:
    """The language ``cls`` names its holidays in for ``wanted``: one it has, never ``None``
    (with ``None``, or a language it lacks, the package would read the process locale)."""
    supported = cls.supported_languages
    # en_US on every machine (api.md), unless the caller chose another the class has.
    for language in (wanted, ENGLISH, cls.default_language):
        if language is not None and language in supported:
            return language
    return wanted or cls.default_language or ENGLISH


def bank_holidays(
    country: str,
    subdivision: str | None = None,
    *,
    subdiv: str | None = None,
    language: str | None = None,
) -> _holidays.HolidayBase:
    """The bank holidays generally recognised in ``country`` (and ``subdivision``).

    ``"US"`` gives the Federal Reserve's holidays (a Saturday holiday is not observed on the
    Friday before); ``"UK"`` or ``"GB"`` gives a UK nation's, England and Wales unless
    ``subdivision`` is ``"SCT"``, ``"NIR"`` or ``"WLS"``; a financial market code such as
    ``"XNYS"`` gives that market's; any other ISO country code the ``holidays`` package knows.
    ``subdiv`` is an alias of ``subdivision`` (the ``holidays`` package's name). Names are in
    English whatever the process locale, unless ``language`` is one the country has.

    >>> date(2026, 11, 30) in bank_holidays("UK", subdivision="SCT")
    True
    >>> bank_holidays("DE", subdiv="BY", language="de").get(date(2026, 6, 4))
    'Fronleichnam'
    """
    if subdiv is not None:
        if subdivision is not None:
            raise ConfigError(
                f"subdivision {subdivision!r} and subdiv {subdiv!r}: subdiv is an alias of "
                "subdivision; give one of them"
            )
        subdivision = subdiv
    if language is not None and not isinstance(language, str):
        raise ConfigError(f"language {language!r} must be a string such as 'en_US' or 'de'")
    table = _bank_holidays(country, subdivision, None)
    supported = table.supported_languages
    if language is not None and language not in supported:
        raise ConfigError(
            f"language {language!r} for {country!r} bank holidays: accepted "
            f"{', '.join(supported) or 'none'}"
        )
    return _bank_holidays(country, subdivision, resolved_language(type(table), language))


def _bank_holidays(country: str, subdivision: str | None, language: str | None
                   ) -> _holidays.HolidayBase:
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
            # The class itself: financial_holidays() would import every country first.
            from holidays.financial.federal_reserve import XFED
        except ImportError:  # an installed holidays older than bizhours asks for
            installed = getattr(_holidays, "__version__", "?")
            raise ConfigError(
                "US bank holidays need the Federal Reserve calendar (XFED) of holidays>=0.109, "
                f"and holidays {installed} is installed: pip install 'holidays>=0.109'"
            ) from None
        fed: type[_holidays.HolidayBase] = XFED
        return fed(language=language)
    if code in ("UK", "GB", "GBR"):
        sub = sub or "ENG"
        if sub not in UK_NATIONS:
            raise ConfigError(
                f"unknown UK subdivision {subdivision!r}: accepted {', '.join(UK_NATIONS)}"
            )
        from holidays.countries.united_kingdom import GB  # the class alone: no other country

        uk: type[_holidays.HolidayBase] = GB
        return uk(subdiv=sub, language=language)
    markets = _holidays.list_supported_financial()
    try:
        if code in markets:
            return _holidays.financial_holidays(code, subdiv=sub, language=language)
        return _holidays.country_holidays(code, subdiv=sub, language=language)
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
        return _object_source(value)
    if isinstance(value, (str, bytes)) or not isinstance(value, Iterable):
        raise ConfigError(
            f"holidays {value!r} must be a holidays.HolidayBase, an iterable of dates, or None"
        )
    named: dict[date, str] = {}
    pairs = value.items() if isinstance(value, Mapping) else ((d, "holiday") for d in value)
    for item, name in pairs:
        named[as_date(item, "holiday")] = str(name)
    return HolidaySnapshot(tuple(sorted(named.items())))


def _object_source(table: _holidays.HolidayBase) -> HolidayClassSource | HolidayObjectSource:
    """A copy of ``table`` as built: its classes and parameters (a sum's operands each with
    theirs), and how its dates differ from what they give (the dates set or removed by hand).
    A single class without such dates is the class source alone (equal to a fresh object)."""
    parts: tuple[HolidayClassSource, ...]
    if not isinstance(table, _holidays.HolidaySum):
        part = _class_source(table)
        _check_buildable(part)
        if not table and not table.years:  # nothing computed, so nothing set by hand
            return part
        operands, parts = [table], (part,)
    else:
        operands = list(table.holidays)
        parts = tuple(_class_source(operand) for operand in operands)
        for part in parts:
            _check_buildable(part)
    added, removed = _hand_edits(table, operands, parts)
    if len(parts) == 1 and not added and not removed:
        return parts[0]
    return HolidayObjectSource(parts, added, removed)


def _class_source(table: _holidays.HolidayBase) -> HolidayClassSource:
    cls = type(table)
    subdiv = table.subdiv
    if isinstance(subdiv, str):
        subdiv = cls.subdivisions_aliases.get(subdiv, subdiv)
    return HolidayClassSource(cls, subdiv, frozenset(table.categories), bool(table.observed),
                              resolved_language(cls, table.language), _options(table))


def _options(table: _holidays.HolidayBase) -> tuple[tuple[str, Hashable], ...]:
    """The class's own keyword options (``include_sundays=True``...) that differ from their
    defaults, as hashable values."""
    found: list[tuple[str, Hashable]] = []
    for name, default in _supported_options(type(table)):
        value = getattr(table, name, default)
        if value == default:
            continue
        if isinstance(value, (list, set)):
            value = tuple(value) if isinstance(value, list) else frozenset(value)
        if not isinstance(value, Hashable):
            raise ConfigError(
                f"holidays option {name}={value!r} of {type(table).__name__}: a calendar "
                "accepts options that are hashable values (a bool, a string, a tuple...)"
            )
        found.append((name, value))
    return tuple(found)


@lru_cache(maxsize=256)
def _supported_options(cls: type[_holidays.HolidayBase]) -> tuple[tuple[str, Any], ...]:
    """The class's own keyword options and their defaults (the package walks the MRO)."""
    return tuple(sorted(cls.get_supported_options().items()))


@lru_cache(maxsize=256)
def _check_buildable(part: HolidayClassSource) -> None:
    """Build ``part`` for no year once, so a class that cannot be rebuilt from its parameters
    fails when the calendar is built, not at its first query."""
    try:
        part.build((), part.language)
    except (TypeError, ValueError, NotImplementedError) as exc:
        raise ConfigError(
            f"holidays {part.cls.__name__} cannot be read year by year from its parameters "
            f"({exc}): pass a holidays.HolidayBase built by the holidays package, or a list "
            "of dates"
        ) from None


def _hand_edits(
    table: _holidays.HolidayBase,
    operands: list[_holidays.HolidayBase],
    parts: tuple[HolidayClassSource, ...],
) -> tuple[tuple[tuple[date, str], ...], tuple[date, ...]]:
    """The names ``table`` has beyond what its classes give (added), and the dates they give
    that it lacks (removed), in the years it has computed; compared in the table's own
    language, so a name it got from the process locale is not taken for a hand edit."""
    if not table and not table.years:  # nothing computed, so nothing set by hand
        return (), ()
    have = dict(table.items())
    populated = {year for year in table.years if 1 <= year <= 9999}
    years = sorted(populated | {day.year for day in have})
    if not years:
        return (), ()
    given: dict[date, str] = {}
    for operand, part in zip(operands, parts, strict=True):
        if operand.language == part.language:  # the calendar's own names: cached, shared
            for year in years:
                merge_names(given, names_in_year(part, year))
        else:
            merge_names(given, dict(part.build(years, operand.language).items()))
    added: list[tuple[date, str]] = []
    removed: list[date] = []
    for day in sorted(set(have) | {d for d in given if d.year in populated}):
        got, generated = have.get(day), given.get(day)
        if got == generated:
            continue
        if got is None:
            removed.append(day)
            continue
        mine = set(got.split(_DELIMITER))
        theirs = set(generated.split(_DELIMITER)) if generated is not None else set()
        if theirs <= mine:  # what the classes give is kept: the rest was added by hand
            if mine - theirs:
                added.append((day, _DELIMITER.join(sorted(mine - theirs))))
            continue
        removed.append(day)  # renamed by hand: the classes' name is gone
        added.append((day, got))
    return tuple(added), tuple(removed)


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
