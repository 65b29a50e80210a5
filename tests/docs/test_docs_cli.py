"""The shell sessions on docs/cli.md print what the command prints.

Every ``$ bizhours ...`` example that needs no pipe, no file outside the repository and no
terminal width is run, and its output (and exit status, where the page shows ``echo $?``)
compared with the page.
"""

from __future__ import annotations

import re
import shlex
import subprocess

import pytest

from tests.helpers import ROOT, SCRIPT

PAGE = ROOT / "docs" / "cli.md"
SESSIONS = re.findall(r"```console\n(.*?)```", PAGE.read_text(encoding="utf-8"), re.DOTALL)


def runnable(session: str) -> bool:
    command = session.split("\n", 1)[0]
    args = shlex.split(command[2:]) if command.startswith("$ bizhours") else []
    return bool(args) and not any(
        a in ("|", ">", "-o", "--output", "--help") for a in args
    ) and all(not a.endswith((".csv", ".jsonl")) or (ROOT / a).exists() for a in args)


EXAMPLES = [s for s in SESSIONS if runnable(s)]


def test_most_of_the_page_is_checked() -> None:
    assert len(EXAMPLES) >= 20, len(EXAMPLES)


@pytest.mark.parametrize("session", EXAMPLES, ids=[s.split("\n", 1)[0][2:60] for s in EXAMPLES])
def test_the_example_prints_what_the_page_shows(session: str) -> None:
    command, _, shown = session.partition("\n")
    shown, _, status = shown.partition("$ echo $?\n")
    result = subprocess.run([str(SCRIPT), *shlex.split(command[2:])[1:]], capture_output=True,
                            text=True, cwd=ROOT, timeout=60, check=False)
    assert (result.stdout + result.stderr).rstrip("\n") == shown.rstrip("\n")
    if status:
        assert result.returncode == int(status.strip())
