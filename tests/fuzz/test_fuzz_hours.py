"""Fuzz: the hours grammar (``HH:MM-HH:MM`` ranges and day specs), through its parsers and
through ``Calendar(zone, hours={spec: text})``."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bizhours import BizHoursError, Calendar, ConfigError
from bizhours._definition.hours import parse_days, parse_ranges, parse_time
from tests.fuzz.grammar import (
    clock,
    day_ranges,
    day_spec,
    in_script,
    mutated,
    zone_name,
)
from tests.fuzz.settings import FUZZ, scaled

DAY_US = 86_400_000_000
# What the grammar accepts, written strictly (ASCII digits; any blank around, as str.strip).
STRICT_CLOCK = re.compile(r"\s*[0-9]{1,2}:[0-9]{2}(?::[0-9]{2})?\s*")
AT = datetime(2026, 11, 20, 15, tzinfo=UTC)


@FUZZ
@given(text=mutated(clock), is_close=st.booleans())
def test_fuzz_parse_time(text: str, is_close: bool) -> None:
    try:
        us = parse_time(text, is_close=is_close)
    except ConfigError:
        return
    assert STRICT_CLOCK.fullmatch(text), text
    assert 0 <= us <= DAY_US and (us < DAY_US or is_close)


@FUZZ
@given(text=mutated(day_ranges))
def test_fuzz_parse_ranges(text: str) -> None:
    try:
        ranges = parse_ranges(text)
    except ConfigError:
        return
    flat = [edge for pair in ranges for edge in pair]
    assert flat == sorted(flat) and len(set(flat)) == len(flat)  # sorted, merged, non-empty
    assert all(0 <= edge <= DAY_US for edge in flat)


@FUZZ
@given(spec=mutated(day_spec))
def test_fuzz_parse_days(spec: str) -> None:
    try:
        days = parse_days(spec)
    except ConfigError:
        return
    assert days and all(0 <= d <= 6 for d in days)


@scaled(40)
@given(zone=zone_name | mutated(zone_name, 2),
       hours=st.dictionaries(mutated(day_spec, 1), mutated(day_ranges, 2), max_size=4))
def test_fuzz_calendar_hours(zone: str, hours: dict[str, str]) -> None:
    try:
        cal = Calendar(zone, hours)
        cal.is_open(AT)
        cal.next_open(AT)
    except BizHoursError:
        return


def test_hours_grammar_refuses_non_ascii_digits() -> None:
    with pytest.raises(ConfigError):
        parse_ranges(in_script("09:00-17:00"))


@pytest.mark.parametrize("zone", ["x" * 5000, "America"])
def test_unreadable_zone_names_are_config_errors(zone: str) -> None:
    with pytest.raises(ConfigError):
        Calendar(zone, {"mon-fri": "09:00-17:00"})
