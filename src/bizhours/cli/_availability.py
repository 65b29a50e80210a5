"""``bizhours availability``: the unavailability report of attempt logs, with a progress line
on stderr while long files are read (only when stderr is a terminal).

Each log is measured on the readers' fast path (pyarrow's with ``--engine arrow``), and the
reports of several logs are combined.
"""

from __future__ import annotations

import argparse
import os
import shlex
import sys
import time
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any, Literal, TextIO

from bizhours import availability
from bizhours._instants import local_midnight
from bizhours.availability import AttemptLog, Report
from bizhours.cli._format import emit, iso, listed, outage_lines, show_time
from bizhours.cli._input import parse_month, parse_time
from bizhours.cli._output import escape
from bizhours.durations import duration_json, format_duration
from bizhours.errors import MissingDependencyError, UsageError

if TYPE_CHECKING:
    from bizhours.cli._commands import Service

STDIN = "-"  # the file name that reads standard input
_LOG_KINDS = {".csv": "csv", ".jsonl": "jsonl", ".ndjson": "jsonl", ".json": "jsonl"}


class Progress:
    """Rows read so far, on one rewritten line of a terminal, shown only for long reads
    (after half a second, at most five times a second).

    >>> import io
    >>> Progress(io.StringIO()).show("a.csv: 16,384 rows")  # too early: nothing is shown
    """

    def __init__(self, stream: TextIO, clock: Callable[[], float] | None = None) -> None:
        self.stream, self.clock = stream, clock or time.monotonic
        self.started = self.clock()
        self.last = 0.0
        self.shown = False
        self.writable = True

    def watch(self, log: AttemptLog, index: int, total: int) -> Callable[[], None]:
        """Shows the rows ``log`` (file ``index`` of ``total``) has read while ``measure``
        reads it; the function returned shows the file done."""
        which = f" (file {index + 1} of {total})" if total > 1 else ""
        rows = [0]

        def read(n: int) -> None:
            rows[0] = n
            self.show(f"{log.path}{which}: {n:,} rows")

        log.progress = read
        return lambda: self.show(f"{log.path}{which}: {rows[0]:,} rows, done")

    def show(self, text: str) -> None:
        """Rewrite the line with ``text``, unless it is too early or too soon."""
        now = self.clock()
        if not self.writable or now - self.started < 0.5 or now - self.last < 0.2:
            return
        self.last, self.shown = now, True
        self._write(f"\r{escape(text)} ({now - self.started:.0f}s)\x1b[K")

    def done(self) -> None:
        """Clear the line, if anything was shown."""
        if self.shown and self.writable:
            self._write("\r\x1b[K")

    def _write(self, text: str) -> None:
        """A progress line that cannot be written is left out: it is not the answer."""
        try:
            self.stream.write(text)
            self.stream.flush()
        except (OSError, ValueError):
            self.writable = False


def draws_on(stream: TextIO | None) -> bool:
    """Whether ``stream`` is a terminal that reads the progress line's control sequences:
    not when closed (``2>&-``), not a terminal (a file, a pipe), or a dumb one (TERM=dumb or
    no TERM, as in an editor's shell buffer)."""
    if stream is None or not stream.isatty():
        return False
    return os.environ.get("TERM", "") not in ("", "dumb")


def sniff_stdin() -> str:
    """The log format of standard input by its first non-blank byte (``{``: JSON Lines, else
    CSV), seen without reading it away."""
    stream = getattr(sys.stdin, "buffer", None)
    peek = getattr(stream, "peek", None)
    head = peek(1) if peek is not None else b""
    first = head.lstrip()[:1]
    if not first:
        if head:  # only blanks so far: too little seen to tell
            raise UsageError("-: cannot tell the log format of standard input from its first "
                             "bytes: give --input-format csv or --input-format jsonl")
        return "csv"  # empty: the CSV reader reports the missing header
    return "jsonl" if first == b"{" else "csv"


_COMPRESSED = {".gz": "zcat", ".bz2": "bzcat", ".xz": "xzcat", ".zst": "zstdcat",
               ".zip": "unzip -p"}


def _compressed(path: str) -> str:
    """What to do with a compressed log: decompress it, or read it through a pipe."""
    cat = _COMPRESSED[os.path.splitext(path)[1].lower()]
    inner = os.path.splitext(os.path.splitext(path)[0])[1].lower()
    kind = _LOG_KINDS.get(inner, "csv")
    quoted = shlex.quote(path)
    return (f"{path}: compressed logs are not read: decompress it first, or read it through "
            f"a pipe: bizhours availability <({cat} {quoted}) --input-format {kind} ...")


def _logs(args: argparse.Namespace) -> list[AttemptLog]:
    logs = []
    engine: Literal["python", "arrow"] = (
        "arrow" if getattr(args, "engine", "python") == "arrow" else "python")
    if args.files.count(STDIN) > 1:
        raise UsageError("standard input (-) can be read once: give it once")
    for path in args.files:
        kind = args.input_format
        if path == STDIN:
            if kind == "auto":
                kind = sniff_stdin()
        elif kind == "auto":
            ext = os.path.splitext(path)[1].lower()
            if ext in _COMPRESSED:
                raise UsageError(_compressed(path))
            if ext not in _LOG_KINDS:
                raise UsageError(f"{path}: cannot tell the log format from {ext or 'no'} "
                                 f"extension: name it .csv or .jsonl, or give --input-format")
            kind = _LOG_KINDS[ext]
        if path != STDIN and not os.path.exists(path):  # <(zcat log.gz) is a pipe, not a file
            raise UsageError(f"{path}: no such file")
        if os.path.isdir(path):
            raise UsageError(f"{path}: is a directory, not a log file")
        if kind == "csv":
            try:
                logs.append(availability.read_csv(path, lenient=args.lenient, engine=engine))
            except MissingDependencyError as exc:
                raise UsageError(f"--engine arrow: {exc}") from None
        else:  # JSON Lines are read by the Python engine whatever --engine says
            logs.append(availability.read_jsonl(path, lenient=args.lenient))
    return logs


def _period(args: argparse.Namespace, s: Service) -> tuple[datetime, datetime]:
    tz = s.calendar.timezone
    if args.month is not None:
        if args.start is not None or args.end is not None:
            raise UsageError("give either --month or --start and --end, not both")
        first, following = parse_month(args.month)
        return local_midnight(first, tz), local_midnight(following, tz)
    if args.start is None or args.end is None:
        raise UsageError("give the period: --month YYYY-MM, or --start TIME and --end TIME")
    return parse_time(args.start, tz), parse_time(args.end, tz)


def run_availability(args: argparse.Namespace, s: Service) -> int:
    """The unavailability report of the attempt logs over the period."""
    logs = _logs(args)
    start, end = _period(args, s)
    progress = Progress(sys.stderr) if draws_on(sys.stderr) else None
    try:
        reports = []
        for i, log in enumerate(logs):
            done = None if progress is None else progress.watch(log, i, len(logs))
            reports.append(availability.measure(log, start, end))
            if done is not None:
                done()
        report = availability.combine(reports)
    except availability.LogFormatError as exc:
        if not exc.skippable:
            raise  # a bad header, a compressed file: nothing in it can be read
        raise UsageError(f"{exc} (--lenient lists bad rows and goes on)") from None
    finally:
        if progress is not None:
            progress.done()
    as_json = bool(getattr(args, "json", False))
    emit(as_json, _report_lines(report, s), _report_json(report, s))
    return 0


def _report_json(report: Report, s: Service) -> dict[str, Any]:
    outages = report.business_outages(s.calendar)
    return {
        "calendar": s.label,
        "start": iso(report.start),
        "end": iso(report.end),
        "total_seconds": report.total_seconds,
        "unavailable_seconds": report.unavailable_seconds,
        "uptime": report.uptime,
        "outages": [[iso(o.start), iso(o.end)] for o in outages],
        "business_outages": [{"start": iso(o.start), "end": iso(o.end),
                              **duration_json("business", o.business)} for o in outages],
        **duration_json("business_unavailable", report.business_unavailable(s.calendar)),
        "input": {
            "counted": report.input.counted,
            "outside": report.input.outside,
            "rejected": [{"path": r.path, "line": r.line, "reason": r.reason}
                         for r in report.rejected],
        },
    }


def _report_lines(report: Report, s: Service) -> list[str]:
    tz = s.calendar.timezone
    business = {(o.start, o.end): o.business for o in report.business_outages(s.calendar)}
    longest = max((e - b for b, e in report.outages), default=timedelta(0))
    summary = report.input
    lines = [
        f"period       {show_time(report.start, tz)} to {show_time(report.end, tz)} "
        f"({report.total_seconds:,} s)",
        f"attempts     {summary.counted:,} counted, {summary.outside:,} outside the period, "
        f"{len(summary.rejected):,} rejected",
        f"unavailable  {report.unavailable_seconds:,} s, of which "
        f"{format_duration(report.business_unavailable(s.calendar))} in {s.label} business "
        "hours",
        f"uptime       {report.uptime:.6%}",
        f"outages      {len(report.outages):,}"
        + (f", the longest {format_duration(longest)}" if report.outages else ""),
        *outage_lines(report.outages, tz, business),
    ]
    if report.rejected:
        lines.append("rejected rows (counted neither available nor unavailable):")
        lines += listed([f"  {row}" for row in report.rejected])
    return lines


