"""The argument parser and the entry point of the ``bizhours`` command."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING, NoReturn

from bizhours.cli._availability import run_availability
from bizhours.cli._commands import RUNNERS, run_overview, service
from bizhours.cli._due import add_due_options, run_due
from bizhours.cli._output import EX_IOERR, OutputError, err, flush, one_line, out
from bizhours.errors import BizHoursError, UsageError
from bizhours.presets import NAMES as ZONES

if TYPE_CHECKING:
    from _typeshed import SupportsWrite

TIME_HELP = ("ISO 8601 with an offset (2026-11-20T16:00-05:00), Z (2026-11-20T21:00Z), or no "
             "offset (wall time in the calendar's own zone), or 'now'")
_EPILOG = """\
times: ISO 8601 with an offset (2026-11-20T16:00-05:00), Z (2026-11-20T21:00Z), or no offset,
  which is wall time in the calendar's own zone; or 'now'. A wall time the clocks skip (a DST
  gap) is refused; a repeated one is its first occurrence.
durations: 4h, 90m, 1h30m, 45s, 1.5h or ISO 8601 (PT8H). A negative duration needs '--'
  before it: bizhours add now -- -2h. add also takes business days: 2bd (same time of day,
  two business days on), 1bd@16:00, 1bd@close, 0bd@close (by this business day's close),
  1bd@16:00,cutoff=10:00 (after 10:00 it counts from the next business day); they count
  forward only; days are refused (a business day is not 24 hours): write 2bd or 16h.
due: --severity and --escalated TIME=SEVERITY take the names of the contract's policy
  ([sla.targets], or critical and non-critical); every event option may be repeated; events
  are taken in time order, and those at the same instant in the order given.
exit status: 0 success (open: open; due: not breached), 1 the answer is no (open: closed;
  due: some metric breached), 2 usage, input or config error, 74 the answer could not be
  written, 141 the reader of the output went away (| head).
"""

class _Parser(argparse.ArgumentParser):
    """argparse, with its usage errors on one escaped line and exit status 2, and its help
    written like every answer (a failed write is an error, not lost)."""

    def error(self, message: str) -> NoReturn:
        err(f"{self.prog}: error: {one_line(message)} (see '{self.prog} --help')")
        sys.exit(2)

    def _print_message(self, message: str, file: SupportsWrite[str] | None = None) -> None:
        if not message:
            return
        if file is None or file is sys.stdout:
            out(message.splitlines())
        else:
            for line in message.splitlines():
                err(line)


def _common(parser: argparse.ArgumentParser) -> None:
    """The options every subcommand takes (before or after the subcommand's name)."""
    group = parser.add_argument_group("calendar and output")
    group.add_argument("--zone", choices=ZONES, type=str.lower, default=argparse.SUPPRESS,
                       help="the Service Time Zone preset (default: eastern)")
    group.add_argument("--subdivision", default=argparse.SUPPRESS, metavar="CODE",
                       help="UK nation for the uk preset: ENG (default), SCT, WLS, NIR")
    group.add_argument("--config", default=argparse.SUPPRESS, metavar="FILE",
                       help="a TOML contract file (calendar and SLA terms) instead of --zone")
    group.add_argument("--json", action="store_true", default=argparse.SUPPRESS,
                       help="print JSON with the Python API's field names")


def build_parser() -> argparse.ArgumentParser:
    """The ``bizhours`` argument parser, with one subparser per subcommand."""
    parser = _Parser(
        prog="bizhours",
        description="Business hours, SLA deadlines and unavailability for support contracts.\n"
        "With no subcommand: the Eastern, Pacific and UK service windows, open or closed\n"
        "now, and the next opening and closing.",
        epilog=_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    _common(parser)
    parser.add_argument("--at", default=argparse.SUPPRESS, metavar="TIME",
                        help="the moment to look at instead of now")
    subs = parser.add_subparsers(dest="command", metavar="COMMAND")

    def sub(name: str, help_text: str) -> argparse.ArgumentParser:
        p = subs.add_parser(name, help=help_text, description=help_text, epilog=_EPILOG,
                            formatter_class=argparse.RawDescriptionHelpFormatter)
        _common(p)
        return p

    p = sub("open", "open or closed now (or --at TIME), until when, and the next opening; "
                    "exit status 0 when open, 1 when closed")
    p.add_argument("--at", default=argparse.SUPPRESS, metavar="TIME", help=TIME_HELP)

    p = sub("add", "the instant DURATION of business time after TIME (before it, if negative);\n"
            "with business days (2bd, 1bd@close), the deadline they set from TIME")
    p.add_argument("time", metavar="TIME", help=TIME_HELP)
    p.add_argument("duration", metavar="DURATION",
                   help="4h, 90m, 1h30m, 45s or PT8H; or business days: 2bd, 1bd@16:00, "
                   "1bd@close, 1bd@16:00,cutoff=10:00")

    p = sub("elapsed", "the business time between START and END")
    p.add_argument("start", metavar="START", help=TIME_HELP)
    p.add_argument("end", metavar="END", help=TIME_HELP)

    p = sub("due", "every SLA metric of a case (response, next replies, updates, resolution) "
                   "under the contract's policy;\nexit status 1 when the case is breached")
    add_due_options(p)

    p = sub("hours", "a month of business hours: a grid like cal, holidays and adjustments "
                     "named, each day's windows")
    p.add_argument("--month", metavar="YYYY-MM", help="the month (default: this month)")
    p.add_argument("--from", dest="from_", metavar="DATE", help="the first date (YYYY-MM-DD)")
    p.add_argument("--days", type=int, metavar="N", help="how many days from --from "
                   "(default: 7)")

    p = sub("availability", "the unavailability report of CSV or JSON Lines attempt logs")
    p.add_argument("files", nargs="+", metavar="FILE",
                   help="attempt logs: .csv (timestamp,channel,status) or .jsonl; - reads "
                        "standard input (with --format)")
    p.add_argument("--month", metavar="YYYY-MM",
                   help="the period: a month in the calendar's zone")
    p.add_argument("--start", metavar="TIME", help="the period's start (with --end)")
    p.add_argument("--end", metavar="TIME", help="the period's end (with --start)")
    p.add_argument("--lenient", action="store_true",
                   help="list malformed rows instead of stopping at the first")
    p.add_argument("--format", choices=("auto", "csv", "jsonl"), default="auto",
                   help="the log format (default: by the file's extension)")
    p.add_argument("--engine", choices=("python", "arrow"), default="python",
                   help="the CSV reader: python (default), or arrow, pyarrow's (the arrow "
                        "extra), several times faster; JSON Lines are read by python")

    p = sub("export-ics", "the service calendar (opening windows and named holidays) as an "
                          "iCalendar file; needs the icalendar package")
    p.add_argument("--from", dest="from_", metavar="DATE",
                   help="the first date (default: today)")
    p.add_argument("--to", metavar="DATE", help="the last date, inclusive (default: a year on)")
    p.add_argument("--output", "-o", metavar="FILE", help="write to FILE instead of stdout")
    return parser


_RUNNERS = {**RUNNERS, "availability": run_availability, "due": run_due}


def _run(args: argparse.Namespace) -> int:
    command = getattr(args, "command", None)
    if command is None:
        return run_overview(args)
    if hasattr(args, "at") and command not in ("open", "due"):
        raise UsageError(f"--at is not taken by {command}: only with no subcommand, "
                         f"open and due (see bizhours {command} --help)")
    return _RUNNERS[command](args, service(args))


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ``bizhours`` command line; returns the exit status.

    ``bizhours`` with no subcommand is the README's main job; ``python -m bizhours`` is the
    same command.
    """
    parser = build_parser()
    try:
        args = parser.parse_args(list(sys.argv[1:] if argv is None else argv))
        status = _run(args)
        flush()
        return status
    except SystemExit as exc:  # argparse: --help (0) or a usage error (2)
        return exc.code if isinstance(exc.code, int) else 2
    except (BizHoursError, UsageError) as exc:
        return _fail(exc)
    except OutputError as exc:
        if exc.status == EX_IOERR:  # a closed pipe (`| head`) ends quietly, as in any filter
            err(f"bizhours: error: {exc}")
        return exc.status
    except OSError as exc:
        name = f"{exc.filename}: " if exc.filename else ""
        return _fail(f"{name}{exc.strerror or exc}")
    except OverflowError as exc:  # date arithmetic on a date at the end of the calendar
        return _fail(f"a date or time is out of the supported range (years 1 to 9999): {exc}")
    except KeyboardInterrupt:
        err("")
        return 130


def _fail(message: object) -> int:
    err(f"bizhours: error: {one_line(message)}")
    return 2


if __name__ == "__main__":
    sys.exit(main())
