"""Many rows in one process: ``add`` and ``elapsed`` with ``--input FILE`` (or ``-``).

CSV with a header (``at,duration`` or ``start,end``) or JSON Lines with those keys; one output
row per input row, in order. ``--format text`` answers like the input (CSV with ``result`` and
``error`` columns added, or JSON Lines with those keys), ``json`` in JSON Lines, ``value`` one
value a line (an empty line for a bad row). A bad row is also reported as ``FILE:LINE: ...``
on stderr, and the exit status is 2 at the end.

>>> seconds_value(timedelta(hours=1, microseconds=500000))
'3600.5'
"""

from __future__ import annotations

import argparse
import csv
import io
import itertools
import json
import os
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import timedelta
from typing import TYPE_CHECKING, Any, TextIO

from bizhours.cli._input import parse_time
from bizhours.cli._output import err, json_line, out, quoted
from bizhours.durations import parse_deadline
from bizhours.errors import BizHoursError, UsageError

if TYPE_CHECKING:
    from bizhours._calendar import Calendar

STDIN = "-"
STDIN_NAME = "<stdin>"
_KINDS = {".csv": "csv", ".jsonl": "jsonl", ".ndjson": "jsonl", ".json": "jsonl"}
_CHUNK = 512  # rows written at a time: few writes, and answers seen while a long file runs
Compute = Callable[[Sequence[str]], str]


def seconds_value(value: timedelta) -> str:
    """A duration as seconds: an integer, or with a fraction when it has microseconds."""
    seconds = value / timedelta(seconds=1)
    whole = value // timedelta(seconds=1)
    return str(whole) if value == timedelta(seconds=whole) else repr(seconds)


def add_value(cal: Calendar, at_text: str, duration_text: str) -> str:
    """What ``add --format value`` prints for one row."""
    tz = cal.timezone
    at = parse_time(at_text, tz)
    return cal.add(at, parse_deadline(duration_text)).astimezone(tz).isoformat()


def elapsed_value(cal: Calendar, start_text: str, end_text: str) -> str:
    """What ``elapsed --format value`` prints for one row."""
    tz = cal.timezone
    return seconds_value(cal.elapsed(parse_time(start_text, tz), parse_time(end_text, tz)))


def one_or_many(args: argparse.Namespace, names: Sequence[str], metavars: Sequence[str]
                ) -> bool:
    """True for ``--input`` (then no positional values), False for one query (then all)."""
    given = [getattr(args, n) is not None for n in names]
    if args.input is not None:
        if any(given):
            raise UsageError(f"--input reads {' and '.join(metavars)} from the file: give "
                             f"either --input FILE or {' '.join(metavars)}, not both")
        return True
    if not all(given):
        raise UsageError(f"{args.command} needs {' and '.join(metavars)}, or --input FILE "
                         f"(see bizhours {args.command} --help)")
    return False


def run_rows(args: argparse.Namespace, columns: tuple[str, str], compute: Compute) -> int:
    """Answer every row of ``args.input``; 2 when a row was bad, else 0."""
    path: str = args.input
    name = STDIN_NAME if path == STDIN else path
    if path != STDIN and os.path.isdir(path):
        raise UsageError(f"{path}: is a directory, not a file of rows")
    stream: TextIO
    if path == STDIN:
        stream = sys.stdin
    else:
        stream = open(path, encoding="utf-8", errors="replace", newline="")  # noqa: SIM115
    with stream if path != STDIN else _kept(stream):
        lines, kind = _kind(path, name, stream)
        rows = _csv(lines, name, columns) if kind == "csv" else _jsonl(lines, name, columns)
        return _answer(rows, args.output_format, kind, name, compute)


class _kept:
    """A context for standard input that leaves it open."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream

    def __enter__(self) -> TextIO:
        return self.stream

    def __exit__(self, *exc: object) -> None:
        return None


def _kind(path: str, name: str, stream: TextIO) -> tuple[Iterator[str], str]:
    """The lines and their format: by the file's extension, else by the first non-blank
    character (``{``: JSON Lines)."""
    kind = _KINDS.get(os.path.splitext(path)[1].lower()) if path != STDIN else None
    seen: list[str] = []
    lines = iter(stream)
    if kind is None:
        for line in lines:
            seen.append(line)
            if line.strip():
                kind = "jsonl" if line.lstrip().startswith("{") else "csv"
                break
        else:
            raise UsageError(f"{name}: no rows: give a CSV header and rows, or JSON Lines")
    return itertools.chain(seen, lines), kind


# One input row: its line, the output template (CSV fields, or a JSON object), the two values
# (None when the row could not be read) and the problem with it.
_Row = tuple[int, list[str] | dict[str, Any], tuple[str, str] | None, str]


def _csv(lines: Iterable[str], name: str, columns: tuple[str, str]) -> Iterator[Any]:
    reader = csv.reader(lines)
    try:
        header = next(reader, None)
    except csv.Error as exc:
        raise UsageError(f"{name}:1: the header cannot be read: {exc}") from None
    if header is None:
        raise UsageError(f"{name}: empty: a CSV file needs the header {','.join(columns)}")
    header = [h.strip() for h in header]
    missing = [c for c in columns if c not in header]
    if missing:
        raise UsageError(f"{name}:{reader.line_num}: the header {quoted(','.join(header))} "
                         f"lacks {', '.join(missing)}: it needs {','.join(columns)}")
    yield [*(h for h in header if h not in ("result", "error")), "result", "error"]
    where = [header.index(c) for c in columns]
    while True:
        try:
            fields = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:  # a quote left open: the rest of the file is one field
            yield (reader.line_num, [], None, f"cannot be read as CSV: {exc}"), header
            return
        if not fields:  # a blank line is not a row
            continue
        problem = ""
        if len(fields) != len(header):
            problem = f"{len(fields)} fields, the header has {len(header)}"
        values = None if problem else (fields[where[0]], fields[where[1]])
        yield (reader.line_num, fields, values, problem), header


def _jsonl(lines: Iterable[str], name: str, columns: tuple[str, str]) -> Iterator[Any]:
    yield None
    for number, line in enumerate(lines, 1):
        if not line.strip():  # a blank line is not a row
            continue
        try:
            obj = json.loads(line)
        except ValueError as exc:
            yield (number, {"input": line.rstrip("\r\n")}, None, f"not JSON: {exc}"), None
            continue
        if not isinstance(obj, dict):
            yield (number, {"input": line.rstrip("\r\n")}, None,
                   f"not a JSON object with the keys {', '.join(columns)}"), None
            continue
        missing = [c for c in columns if not isinstance(obj.get(c), str)]
        problem = (f"{', '.join(missing)}: missing or not a string (the keys "
                   f"{', '.join(columns)} hold text such as \"2026-11-20T16:00\" or \"4h\")"
                   if missing else "")
        values = None if missing else (obj[columns[0]], obj[columns[1]])
        yield (number, obj, values, problem), None


def _answer(rows: Iterator[Any], fmt: str, kind: str, name: str, compute: Compute) -> int:
    out_header = next(rows)
    chunk: list[str] = []
    if fmt == "text" and kind == "csv":
        chunk.append(_csv_line(out_header))
    failed = False
    for (line, template, values, problem), header in rows:
        result = ""
        if values is not None:
            try:
                result = compute(values)
            except (BizHoursError, ValueError, OverflowError) as exc:
                problem = str(exc)
        if problem:
            failed = True
            err(f"{name}:{line}: {problem}")
        chunk.append(_output(fmt, kind, template, header, result, problem))
        if len(chunk) >= _CHUNK:
            out(chunk)
            chunk = []
    out(chunk)
    return 2 if failed else 0


def _output(fmt: str, kind: str, template: list[str] | dict[str, Any],
            header: list[str] | None, result: str, problem: str) -> str:
    if fmt == "value":
        return result
    if kind == "csv" and isinstance(template, list) and header is not None:
        padded = [*template, *[""] * (len(header) - len(template))]  # a short row's gaps
        kept = [f for h, f in zip(header, padded, strict=False)
                if h not in ("result", "error")]
        if fmt == "text":
            return _csv_line([*kept, result, problem])
        fields = dict(zip((h for h in header if h not in ("result", "error")), kept,
                          strict=False))
        return json_line({**fields, "result": result or None, "error": problem or None})
    obj = dict(template) if isinstance(template, dict) else {}
    return json_line({**obj, "result": result or None, "error": problem or None})


def _csv_line(fields: Sequence[str]) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="").writerow(fields)
    return buffer.getvalue()
