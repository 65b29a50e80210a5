"""A CSV attempt log read with pyarrow, in batches of about ``BATCH_BYTES`` of the file.

Each batch is cut at a line break, parsed by pyarrow's CSV reader and checked column by column:
epoch seconds or ISO 8601 timestamps of the forms the Python reader takes quickly, and each
distinct (channel, status) pair once, by the same functions. A batch pyarrow cannot parse, or
with a value those checks do not take (a blank line, a bad row, a decimal epoch), is read by
the Python reader instead, its lines numbered as in the file: its rows, errors and rejected
rows are the Python reader's. Fields quoted whole on one line are read by pyarrow too; any
other quote, or a bare carriage return, in a batch (a record may span lines, and only the csv
module reads those as the Python reader does) hands the rest of the file to the Python
reader. Other encodings than UTF-8 are read by the Python reader whole.

pyarrow and NumPy are imported here only: this module is imported when ``measure`` reads a log
whose engine is ``"arrow"``.
"""

from __future__ import annotations

import codecs
import importlib
import io
import re
from collections.abc import Callable, Iterator
from contextlib import suppress
from itertools import islice
from typing import Any, Final, TextIO

from bizhours.availability._attempts import END_SECOND, FIRST_SECOND, kind_code
from bizhours.availability._lines import MAX_LINE, Joined, open_raw, text_of
from bizhours.availability._logs import (
    AttemptLog,
    Columns,
    csv_header,
    csv_records,
    records,
    start_pass,
)
from bizhours.errors import BizHoursError

# Imported by name: the optional packages are typed as Any here, as the tables' NumPy is.
np: Any = importlib.import_module("numpy")
pa: Any = importlib.import_module("pyarrow")
pc: Any = importlib.import_module("pyarrow.compute")
pa_csv: Any = importlib.import_module("pyarrow.csv")

BATCH_BYTES: Final = 1 << 23
"""Bytes of the file a batch reads (8 MiB, a few hundred thousand rows): what bounds memory."""

# Past this many bytes without a line break, a line is longer than MAX_LINE characters (a
# character is at most four bytes): the rest goes to the Python reader, which skips it unread.
_LONG: Final = 4 * (MAX_LINE + 1)
_RECORDS: Final = 1 << 16  # records of the Python reader counted at a time
_UTF8: Final = ("utf-8", "utf-8-sig")
_EPOCH: Final = r"^[ \t]*[0-9]{1,15}[ \t]*$"
# The ISO 8601 forms the Python reader takes with a time and an offset, less year 0 (which
# pyarrow takes and Python does not) and offset minutes past 59.
_ISO: Final = (r"^[ \t]*(?:[1-9][0-9]{3}|0[1-9][0-9]{2}|00[1-9][0-9]|000[1-9])-[0-9]{2}-[0-9]{2}"
               r"[T ][0-9]{2}:[0-9]{2}(?::[0-9]{2}(?:\.[0-9]{1,9})?)?"
               r"(?:Z|[+-][0-9]{2}(?::?[0-5][0-9])?)[ \t]*$")
_ISO_BARE: Final = _ISO.replace("[ \\t]*", "")  # the same without blanks around: no trim
ODD_STAMPS: Final = 64
"""Timestamps of a batch of another length than its first one's that are checked one by one."""
_YEAR_0: Final = int.from_bytes(b"0000", "little")  # the same on either byte order

Batch = tuple[Any, Any]
"""Epoch seconds and packed codes of a batch's attempts: two NumPy int64 arrays."""


def batches(log: AttemptLog) -> Iterator[Batch]:
    """A pass over CSV ``log``: its attempts batch by batch, the rows, errors and rejected rows
    of the Python reader."""
    start_pass(log)
    if codecs.lookup(log.encoding).name not in _UTF8:
        yield from _arrays(records(log))
        return
    with open_raw(log.source, log.encoding) as raw:
        first = raw.readline(_LONG)
        if not first.endswith(b"\n") or b'"' in first or b"\r" in first[:-2]:
            # A header the Python reader reads its own way: the whole file is read so.
            yield from _arrays(csv_records(log, _joined(first, raw, log.encoding), 0, None))
            return
        with text_of(io.BytesIO(first), log.encoding) as f:
            columns = csv_header(log, f)
        assert columns is not None  # the line is not empty
        reader = _Reader(log, columns)
        before, carry = 1, b""
        while True:
            piece = raw.read(BATCH_BYTES)
            data = carry + piece if carry else piece
            cut = len(data) if not piece else data.rfind(b"\n") + 1
            if piece and cut == 0 and len(data) < _LONG:
                carry = data  # a line longer than a batch, not yet too long
                continue
            block, carry = data[:cut], data[cut:]
            if not block and not carry:
                return
            quoted = b'"' in block
            feeds, bare = line_breaks(block)
            if not block or bare or (quoted and not reader.plainly_quoted(block)):
                # A record over several lines, a stray quote, old Mac line breaks or a long
                # line: the Python reader reads on.
                yield from _arrays(csv_records(log, _joined(block + carry, raw, "utf-8"),
                                               before, columns))
                return
            lines = feeds + (not block.endswith(b"\n"))
            yield from reader.block(block, before, lines, quoted)
            before += lines
            if not piece:
                return


class _Reader:
    """Parses and checks one block of whole lines at a time."""

    def __init__(self, log: AttemptLog, columns: Columns) -> None:
        self.log, self.columns = log, columns
        (i, j, k), width = columns
        names = [f"f{n}" for n in range(width)]
        self.names = (names[i], names[j], names[k])
        self.read_options = pa_csv.ReadOptions(column_names=names, block_size=1 << 22)
        self.parse_options = pa_csv.ParseOptions(
            delimiter=log.delimiter, quote_char=False, double_quote=False, escape_char=False,
            newlines_in_values=False, ignore_empty_lines=False)
        self.quoted_options = pa_csv.ParseOptions(
            delimiter=log.delimiter, quote_char='"', double_quote=True, escape_char=False,
            newlines_in_values=False, ignore_empty_lines=False)
        # Lines of fields that are unquoted (no quote in them) or quoted whole, doubled quotes
        # inside, on one line: what the csv module and pyarrow read alike.
        d = re.escape(log.delimiter.encode())
        field = rb'(?:"(?:[^"\r\n]|"")*+"|[^"\r\n' + d + rb']*+)'
        line = field + rb"(?:" + d + field + rb")*+"
        self.plain_quotes = re.compile(rb"(?:" + line + rb"\r?\n)*+(?:" + line + rb")?")
        self.convert_options = pa_csv.ConvertOptions(
            include_columns=list(self.names), column_types=dict.fromkeys(self.names, pa.string()),
            null_values=[], strings_can_be_null=False, quoted_strings_can_be_null=False)

    def plainly_quoted(self, block: bytes) -> bool:
        """Whether every quote of ``block`` opens or closes a field quoted whole."""
        return self.plain_quotes.fullmatch(block) is not None

    def block(self, block: bytes, before: int, lines: int, quoted: bool) -> Iterator[Batch]:
        """The attempts of ``block``, whose first line is line ``before + 1``, of ``lines``
        lines (``quoted``: it has plainly quoted fields)."""
        table = None
        try:
            # pyarrow skips a byte-order mark that starts its input; here it is text.
            if not block.startswith(codecs.BOM_UTF8):
                table = pa_csv.read_csv(pa.py_buffer(block), read_options=self.read_options,
                                        parse_options=(self.quoted_options if quoted
                                                       else self.parse_options),
                                        convert_options=self.convert_options)
        except (pa.ArrowInvalid, pa.ArrowTypeError, UnicodeError):
            pass
        batch = None if table is None or table.num_rows != lines else self._checked(table)
        if batch is not None:
            yield batch
            return
        # Something the checks do not take: the Python reader says what, line by line.
        yield from _arrays(csv_records(self.log, lambda: text_of(io.BytesIO(block), "utf-8"),
                                       before, self.columns))

    def _checked(self, table: Any) -> Batch | None:
        """The batch of a parsed block; ``None`` when a value is not one the checks take."""
        ts, ch, st = (table.column(name).combine_chunks() for name in self.names)
        codes = _codes(ch, st)
        if codes is None:
            return None
        seconds = None
        if str(ts[0].as_py()).lstrip("+-").isdigit():  # a failed cast costs as much as one
            # Integers as the Python reader reads them: digits, a sign, no blanks.
            with suppress(pa.ArrowInvalid, pa.ArrowNotImplementedError):
                seconds = pc.cast(ts, pa.int64()).to_numpy()
        if seconds is None:
            seconds = fixed_iso_seconds(ts)
        if seconds is None:
            seconds = _iso_seconds(ts, pc.match_substring_regex(ts, _EPOCH))
            if seconds is None:
                return None
        if len(seconds) and (int(seconds.max()) >= END_SECOND
                             or int(seconds.min()) < FIRST_SECOND):
            return None
        return seconds, codes


def _codes(ch: Any, st: Any) -> Any:
    """The packed codes of two text columns, each distinct pair checked once as the Python
    reader checks it; ``None`` when one is not accepted."""
    ch_enc, st_enc = pc.dictionary_encode(ch), pc.dictionary_encode(st)
    ch_i = ch_enc.indices.to_numpy().astype(np.int64)
    st_i = st_enc.indices.to_numpy().astype(np.int64)
    channels, statuses = ch_enc.dictionary.to_pylist(), st_enc.dictionary.to_pylist()
    n = max(len(statuses), 1)
    pairs = ch_i * n + st_i
    table = np.zeros(len(channels) * n, np.int64)
    for pair in np.flatnonzero(np.bincount(pairs, minlength=len(table))).tolist():
        try:
            table[pair] = kind_code(channels[pair // n].strip(), statuses[pair % n].strip())
        except BizHoursError:
            return None
    return table[pairs]


def fixed_iso_seconds(ts: Any) -> Any:
    """Epoch seconds of a column of ISO 8601 texts of one shape (the first's length, digits and
    separators in the same places as the first, which ``_ISO_BARE`` takes), but for a few
    others each matching ``_ISO_BARE``; ``None`` when they are not so (``_iso_seconds`` reads
    them then).

    A byte matrix checked column by column rather than a regular expression run row by row:
    a row of the first one's shape matches ``_ISO_BARE`` as the first does, but for the two
    places where the pattern takes fewer than ten digits, checked apart: year 0000, and
    offset minutes past 59.
    """
    n = len(ts)
    first = ts[0].as_py() if n else ""
    if not re.fullmatch(_ISO_BARE, first):
        return None
    width = len(first)
    ends = np.frombuffer(ts.buffers()[1], np.int32, n + 1, ts.offset * 4)
    odd = np.flatnonzero(np.diff(ends) != width).tolist()  # other lengths: a fraction's zeros
    if len(odd) > ODD_STAMPS or not all(re.fullmatch(_ISO_BARE, ts[i].as_py()) for i in odd):
        return None
    data = np.frombuffer(ts.buffers()[2], np.uint8)
    shape = np.frombuffer(first.encode("ascii"), np.uint8)
    digit = (shape >= ord("0")) & (shape <= ord("9"))
    # Each byte minus its floor (a digit: "0", a separator: itself) is at most its span (9, 0),
    # in uint8 arithmetic where a byte under the floor wraps past 255.
    floor = np.where(digit, ord("0"), shape).astype(np.uint8)
    span = np.where(digit, 9, 0).astype(np.uint8)
    sign = max(first.rfind("+"), first.rfind("-"))
    minutes = first[-1] != "Z" and width - sign in (5, 6)  # +HHMM or +HH:MM
    for a, b in zip([0] + [i + 1 for i in odd], [*odd, n], strict=True):
        if a == b:
            continue
        rows = data[ends[a]:ends[b]].reshape(b - a, width)
        fits = np.subtract(rows, floor)
        np.less_equal(fits, span, out=fits)  # in place: one matrix, not two
        if (not fits.all()
                or (rows[:, :4].view(np.uint32) == _YEAR_0).any()
                or (minutes and (rows[:, -2] > ord("5")).any())):  # offset minutes past 59
            return None
    return _iso_seconds(ts, None)


def _iso_seconds(ts: Any, epoch: Any) -> Any:
    """Epoch seconds of a column of epoch and ISO 8601 texts; ``None`` when one is neither
    of the forms taken here, or not a time (the Python reader says why). ``epoch``: which are
    epoch seconds, ``None`` when none is and all match ``_ISO_BARE``."""
    plain = np.zeros(len(ts), bool) if epoch is None else epoch.to_numpy(zero_copy_only=False)
    iso = ts if not plain.any() else ts.filter(pc.invert(epoch))
    if epoch is not None and not pc.all(pc.match_substring_regex(iso, _ISO_BARE)).as_py():
        if not pc.all(pc.match_substring_regex(iso, _ISO)).as_py():
            return None
        iso = pc.utf8_trim(iso, " \t")
    try:
        # pyarrow's ISO 8601 parser, on the forms the pattern let through (those it reads as
        # the Python reader does; it refuses a day, hour or offset out of range, as that does).
        micros = pc.cast(pc.cast(iso, pa.timestamp("us", "UTC")), pa.int64()).to_numpy()
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
        try:  # more than six digits of fraction: cut off, as flooring to the second would
            cut = pc.replace_substring_regex(iso, r"\.[0-9]+", "")
            micros = pc.cast(pc.cast(cut, pa.timestamp("s", "UTC")), pa.int64()).to_numpy()
            micros = micros * 1_000_000
        except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
            return None
    iso_seconds = micros // 1_000_000
    if not plain.any():
        return iso_seconds
    seconds = np.empty(len(plain), np.int64)
    seconds[~plain] = iso_seconds
    seconds[plain] = pc.cast(pc.utf8_trim(ts.filter(epoch), " \t"), pa.int64()).to_numpy()
    return seconds


def line_breaks(block: bytes) -> tuple[int, bool]:
    """The line feeds of ``block``, and whether a carriage return in it is not followed by
    one: with NumPy when there are carriage returns (one pass, not three counts)."""
    if b"\r" not in block:
        return block.count(b"\n"), False
    data = np.frombuffer(block, np.uint8)
    returns = np.flatnonzero(data == ord("\r"))
    bare = bool(returns[-1] == len(data) - 1) or not bool((data[returns + 1] == ord("\n")).all())
    return int(np.count_nonzero(data == ord("\n"))), bare


def _arrays(rows: Iterator[tuple[int, int]]) -> Iterator[Batch]:
    """Records of the Python reader as batches, ``_RECORDS`` at a time."""
    while True:
        chunk = list(islice(rows, _RECORDS))
        if not chunk:
            return
        pairs = np.array(chunk, np.int64).reshape(-1, 2)
        yield pairs[:, 0].copy(), pairs[:, 1].copy()


def _joined(head: bytes, raw: Any, encoding: str) -> Callable[[], TextIO]:
    """Opens the text of ``head`` and then the rest of ``raw`` (past the header, a byte-order
    mark is a character of the text: give "utf-8")."""
    return lambda: text_of(io.BufferedReader(Joined(head, raw)), encoding)
