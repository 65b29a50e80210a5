"""The fuzz suite's Hypothesis profiles, chosen by the ``BIZHOURS_FUZZ`` environment variable:
``ci`` (the default: a small, fixed budget that the ordinary test run affords) or
``thorough`` (a large, random one, for a run on demand).

The profiles are used by the fuzz tests only (``@FUZZ``); they are built from Hypothesis' own
defaults, not from the suite's profile (``BIZHOURS_HYPOTHESIS``, ``tests/conftest.py``), so the
two variables choose independently. Both put Hypothesis' files outside the repository.
"""

from __future__ import annotations

import os
from datetime import timedelta

from hypothesis import HealthCheck, settings

# Each example within 2 s: a parser that takes longer on some input is a bug (a hang).
DEADLINE = timedelta(seconds=2)
_QUIET = [HealthCheck.too_slow, HealthCheck.filter_too_much, HealthCheck.data_too_large]

_DEFAULT = settings.get_profile("default")
settings.register_profile(
    "bizhours-fuzz-ci", _DEFAULT, max_examples=60, deadline=DEADLINE, derandomize=True,
    database=None, suppress_health_check=_QUIET, print_blob=True,
)
settings.register_profile(
    "bizhours-fuzz-thorough", _DEFAULT, max_examples=20_000, deadline=DEADLINE, derandomize=False,
    suppress_health_check=_QUIET, print_blob=True,
)

PROFILE = os.environ.get("BIZHOURS_FUZZ", "ci").strip().lower() or "ci"
if PROFILE not in ("ci", "thorough"):
    raise RuntimeError(f"BIZHOURS_FUZZ={PROFILE!r}: accepted ci (the default) or thorough")
_EXAMPLES = os.environ.get("BIZHOURS_FUZZ_EXAMPLES", "").strip()
if _EXAMPLES and not _EXAMPLES.isdigit():
    raise RuntimeError(f"BIZHOURS_FUZZ_EXAMPLES={_EXAMPLES!r}: give a number of examples")
FUZZ = settings(settings.get_profile(f"bizhours-fuzz-{PROFILE}"),
                **({"max_examples": int(_EXAMPLES)} if _EXAMPLES else {}))
"""The settings of every fuzz test: ``@FUZZ`` above ``@given``."""


def scaled(examples: int) -> settings:
    """``FUZZ`` with ``examples`` examples in CI, for a target that costs more per example
    (the thorough budget, or ``BIZHOURS_FUZZ_EXAMPLES``, stays as it is)."""
    if PROFILE == "thorough" or _EXAMPLES:
        return FUZZ
    return settings(FUZZ, max_examples=examples)
