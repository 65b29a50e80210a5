"""bizhours.strategies: valid values, the edges reached, shrinking, and a planted bug found."""

from __future__ import annotations

import doctest
import importlib
import subprocess
import sys
from datetime import UTC, date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

import dateutil.tz
import pytest
from dateutil.rrule import FR, MONTHLY, WE, WEEKLY, YEARLY, rrule
from hypothesis import HealthCheck, find, given, seed, settings
from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument, NoSuchExample

import bizhours
from bizhours import BusinessDays, Calendar, bank_holidays, sla
from bizhours.availability import Attempt
from bizhours.strategies import (
    attempts,
    business_durations,
    calendars,
    case_timelines,
    instants,
    midnight,
    weekly_hours,
    zone_transitions,
)
from bizhours.testing.reference import ReferenceCalendar
from tests.helpers import examples

NY = ZoneInfo("America/New_York")
OFFICE = Calendar(NY, {"mon-fri": "09:00-17:00"})
US = timedelta(microseconds=1)
MIN = timedelta(minutes=1)
FAST = settings(max_examples=examples(40), deadline=None,
                suppress_health_check=[HealthCheck.too_slow])


# --- the planted bug --------------------------------------------------------------------------

LAST_OPEN = time(16, 59, 59, 999_999)


def tool_due(at: datetime, d: timedelta, *, fixed: bool = False) -> datetime:
    """A ticketing tool's own due-date code for Mon-Fri 09:00-17:00 New York, no holidays.

    It stores closing time as the last open microsecond, 16:59:59.999999, and (the planted
    bug) checks ``t < last`` where it means ``t <= last``: at exactly 16:59:59.999999 it
    thinks the day is over, and the due moment comes out one microsecond late.
    """
    t = at.astimezone(NY)
    left = d
    while True:
        day = t.date()
        opens = datetime.combine(day, time(9), NY)
        last = datetime.combine(day, LAST_OPEN, NY)
        if day.weekday() < 5 and (t <= last if fixed else t < last):
            start = max(t, opens)
            closes = last + US
            if left <= closes - start:  # one day's wall time: no DST change in 09-17 here
                return start + left
            left -= closes - start
        t = datetime.combine(day + timedelta(days=1), time(), NY)


def test_instants_find_the_planted_off_by_one_within_the_default_budget() -> None:
    failing: list[datetime] = []

    # Hypothesis' default budget, 100 examples, in every profile; a fixed seed, so the check
    # is the same every run (unseeded, about 2 runs in 100 did not meet the bug).
    @seed(2026)
    @settings(max_examples=100, deadline=None)
    @given(instants(OFFICE))
    def due_dates_agree(at: datetime) -> None:
        ok = tool_due(at, timedelta(hours=4)) == OFFICE.add(at, timedelta(hours=4))
        if not ok:
            failing.append(at)
        assert ok

    with pytest.raises(AssertionError):
        due_dates_agree()
    # The shrunk example is the edge itself: one microsecond before a close.
    assert failing[-1].astimezone(NY).time() == LAST_OPEN


@settings(deadline=None)
@given(instants(OFFICE), business_durations(OFFICE, min_value=US, max_value=timedelta(days=40)))
def test_the_fixed_tool_agrees_with_bizhours(at: datetime, d: timedelta) -> None:
    assert tool_due(at, d, fixed=True) == OFFICE.add(at, d)


# --- instants ---------------------------------------------------------------------------------


@FAST
@given(st.data())
def test_instants_are_aware_and_in_range(data: st.DataObject) -> None:
    cal = data.draw(calendars(min_date=date(2025, 1, 1), max_date=date(2027, 12, 31)))
    at = data.draw(instants(cal, min_date=date(2026, 1, 1), max_date=date(2026, 12, 31)))
    assert at.utcoffset() is not None
    local = at.astimezone(cal.timezone).date()
    assert date(2025, 12, 28) <= local <= date(2027, 1, 5)


@FAST
@given(instants(bizhours.calendar("uk"), resolution=MIN))
def test_a_resolution_floors_instants(at: datetime) -> None:
    assert (at.astimezone(UTC) - datetime(1970, 1, 1, tzinfo=UTC)) % MIN == timedelta(0)


def test_instants_reach_each_edge() -> None:
    eastern = bizhours.calendar("eastern")
    spring = datetime(2026, 3, 8, 7, tzinfo=UTC)  # 02:00 EST becomes 03:00 EDT
    some = settings(max_examples=examples(3000), deadline=None)
    s = instants(eastern, min_date=date(2026, 1, 1), max_date=date(2026, 12, 31))

    def local(at: datetime) -> datetime:
        return at.astimezone(NY)

    assert find(s, lambda at: local(at).time() == LAST_OPEN, settings=some)
    assert find(s, lambda at: local(at).time() == time(9, 0, 0, 1), settings=some)
    assert find(s, lambda at: at.astimezone(UTC) == spring, settings=some)
    # The close of a day after a bank holiday (the Friday after Thanksgiving, say).
    assert find(s, lambda at: eastern.holiday_name(local(at).date() - timedelta(days=1))
                is not None and local(at).time() == time(17), settings=some)
    assert find(s, lambda at: abs(at - datetime(2026, 1, 1, tzinfo=NY)) <= US, settings=some)
    # A wall time that does not exist (in the spring gap), kept as given.
    assert find(s, lambda at: at.tzinfo is NY and at.date() == date(2026, 3, 8)
                and 2 <= at.hour < 3, settings=some)


def test_instants_shrink_to_a_monday_at_opening_time() -> None:
    at = find(instants(bizhours.calendar("eastern")), lambda at: True)
    assert at == datetime(2026, 1, 5, 9, tzinfo=NY) and at.tzinfo is NY


def test_zone_transitions_and_midnight() -> None:
    changes = zone_transitions(NY, date(2026, 1, 1), date(2026, 12, 31))
    assert changes == (datetime(2026, 3, 8, 7, tzinfo=UTC), datetime(2026, 11, 1, 6, tzinfo=UTC))
    assert zone_transitions(timezone(timedelta(hours=3)), date(2026, 1, 1),
                            date(2026, 12, 31)) == ()
    havana = ZoneInfo("America/Havana")  # springs forward at midnight: the day starts at 01:00
    assert midnight(havana, date(2026, 3, 8)).astimezone(havana).hour == 1


# --- durations --------------------------------------------------------------------------------


@FAST
@given(business_durations(OFFICE, min_value=-timedelta(days=3), max_value=timedelta(days=5)))
def test_durations_stay_in_bounds(d: timedelta) -> None:
    assert -timedelta(days=3) <= d <= timedelta(days=5)


@FAST
@given(business_durations(min_value=US, resolution=MIN))
def test_positive_durations_on_a_resolution(d: timedelta) -> None:
    assert d >= US and (d == US or d % MIN == timedelta(0))


def test_durations_reach_exact_window_lengths_and_shrink_to_an_hour() -> None:
    s = business_durations(OFFICE)
    some = settings(max_examples=examples(2000))
    assert find(s, lambda d: d == timedelta(hours=8) - US, settings=some)
    assert find(s, lambda d: d == -timedelta(hours=40), settings=some)
    assert find(s, lambda d: d > timedelta(days=365), settings=some)
    assert find(s, lambda d: True) == timedelta(hours=1)


def test_durations_are_timedeltas_unless_business_days_are_asked_for() -> None:
    some = settings(max_examples=examples(300))
    assert find(business_durations(OFFICE, business_days=True),
                lambda d: isinstance(d, BusinessDays), settings=some)
    with pytest.raises(NoSuchExample):
        find(business_durations(OFFICE), lambda d: not isinstance(d, timedelta), settings=some)
    simplest = find(business_durations(OFFICE, business_days=True), lambda d: True)
    assert simplest == timedelta(hours=1)


@FAST
@given(business_durations(OFFICE, max_value=timedelta(days=3), business_days="only"))
def test_business_days_stay_within_max_values_days(d: BusinessDays) -> None:
    assert isinstance(d, BusinessDays) and 0 <= d.days <= 3


def test_business_days_reach_the_window_edges_and_shrink_to_one_day() -> None:
    s = business_durations(OFFICE, business_days="only")
    some = settings(max_examples=max(examples(1000), 1000))  # never fewer, whatever the profile
    assert find(s, lambda d: d.by == time(17), settings=some)
    assert find(s, lambda d: d.by == time(16, 59, 59), settings=some)
    assert find(s, lambda d: d.cutoff == time(9, 0, 1), settings=some)
    assert find(s, lambda d: d.by == "close" and d.days == 0, settings=some)
    assert find(s, lambda d: d.days > 100, settings=some)
    assert find(s, lambda d: True) == BusinessDays(1)


# --- weekly hours and calendars ---------------------------------------------------------------


@FAST
@given(weekly_hours(), st.sampled_from(["UTC", "Europe/London"]))
def test_weekly_hours_build_calendars_with_open_time(hours: dict[str, str], zone: str) -> None:
    cal = Calendar(zone, hours)
    week = cal.elapsed(datetime(2026, 1, 5, tzinfo=UTC), datetime(2026, 1, 12, tzinfo=UTC))
    assert week > timedelta(0)


CODE_NAMES = {
    "Calendar": Calendar, "date": date, "datetime": datetime, "timedelta": timedelta,
    "timezone": timezone, "bank_holidays": bank_holidays, "rrule": rrule, "YEARLY": YEARLY,
    "MONTHLY": MONTHLY, "WEEKLY": WEEKLY, "FR": FR, "WE": WE,
}


@settings(max_examples=examples(60), deadline=None,
          suppress_health_check=[HealthCheck.too_slow])
@given(calendars(min_date=date(2025, 1, 1), max_date=date(2027, 12, 31)))
def test_a_calendars_repr_is_code_that_builds_it(cal: Calendar) -> None:
    assert eval(repr(cal), dict(CODE_NAMES)) == cal
    # Never-open calendars are only drawn on request.
    assert cal.next_open(datetime(2028, 1, 1, tzinfo=UTC)) >= datetime(2028, 1, 1, tzinfo=UTC)


def test_calendars_and_weekly_hours_shrink_to_office_hours() -> None:
    assert find(weekly_hours(), lambda hours: True) == {"mon-fri": "09:00-17:00"}
    assert find(calendars(), lambda cal: True) == OFFICE


def test_calendars_reach_unions_intersections_adjustments_and_never_open() -> None:
    some = settings(max_examples=examples(1000), deadline=None,
                    suppress_health_check=[HealthCheck.too_slow])
    small = calendars(min_date=date(2025, 1, 1), max_date=date(2027, 12, 31),
                      allow_never_open=True)
    def operator(c: Calendar) -> str | None:
        return c.definition.combined.operator if c.definition.combined is not None else None

    assert find(small, lambda c: operator(c) == "and", settings=some)
    assert find(small, lambda c: operator(c) == "or", settings=some)
    assert find(small, lambda c: len(c.definition.weekly) > 1
                and len(c.definition.adjustments) > 1, settings=some)
    assert find(small, lambda c: c.timezone.utcoffset(None) == timedelta(hours=5, minutes=45),
                settings=some)
    # Weekly hours with no open time at all, only when asked for.
    assert find(small, lambda c: (not any(c.definition.weekly[-1].days)
                                  if c.definition.weekly else False),
                settings=some)


# --- case timelines and attempts --------------------------------------------------------------

POLICY = sla.enterprise_policy("eastern", critical_update_every=timedelta(hours=1))


@FAST
@given(case_timelines(POLICY, resolution=MIN, min_date=date(2026, 1, 1),
                      max_date=date(2026, 12, 31)))
def test_case_timelines_are_valid_and_on_the_resolution(case: sla.Case) -> None:
    instants_ = [case.opened_at, *(e.at for e in case.events)]
    utc = [t.astimezone(UTC) for t in instants_]
    assert utc == sorted(utc)
    assert all((t - datetime(1970, 1, 1, tzinfo=UTC)) % MIN == timedelta(0) for t in utc)
    # Replaying the events through the public methods accepts every one of them.
    again = sla.Case(case.opened_at, case.opened_severity)
    for e in case.events:
        again = (again.escalate(e.at, e.severity) if e.severity
                 else getattr(again, e.kind.replace("-", "_"))(e.at))
    assert again == case
    POLICY.evaluate(case, utc[-1] + timedelta(days=1))


EASTERN = bizhours.calendar("eastern")
PRIORITIES = sla.Policy(
    {"p1": sla.Target(timedelta(minutes=30), bizhours.calendar("24x7"),
                      update_every=timedelta(hours=1), next_reply=timedelta(hours=1)),
     "p2": sla.Target(timedelta(hours=2), EASTERN, update_every=timedelta(hours=4),
                      resolution=BusinessDays(2, by="close")),
     "p3": sla.Target(BusinessDays(1), EASTERN, next_reply=BusinessDays(1, by="close")),
     "p4": sla.Target(timedelta(hours=16), EASTERN)},
    order=["p1", "p2", "p3", "p4"])


@FAST
@given(case_timelines(PRIORITIES, max_events=12))
def test_case_timelines_of_four_priorities_are_accepted_by_the_policy(case: sla.Case) -> None:
    last = (case.events[-1].at if case.events else case.opened_at).astimezone(UTC)
    # evaluate checks the policy's own rules (an update after an escalation needs the
    # escalated response first); at every event and after the last.
    for now in [*(e.at for e in case.events), last + timedelta(days=1)]:
        PRIORITIES.evaluate(case, now)
    assert case.opened_severity in PRIORITIES.order
    assert all(e.severity in PRIORITIES.order for e in case.events if e.severity)


def test_case_timelines_reach_the_new_events_and_every_severity() -> None:
    # A claim of a budget ("found within 1,000 examples"): the same whatever the profile.
    some = settings(max_examples=1000, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow])
    s = case_timelines(PRIORITIES, max_events=12)

    def kinds(c: sla.Case) -> list[str]:
        return [e.kind.value for e in c.events]

    assert find(s, lambda c: "reopen" in kinds(c), settings=some)
    assert find(s, lambda c: kinds(c).count("respond") >= 2, settings=some)
    assert find(s, lambda c: "customer-message" in kinds(c)
                and PRIORITIES.evaluate(c, c.events[-1].at).replies != (), settings=some)
    # Escalations and de-escalations to names other than the neighbours.
    assert find(s, lambda c: any(e.severity == "p1" for e in c.events)
                and c.opened_severity == "p4", settings=some)
    assert find(s, lambda c: {e.severity for e in c.events if e.severity} >= {"p2", "p3"},
                settings=some)
    simplest = find(s, lambda c: True)
    assert simplest.events == () and simplest.opened_severity == "p4"


def test_case_timelines_reach_the_edges_and_shrink_to_an_empty_case() -> None:
    some = settings(max_examples=examples(1000), deadline=None,
                    suppress_health_check=[HealthCheck.too_slow])
    s = case_timelines(POLICY)

    def answered_exactly_at_due(case: sla.Case) -> bool:
        for e in case.events:
            if e.kind == "respond":
                r = POLICY.evaluate(case, e.at).response
                if r.met_at == r.due:
                    return True
        return False

    assert find(s, answered_exactly_at_due, settings=some)
    assert find(s, lambda c: any(e.kind == "escalate" and e.severity == "non-critical"
                                 for e in c.events), settings=some)
    assert find(s, lambda c: any(e.kind == "resume" and e.at.astimezone(NY).weekday() == 5
                                 for e in c.events), settings=some)
    simplest = find(s, lambda c: True)
    assert simplest.events == () and simplest.opened_severity == "non-critical"
    assert simplest.opened_at == datetime(2026, 1, 5, 9, tzinfo=NY)


def test_case_timelines_often_reach_the_update_cadence_and_pauses_at_the_deadline() -> None:
    """Steered: without it about 3% of cases had an update due when evaluated at their last
    event, and 7% paused exactly at the response deadline."""
    seen: list[tuple[bool, bool]] = []

    @settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(case_timelines(POLICY))
    def draw(case: sla.Case) -> None:
        last = case.events[-1].at if case.events else case.opened_at
        cadence = POLICY.evaluate(case, last).next_update_due is not None
        fresh = sla.Case(case.opened_at, case.opened_severity)
        due = POLICY.evaluate(fresh, case.opened_at).response.due
        paused_at_due = any(e.kind == "pause" and due is not None and
                            abs(e.at - due) <= timedelta(microseconds=1) for e in case.events)
        seen.append((cadence, paused_at_due))

    draw()  # 14% and 16% in the CI profile; the bounds leave room for a random run
    assert sum(c for c, _ in seen) >= 0.08 * len(seen)
    assert sum(p for _, p in seen) >= 0.10 * len(seen)


START, END = datetime(2026, 1, 5, tzinfo=UTC), datetime(2026, 1, 5, 1, tzinfo=UTC)


@FAST
@given(st.lists(attempts(start=START, end=END), max_size=20))
def test_attempts_are_around_the_period(batch: list[Attempt]) -> None:
    for a in batch:
        assert START - timedelta(seconds=1) <= a.at <= END + timedelta(seconds=1)
        assert a.channel in ("api", "smtp")


def test_attempts_reach_the_edges_and_shrink_to_an_api_success() -> None:
    some = settings(max_examples=examples(1000))
    s = attempts(start=START, end=END)
    assert find(s, lambda a: a.at == END - US, settings=some)
    assert find(s, lambda a: a.at == START - US, settings=some)
    assert find(s, lambda a: a.channel == "smtp" and a.status == 452, settings=some)
    assert find(st.lists(s), lambda xs: len({(x.second, x.channel) for x in xs}) < len(xs))
    simplest = find(s, lambda a: True)
    assert (simplest.at, simplest.channel, simplest.status) == (START, "api", 200)


# --- arguments and the optional dependency ----------------------------------------------------


@pytest.mark.parametrize("make", [
    lambda: instants("eastern"),  # type: ignore[arg-type]
    lambda: instants(OFFICE, min_date=date(2027, 1, 1), max_date=date(2026, 1, 1)),
    lambda: instants(OFFICE, resolution=timedelta(hours=7)),
    lambda: business_durations(min_value=timedelta(1), max_value=timedelta(0)),
    lambda: business_durations(max_value=-timedelta(1), business_days="only"),
    lambda: business_durations(business_days="yes"),  # type: ignore[call-overload]
    lambda: calendars(zones=["Mars/Olympus"]),
    lambda: case_timelines(POLICY, max_events=-1),
    lambda: attempts(start=datetime(2026, 1, 5)),
    lambda: attempts(start=END, end=START),
])
def test_bad_arguments_say_what_is_accepted(make: object) -> None:
    with pytest.raises(InvalidArgument):
        make()  # type: ignore[operator]


def test_without_hypothesis_the_import_error_says_how_to_install_it() -> None:
    code = ("import sys; sys.modules['hypothesis'] = None\n"
            "try:\n    import bizhours.strategies\n"
            "except ImportError as exc:\n    print(exc)\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout
    assert 'pip install "bizhours[testing]"' in out


# --- the reference read from a definition, and the docstring examples --------------------------


def test_from_calendar_reads_unions_with_weekly_hours_of_their_own() -> None:
    london = Calendar("Europe/London", {"mon-fri": "08:00-12:00"})
    both = (OFFICE | london).with_weekly_hours({"sat": "10:00-11:00"},
                                               effective=date(2026, 1, 7))
    ref = ReferenceCalendar.from_calendar(both)
    monday, next_monday = datetime(2026, 1, 5, tzinfo=UTC), datetime(2026, 1, 12, tzinfo=UTC)
    # Monday and Tuesday: London 08:00-12:00 then New York 14:00-22:00 UTC; from Wednesday
    # on, only Saturday 10:00-11:00 New York time.
    expected = [(datetime(2026, 1, d, 8, tzinfo=UTC), datetime(2026, 1, d, 12, tzinfo=UTC))
                for d in (5, 6)]
    expected = sorted(expected + [(datetime(2026, 1, d, 14, tzinfo=UTC),
                                   datetime(2026, 1, d, 22, tzinfo=UTC)) for d in (5, 6)])
    expected.append((datetime(2026, 1, 10, 15, tzinfo=UTC), datetime(2026, 1, 10, 16, tzinfo=UTC)))
    assert ref.windows(monday, next_monday) == expected
    assert [(a.astimezone(UTC), b.astimezone(UTC)) for a, b in both.windows(monday, next_monday)
            ] == expected


@pytest.mark.parametrize("module", ["strategies", "strategies._arguments", "strategies._edges",
                                    "strategies._instants", "strategies._durations",
                                    "strategies._hours", "strategies._calendar", "strategies._sla",
                                    "strategies._attempts", "testing.reference",
                                    "testing._definition", "testing._intervals", "testing._spec",
                                    "testing._wall"])
def test_docstring_examples(module: str) -> None:
    assert doctest.testmod(importlib.import_module(f"bizhours.{module}")).failed == 0


@settings(max_examples=examples(10), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_instants_of_a_calendar_on_a_dateutil_zone(data: st.DataObject) -> None:
    havana = dateutil.tz.gettz("America/Havana")
    assert havana is not None
    span = {"min_date": date(2026, 1, 1), "max_date": date(2026, 12, 31)}
    cal = data.draw(calendars(zones=[havana], combinations=False, **span))  # type: ignore[arg-type]
    at = data.draw(instants(cal, **span))  # type: ignore[arg-type]
    assert at.utcoffset() is not None
    assert zone_transitions(havana, date(2026, 1, 1), date(2026, 12, 31)) == zone_transitions(
        ZoneInfo("America/Havana"), date(2026, 1, 1), date(2026, 12, 31))
