"""The package's metadata: extras named for what they bring and all of them in the README,
aliases equal to what they stand for, honest floors, links that work on a package index, and
CI reading the README's test command."""

from __future__ import annotations

import re
import tomllib
from importlib.metadata import requires
from typing import Any

from packaging.requirements import Requirement
from packaging.version import Version

from tests.helpers import ROOT

PROJECT: dict[str, Any] = tomllib.loads(
    (ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
EXTRAS: dict[str, list[str]] = PROJECT["optional-dependencies"]
README = (ROOT / "README.md").read_text(encoding="utf-8")
CI_RUN = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
TEST_COMMAND = re.compile(r'pip install "\.\[(dev(?:,[a-z]+)*)\]"')


def names(extra: str) -> set[str]:
    return {Requirement(r).name for r in EXTRAS[extra]}


def test_every_extra_is_in_the_readme_paragraph() -> None:
    paragraph = README[README.index("Optional extras"):README.index("## Documentation")]
    expected = {"numpy", "pandas", "polars", "duckdb", "arrow", "dask", "ics", "strategies",
                "testing", "docs", "dev", "test", "bench"}
    assert set(EXTRAS) == expected
    missing = [e for e in EXTRAS if f"`{e}`" not in paragraph]
    assert missing == []


def test_extras_bring_what_they_are_named_for() -> None:
    assert names("numpy") == {"numpy"}  # no pandas behind the numpy extra
    assert names("pandas") == {"pandas", "numpy"}
    assert "polars" in names("polars") and "duckdb" in names("duckdb")
    assert "pyarrow" in names("arrow") and "dask" in names("dask")
    assert names("ics") == {"icalendar"} and names("strategies") == {"hypothesis"}
    assert "mkdocs" in names("docs")
    assert names("dev") >= {"pytest", "hypothesis", "mypy", "ruff", "import-linter",
                            "types-python-dateutil", "icalendar", "pytz", "build"}


def test_aliases_have_the_same_contents() -> None:
    assert EXTRAS["testing"] == EXTRAS["strategies"]
    assert EXTRAS["test"] == EXTRAS["dev"]


def test_floors_are_ones_the_dependencies_allow() -> None:
    ours = {Requirement(r).name: Requirement(r) for r in PROJECT["dependencies"]}
    # holidays' own requirement on python-dateutil: our floor may not be below it.
    theirs = [Requirement(r) for r in requires("holidays") or []]
    dateutil = next(r for r in theirs if r.name == "python-dateutil" and r.marker is None)
    their_floor = next(Version(s.version) for s in dateutil.specifier if s.operator == ">=")
    our_floor = next(Version(s.version) for s in ours["python-dateutil"].specifier
                     if s.operator == ">=")
    assert our_floor >= their_floor


def test_index_metadata() -> None:
    urls = PROJECT["urls"]
    assert urls["Source"] == "https://github.com/bizhours/bizhours"
    assert urls["Documentation"] == "https://bizhours.readthedocs.io"
    assert urls["Changelog"].endswith("/blob/main/CHANGELOG.md")
    classifiers = PROJECT["classifiers"]
    assert {"Typing :: Typed", "Operating System :: OS Independent",
            "Programming Language :: Python :: 3.11"} <= set(classifiers)
    assert any(c.startswith("Topic :: ") for c in classifiers)
    # The license is the SPDX expression; an index refuses it beside a License classifier.
    assert PROJECT["license"] == "MIT"
    assert not any(c.startswith("License :: ") for c in classifiers)
    assert len(PROJECT["keywords"]) >= 5
    assert (ROOT / "src" / "bizhours" / "py.typed").is_file()


def test_readme_links_work_on_a_package_index() -> None:
    targets = re.findall(r"\]\(([^)]+)\)", README)
    assert len(targets) >= 8
    relative = [t for t in targets if not t.startswith("https://")]
    assert relative == []
    for target in targets:  # each repository link names a file that exists
        prefix = "https://github.com/bizhours/bizhours/blob/main/"
        if target.startswith(prefix):
            assert (ROOT / target.removeprefix(prefix)).is_file(), target


def test_ci_reads_the_readme_test_command() -> None:
    match = TEST_COMMAND.search(README)
    assert match is not None
    extras = match.group(1).split(",")
    assert set(extras) <= set(EXTRAS)
    # Every optional path the suite runs: nothing skipped for a missing package.
    assert {"dev", "docs", "numpy", "pandas", "polars", "duckdb", "arrow", "dask"} <= set(extras)
    assert r'pip install "\.\[dev(,[a-z]+)*\]"' in CI_RUN
    assert "scripts/smoke_wheel.sh" in CI_RUN and "python -m build" in CI_RUN
    assert (ROOT / "scripts" / "smoke_wheel.sh").stat().st_mode & 0o111
