"""The output format a command was asked for: ``--format text|json|value`` (``--json`` is
``--format json``), and availability's log format, whose 0.1 spelling was ``--format csv``.

>>> import argparse
>>> args = argparse.Namespace(format="value")
>>> choose_format(args, "add"); args.output_format
'value'
"""

from __future__ import annotations

import argparse

from bizhours.errors import UsageError

FORMATS = ("text", "json", "value")
LOG_FORMATS = ("auto", "csv", "jsonl")  # availability's --input-format
# The subcommands with one answer to print alone (None: no subcommand, the overview).
VALUE_COMMANDS = frozenset({"open", "add", "elapsed", "due"})


def choose_format(args: argparse.Namespace, command: str | None) -> None:
    """Set ``args.output_format`` (and ``args.json``, read by the runners) from --format and
    --json; a value a command does not take is a usage error."""
    given: str | None = getattr(args, "format", None)
    name = command or "bizhours"
    if given in LOG_FORMATS and given != "auto" and command == "availability":
        # 0.1's spelling of the log format: its values are distinct from the output formats.
        if getattr(args, "input_format", "auto") not in ("auto", given):
            raise UsageError(f"--format {given} and --input-format {args.input_format} "
                             "disagree: give the log format once, as --input-format")
        args.input_format = given
        given = None
    if given is not None and given not in FORMATS:
        extra = " (the log format is --input-format csv|jsonl)" if command == "availability" else ""
        raise UsageError(f"--format {given!r} is not a format: accepted text, json, value{extra}")
    if getattr(args, "json", False):
        if given not in (None, "json"):
            raise UsageError(f"--json is --format json: give one of --json and --format {given}")
        given = "json"
    chosen = given or "text"
    if chosen == "value" and command not in VALUE_COMMANDS:
        which = ("the overview has an answer per zone: ask one with bizhours open --zone ZONE "
                 "--format value") if command is None else (
                 f"{name} has no one value to print: use --format text or json")
        raise UsageError(f"--format value: {which}")
    if chosen == "json" and command == "completion":
        raise UsageError("--format json: completion prints a shell script: use --format text")
    args.output_format = chosen
    args.json = chosen == "json"
