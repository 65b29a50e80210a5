"""SLA targets given in business days (``BusinessDays(1, by="16:00", cutoff="10:00")``):
what ``Target`` accepts, and how evaluation turns the calendar's business-day deadline into
the response status (pauses, carry-over, the target's length, explain, ``bizhours due``).

The calendar's own business-day arithmetic is the engine's and is tested there; here each
test says which deadline the calendar gives (``deadlines``), so that what is checked is the
SLA's use of it, measured with the calendar's real ``add`` and ``elapsed`` for durations.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bizhours import BusinessDays, ConfigError, calendar, sla
from bizhours._calendar import Arithmetic
from bizhours._instants import from_us, to_us
from bizhours.cli import main
from tests.helpers import NY, H

M = timedelta(minutes=1)
EASTERN = calendar("eastern")
NEXT_DAY_BY_4 = BusinessDays(1, by="16:00", cutoff="10:00")


def ny(day: int, hour: int, minute: int = 0) -> datetime:
    """An instant in New York in November 2026 (the 23rd is a Monday, the 26th
    Thanksgiving)."""
    return datetime(2026, 11, day, hour, minute, tzinfo=NY)


Deadlines = Callable[[dict[tuple[datetime, BusinessDays], datetime]], list[datetime]]


@pytest.fixture
def deadlines(monkeypatch: pytest.MonkeyPatch) -> Deadlines:
    """Make the calendar's business-day deadline (what evaluation asks it, in integer
    microseconds) answer from a table; returns the starts asked."""

    def install(table: dict[tuple[datetime, BusinessDays], datetime]) -> list[datetime]:
        asked: list[datetime] = []

        def deadline(self: Arithmetic, t: int, duration: BusinessDays) -> int:
            at = from_us(t, UTC)
            asked.append(at)
            return to_us(table[(at, duration)])

        monkeypatch.setattr(Arithmetic, "deadline", deadline)
        return asked

    return install


def policy(response: timedelta | BusinessDays, **kwargs: str) -> sla.Policy:
    return sla.Policy({"critical": sla.Target(15 * M, calendar("24x7")),
                       "non-critical": sla.Target(response, EASTERN)}, **kwargs)


# --- the target ----------------------------------------------------------------------------


@pytest.mark.parametrize("response", [BusinessDays(1), BusinessDays(0, by="close"),
                                      NEXT_DAY_BY_4, BusinessDays(2, by="open")])
def test_a_target_takes_business_days(response: BusinessDays) -> None:
    target = sla.Target(response, EASTERN)
    assert target.response == response
    assert hash(target) == hash(sla.Target(response, EASTERN))
    assert sla.enterprise_policy(EASTERN, response).targets["non-critical"] == target


@pytest.mark.parametrize("response", [BusinessDays(0), BusinessDays(0, cutoff="10:00")])
def test_zero_business_days_without_a_time_is_refused(response: BusinessDays) -> None:
    with pytest.raises(ConfigError, match=rf"response target {response} would be due the "
                       r"moment work can begin: give a time of day \(0bd@close"):
        sla.Target(response, EASTERN)


@pytest.mark.parametrize("response", ["1bd", 8, None, timedelta(0)])
def test_other_targets_are_still_refused(response: object) -> None:
    with pytest.raises(ConfigError, match="response target must be a positive timedelta"):
        sla.Target(response, EASTERN)  # type: ignore[arg-type]


def test_the_update_cadence_stays_a_timedelta() -> None:
    with pytest.raises(ConfigError, match="update_every must be a positive timedelta"):
        sla.Target(H, EASTERN, update_every=BusinessDays(1))  # type: ignore[arg-type]


# --- evaluation ----------------------------------------------------------------------------


def test_due_at_the_calendars_deadline(deadlines: Deadlines) -> None:
    asked = deadlines({(ny(23, 11), NEXT_DAY_BY_4): ny(25, 16)})
    ev = policy(NEXT_DAY_BY_4).evaluate(sla.Case(ny(23, 11), "non-critical"), ny(23, 12))
    r = ev.response
    assert asked and set(asked) == {ny(23, 11)}
    assert (r.due, r.original_due) == (ny(25, 16), ny(25, 16))
    assert r.due is not None and r.due.tzinfo is NY
    assert r.target == NEXT_DAY_BY_4
    # Mon 11:00-17:00, Tue 09:00-17:00, Wed 09:00-16:00 of eastern business time.
    assert r.target_length == EASTERN.elapsed(ny(23, 11), ny(25, 16)) == 21 * H
    assert r.elapsed == H
    assert r.remaining == 20 * H
    assert r.share_used == 1 / 21
    assert not r.breached


def test_a_pause_before_the_deadline_moves_it_by_its_clock_time(deadlines: Deadlines) -> None:
    deadlines({(ny(23, 11), NEXT_DAY_BY_4): ny(25, 16)})
    case = sla.Case(ny(23, 11), "non-critical").pause(ny(24, 10)).resume(ny(24, 12))
    r = policy(NEXT_DAY_BY_4).evaluate(case, ny(25, 12)).response
    # Two paused hours from Wed 16:00: Wed 16:00-17:00, Thanksgiving closed, Fri 09:00-10:00.
    assert r.due == EASTERN.add(ny(25, 16), 2 * H) == ny(27, 10)
    assert r.original_due == ny(25, 16)
    assert r.target_length == 21 * H  # the length is the unpaused deadline's
    assert r.elapsed == EASTERN.elapsed(ny(23, 11), ny(25, 12)) - 2 * H == 15 * H
    assert r.remaining == 6 * H


def test_each_pause_before_the_moved_deadline_moves_it_again(deadlines: Deadlines) -> None:
    deadlines({(ny(23, 11), BusinessDays(1, by="close")): ny(24, 17)})
    case = (sla.Case(ny(23, 11), "non-critical").pause(ny(24, 16)).resume(ny(25, 9))
            .pause(ny(25, 9, 30)).resume(ny(25, 10)))
    r = policy(BusinessDays(1, by="close")).evaluate(case, ny(25, 11)).response
    # Tue 16:00-17:00 paused moves Tue 17:00 to Wed 10:00; the pause at Wed 09:30, before
    # that, moves it half an hour more.
    assert r.due == ny(25, 10, 30)
    assert r.elapsed == EASTERN.elapsed(ny(23, 11), ny(25, 11)) - H - 30 * M


def test_a_pause_at_the_deadline_does_not_move_it(deadlines: Deadlines) -> None:
    deadlines({(ny(23, 11), NEXT_DAY_BY_4): ny(25, 16)})
    case = sla.Case(ny(23, 11), "non-critical").pause(ny(25, 16)).resume(ny(27, 12))
    ev = policy(NEXT_DAY_BY_4).evaluate(case, ny(27, 13))
    assert ev.response.due == ny(25, 16)
    assert ev.response.breached and ev.breached


def test_while_paused_due_is_none_and_remaining_frozen(deadlines: Deadlines) -> None:
    deadlines({(ny(23, 11), NEXT_DAY_BY_4): ny(25, 16)})
    case = sla.Case(ny(23, 11), "non-critical").pause(ny(24, 10))
    early, late = (policy(NEXT_DAY_BY_4).evaluate(case, now).response
                   for now in (ny(24, 11), ny(27, 16)))
    assert early.due is None and late.due is None
    assert early.remaining == late.remaining == 21 * H - EASTERN.elapsed(ny(23, 11), ny(24, 10))
    assert not late.breached


@pytest.mark.parametrize(("answered", "late"), [(ny(25, 16), False), (ny(25, 16, 1), True)])
def test_a_response_at_the_deadline_is_in_time(deadlines: Deadlines, answered: datetime,
                                               late: bool) -> None:
    deadlines({(ny(23, 11), NEXT_DAY_BY_4): ny(25, 16)})
    case = sla.Case(ny(23, 11), "non-critical").respond(answered)
    r = policy(NEXT_DAY_BY_4).evaluate(case, ny(30, 9)).response
    assert (r.met_at, r.breached) == (answered, late)
    assert r.remaining == 21 * H - EASTERN.elapsed(ny(23, 11), answered)


def test_a_carry_over_moves_the_deadline_earlier(deadlines: Deadlines) -> None:
    asked = deadlines({(ny(23, 11, 10), NEXT_DAY_BY_4): ny(25, 16)})
    terms = policy(NEXT_DAY_BY_4, on_de_escalation="carry-over")
    case = sla.Case(ny(23, 11), "critical").escalate(ny(23, 11, 10), "non-critical")
    r = terms.evaluate(case, ny(23, 12, 10)).response
    assert set(asked) == {ny(23, 11, 10)}  # the new clock starts at the change
    assert r.carried == 10 * M  # of the 24x7 clock, before the change
    assert r.due == r.original_due == EASTERN.add(ny(25, 16), -10 * M) == ny(25, 15, 50)
    assert r.target_length == EASTERN.elapsed(ny(23, 11, 10), ny(25, 16))
    assert r.elapsed == 10 * M + H
    assert r.remaining == r.target_length - r.elapsed


def test_a_deadline_where_the_clock_starts_is_used_up_at_once(deadlines: Deadlines) -> None:
    opened = BusinessDays(0, by="open")  # already past at 11:00: due when work can begin
    deadlines({(ny(23, 11), opened): ny(23, 11)})
    case = sla.Case(ny(23, 11), "non-critical")
    at_once, later = (policy(opened).evaluate(case, now).response
                      for now in (ny(23, 11), ny(23, 12)))
    assert at_once.target_length == timedelta(0)
    assert (at_once.share_used, at_once.breached) == (1.0, False)
    assert (later.share_used, later.breached) == (float("inf"), True)


def test_explain_names_the_business_days(deadlines: Deadlines) -> None:
    deadlines({(ny(23, 11), NEXT_DAY_BY_4): ny(25, 16)})
    ev = policy(NEXT_DAY_BY_4).evaluate(sla.Case(ny(23, 11), "non-critical"), ny(23, 12))
    lines = ev.explain().lines()
    assert lines[0].startswith("non-critical response: 1bd@16:00,cutoff=10:00 on "
                               "bizhours.calendar('eastern') from Mon 2026-11-23 11:00 EST")
    assert lines[-1] == "due      Wed 2026-11-25 16:00 EST"


def test_bizhours_due_shows_a_business_day_target(
        deadlines: Deadlines, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    deadlines({(ny(23, 11), BusinessDays(1, by="close")): ny(24, 17)})
    terms = tmp_path / "terms.toml"
    terms.write_text('[calendar]\nzone = "eastern"\n[sla]\nnon_critical_response = "1bd@close"\n',
                     encoding="utf-8")
    args = ["due", "--config", str(terms), "--severity", "non-critical",
            "--opened", "2026-11-23T11:00", "--at", "2026-11-23T12:00"]
    assert main(args) == 0
    text = capsys.readouterr().out.splitlines()
    assert "  target        a response by 1bd@close on eastern business days" in text
    assert "  response due  Tue 2026-11-24 17:00 EST" in text
    assert "  remaining     13h of eastern business time" in text
    assert main([*args, "--json"]) == 0
    data = json.loads(capsys.readouterr().out)["response"]
    assert (data["target"], data["target_seconds"]) == ("1bd@close", None)
    assert data["due"] == "2026-11-24T17:00:00-05:00"
    assert data["remaining_seconds"] == 13 * 3600
