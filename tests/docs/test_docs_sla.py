"""docs/sla.md: its Python blocks run in order in one namespace, as a reader would type them,
and a block followed directly by a ``text`` block prints exactly that text."""

from __future__ import annotations

import contextlib
import io
import re

import pytest

from tests.helpers import ROOT

PAGE = ROOT / "docs" / "sla.md"
# A fenced block: its language and its text.
FENCE = re.compile(r"^```(\w*)\n(.*?)^```\n", re.DOTALL | re.MULTILINE)


def runs() -> list[tuple[int, str | None, str]]:
    """Each Python block's number, the output the page shows for it (or None), and what it
    printed."""
    text = PAGE.read_text(encoding="utf-8")
    fences = list(FENCE.finditer(text))
    namespace: dict[str, object] = {"__name__": "docs_sla"}
    out = []
    number = 0
    for n, fence in enumerate(fences):
        if fence.group(1) != "python":
            continue
        number += 1
        shown = None
        if n + 1 < len(fences) and fences[n + 1].group(1) == "text" \
                and not text[fence.end():fences[n + 1].start()].strip():
            shown = fences[n + 1].group(2)
        printed = io.StringIO()
        with contextlib.redirect_stdout(printed):
            exec(compile(fence.group(2), f"sla.md block {number}", "exec"), namespace)
        out.append((number, shown, printed.getvalue()))
    return out


@pytest.fixture(scope="module")
def page_runs() -> list[tuple[int, str | None, str]]:
    return runs()


def test_the_page_shows_output_of_several_blocks(page_runs: list[tuple[int, str | None, str]]
                                                 ) -> None:
    assert sum(shown is not None for _, shown, _ in page_runs) >= 6


def test_every_output_shown_is_what_the_block_prints(
        page_runs: list[tuple[int, str | None, str]]) -> None:
    for number, shown, printed in page_runs:
        if shown is not None:
            assert printed == shown, f"sla.md block {number}"


if __name__ == "__main__":  # print each block's output, to write the page
    for number, _, printed in runs():
        print(f"--- block {number}\n{printed}", end="")
