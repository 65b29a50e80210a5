"""Attempt logs: CSV and JSON Lines files read as a stream of ``Attempt``s, row by row.

Every physical line is accounted for: it is the header, a blank line (not a row, skipped), a
row that becomes an attempt, or a row that is rejected, with an error naming ``FILE:LINE:`` (in
lenient mode an entry in ``log.rejected`` instead). A CSV record that a quoted field makes span
several lines is one row, ``FILE:LINE-LINE:``; when such a record does not even fit the header
(a stray quote running on), only its first line is rejected and the lines after it are read as
rows again, so one stray quote costs one row.
"""

from __future__ import annotations

import codecs
import csv
import importlib
import json
import os
import re
from collections import deque
from collections.abc import Callable, Iterator
from datetime import datetime
from decimal import Decimal
from typing import Final, Literal, TextIO, TypeVar

from bizhours.availability._attempts import (
    END_SECOND,
    FIRST_SECOND,
    Attempt,
    epoch_instant,
    epoch_second,
    kind_code,
    trusted_attempt,
)
from bizhours.availability._input import RejectedRow
from bizhours.availability._lines import (
    MAX_LINE,
    STDIN,
    STDIN_NAME,
    Line,
    numbered_lines,
    open_log,
)
from bizhours.availability._text import listed, shown
from bizhours.errors import (
    AvailabilityError,
    BizHoursError,
    LogFormatError,
    MissingDependencyError,
    NaiveDatetimeError,
)

# The timestamp forms accepted: a date, then "T" or a space and a time with optional seconds
# and fraction, then "Z" or an offset. datetime.fromisoformat alone takes much more (any
# character between date and time, week dates, basic format, a trailing NUL).
_ISO_TIMESTAMP: Final = re.compile(
    r"[0-9]{4}-[0-9]{2}-[0-9]{2}"
    r"(?:[T ][0-9]{2}:[0-9]{2}(?::[0-9]{2}(?:\.[0-9]{1,9})?)?(?:Z|[+-][0-9]{2}(?::?[0-9]{2})?)?)?",
    re.ASCII,
)
_DECIMAL_EPOCH: Final = re.compile(r"[+-]?[0-9]+(?:\.[0-9]+)?", re.ASCII)
_SHORT_EPOCH: Final = 15  # digits an int() of a timestamp may take on the fast path
_ACCEPTED_TIMESTAMP: Final = (
    "ISO 8601 with a UTC offset (2026-01-05T14:00:00Z, ...+01:00) or epoch seconds (1767621600)"
)

# The timestamp forms with a time and an offset, in parts: hour, minute, second, offset.
ISO_PARTS: Final = re.compile(
    r"([0-9]{4}-[0-9]{2}-[0-9]{2}[T ][0-9]{2}):([0-9]{2})(?::([0-9]{2})(?:\.[0-9]{1,9})?)?"
    r"(Z|[+-][0-9]{2}(?::?[0-9]{2})?)",
    re.ASCII,
)
# Hour and offset text -> the epoch second the hour starts at, for hours already read once
# the slow way (datetime.fromisoformat): a log repeats them. Any minute and second 00-59 of a
# valid hour is valid.
_HOURS: Final[dict[str, int]] = {}
_MAX_HOURS: Final = 1 << 16

Record = tuple[int, int]
"""What ``measure`` counts of one attempt: its epoch second and packed code."""

_Row = TypeVar("_Row", Attempt, Record)

Columns = tuple[tuple[int, int, int], int]
"""Where a CSV log's three fields are in a row (timestamp, channel, status), and how many
fields its header has."""

Engine = Literal["python", "arrow"]

_TOO_LONG: Final = (f"the line is longer than {MAX_LINE:,} characters, the longest accepted; it "
                    "is skipped unread")


def row_attempt(timestamp: object, channel: object, status: object) -> Attempt:
    """The attempt of one row's values. A timestamp is ISO 8601 with an offset or epoch seconds
    (a string, or a number read from JSON); blanks around strings are not part of the value.

    >>> row_attempt("2026-01-05T09:00:00.5-05:00", " API ", "200").second
    1767621600
    """
    # Inline rather than in helpers: this runs once a row.
    channel = channel.strip() if type(channel) is str else channel
    status = status.strip() if type(status) is str else status
    if isinstance(timestamp, str):
        text = timestamp.strip()
        if len(text) <= _SHORT_EPOCH and text.isascii() and text.isdigit():  # the fast path
            return trusted_attempt(*epoch_instant(int(text)), channel, status)
        if _ISO_TIMESTAMP.fullmatch(text):
            try:
                at = datetime.fromisoformat(text)
            except ValueError:  # the right form, but not a date and time (month 13, hour 24)
                at = None
            if at is not None and at.utcoffset() is not None:
                return trusted_attempt(at, epoch_second(at), channel, status)
            if at is not None:
                raise NaiveDatetimeError(
                    f"timestamp {shown(text)} has no UTC offset: give {_ACCEPTED_TIMESTAMP}"
                )
        elif _DECIMAL_EPOCH.fullmatch(text):  # Decimal() reads any length; the range comes next
            return trusted_attempt(*epoch_instant(Decimal(text)), channel, status)
        raise AvailabilityError(
            f"timestamp {shown(text)} is not accepted: give {_ACCEPTED_TIMESTAMP}"
        )
    if isinstance(timestamp, int | float | Decimal) and not isinstance(timestamp, bool):
        return trusted_attempt(*epoch_instant(timestamp), channel, status)
    raise AvailabilityError(
        f"timestamp {shown(timestamp)} ({type(timestamp).__name__}) is not accepted: "
        f"give {_ACCEPTED_TIMESTAMP}"
    )


def row_record(timestamp: object, channel: object, status: object) -> Record:
    """The epoch second and packed code of one row's values: ``row_attempt``'s checks and
    errors, without building an attempt or, for a timestamp of an hour already seen, a
    datetime.

    >>> row_record("2026-01-05T09:00:00.5-05:00", " API ", "200")
    (1767621600, 400)
    """
    ch = channel.strip() if type(channel) is str else channel
    st = status.strip() if type(status) is str else status
    if type(timestamp) is int and FIRST_SECOND <= timestamp < END_SECOND:
        return timestamp, kind_code(ch, st)
    if type(timestamp) is str:
        return text_second(timestamp.strip(), ch, st), kind_code(ch, st)
    return row_attempt(timestamp, ch, st).second, kind_code(ch, st)


def text_record(timestamp: str, channel: str, status: str) -> Record:
    """``row_record`` of a CSV row's three texts, taking shortcuts only text allows: the code
    of each (channel, status) pair of texts as written is looked up once.

    >>> text_record("1767621600", "smtp ", "451")
    (1767621600, 903)
    """
    code = _TEXT_CODES.get((channel, status))
    if code is None:
        code = _text_code(timestamp, channel, status)
    if len(timestamp) <= _SHORT_EPOCH and timestamp.isdigit() and timestamp.isascii():
        second = int(timestamp)
        if second < END_SECOND:
            return second, code
    return text_second(timestamp.strip(), channel, status), code


# (channel, status) texts as written -> packed code; bounded, as the texts come from files.
_TEXT_CODES: Final[dict[tuple[str, str], int]] = {}
_MAX_CODES: Final = 100_000


def _text_code(timestamp: str, channel: str, status: str) -> int:
    """The code of a (channel, status) pair of texts not looked up yet; an error in the row
    is the one ``row_attempt`` gives (its timestamp is checked first)."""
    try:
        code = kind_code(channel.strip(), status.strip())
    except BizHoursError:
        row_attempt(timestamp, channel, status)
        raise
    if len(_TEXT_CODES) >= _MAX_CODES:
        _TEXT_CODES.clear()
    _TEXT_CODES[channel, status] = code
    return code


def text_second(text: str, channel: object, status: object) -> int:
    """The epoch second of a stripped timestamp text; the error ``row_attempt`` gives for the
    row when the text is not a timestamp."""
    if len(text) <= _SHORT_EPOCH and text.isascii() and text.isdigit():
        second = int(text)
        if second < END_SECOND:
            return second
    else:
        parts = ISO_PARTS.fullmatch(text)
        if parts is not None:
            hour, mm, ss, offset = parts.groups()
            minute, second = int(mm), int(ss) if ss else 0
            if minute < 60 and second < 60:
                key = hour + offset
                start = _HOURS.get(key)
                if start is None:
                    if len(_HOURS) >= _MAX_HOURS:
                        _HOURS.clear()
                    start = row_attempt(text, channel, status).second - 60 * minute - second
                    _HOURS[key] = start
                return start + 60 * minute + second
    return row_attempt(text, channel, status).second


class AttemptLog:
    """An attempt log file, read afresh as a stream each time it is iterated.

    After (or during) a pass, ``rejected`` lists the rows a lenient log skipped in that pass.
    """

    def __init__(self, path: str | os.PathLike[str], *, kind: Literal["csv", "jsonl"],
                 timestamp: str,
                 channel: str, status: str, lenient: bool, encoding: str,
                 delimiter: str = ",", engine: Engine = "python") -> None:
        self.source = os.fspath(path)
        self.path = STDIN_NAME if self.source == STDIN else self.source
        self.kind, self.lenient, self.encoding, self.delimiter = kind, lenient, encoding, delimiter
        if engine not in ("python", "arrow") or (engine == "arrow" and kind != "csv"):
            accepted = "'python' or 'arrow'" if kind == "csv" else (
                "'python' (JSON Lines are read by the Python engine only)")
            raise AvailabilityError(f"engine {shown(engine)} is not accepted: give {accepted}")
        self.engine: Engine = engine
        self.progress: Callable[[int], object] | None = None
        self.columns = (timestamp, channel, status)
        for name in self.columns:
            if not isinstance(name, str) or not name.strip():
                raise AvailabilityError(f"column name {shown(name)} must be a non-empty string")
        if not isinstance(delimiter, str) or len(delimiter) != 1 or delimiter in '"\r\n':
            raise AvailabilityError(
                f"delimiter {shown(delimiter)} must be one character other than a quote or a "
                "line break, such as ','"
            )
        try:
            codecs.lookup(encoding)
        except (LookupError, TypeError):
            raise AvailabilityError(
                f"encoding {shown(encoding)} is not one Python knows, such as 'utf-8'"
            ) from None
        self.rejected: list[RejectedRow] = []

    def __repr__(self) -> str:
        engine = f", engine={self.engine!r}" if self.engine != "python" else ""
        return f"read_{self.kind}({self.source!r}, lenient={self.lenient}{engine})"

    def __iter__(self) -> Iterator[Attempt]:
        return self._rows(row_attempt, row_attempt)

    def _rows(self, text: Callable[[str, str, str], _Row],
              values: Callable[[object, object, object], _Row]) -> Iterator[_Row]:
        """A pass over the file, each CSV row's texts given to ``text``, each JSON row's values
        to ``values``."""
        self.rejected = []
        return self._csv_rows(text) if self.kind == "csv" else self._jsonl_rows(values)

    def _reject(self, line: int, last: int, reason: str, cause: BizHoursError | None = None
                ) -> None:
        """A row that is not an attempt: the error, or in lenient mode one more rejected row."""
        if not self.lenient:
            raise LogFormatError(self.path, line, reason, last_line=last,
                                 skippable=True) from cause
        self.rejected.append(RejectedRow(self.path, line, reason, None if last == line else last))

    # The two readers turn rows into attempts or records themselves (one generator between the
    # file and measure, not two): the hot loop of reading a log.

    def _csv_rows(self, convert: Callable[[str, str, str], _Row]) -> Iterator[_Row]:
        return self._csv_lines(lambda: open_log(self.source, self.encoding), 0, None, convert)

    def _csv_lines(self, source: Callable[[], TextIO], before: int, columns: Columns | None,
                   convert: Callable[[str, str, str], _Row]) -> Iterator[_Row]:
        """The rows of the text ``source()`` opens, its first line numbered ``before + 1``:
        a whole file when ``columns`` is ``None`` (its header first), else rows after a header
        already read."""
        with source() as f:
            pending: deque[Line] = deque()
            lines = numbered_lines(f, pending, before)
            record = _Record(lines, self.delimiter)
            if columns is None:
                columns = self._columns_of(lines, record)
                if columns is None:
                    return  # an empty file: no rows, nothing to measure
            (i, j, k), width = columns
            delimiter = self.delimiter
            for number, text in lines:
                last = number
                if text is None:
                    if not number:
                        return
                    self._reject(number, number, _TOO_LONG)
                    continue
                if '"' not in text:  # the common case: no quoting, so no csv parsing either
                    fields: list[str] | str = text.rstrip("\r\n").split(delimiter)
                    if len(fields) != width:
                        if not text.isspace():
                            self._reject(number, number,
                                         f"row has {len(fields)} fields, the header has {width}")
                        continue
                else:
                    fields = record.read(text)
                    misfit = record.misfit(fields, width)
                    if misfit is not None:
                        self._reject(number, number, misfit)
                        pending.extendleft(reversed(record.taken))  # read them again, as rows
                        continue
                    last = record.last(number)
                try:
                    row = convert(fields[i], fields[j], fields[k])
                except BizHoursError as exc:
                    self._reject(number, last, str(exc), exc)
                else:
                    yield row

    def _columns_of(self, lines: Iterator[Line], record: _Record) -> Columns | None:
        """The three fields' positions and the width of the header on the first line;
        ``None`` for an empty file."""
        header = self._header(lines, record)
        if header is None:
            return None
        i, j, k = (self._column(name, header) for name in self.columns)
        return (i, j, k), len(header)

    def _header(self, lines: Iterator[Line], record: _Record) -> list[str] | None:
        """The column names of the first line, in lower case; ``None`` for an empty file."""
        number, text = next(lines)
        if text is None:
            if number:
                raise LogFormatError(self.path, 1, f"the header: {_TOO_LONG}")
            return None
        header = record.read(text)
        if isinstance(header, str) or record.taken or record.ran_out:
            raise LogFormatError(self.path, 1, "the header is not one line of CSV: " + (
                header if isinstance(header, str) else "a quote in it is not closed"))
        return [h.strip().lower() for h in header]

    def _column(self, name: str, found: list[str]) -> int:
        key = name.strip().lower()
        if found.count(key) != 1:
            problem = "has no" if key not in found else "repeats the"
            raise LogFormatError(
                self.path, 1,
                f"header {problem} column {shown(name)} (columns: {listed(found)}); name the "
                "columns with timestamp=, channel=, status=",
            )
        return found.index(key)

    def _jsonl_rows(self, convert: Callable[[object, object, object], _Row]) -> Iterator[_Row]:
        keys = self.columns
        with open_log(self.source, self.encoding) as f:
            for line, text in numbered_lines(f, deque()):
                if text is None:
                    if not line:
                        return
                    self._reject(line, line, _TOO_LONG)
                elif not text.isspace():
                    try:  # the common case; any other is read again, slowly, to say why
                        obj = _decode(text)
                        row: tuple[object, object, object] | str = (
                            obj[keys[0]], obj[keys[1]], obj[keys[2]])
                    except (ValueError, ArithmeticError, RecursionError, LookupError, TypeError):
                        row = _json_row(text, keys)
                    if isinstance(row, str):
                        self._reject(line, line, row)
                        continue
                    try:
                        converted = convert(*row)
                    except BizHoursError as exc:
                        self._reject(line, line, str(exc), exc)
                    else:
                        yield converted


def records(log: AttemptLog) -> Iterator[Record]:
    """A pass over ``log`` as ``(epoch second, packed code)`` records, what ``measure`` counts:
    the same rows, checks, errors and rejected rows as iterating it for attempts."""
    return log._rows(text_record, row_record)  # noqa: SLF001 (this module's own class)


def csv_header(log: AttemptLog, f: TextIO) -> Columns | None:
    """The columns of CSV ``log`` from the header on the first line of ``f`` (the checks and
    errors of a pass over it); ``None`` for an empty file."""
    lines = numbered_lines(f, deque())
    return log._columns_of(lines, _Record(lines, log.delimiter))  # noqa: SLF001 (as above)


def csv_records(log: AttemptLog, source: Callable[[], TextIO], before: int,
                columns: Columns | None) -> Iterator[Record]:
    """The records of the rows of CSV ``log`` in the text ``source()`` opens, which starts
    after line ``before`` of the log (and after its header, unless ``columns`` is ``None``):
    the checks, errors and rejected rows of a pass over the whole file."""
    return log._csv_lines(source, before, columns, text_record)  # noqa: SLF001 (as above)


def start_pass(log: AttemptLog) -> None:
    """Forget the rows the last pass over ``log`` rejected: a new pass begins."""
    log.rejected = []


def reject(log: AttemptLog, line: int, reason: str) -> None:
    """One more row ``log`` cannot read: the error, or in lenient mode a rejected row."""
    log._reject(line, line, reason)  # noqa: SLF001 (as above)


# Built once: json.loads with an argument builds a new decoder for every line.
_decode: Final = json.JSONDecoder(parse_float=Decimal).decode


def _json_row(text: str, keys: tuple[str, str, str]) -> tuple[object, object, object] | str:
    """The three values of a JSON Lines row, or why the line is not a row."""
    try:
        obj = _json(text)
    except json.JSONDecodeError as exc:
        return f"not JSON: {exc.msg} at column {exc.colno}"
    except RecursionError:  # the decoder recurses once per level of nesting
        return "not JSON that can be read: nested too deeply"
    if not isinstance(obj, dict):
        return f"a row must be a JSON object, not {type(obj).__name__}"
    missing = [k for k in keys if k not in obj]
    if missing:
        return f"row has no {shown(missing[0])} field (fields: {listed(obj)})"
    return obj[keys[0]], obj[keys[1]], obj[keys[2]]


def _json(text: str) -> object:
    """One JSON value, its fractions read as exact Decimals. A number too long for ``int()``
    (over 4,300 digits) or with an exponent beyond Decimal's becomes a Decimal or stays text,
    so that it is refused where it is used (a timestamp out of range), or ignored elsewhere."""
    try:
        return json.loads(text, parse_float=Decimal)
    except json.JSONDecodeError:
        raise
    except (ValueError, ArithmeticError):
        return json.loads(text, parse_float=_long_decimal, parse_int=_long_int)


def _long_int(text: str) -> int | Decimal:
    try:
        return int(text)
    except ValueError:
        return Decimal(text)


def _long_decimal(text: str) -> Decimal | str:
    try:
        return Decimal(text)
    except ArithmeticError:
        return text


class _Record:
    """Reads one CSV record at a time: its first line, then any lines a quoted field runs on
    to (``taken``), up to ``MAX_LINE`` characters in all. ``csv.reader`` asks this object for
    each line it needs, so the lines it took are known, and can be read again."""

    def __init__(self, lines: Iterator[Line], delimiter: str) -> None:
        self.lines = lines
        self.first: str | None = None
        self.taken: list[Line] = []
        self.size = 0
        # Why the record stopped before its quoted field closed: "" (it did not), "end" (of
        # the file), "long" (a line over MAX_LINE) or "cap" (MAX_LINE characters in all).
        self.ran_out = ""
        self.reader = csv.reader(self, delimiter=delimiter)

    def __iter__(self) -> _Record:
        return self

    def __next__(self) -> str:
        first = self.first
        if first is not None:
            self.first = None
            return first
        if not self.ran_out:
            line = next(self.lines)
            if not line[0]:
                self.ran_out = "end"
                raise StopIteration
            self.taken.append(line)  # read again as a row of its own if the record does not fit
            text = line[1]
            if text is None:
                self.ran_out = "long"
            elif self.size + len(text) > MAX_LINE:
                self.ran_out = "cap"
            else:
                self.size += len(text)
                return text
        raise StopIteration

    def read(self, line: str) -> list[str] | str:
        """The fields of the record starting with ``line``, or why the csv reader refused it."""
        self.first, self.taken, self.size, self.ran_out = line, [], len(line), ""
        try:
            return next(self.reader)
        except csv.Error as exc:
            return f"unreadable CSV: {exc}"

    def last(self, first: int) -> int:
        """The number of the last line of the record read, whose first is ``first``."""
        return self.taken[-1][0] if self.taken else first

    def misfit(self, fields: list[str] | str, width: int) -> str | None:
        """Why the record just read is not a row of ``width`` fields; ``None`` when it is."""
        ran_on = bool(self.taken or self.ran_out)
        if isinstance(fields, list) and len(fields) == width and not self.ran_out:
            return None
        if ran_on:
            return self._unbalanced(fields, width)
        if isinstance(fields, str):
            return fields
        return f"row has {len(fields)} fields, the header has {width}"

    def _unbalanced(self, fields: list[str] | str, width: int) -> str:
        """Why a record that a quote made run on is not a row."""
        if isinstance(fields, str):
            problem = f"runs on to line {self.last(0)}: {fields}"
        elif self.ran_out == "end":
            problem = "is still open at the end of the file"
        elif self.ran_out:
            problem = (f"does not close by line {self.last(0)}, within {MAX_LINE:,} characters "
                       "and lines no longer than that")
        else:
            problem = (f"runs on to line {self.last(0)}, making a row of {len(fields)} fields "
                       f"(the header has {width})")
        return (f"unbalanced quote: the quoted field opened on this line {problem}; the lines "
                "after this one are read as rows of their own")


def read_csv(path: str | os.PathLike[str], *, timestamp: str = "timestamp",
             channel: str = "channel", status: str = "status", lenient: bool = False,
             delimiter: str = ",", encoding: str = "utf-8-sig", engine: Engine = "python"
             ) -> AttemptLog:
    """Attempts from a CSV file with a header row; columns are matched by name (any case).
    ``"-"`` reads standard input (once). ``engine="arrow"`` has ``measure`` read the file
    with pyarrow in batches (the ``arrow`` extra): the same report, errors and rejected rows.

    >>> log = read_csv("attempts.csv", timestamp="ts")  # nothing is read until iterated
    >>> log
    read_csv('attempts.csv', lenient=False)
    """
    log = AttemptLog(path, kind="csv", timestamp=timestamp, channel=channel, status=status,
                     lenient=lenient, encoding=encoding, delimiter=delimiter, engine=engine)
    if engine == "arrow":
        require_arrow()
    return log


def require_arrow() -> None:
    """Imports pyarrow and NumPy, or says which extra installs them."""
    try:
        for name in ("numpy", "pyarrow.csv"):
            importlib.import_module(name)
    except ImportError as exc:
        raise MissingDependencyError(
            f"engine='arrow' needs pyarrow and NumPy ({exc.name} is not installed): install "
            "the arrow extra, pip install 'bizhours[arrow]', or use engine='python'"
        ) from None


def read_jsonl(path: str | os.PathLike[str], *, timestamp: str = "timestamp",
               channel: str = "channel", status: str = "status", lenient: bool = False,
               encoding: str = "utf-8-sig", engine: Literal["python"] = "python"
               ) -> AttemptLog:
    """Attempts from a JSON Lines file: one object a line, with the three fields by name.
    ``"-"`` reads standard input (once); the Python engine is the only one.

    >>> read_jsonl("attempts.jsonl", lenient=True)
    read_jsonl('attempts.jsonl', lenient=True)
    """
    return AttemptLog(path, kind="jsonl", timestamp=timestamp, channel=channel, status=status,
                      lenient=lenient, encoding=encoding, engine=engine)
