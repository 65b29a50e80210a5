"""Attempt logs: CSV and JSON Lines files read as a stream of ``Attempt``s, row by row.

Every row becomes an attempt or an error naming ``FILE:LINE:``; in lenient mode the error is
kept in ``log.rejected`` instead, so no row is ever dropped unaccounted. Blank lines are not
rows and are skipped.
"""

from __future__ import annotations

import csv
import json
import os
import re
from collections.abc import Iterator
from datetime import datetime
from decimal import Decimal
from typing import Final, Literal, TextIO

from bizhours.availability._attempts import (
    Attempt,
    epoch_instant,
    epoch_second,
    trusted_attempt,
)
from bizhours.availability._input import RejectedRow
from bizhours.errors import AvailabilityError, BizHoursError, LogFormatError, NaiveDatetimeError

_DECIMAL_EPOCH: Final = re.compile(r"[+-]?[0-9]+(?:\.[0-9]+)?", re.ASCII)
_ACCEPTED_TIMESTAMP: Final = (
    "ISO 8601 with a UTC offset (2026-01-05T14:00:00Z, ...+01:00) or epoch seconds (1767621600)"
)

# What a row parser yields: (line, fields) for a row to turn into an attempt, or (line, reason)
# for a row that is malformed before its values are even looked at.
_Row = tuple[int, tuple[object, object, object] | str]


def row_attempt(timestamp: object, channel: object, status: object) -> Attempt:
    """The attempt of one row's values. A timestamp is ISO 8601 with an offset or epoch seconds
    (a string, or a number read from JSON); blanks around strings are not part of the value.

    >>> row_attempt("2026-01-05T09:00:00.5-05:00", " API ", "200").second
    1767621600
    """
    channel, status = _strip(channel), _strip(status)
    if isinstance(timestamp, str):
        text = timestamp.strip()
        if text.isascii() and text.isdigit():  # the fast path: integer epoch seconds
            return trusted_attempt(*epoch_instant(int(text)), channel, status)
        if _DECIMAL_EPOCH.fullmatch(text):
            return trusted_attempt(*epoch_instant(Decimal(text)), channel, status)
        try:
            at = datetime.fromisoformat(text)
        except ValueError:
            raise AvailabilityError(
                f"timestamp {text!r} is not accepted: give {_ACCEPTED_TIMESTAMP}"
            ) from None
        if at.utcoffset() is None:
            raise NaiveDatetimeError(
                f"timestamp {text!r} has no UTC offset: give {_ACCEPTED_TIMESTAMP}"
            )
        return trusted_attempt(at, epoch_second(at), channel, status)
    if isinstance(timestamp, int | float | Decimal) and not isinstance(timestamp, bool):
        return trusted_attempt(*epoch_instant(timestamp), channel, status)
    raise AvailabilityError(
        f"timestamp {timestamp!r} ({type(timestamp).__name__}) is not accepted: "
        f"give {_ACCEPTED_TIMESTAMP}"
    )


def _strip(value: object) -> object:
    return value.strip() if isinstance(value, str) else value


class AttemptLog:
    """An attempt log file, read afresh as a stream each time it is iterated.

    After (or during) a pass, ``rejected`` lists the rows a lenient log skipped in that pass.
    """

    def __init__(self, path: str | os.PathLike[str], *, kind: Literal["csv", "jsonl"],
                 timestamp: str,
                 channel: str, status: str, lenient: bool, encoding: str,
                 delimiter: str = ",") -> None:
        self.path = os.fspath(path)
        self.kind, self.lenient, self.encoding, self.delimiter = kind, lenient, encoding, delimiter
        self.columns = (timestamp, channel, status)
        for name in self.columns:
            if not isinstance(name, str) or not name.strip():
                raise AvailabilityError(f"column name {name!r} must be a non-empty string")
        if not isinstance(delimiter, str) or len(delimiter) != 1:
            raise AvailabilityError(f"delimiter {delimiter!r} must be one character, such as ','")
        self.rejected: list[RejectedRow] = []

    def __repr__(self) -> str:
        return f"read_{self.kind}({self.path!r}, lenient={self.lenient})"

    def __iter__(self) -> Iterator[Attempt]:
        self.rejected = []
        with open(self.path, encoding=self.encoding, errors="replace", newline="") as f:
            rows = self._csv_rows(f) if self.kind == "csv" else self._jsonl_rows(f)
            for line, row in rows:
                cause: BizHoursError | None = None
                if isinstance(row, str):
                    reason = row
                else:
                    try:
                        attempt = row_attempt(*row)
                    except BizHoursError as exc:
                        reason, cause = str(exc), exc
                    else:
                        yield attempt
                        continue
                if not self.lenient:
                    raise LogFormatError(self.path, line, reason) from cause
                self.rejected.append(RejectedRow(self.path, line, reason))

    def _csv_rows(self, f: TextIO) -> Iterator[_Row]:
        reader = csv.reader(f, delimiter=self.delimiter)
        header = next(reader, None)
        if header is None:
            return  # an empty file: no rows, nothing to measure
        found = [h.strip().lower() for h in header]
        where = [self._column(name, found, reader.line_num) for name in self.columns]
        width, last = len(header), reader.line_num
        while True:
            try:
                row = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:
                if reader.line_num == last:
                    raise LogFormatError(self.path, last + 1, f"unreadable CSV: {exc}") from None
                yield last + 1, f"unreadable CSV: {exc}"
                last = reader.line_num
                continue
            line, last = last + 1, reader.line_num
            if not row:
                continue
            if len(row) != width:
                yield line, f"row has {len(row)} fields, the header has {width}"
            else:
                yield line, (row[where[0]], row[where[1]], row[where[2]])

    def _column(self, name: str, found: list[str], line: int) -> int:
        key = name.strip().lower()
        if found.count(key) != 1:
            problem = "has no" if key not in found else "repeats the"
            raise LogFormatError(
                self.path, line,
                f"header {problem} column {name!r} (columns: {', '.join(found)}); name the "
                "columns with timestamp=, channel=, status=",
            )
        return found.index(key)

    def _jsonl_rows(self, f: TextIO) -> Iterator[_Row]:
        keys = self.columns
        for line, text in enumerate(f, 1):
            if not text.strip():
                continue
            try:
                obj = json.loads(text, parse_float=Decimal)
            except json.JSONDecodeError as exc:
                yield line, f"not JSON: {exc.msg} at column {exc.colno}"
                continue
            except RecursionError:  # the decoder recurses once per level of nesting
                yield line, "not JSON that can be read: nested too deeply"
                continue
            if not isinstance(obj, dict):
                yield line, f"a row must be a JSON object, not {type(obj).__name__}"
                continue
            missing = [k for k in keys if k not in obj]
            if missing:
                yield line, f"row has no {missing[0]!r} field (fields: {', '.join(obj)})"
                continue
            yield line, (obj[keys[0]], obj[keys[1]], obj[keys[2]])


def read_csv(path: str | os.PathLike[str], *, timestamp: str = "timestamp",
             channel: str = "channel", status: str = "status", lenient: bool = False,
             delimiter: str = ",", encoding: str = "utf-8-sig") -> AttemptLog:
    """Attempts from a CSV file with a header row; columns are matched by name (any case).

    >>> log = read_csv("attempts.csv", timestamp="ts")  # nothing is read until iterated
    >>> log
    read_csv('attempts.csv', lenient=False)
    """
    return AttemptLog(path, kind="csv", timestamp=timestamp, channel=channel, status=status,
                      lenient=lenient, encoding=encoding, delimiter=delimiter)


def read_jsonl(path: str | os.PathLike[str], *, timestamp: str = "timestamp",
               channel: str = "channel", status: str = "status", lenient: bool = False,
               encoding: str = "utf-8-sig") -> AttemptLog:
    """Attempts from a JSON Lines file: one object a line, with the three fields by name.

    >>> read_jsonl("attempts.jsonl", lenient=True)
    read_jsonl('attempts.jsonl', lenient=True)
    """
    return AttemptLog(path, kind="jsonl", timestamp=timestamp, channel=channel, status=status,
                      lenient=lenient, encoding=encoding)
