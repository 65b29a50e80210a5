"""Fuzz: durations as people type them (``bizhours.durations``)."""

from __future__ import annotations

import re
from datetime import timedelta

from hypothesis import given
from hypothesis import strategies as st

from bizhours import BusinessDays, ConfigError
from bizhours.durations import (
    format_deadline,
    format_duration,
    iso_duration,
    parse_deadline,
    parse_duration,
)
from tests.fuzz.grammar import business_days, duration, mutated
from tests.fuzz.settings import FUZZ

# The accepted forms, loosely but strictly ASCII inside: digits, units, P and T, ASCII blanks;
# any blank at the edges (str.strip).
STRICT = re.compile(r"\s*(?:-[ \t\n\r\f\v]*)?[0-9.PpTtHhMmSs \t\n\r\f\v]+\s*")


@FUZZ
@given(text=mutated(duration))
def test_fuzz_parse_duration(text: str) -> None:
    try:
        value = parse_duration(text)
    except ConfigError:
        return
    assert isinstance(value, timedelta)
    assert STRICT.fullmatch(text), text
    assert parse_duration(format_duration(value)) == value
    assert parse_duration(iso_duration(value)) == value


@FUZZ
@given(value=st.timedeltas())
def test_fuzz_format_duration_round_trips(value: timedelta) -> None:
    assert parse_duration(format_duration(value)) == value


@FUZZ
@given(text=mutated(business_days | duration))
def test_fuzz_parse_deadline(text: str) -> None:
    try:
        value = parse_deadline(text)
    except ConfigError as exc:
        assert len(str(exc)) < 2_000  # the text is quoted cut short, whatever its length
        return
    assert parse_deadline(format_deadline(value)) == value
    if isinstance(value, BusinessDays):
        assert re.fullmatch(r"[0-9]+bd(@[0-9a-z:]+)?(,cutoff=[0-9:]+)?", str(value)), value
        assert "bd" in text.lower()
    else:
        assert value == parse_duration(text)  # the same reading as parse_duration's
