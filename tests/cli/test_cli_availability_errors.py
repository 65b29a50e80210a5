"""``bizhours availability``'s errors say what to do: compressed logs, and the ``--lenient``
hint only where lenient reading would go on."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest

from bizhours.cli import main

HEADER = "timestamp,channel,status\n"


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    status = main([*args, "--month", "2026-01"])
    return status, capsys.readouterr().err


@pytest.mark.parametrize(("name", "cat", "kind"), [("log.csv.gz", "zcat", "csv"),
                                                   ("log.jsonl.xz", "xzcat", "jsonl")])
def test_a_compressed_log_is_named_as_such_with_a_pipe_that_reads_it(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str, cat: str, kind: str
) -> None:
    path = tmp_path / name
    path.write_bytes(gzip.compress(HEADER.encode()))
    status, err = run(capsys, "availability", str(path))
    assert status == 2
    assert "compressed" in err and f"<({cat} {path}) --input-format {kind}" in err


def test_a_bad_row_suggests_lenient_and_a_bad_header_does_not(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad_row = tmp_path / "row.csv"
    bad_row.write_text(HEADER + "2026-01-05T09:00:00Z,ftp,200\n", encoding="utf-8")
    status, err = run(capsys, "availability", str(bad_row))
    assert status == 2 and "row.csv:2:" in err and "--lenient" in err
    bad_header = tmp_path / "header.csv"
    bad_header.write_text("when,channel,status\n2026-01-05T09:00:00Z,api,200\n",
                          encoding="utf-8")
    status, err = run(capsys, "availability", str(bad_header))
    assert status != 0 and "header.csv:1:" in err and "--lenient" not in err
