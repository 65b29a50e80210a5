"""Fuzz: durations as people type them (``bizhours.durations``)."""

from __future__ import annotations

import re
from datetime import timedelta

from hypothesis import given
from hypothesis import strategies as st

from bizhours import ConfigError
from bizhours.durations import format_duration, iso_duration, parse_duration
from tests.fuzz.grammar import duration, mutated
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
