"""Hypothesis' profiles for the whole suite, chosen by ``BIZHOURS_HYPOTHESIS``
(``tests/helpers.py``; the fuzz suite has its own, ``BIZHOURS_FUZZ``):

- ``ci``, the default: derandomised (the same examples every run), no example database, and a
  failure prints the ``@reproduce_failure`` line that replays it;
- ``thorough``: ``THOROUGH`` times the examples (``examples(n)`` for a test that sets its
  own), new ones every run, the failures found before tried first.

Hypothesis keeps its files (the example database, caches) under the user's cache directory,
never in the repository; ``HYPOTHESIS_STORAGE_DIRECTORY`` chooses another place.
"""

from __future__ import annotations

import os
from pathlib import Path

from hypothesis import HealthCheck, settings

from tests.helpers import PROFILE, THOROUGH

_CACHE = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
os.environ.setdefault("HYPOTHESIS_STORAGE_DIRECTORY", str(_CACHE / "bizhours-hypothesis"))

# From Hypothesis' own defaults, not from whatever profile was loaded before.
_DEFAULT = settings.get_profile("default")
# No deadline and no too-slow check: a shared CI machine's load is not a failure.
_CALM = {"deadline": None, "suppress_health_check": [HealthCheck.too_slow], "print_blob": True}
settings.register_profile("bizhours-ci", _DEFAULT, derandomize=True, database=None, **_CALM)
settings.register_profile("bizhours-thorough", _DEFAULT, max_examples=THOROUGH * 100,
                          derandomize=False, **_CALM)
settings.load_profile(f"bizhours-{PROFILE}")
