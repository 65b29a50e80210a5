"""The per-second definition of unavailability, case by case, and the report's views."""

from __future__ import annotations

import pickle
import tracemalloc
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta, timezone
from http import HTTPStatus

import pytest

import bizhours
from bizhours import availability
from bizhours.availability import Attempt, measure
from tests.helpers import NY

T0 = datetime(2026, 1, 5, 14, 0, tzinfo=UTC)  # a Monday, 09:00 in New York
HOUR = T0 + timedelta(hours=1)
def at(seconds: float) -> datetime:
    return T0 + timedelta(seconds=seconds)


def api(seconds: float, status: int | str) -> Attempt:
    return Attempt(at(seconds), "api", status)


def smtp(seconds: float, status: int | str) -> Attempt:
    return Attempt(at(seconds), "smtp", status)


def down(*attempts: Attempt) -> int:
    return measure(attempts, T0, HOUR).unavailable_seconds


# The definition, case by case.


def test_all_api_calls_failing_make_the_second_unavailable() -> None:
    assert down(api(0, 500), api(0.5, 503), api(0.9, "timeout")) == 1


def test_one_success_among_failures_keeps_the_second_available() -> None:
    assert down(api(0, 503), api(0.2, 200), api(0.4, 503)) == 0


def test_smtp_failing_while_api_succeeds_is_unavailable() -> None:
    assert down(api(0, 200), smtp(0.5, 421)) == 1
    assert down(api(0, 200), smtp(0.5, 451), smtp(0.6, 452), smtp(0.7, "timeout")) == 1


def test_a_success_on_the_same_channel_rescues_smtp() -> None:
    assert down(smtp(0, 451), smtp(0.5, 250), api(0.7, 200)) == 0


@pytest.mark.parametrize("status", [429, 400, 401, 403, 404, 409, 422, 499, 200, 204, 301])
def test_client_errors_and_successes_are_not_api_failures(status: int) -> None:
    assert down(api(0, status)) == 0


@pytest.mark.parametrize("status", [550, 551, 552, 553, 554, 450, 250, 354, 500])
def test_smtp_rejections_are_not_failures(status: int) -> None:
    assert down(smtp(0, status)) == 0


@pytest.mark.parametrize("status", [500, 502, 503, 504, 599, "timeout", "TIMEOUT", "503"])
def test_server_errors_and_timeouts_are_api_failures(status: int | str) -> None:
    assert down(api(0, status)) == 1


def test_seconds_with_no_attempts_are_available() -> None:
    report = measure([api(10, 503)], T0, HOUR)
    assert report.unavailable_seconds == 1
    assert report.total_seconds == 3600
    assert report.uptime == 1 - 1 / 3600


def test_sub_second_instants_share_their_second() -> None:
    # The failure at .999999 and the success at .0 are in the same second.
    assert down(api(5.999999, 503), api(5, 200)) == 0
    # Different seconds, even 1 microsecond apart.
    assert down(api(5.999999, 503), api(6, 200)) == 1


def test_instants_in_any_zone_are_floored_in_utc() -> None:
    ist = timezone(timedelta(hours=5, minutes=30))
    report = measure([Attempt(at(7.5).astimezone(ist), "api", 503)], T0, HOUR)
    assert report.outages == [(at(7), at(8))]


def test_attempts_outside_the_period_are_ignored() -> None:
    attempts = [api(-1, 503), api(-0.5, 503), api(3600, 503), api(7200, 503), api(0, 200)]
    report = measure(attempts, T0, HOUR)
    assert report.unavailable_seconds == 0
    assert report.input.outside == 4
    assert report.input.counted == 1


def test_period_covers_whole_seconds_from_ceil_start_to_floor_end() -> None:
    attempts = [api(s, 503) for s in range(5)]
    report = measure(attempts, at(0.5), at(3.5))
    assert (report.start, report.end) == (at(1), at(3))
    assert report.total_seconds == 2
    assert report.outages == [(at(1), at(3))]


def test_adjacent_unavailable_seconds_merge_into_one_outage() -> None:
    attempts = [api(1, 503), smtp(2, 421), api(3.5, "timeout"), api(5, 500)]
    report = measure(attempts, T0, HOUR)
    assert report.outages == [(at(1), at(4)), (at(5), at(6))]
    assert report.unavailable_seconds == 4


def test_an_available_second_between_failures_splits_the_outage() -> None:
    attempts = [api(1, 503), api(2, 503), api(2, 200), api(3, 503)]
    assert measure(attempts, T0, HOUR).outages == [(at(1), at(2)), (at(3), at(4))]


def test_outage_instants_are_aware_utc() -> None:
    attempts = [Attempt(at(1).astimezone(NY), "api", 503)]
    ((start, end),) = measure(attempts, T0.astimezone(NY), HOUR.astimezone(NY)).outages
    assert start.tzinfo is UTC and end.tzinfo is UTC


def test_empty_input_and_empty_period_are_fully_available() -> None:
    report = measure([], T0, HOUR)
    assert (report.unavailable_seconds, report.uptime, report.outages) == (0, 1.0, [])
    empty = measure([api(0, 503)], T0, T0)
    assert (empty.total_seconds, empty.uptime, empty.outages) == (0, 1.0, [])
    inside_one_second = measure([api(0, 503)], at(0.2), at(0.8))
    assert (inside_one_second.total_seconds, inside_one_second.uptime) == (0, 1.0)


def test_any_input_order_gives_the_same_report() -> None:
    attempts = [api(1, 503), api(1, 200), smtp(1, 421), api(2, 503), smtp(9, "timeout")]
    assert measure(attempts, T0, HOUR) == measure(reversed(attempts), T0, HOUR)
    assert measure(iter(attempts), T0, HOUR).outages == [(at(1), at(3)), (at(9), at(10))]


def test_more_than_255_successes_in_one_second_are_counted_exactly() -> None:
    attempts = [api(1, 200)] * 300 + [api(1, 503)] * 2 + [smtp(3, 250)] * 256 + [smtp(3, 421)]
    report = measure(attempts, T0, HOUR)
    assert report.unavailable_seconds == 0
    counts = list(report.failing_seconds())
    assert [(c.api_attempts, c.api_failures, c.smtp_attempts, c.smtp_failures)
            for c in counts] == [(302, 2, 0, 0), (0, 0, 257, 1)]
    assert report.input.counted == 559
    # 256 successes wrap a byte cell to zero: that second still is not silent.
    busy = measure([api(1, 503), api(3, 503)] + [api(2, 200)] * 256, T0, HOUR)
    assert busy.bridged_outages(5) == busy.outages == [(at(1), at(2)), (at(3), at(4))]


# Replaceable failure rules.


def test_failure_rules_can_be_replaced_per_channel() -> None:
    attempts = [api(0, 429), smtp(1, 550), api(2, 503)]
    report = measure(
        attempts, T0, HOUR,
        api_failure=lambda s: s == 429 or s == "timeout",
        smtp_failure=lambda s: s == 550,
    )
    assert report.outages == [(at(0), at(2))]


def test_a_rule_that_does_not_return_a_bool_is_an_error() -> None:
    with pytest.raises(availability.AvailabilityError, match=r"api_failure\(503\) returned None"):
        measure([api(0, 503)], T0, HOUR, api_failure=lambda s: None)  # type: ignore[arg-type,return-value]
    with pytest.raises(bizhours.BizHoursError, match="must be a function"):
        measure([], T0, HOUR, smtp_failure=503)  # type: ignore[arg-type]


def test_the_default_rules_are_exposed() -> None:
    assert availability.default_api_failure(500) and not availability.default_api_failure(499)
    assert availability.default_smtp_failure(452) and not availability.default_smtp_failure(453)


@pytest.mark.parametrize("status", [0, "0", "000"])
def test_status_0_no_response_is_a_timeout_by_default_and_replaceable(status: int | str) -> None:
    # curl writes 000 when no response came at all: the service did not answer.
    assert Attempt(T0, "api", status).status == 0
    assert down(api(0, status)) == 1
    assert down(smtp(0, status)) == 1
    assert down(api(0, status), api(0.5, 200)) == 0  # a success in the second still counts
    lenient = measure([api(0, status), smtp(1, status)], T0, HOUR,
                      api_failure=lambda s: s == "timeout" or (type(s) is int and s >= 500),
                      smtp_failure=lambda s: s == "timeout")
    assert lenient.unavailable_seconds == 0


# Bad input.


def test_attempt_validation() -> None:
    with pytest.raises(bizhours.NaiveDatetimeError):
        Attempt(datetime(2026, 1, 5, 14), "api", 200)
    with pytest.raises(ValueError, match="channel 'ftp' is not accepted"):
        Attempt(T0, "ftp", 200)
    for bad in (1000, -1, True, 200.0, "2OO", "0503", "", "time out", None):
        with pytest.raises(availability.AttemptError, match=r"status .* is not accepted"):
            Attempt(T0, "api", bad)  # type: ignore[arg-type]
    with pytest.raises(bizhours.BizHoursError, match="must be an aware datetime"):
        Attempt("2026-01-05T14:00:00Z", "api", 200)  # type: ignore[arg-type]
    assert issubclass(availability.AttemptError, ValueError)


def test_attempts_normalise_channel_and_status() -> None:
    a = Attempt(T0, "SMTP", "451")
    assert (a.channel, a.status, a.second) == ("smtp", 451, int(T0.timestamp()))
    assert a == Attempt(T0.astimezone(NY), "smtp", 451)
    assert Attempt(T0, "Api", "TimeOut").status == "timeout"
    assert Attempt(T0, "api", HTTPStatus.SERVICE_UNAVAILABLE).status == 503
    assert type(Attempt(T0, "api", HTTPStatus.OK).status) is int
    assert pickle.loads(pickle.dumps(a)) == a and pickle.loads(pickle.dumps(a)).second == a.second
    with pytest.raises(AttributeError):
        a.status = 200  # type: ignore[misc]


def test_attempt_from_epoch() -> None:
    assert Attempt.from_epoch(int(T0.timestamp()), "api", 200).at == T0
    half = Attempt.from_epoch(-0.5, "api", 200)
    assert (half.second, half.at.microsecond) == (-1, 500_000)
    with pytest.raises(availability.AttemptError, match="years 1-9999"):
        Attempt.from_epoch(10**12, "api", 200)
    with pytest.raises(availability.AttemptError, match="years 1-9999"):
        Attempt.from_epoch(float("nan"), "api", 200)


def test_measure_rejects_bad_periods_and_values() -> None:
    with pytest.raises(availability.AvailabilityError, match="before start"):
        measure([], HOUR, T0)
    with pytest.raises(bizhours.NaiveDatetimeError):
        measure([], datetime(2026, 1, 1), HOUR)
    with pytest.raises(availability.AvailabilityError, match="takes Attempt values; got"):
        measure([api(0, 200), (T0, "api", 200)], T0, HOUR)  # type: ignore[list-item]


@pytest.mark.parametrize("item", [None, 1, "2026-01-05T14:00:00Z,api,503", {"second": 1}])
def test_measure_names_the_position_and_type_of_an_item_that_is_not_an_attempt(
    item: object,
) -> None:
    with pytest.raises(availability.AvailabilityError) as caught:
        measure(iter([api(0, 200), api(1, 503), item]), T0, HOUR)  # type: ignore[list-item]
    message = str(caught.value)
    assert f"got {item!r} ({type(item).__name__}) at attempts[2]" in message
    assert "Attempt(at, channel, status)" in message and "read_csv" in message
    with pytest.raises(availability.AvailabilityError, match=r"iterable of Attempt values; got "
                                                               r"None \(NoneType\)"):
        measure(None, T0, HOUR)  # type: ignore[arg-type]


def test_an_error_inside_the_attempts_iterable_is_not_blamed_on_an_item() -> None:
    def broken() -> Iterator[Attempt]:
        yield api(0, 200)
        raise TypeError("the generator's own bug")

    with pytest.raises(TypeError, match="own bug"):
        measure(broken(), T0, HOUR)


def test_measure_memory_follows_the_seconds_with_traffic_not_the_period() -> None:
    # One success a day and one failure a week for ten years: 457 MiB at 128 KiB a touched
    # 18-hour block; 15 MiB at 4 KiB a touched 34-minute block.
    start, end = datetime(2016, 1, 1, tzinfo=UTC), datetime(2026, 1, 1, tzinfo=UTC)
    days = (end - start).days
    attempts = [Attempt(start + timedelta(days=d, hours=12), "api", 200) for d in range(days)]
    attempts += [Attempt(start + timedelta(days=d, hours=13), "api", 503)
                 for d in range(0, days, 7)]
    tracemalloc.start()
    try:
        report = measure(attempts, start, end)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 24 * 2**20
    assert report.unavailable_seconds == len(range(0, days, 7))
    # The weekly failures are never bridged: a success a day lies between any two.
    assert len(report.bridged_outages(10**9)) == report.unavailable_seconds


# Persistent outages, bridging, other rules.


def outage_report() -> availability.Report:
    # Outages: [0, 10), a silent gap 10..12, [13, 16), a success at 17, [18, 19), a gap with a
    # 4xx at 25, [30, 31).
    attempts = [api(s, 503) for s in range(10)]
    attempts += [smtp(s, 421) for s in (13, 14, 15)] + [api(17, 200), api(18, 500)]
    attempts += [api(25, 404), api(30, 503)]
    return measure(attempts, T0, HOUR)


def test_persistent_lists_runs_at_least_min_duration() -> None:
    report = outage_report()
    assert report.outages == [(at(0), at(10)), (at(13), at(16)),
                              (at(18), at(19)), (at(30), at(31))]
    assert report.persistent(timedelta(seconds=10)) == [(at(0), at(10))]
    assert report.persistent(timedelta(seconds=3)) == report.outages[:2]
    assert report.persistent(timedelta(seconds=2.5)) == report.outages[:2]
    assert report.persistent(11) == []
    assert report.persistent(0) == report.outages


def test_bridging_merges_only_across_silent_gaps() -> None:
    report = outage_report()
    # 10..12 is silent (3 s), 16..17 has a success, 19..29 has a 4xx.
    assert report.bridged_outages(2) == report.outages
    assert report.bridged_outages(3) == [(at(0), at(16)), (at(18), at(19)), (at(30), at(31))]
    assert report.bridged_outages(timedelta(hours=1)) == report.bridged_outages(3)
    assert report.persistent(16, bridge=3) == [(at(0), at(16))]
    assert report.bridged_outages(0) == report.outages


@pytest.mark.parametrize("rescue", [api(3, 200), smtp(3, 250)], ids=["api", "smtp"])
def test_a_success_in_the_second_right_after_an_outage_blocks_the_bridge(
    rescue: Attempt,
) -> None:
    # Outages [0, 3) and [5, 6); the gap 3..4 has one success, at second 3, on either channel.
    attempts = [api(s, 503) for s in range(3)] + [rescue, smtp(5, 421)]
    report = measure(attempts, T0, HOUR)
    assert report.outages == [(at(0), at(3)), (at(5), at(6))]
    assert report.bridged_outages(10) == report.outages
    silent = measure([a for a in attempts if a is not rescue], T0, HOUR)
    assert silent.bridged_outages(10) == [(at(0), at(6))]


def test_durations_must_be_non_negative_seconds() -> None:
    report = outage_report()
    with pytest.raises(availability.AvailabilityError, match=">= 0"):
        report.persistent(timedelta(seconds=-0.5))
    with pytest.raises(availability.AvailabilityError, match="whole number of seconds"):
        report.bridged_outages(timedelta(seconds=1.5))
    with pytest.raises(availability.AvailabilityError, match="> 0"):
        report.rollup(0)
    with pytest.raises(availability.AvailabilityError, match="timedelta or an int"):
        report.persistent(2.5)  # type: ignore[arg-type]


def test_per_second_counts_and_other_rules() -> None:
    attempts = [api(1, 503), api(1, 200), api(1, 503), smtp(2, 421), smtp(2, 250), api(3, 504)]
    report = measure(attempts, T0, HOUR)
    counts = {c.at: (c.api_attempts, c.api_failures, c.smtp_attempts, c.smtp_failures)
              for c in report.failing_seconds()}
    assert counts == {at(1): (3, 2, 0, 0), at(2): (0, 0, 2, 1), at(3): (1, 1, 0, 0)}
    assert report.unavailable_seconds == 1
    majority = report.with_rule(lambda c: 2 * c.api_failures > c.api_attempts)
    assert majority.outages == [(at(1), at(2)), (at(3), at(4))]
    any_failure = report.with_rule(lambda c: c.api_failures + c.smtp_failures > 0)
    assert any_failure.outages == [(at(1), at(4))]
    assert report.with_rule(availability.all_failed) == report
    with pytest.raises(availability.AvailabilityError, match="give a bool"):
        report.with_rule(lambda c: 1)  # type: ignore[arg-type,return-value]


# Periods, months, roll-ups, business time.


def test_between_is_a_sub_period() -> None:
    report = outage_report()
    part = report.between(at(5), at(14.5))
    assert (part.start, part.end, part.total_seconds) == (at(5), at(14), 9)
    assert part.outages == [(at(5), at(10)), (at(13), at(14))]
    assert part.bridged_outages(3) == [(at(5), at(14))]
    with pytest.raises(availability.AvailabilityError, match="not inside the measured period"):
        report.between(at(-1), at(5))


def test_monthly_reports_split_the_period() -> None:
    jan = datetime(2026, 1, 31, 23, 59, 58, tzinfo=UTC)
    attempts = [Attempt(jan + timedelta(seconds=s), "api", 503) for s in range(4)]
    report = measure(attempts, datetime(2026, 1, 15, tzinfo=UTC),
                     datetime(2026, 3, 1, 12, tzinfo=UTC))
    months = report.by_month()
    assert [(m.start, m.end) for m in months] == [
        (datetime(2026, 1, 15, tzinfo=UTC), datetime(2026, 2, 1, tzinfo=UTC)),
        (datetime(2026, 2, 1, tzinfo=UTC), datetime(2026, 3, 1, tzinfo=UTC)),
        (datetime(2026, 3, 1, tzinfo=UTC), datetime(2026, 3, 1, 12, tzinfo=UTC)),
    ]
    assert [m.unavailable_seconds for m in months] == [2, 2, 0]
    assert months[1].uptime == 1 - 2 / (28 * 86400)
    assert months[0].outages == [(jan, datetime(2026, 2, 1, tzinfo=UTC))]
    # Months in New York: January ends at 05:00 UTC on 1 February.
    local = report.by_month("America/New_York")
    assert local[0].end == datetime(2026, 2, 1, 5, tzinfo=UTC)
    assert local[0].unavailable_seconds == 4
    assert sum(m.total_seconds for m in local) == report.total_seconds
    with pytest.raises(availability.AvailabilityError,
                       match="unknown time zone 'Mars/Olympus': accepted an IANA name"):
        report.by_month("Mars/Olympus")


def test_rollups_to_one_and_five_minutes() -> None:
    attempts = [api(s, 503) for s in range(50, 130)]  # 80 s down from 14:00:50
    report = measure(attempts, T0, HOUR)
    minute = report.rollup()
    assert minute.total_buckets == 60
    assert minute.unavailable == ((at(0), 10), (at(60), 60), (at(120), 10))
    assert (minute.unavailable_buckets(), minute.unavailable_buckets(60)) == (3, 1)
    assert minute.uptime() == 1 - 3 / 60
    five = report.rollup(timedelta(minutes=5))
    assert (five.total_buckets, five.unavailable) == (12, ((at(0), 80),))
    partial = measure(attempts, at(30), at(200)).rollup(60)
    assert partial.total_buckets == 4  # 14:00:30-14:03:20 touches four minutes
    assert measure([], T0, T0).rollup().uptime() == 1.0


def test_outages_in_business_time() -> None:
    eastern = bizhours.calendar("eastern")
    friday_close = datetime(2026, 1, 9, 16, 30, tzinfo=NY)
    attempts = [Attempt(friday_close + timedelta(seconds=s), "api", 503) for s in range(3600)]
    attempts.append(Attempt(datetime(2026, 1, 10, 12, tzinfo=NY), "smtp", "timeout"))
    report = measure(attempts, datetime(2026, 1, 9, tzinfo=UTC), datetime(2026, 1, 12, tzinfo=UTC))
    (friday, saturday) = report.business_outages(eastern)
    assert (friday.start, friday.end) == (friday_close, friday_close + timedelta(hours=1))
    assert (friday.duration, friday.business) == (timedelta(hours=1), timedelta(minutes=30))
    assert (saturday.duration, saturday.business) == (timedelta(seconds=1), timedelta(0))
    assert report.business_unavailable(eastern) == timedelta(minutes=30)
    assert report.business_unavailable(bizhours.calendar("24x7")) == timedelta(seconds=3601)


def test_report_repr_and_rejected_default() -> None:
    report = outage_report()
    assert repr(report).startswith("Report(start=2026-01-05T14:00:00+00:00")
    assert report.rejected == ()


def test_module_doctests() -> None:
    import doctest
    import importlib

    for name in ("_attempts", "_input", "_lines", "_logs", "_measure", "_report", "_seconds",
                 "_text"):
        module = importlib.import_module(f"bizhours.availability.{name}")
        assert doctest.testmod(module).failed == 0
    for module in (availability,):
        assert doctest.testmod(module).failed == 0


def test_a_period_in_the_repeated_hour_is_ordered_by_instant() -> None:
    # 01:45 EDT is 05:45Z; 01:30 EST (the second 01:30) is 06:30Z: 45 minutes later, although
    # its wall time is earlier.
    start = datetime(2026, 11, 1, 1, 45, tzinfo=NY)
    end = datetime(2026, 11, 1, 1, 30, fold=1, tzinfo=NY)
    report = measure([], start, end)
    assert report.total_seconds == 45 * 60
    assert report.between(start, end).total_seconds == 45 * 60
    with pytest.raises(availability.AvailabilityError, match="before start"):
        measure([], end, start)
    with pytest.raises(availability.AvailabilityError, match="before start"):
        report.between(end, start)


def test_attempts_in_the_repeated_hour_are_distinct() -> None:
    first = Attempt(datetime(2026, 11, 1, 1, 30, tzinfo=NY), "api", 503)
    second = Attempt(datetime(2026, 11, 1, 1, 30, fold=1, tzinfo=NY), "api", 503)
    assert first != second
    assert len({first, second}) == 2
    assert first == Attempt(first.at.astimezone(UTC), "API", "503")


def test_a_bad_zone_for_months_says_what_is_accepted() -> None:
    report = measure([], datetime(2026, 1, 1, tzinfo=UTC), datetime(2026, 2, 1, tzinfo=UTC))
    for zone in ("x" * 5000, "America", "../../etc/passwd"):
        with pytest.raises(availability.AvailabilityError,
                           match="accepted an IANA name") as caught:
            report.by_month(zone)
        assert len(str(caught.value)) < 400
