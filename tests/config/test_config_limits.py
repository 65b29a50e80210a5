"""Contract files: recurrence rules refused at their key when out of range, malformed or
unsafe, and the file itself bounded (size, nesting, encoding)."""

from __future__ import annotations

import os
import threading
from datetime import date
from pathlib import Path

import pytest

from bizhours.config import MAX_CONTRACT_BYTES, ContractError, load_contract, loads_contract
from tests.helpers import finishes

KEY = "calendar.adjustments[0].rrule"


def with_rule(rule: str) -> str:
    return ('[calendar]\nzone = "eastern"\n[[calendar.adjustments]]\n'
            f'rrule = "{rule}"\naction = "close"\n')


def refused(text: str) -> ContractError:
    with pytest.raises(ContractError) as info:
        loads_contract(text)
    return info.value


@pytest.mark.parametrize(
    "rule, named",
    [
        # Read silently by dateutil: every day closed, or a rule that never applies.
        ("DTSTART:20260101\\nRRULE:FREQ=MONTHLY;BYMONTHDAY=0", "BYMONTHDAY=0 is out of range"),
        ("DTSTART:20260101\\nRRULE:FREQ=YEARLY;BYMONTH=13", "BYMONTH=13 is out of range"),
        ("DTSTART:20260101\\nRRULE:FREQ=MONTHLY;BYMONTHDAY=32", "BYMONTHDAY=32 is out of range"),
        ("DTSTART:20260101\\nRRULE:FREQ=YEARLY;BYYEARDAY=400", "BYYEARDAY=400 is out of range"),
        ("DTSTART:20260101\\nRRULE:FREQ=YEARLY;BYWEEKNO=60", "BYWEEKNO=60 is out of range"),
        ("DTSTART:20260101\\nRRULE:FREQ=DAILY\\nEXRULE:FREQ=YEARLY;BYMONTH=13", "BYMONTH=13"),
        ("DTSTART:20260101\\nRRULE:FREQ=DAILY\\nRDATE:5", "'5' is not a date"),
        ("DTSTART:20260101\\nRRULE:FREQ=DAILY\\nEXDATE:20261301", "is not a valid date-time"),
        # Hangs: the first query never returned.
        ("DTSTART:20260101\\nRRULE:FREQ=DAILY;INTERVAL=0", "INTERVAL=0 is out of range"),
        ("DTSTART:20260101T000000\\nRRULE:FREQ=DAILY\\nEXRULE:FREQ=MINUTELY",
         "FREQ=MINUTELY repeats more often than daily"),
        # Tracebacks from inside dateutil.
        ("DTSTART:20260101", "has no RRULE (and no RDATE)"),
        ("DTSTART:20260101\\nRRULE:FREQ=DAILY;INTERVAL=-1", "INTERVAL=-1 is out of range"),
        ("DTSTART:20260101\\nRRULE:FREQ=YEARLY;BYEASTER=400", "BYEASTER=400 is out of range"),
        ("DTSTART:20260101\\nRRULE:FREQ=DAILY;UNTIL=20260301\\nRDATE:20260401T000000Z",
         "mixes naive and aware"),
    ],
)
def test_bad_rules_are_refused_at_their_key(rule: str, named: str) -> None:
    exc = refused(with_rule(rule))
    assert exc.key == KEY
    assert named in exc.reason
    assert "is not an RFC 5545 rule" in exc.reason


def test_a_tzid_that_is_a_path_opens_no_file(tmp_path: Path) -> None:
    """``DTSTART;TZID=<path>`` made dateutil open the file; a FIFO would block that open, so
    the load finishing shows nothing opened it."""
    fifo = tmp_path / "zone"
    if not hasattr(os, "mkfifo"):
        pytest.skip("no FIFOs here")
    os.mkfifo(fifo)
    text = with_rule(f"DTSTART;TZID={fifo}:20260101T090000\\nRRULE:FREQ=DAILY")
    exc = finishes(lambda: loads_contract(text), 20)
    assert isinstance(exc, ContractError)
    assert exc.key == KEY
    assert f"TZID '{fifo}' is not an IANA time zone name" in exc.reason


def test_a_tzid_may_name_an_iana_zone() -> None:
    text = with_rule("DTSTART;TZID=America/New_York:20260101T000000\\n"
                     "RRULE:FREQ=YEARLY;BYMONTH=12;BYMONTHDAY=24")
    assert loads_contract(text).notes_on(date(2026, 12, 24)) == ["adjusted: closed"]


def test_the_contract_file_size_is_capped(tmp_path: Path) -> None:
    big = tmp_path / "big.toml"
    big.write_bytes(b"# " + b"x" * MAX_CONTRACT_BYTES + b"\n[calendar]\nzone = 'eastern'\n")
    with pytest.raises(ContractError) as info:
        load_contract(big)
    assert str(info.value) == (f"{big}: longer than the longest contract accepted, "
                               "1,048,576 bytes (1 MiB)")
    with pytest.raises(ContractError, match="1 MiB"):
        loads_contract(big.read_text(encoding="utf-8"))


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="no /dev/zero here")
def test_an_endless_device_is_refused_in_bounded_time() -> None:
    """``load_contract("/dev/zero")`` read for ever."""
    exc = finishes(lambda: load_contract("/dev/zero"), 20)
    assert isinstance(exc, ContractError)
    assert "longer than the longest contract accepted" in str(exc)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_an_endless_pipe_is_refused_in_bounded_time(tmp_path: Path) -> None:
    """A FIFO that never sends a newline was read for ever."""
    fifo = tmp_path / "contract.toml"
    os.mkfifo(fifo)
    stop = threading.Event()

    def write() -> None:
        try:
            with open(fifo, "wb") as out:
                while not stop.is_set():
                    out.write(b"x" * 65536)
        except OSError:  # the reader closed its end
            pass

    writer = threading.Thread(target=write, daemon=True)
    writer.start()
    try:
        exc = finishes(lambda: load_contract(fifo), 20)
    finally:
        stop.set()
    assert isinstance(exc, ContractError)
    assert "longer than the longest contract accepted" in str(exc)


def test_deep_nesting_is_a_contract_error() -> None:
    """5,000 nested ``[`` raised ``RecursionError`` from inside tomllib."""
    exc = refused("x = " + "[" * 5000 + "]" * 5000)
    assert exc.key is None
    assert exc.reason == "arrays or tables nested too deeply"


def test_undecodable_bytes_name_the_file(tmp_path: Path) -> None:
    latin = tmp_path / "latin.toml"
    latin.write_bytes(b'[calendar]\nzone = "eastern" # caf\xe9\n')
    with pytest.raises(ContractError) as info:
        load_contract(latin)
    assert str(info.value).startswith(f"{latin}: not UTF-8 text")


def test_a_long_bad_value_is_cut_in_the_message_with_its_length() -> None:
    with pytest.raises(ContractError) as caught:
        loads_contract('[calendar]\nzone = "' + "x" * 5000 + '"')
    message = str(caught.value)
    assert "(5002 characters)" in message and len(message) < 400
    assert caught.value.key == "calendar.zone"


def test_a_huge_integer_is_a_contract_error() -> None:
    with pytest.raises(ContractError, match="digits"):
        loads_contract('[calendar]\nzone = "eastern"\n[sla]\nnon_critical_response = '
                       + "1" * 4301)
