"""``cache``: one timeline per definition, shared by equal ones, bounded, thread-safe."""

from __future__ import annotations

import threading
import time
from datetime import date, datetime
from typing import Any

import pytest

import bizhours
from bizhours._definition.definition import Definition
from bizhours._engine import cache
from bizhours._engine.cache import timeline_for
from bizhours._engine.timeline import Timeline
from tests.helpers import NY, weekly


def test_equal_definitions_built_apart_share_one_timeline() -> None:
    a = weekly({"mon-fri": "09:00-17:00"}, NY)
    b = weekly({"mon-fri": "09:00-17:00"}, NY)
    assert a == b and a is not b
    assert timeline_for(a) is timeline_for(b)
    assert timeline_for(weekly({"mon-fri": "09:00-16:00"}, NY)) is not timeline_for(a)


def test_equal_calendars_share_what_either_compiled() -> None:
    holidays = bizhours.bank_holidays("US")
    first = bizhours.Calendar("America/New_York", {"mon-fri": "09:00-17:00"}, holidays)
    second = bizhours.Calendar("America/New_York", {"mon-fri": "09:00-17:00"}, holidays)
    first.is_open(datetime(2031, 5, 5, tzinfo=NY))  # compiles the years around 2031
    states = timeline_for(second.definition).states
    assert any(s.first <= date(2031, 5, 5) <= s.last for s in states)


def test_a_combination_holds_its_parts_shared_timelines() -> None:
    a, b = weekly({"mon": "09:00-10:00"}, NY), weekly({"tue": "09:00-10:00"})
    both = timeline_for(a.combine("or", b))
    assert both.parts == (timeline_for(a), timeline_for(b))


def test_the_cache_never_holds_more_than_its_capacity(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cache, "CAPACITY", 3)
    definitions = [weekly({"mon": f"09:00-1{i}:00"}) for i in range(6)]
    timelines = [timeline_for(d) for d in definitions]
    # Asked again, the three most recent are still there; the oldest was evicted and is new.
    assert timeline_for(definitions[-1]) is timelines[-1]
    assert timeline_for(definitions[0]) is not timelines[0]
    assert len(cache._timelines) <= 3  # noqa: SLF001 - the bound is the point of this test


def asked_at_once(definition: Definition, threads: int = 8) -> list[Timeline]:
    """The timelines ``threads`` threads get, asking for ``definition`` at the same moment."""
    found: list[Timeline] = []
    start = threading.Barrier(threads)

    def ask() -> None:
        start.wait()
        found.append(timeline_for(definition))

    workers = [threading.Thread(target=ask) for _ in range(threads)]
    for t in workers:
        t.start()
    for t in workers:
        t.join()
    return found


def test_threads_asking_for_a_new_definition_get_one_timeline() -> None:
    found = asked_at_once(weekly({"wed": "09:00-09:30"}, NY))
    assert len(found) == 8 and all(t is found[0] for t in found)


def test_the_least_recently_used_is_evicted_not_the_oldest(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    cache.clear()  # calendars keep the timelines they hold; this only empties the lookup
    monkeypatch.setattr(cache, "CAPACITY", 2)
    old, mid, new = (weekly({"thu": f"0{i}:00-09:00"}) for i in range(3))
    first = timeline_for(old)
    timeline_for(mid)
    assert timeline_for(old) is first  # used again: now the most recent
    timeline_for(new)  # evicts mid, the least recently used
    assert timeline_for(old) is first
    assert timeline_for(new) is timeline_for(new)


def test_threads_that_all_build_still_share_the_first_one_stored(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    class Slow(Timeline):
        """A timeline slow to build, so that every thread builds one before any stores it."""

        def __init__(self, *args: Any) -> None:
            time.sleep(0.05)
            super().__init__(*args)

    monkeypatch.setattr(cache, "Timeline", Slow)
    definition = weekly({"fri": "09:00-09:17"}, NY)
    found = asked_at_once(definition)
    assert len(found) == 8 and all(t is found[0] for t in found)
    assert isinstance(found[0], Slow) and timeline_for(definition) is found[0]
