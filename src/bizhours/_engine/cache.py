"""Compiled timelines, one per definition: equal calendars share one, built once.

The cache keeps the timelines of the ``CAPACITY`` most recently used definitions, so its
memory is bounded. A calendar holds its own timeline: an evicted one lives on while a calendar
uses it, and an equal calendar built after the eviction compiles again.
"""

from __future__ import annotations

import os
import threading
from collections import OrderedDict

from bizhours._definition.definition import Definition
from bizhours._engine.timeline import Timeline

CAPACITY = 256
"""How many definitions' timelines are kept (a compiled decade is about 0.4 MB)."""

_timelines: OrderedDict[Definition, Timeline] = OrderedDict()
_lock = threading.Lock()


def timeline_for(definition: Definition) -> Timeline:
    """The shared timeline of ``definition`` (a combination's holds its parts' timelines).

    >>> from zoneinfo import ZoneInfo
    >>> timeline_for(Definition(ZoneInfo("UTC"))) is timeline_for(Definition(ZoneInfo("UTC")))
    True
    """
    with _lock:
        found = _timelines.get(definition)
        if found is not None:
            _timelines.move_to_end(definition)
            return found
    # A combination's parts are looked up (in this cache) when it first compiles.
    built = Timeline(definition, timeline_for)
    with _lock:
        found = _timelines.setdefault(definition, built)  # another thread may have won
        _timelines.move_to_end(definition)
        while len(_timelines) > CAPACITY:
            _timelines.popitem(last=False)
        return found


def clear() -> None:
    """Forget every cached timeline (calendars keep the ones they hold)."""
    with _lock:
        _timelines.clear()


def _new_lock_after_fork() -> None:
    # A fork copies a lock another thread held as held, for ever: the child starts afresh.
    global _lock
    _lock = threading.Lock()


os.register_at_fork(after_in_child=_new_lock_after_fork)
