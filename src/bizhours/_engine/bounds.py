"""When a definition stops changing: the dates past which the engine may conclude without
searching that a calendar never opens again, or is open at every instant.

Each answer is a date or ``None`` ("not provable"); a ``None`` only costs the engine a longer
search, so every rule here errs that way.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

from bizhours._definition.definition import Definition
from bizhours._definition.holidays import HolidaySnapshot, HolidaySource
from bizhours._instants import US_PER_DAY, shift_day

_ONE_DAY = timedelta(days=1)
_FULL_DAY = ((0, US_PER_DAY),)


def dated_span(definition: Definition) -> tuple[date, date] | None:
    """The first and last dates on which ``definition`` (or a part) changes: weekly hours
    taking effect and finite adjustments; ``None`` when there are none. Past them the
    calendar repeats its regular pattern."""
    dates = [w.effective for w in definition.weekly if w.effective > date.min]
    for adj in definition.adjustments:
        dates.append(adj.dates.first_date())
        last = adj.dates.last_date()
        if last is not None:
            dates.append(last)
    for part in definition.parts():
        span = dated_span(part)
        if span is not None:
            dates += [shift_day(span[0], -1), shift_day(span[1], 1)]
    dates = [d for d in dates if d < date.max]
    return (min(dates), max(dates)) if dates else None


def opens_again(definition: Definition, day: date, back: bool = False) -> bool:
    """Whether an adjustment that opens selects a date after ``day`` (before it, when
    ``back``), in the definition or in a part of a union: then a search that found nothing
    for decades must go on (a rule every 66 years opens again)."""
    todo = [definition]
    while todo:
        current = todo.pop()
        for adj in current.adjustments:
            if adj.opens():
                found = adj.last_on_or_before(day) if back else adj.next_on_or_after(day)
                if found is not None:
                    return True
        if current.combined is not None and current.combined.operator == "or":
            todo.extend(current.parts())
    return False


def quiet_after(definition: Definition) -> date | None:
    """A date after which the calendar has no open time, or ``None`` when not provable."""
    lasts = [a.dates.last_date() for a in definition.adjustments if a.opens()]
    if any(d is None for d in lasts):
        return None
    combined = definition.combined
    if definition.weekly:
        latest = definition.weekly[-1]
        if any(latest.days):
            return None
        base = latest.effective - _ONE_DAY if latest.effective > date.min else date.min
    elif combined is not None:
        # A union is quiet once every part is; an intersection once any part is.
        known = _known(quiet_after, definition, need_all=combined.operator == "or")
        if not known:
            return None
        base = shift_day(max(known) if combined.operator == "or" else min(known), 1)
    else:
        base = date.min
    return max([base, *(d for d in lasts if d is not None)])


def quiet_before(definition: Definition) -> date | None:
    """A date before which the calendar has no open time, or ``None`` when not provable."""
    firsts = [a.dates.first_date() for a in definition.adjustments if a.opens()]
    open_weeks = [w.effective for w in definition.weekly if any(w.days)]
    base = open_weeks[0] if open_weeks else date.max
    combined = definition.combined
    if combined is not None and not (definition.weekly
                                     and definition.weekly[0].effective == date.min):
        known = _known(quiet_before, definition, need_all=combined.operator == "or")
        if not known:
            return None
        part = min(known) if combined.operator == "or" else max(known)
        base = min(base, shift_day(part, -1))
    if base == date.min:
        return None
    return min([base, *firsts])


def always_open_from(definition: Definition) -> date | None:
    """A date from which the calendar is open at every instant, or ``None``."""
    base: date | None = None
    combined = definition.combined
    if definition.weekly:
        latest = definition.weekly[-1]
        if all(day == _FULL_DAY for day in latest.days):
            base = _after_holidays(definition.holidays, latest.effective)
    elif combined is not None:
        # A union is always open once any part is; an intersection once every part is.
        known = _known(always_open_from, definition, need_all=combined.operator == "and")
        if known:
            base = shift_day(min(known) if combined.operator == "or" else max(known), 1)
    if base is None:
        return None
    for adj in definition.adjustments:
        if adj.kind == "add" or (adj.kind == "set" and adj.ranges == _FULL_DAY):
            continue
        last = adj.dates.last_date()
        if last is None:
            return None
        base = max(base, shift_day(last, 1))
    return base


def always_open_before(definition: Definition) -> date | None:
    """A date before which the calendar is open at every instant (from the start of the
    range), or ``None``: then no window before it ever closes or opens."""
    base: date | None = None
    combined = definition.combined
    weekly = definition.weekly
    if weekly and weekly[0].effective == date.min:
        if all(day == _FULL_DAY for day in weekly[0].days):
            base = weekly[1].effective if len(weekly) > 1 else date.max
            base = min(base, _first_holiday(definition.holidays) or date.max)
    elif combined is not None:
        # A union is open wherever any part is; an intersection where every part is.
        known = _known(always_open_before, definition, need_all=combined.operator == "and")
        if known:
            base = max(known) if combined.operator == "or" else min(known)
            if weekly:
                base = min(base, weekly[0].effective)
    if base is None:
        return None
    for adj in definition.adjustments:
        if adj.kind == "add" or (adj.kind == "set" and adj.ranges == _FULL_DAY):
            continue
        base = min(base, adj.dates.first_date())
    return base if base > date.min else None


def _first_holiday(source: HolidaySource | None) -> date | None:
    """The first date a holiday may close, or ``None`` when there is none; ``date.min``
    when holidays may fall on any date (a holidays class)."""
    if source is None:
        return None
    if isinstance(source, HolidaySnapshot):
        return source.days[0][0] if source.days else None
    return date.min


def _known(bound: Callable[[Definition], date | None], definition: Definition,
           need_all: bool) -> list[date]:
    """``bound`` of each of the definition's parts that has one; none at all when
    ``need_all`` and some part has none."""
    found = [bound(part) for part in definition.parts()]
    known = [d for d in found if d is not None]
    return [] if need_all and len(known) < len(found) else known


def _after_holidays(source: HolidaySource | None, day: date) -> date | None:
    """``day``, or the day after the last holiday when that is later; ``None`` when holidays
    may fall on any date (a holidays class)."""
    if source is None:
        return day
    if isinstance(source, HolidaySnapshot):
        return max(day, shift_day(source.days[-1][0], 1)) if source.days else day
    return None
