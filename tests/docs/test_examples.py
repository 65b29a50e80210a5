"""Every example the project shows is run: the docstring examples of every module, and the
Python blocks of README.md and of each page of docs/ (a page's blocks in order, in one
namespace, as a reader would type them)."""

from __future__ import annotations

import doctest
import importlib
import pkgutil
import re
from pathlib import Path

import pytest

import bizhours
from tests.helpers import ROOT

MODULES = sorted(m.name for m in pkgutil.walk_packages(bizhours.__path__, "bizhours."))
# A page whose blocks another test runs, with the modules they import.
OWN_RUNNER = {"testing.md": "tests/docs/test_docs_testing.py",
              "sla.md": "tests/docs/test_docs_sla.py"}
PAGES = [ROOT / "README.md",
         *sorted(p for p in (ROOT / "docs").glob("*.md") if p.name not in OWN_RUNNER)]
BLOCK = re.compile(r"^```python\n(.*?)^```", re.DOTALL | re.MULTILINE)
# Blocks run elsewhere, or that need what a test machine does not have: each says which.
RUN_ELSEWHERE = {
    ("scaling.md", 2): "the Dask recipe over parquet files: tests/batch/test_dask.py runs it "
                       "on a LocalCluster",
    ("scaling.md", 3): "the Spark recipe needs pyspark and a Spark session",
    ("scaling.md", 4): "the Dask recipe over log files: tests/availability/"
                       "test_availability_dask.py runs it on a LocalCluster",
}
# The files the availability page reads, written small into the directory it runs in.
LOGS = {
    "attempts-2026-01.csv": "timestamp,channel,status\n2026-01-05T14:00:00Z,api,503\n",
    "export.csv": "time;kind;code\n2026-01-05T14:00:00Z;api;200\n",
    "attempts.jsonl": '{"timestamp": "2026-01-05T14:00:00Z", "channel": "smtp", '
                      '"status": 421}\nnot json\n',
}


def test_every_module_and_page_is_found() -> None:
    assert len(MODULES) > 40 and "bizhours._engine.timeline" in MODULES
    assert sum(len(BLOCK.findall(p.read_text(encoding="utf-8"))) for p in PAGES) > 15
    for name, number in RUN_ELSEWHERE:  # no stale exception
        assert number <= len(BLOCK.findall((ROOT / "docs" / name).read_text(encoding="utf-8")))
    assert all((ROOT / runner).is_file() for runner in OWN_RUNNER.values())


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name: str) -> None:
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
    assert result.failed == 0
    source = Path(module.__file__ or "").read_text(encoding="utf-8")
    assert result.attempted > 0 or ">>> " not in source  # examples written are examples run


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.name)
def test_python_blocks_of_a_page(page: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
                                 ) -> None:
    blocks = BLOCK.findall(page.read_text(encoding="utf-8"))
    if page.name == "availability.md":
        for name, text in LOGS.items():
            (tmp_path / name).write_text(text, encoding="utf-8")
        monkeypatch.chdir(tmp_path)
    elif page.name == "data-tools.md":  # writes a Parquet file where it runs
        monkeypatch.chdir(tmp_path)
    else:
        monkeypatch.chdir(ROOT)  # pages name files of the repository (examples/...)
    namespace: dict[str, object] = {"__name__": f"docs_{page.stem}"}
    for number, block in enumerate(blocks, 1):
        if (page.name, number) in RUN_ELSEWHERE:
            continue
        code = compile(block, f"{page.name} block {number}", "exec")
        exec(code, namespace)
