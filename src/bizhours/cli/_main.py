"""The argument parser and the entry point of the ``bizhours`` command."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING, NoReturn

from bizhours._version import __version__
from bizhours.cli._commands import RUNNERS, Service, run_overview, service
from bizhours.cli._completion import run_completion
from bizhours.cli._due import add_due_options, run_due
from bizhours.cli._options import choose_format
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
output: --format text (default), json (--json), or value: the answer alone for $(...): add an
  ISO 8601 instant, elapsed seconds, open the word open or closed, due the response due moment.
many rows: add and elapsed --input FILE (or -): CSV or JSON Lines in, the same out, one row per
  row with result and error; a bad row is reported as FILE:LINE: on stderr, and exit status 2.
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
        # One prefix for every error, whichever subcommand's parser found it.
        err(f"bizhours: error: {one_line(message)} (see '{self.prog} --help')")
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
                       help="print JSON with the Python API's field names (--format json)")
    group.add_argument("--format", type=str.lower, default=argparse.SUPPRESS,
                       metavar="text|json|value",
                       help="text (default), json, or value: the answer alone, for $(...)")


def build_parser(rows: bool = False) -> argparse.ArgumentParser:
    """The ``bizhours`` argument parser, with one subparser per subcommand; with ``rows``
    (``--input`` given), the values of ``add`` and ``elapsed`` may be left out."""
    # Optional positionals only when asked: argparse (before 3.12) gives a '?' positional
    # nothing when an option splits the values (add TIME --json -- -2h).
    values = "?" if rows else None
    parser = _Parser(
        prog="bizhours",
        description="Business hours, SLA deadlines and unavailability for support contracts.\n"
        "With no subcommand: the Eastern, Pacific and UK service windows, open or closed\n"
        "now, and the next opening and closing.",
        epilog=_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    _common(parser)
    parser.add_argument("--version", action="version", version=f"bizhours {__version__}")
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
    p.add_argument("time", metavar="TIME", nargs=values, help=TIME_HELP)
    p.add_argument("duration", metavar="DURATION", nargs=values,
                   help="4h, 90m, 1h30m, 45s or PT8H; or business days: 2bd, 1bd@16:00, "
                   "1bd@close, 1bd@16:00,cutoff=10:00")
    _input_option(p, "at,duration")

    p = sub("elapsed", "the business time between START and END")
    p.add_argument("start", metavar="START", nargs=values, help=TIME_HELP)
    p.add_argument("end", metavar="END", nargs=values, help=TIME_HELP)
    _input_option(p, "start,end")

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
                        "standard input")
    p.add_argument("--month", metavar="YYYY-MM",
                   help="the period: a month in the calendar's zone")
    p.add_argument("--start", metavar="TIME", help="the period's start (with --end)")
    p.add_argument("--end", metavar="TIME", help="the period's end (with --start)")
    p.add_argument("--lenient", action="store_true",
                   help="list malformed rows instead of stopping at the first")
    p.add_argument("--input-format", choices=("auto", "csv", "jsonl"), default="auto",
                   help="the log format (default: by the file's extension; for -, JSON Lines "
                        "when the first non-blank byte is {)")
    p.add_argument("--engine", choices=("python", "arrow"), default="python",
                   help="the CSV reader: python (default), or arrow, pyarrow's (the arrow "
                        "extra), several times faster; JSON Lines are read by python")

    p = sub("export-ics", "the service calendar (opening windows and named holidays) as an "
                          "iCalendar file; needs the icalendar package")
    p.add_argument("--from", dest="from_", metavar="DATE",
                   help="the first date (default: today)")
    p.add_argument("--to", metavar="DATE", help="the last date, inclusive (default: a year on)")
    p.add_argument("--output", "-o", metavar="FILE", help="write to FILE instead of stdout")

    p = sub("completion", "the shell completion script for bash or zsh: "
                          "source <(bizhours completion bash)")
    p.add_argument("shell", choices=("bash", "zsh"), help="the shell")
    return parser


def _input_option(p: argparse.ArgumentParser, columns: str) -> None:
    p.add_argument("--input", metavar="FILE", help=f"many rows: a CSV file with the header "
                   f"{columns}, or JSON Lines with those keys; - reads standard input. One "
                   "output row per input row, with result and error")


def _run_availability(args: argparse.Namespace, s: Service) -> int:
    # Imported when asked for: the log readers are most of what a start would load.
    from bizhours.cli._availability import run_availability

    return run_availability(args, s)


_RUNNERS = {**RUNNERS, "availability": _run_availability, "due": run_due}


def _run(args: argparse.Namespace) -> int:
    command = getattr(args, "command", None)
    choose_format(args, command)
    if command is None:
        return run_overview(args)
    if hasattr(args, "at") and command not in ("open", "due"):
        raise UsageError(f"--at is not taken by {command}: only with no subcommand, "
                         f"open and due (see bizhours {command} --help)")
    if command == "completion":
        return run_completion(args, build_parser())
    return _RUNNERS[command](args, service(args))


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ``bizhours`` command line; returns the exit status.

    ``bizhours`` with no subcommand is the README's main job; ``python -m bizhours`` is the
    same command.
    """
    given = list(sys.argv[1:] if argv is None else argv)
    options = given[:given.index("--")] if "--" in given else given
    parser = build_parser(rows=any(a == "--input" or a.startswith("--input=") for a in options))
    try:
        args = parser.parse_args(given)
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
