"""Hypothesis' profiles for the whole suite, chosen by ``BIZHOURS_HYPOTHESIS``
(``tests/helpers.py``; the fuzz suite has its own, ``BIZHOURS_FUZZ``):

- ``ci``, the default: derandomised (the same examples every run), no example database, and a
  failure prints the ``@reproduce_failure`` line that replays it;
- ``thorough``: ``THOROUGH`` times the examples (``examples(n)`` for a test that sets its
  own), new ones every run, the failures found before tried first;
- ``quick``: as ``ci`` with ``QUICK`` times fewer examples, for CI's second run on another
  machine's settings (zone, locale), which looks for what depends on them, not for edges.

Hypothesis keeps its files (the example database, caches) under the user's cache directory,
never in the repository; ``HYPOTHESIS_STORAGE_DIRECTORY`` chooses another place.

Under ``CI`` (set by ``.ci/run``) a skipped test fails: CI installs every optional dependency,
so a skip there is a test that did not run.

The ``german_locale`` fixture is an environment whose ``setlocale(LC_ALL, "")`` is German.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Generator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

from tests.helpers import PROFILE, QUICK, THOROUGH

_CACHE = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
os.environ.setdefault("HYPOTHESIS_STORAGE_DIRECTORY", str(_CACHE / "bizhours-hypothesis"))

# From Hypothesis' own defaults, not from whatever profile was loaded before.
_DEFAULT = settings.get_profile("default")
# No deadline and no too-slow check: a shared CI machine's load is not a failure.
_CALM = {"deadline": None, "suppress_health_check": [HealthCheck.too_slow], "print_blob": True}
settings.register_profile("bizhours-ci", _DEFAULT, derandomize=True, database=None, **_CALM)
settings.register_profile("bizhours-thorough", _DEFAULT, max_examples=THOROUGH * 100,
                          derandomize=False, **_CALM)
settings.register_profile("bizhours-quick", _DEFAULT, max_examples=100 // QUICK,
                          derandomize=True, database=None, **_CALM)
settings.load_profile(f"bizhours-{PROFILE}")


def _skips_fail() -> bool:
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


def _failed_if_skipped(report: pytest.TestReport | pytest.CollectReport
                       ) -> pytest.TestReport | pytest.CollectReport:
    """``report`` as a failure when it is a skip (not an expected failure) under ``CI``."""
    if report.skipped and not hasattr(report, "wasxfail") and _skips_fail():
        longrepr = report.longrepr
        reason = longrepr[2] if isinstance(longrepr, tuple) else str(longrepr)
        report.outcome = "failed"
        report.longrepr = f"skipped under CI, where every test must run: {reason}"
    return report


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]
                              ) -> Generator[None, pytest.TestReport, pytest.TestReport]:
    report = yield
    failed = _failed_if_skipped(report)
    assert isinstance(failed, pytest.TestReport)
    return failed


@pytest.hookimpl(wrapper=True)
def pytest_make_collect_report(collector: pytest.Collector
                               ) -> Generator[None, pytest.CollectReport, pytest.CollectReport]:
    report = yield
    failed = _failed_if_skipped(report)
    assert isinstance(failed, pytest.CollectReport)
    return failed


GERMAN = "de_DE.UTF-8"


def _sets_locale(env: dict[str, str]) -> bool:
    probe = "import locale; locale.setlocale(locale.LC_ALL, '')"
    return subprocess.run([sys.executable, "-c", probe], env=env, capture_output=True,
                          check=False).returncode == 0


@pytest.fixture(scope="session")
def german_locale(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """The environment of a subprocess in which ``setlocale(LC_ALL, "")`` gives German: the
    machine's own ``de_DE.UTF-8``, or one compiled with ``localedef`` into a temporary
    directory (``LOCPATH``) when the machine has only C and POSIX."""
    env = {**os.environ, "LC_ALL": GERMAN}
    if _sets_locale(env):
        return env
    localedef = shutil.which("localedef")
    if localedef is not None:
        where = tmp_path_factory.mktemp("locales")
        subprocess.run([localedef, "-i", "de_DE", "-f", "UTF-8", str(where / GERMAN)],
                       capture_output=True, check=False)  # warnings exit 1: probed below
        env["LOCPATH"] = str(where)
        if _sets_locale(env):
            return env
    pytest.skip(f"no {GERMAN} locale on this machine, and localedef cannot make one")
