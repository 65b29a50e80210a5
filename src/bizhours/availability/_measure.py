"""Measuring: a stream of attempts counted per second into a ``Report``, in one pass.

Only the failing seconds are recorded one by one; successes are counted densely, so that the
result does not depend on the order of the input (a success may come before or after the
failures of its second).
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Mapping
from datetime import datetime
from itertools import islice
from typing import Any, Final, cast

from bizhours.availability._attempts import (
    Attempt,
    FailureRule,
    code_channel,
    code_status,
    default_api_failure,
    default_smtp_failure,
    period_seconds,
)
from bizhours.availability._input import InputSummary, RejectedRow
from bizhours.availability._logs import AttemptLog, Record, records
from bizhours.availability._report import Report, report_of
from bizhours.availability._tables import Table, arrays, rows, table_of
from bizhours.availability._text import shown
from bizhours.availability._traffic import CHUNK, CHUNK_BITS, MASK, Traffic
from bizhours.errors import AvailabilityError

# Successes are counted in dense byte arrays of _CHUNK cells (2,048 seconds), allocated when
# first touched; cell 2 * (second - base) + channel, the base a multiple of 2,048 seconds so
# that blocks line up with other measurements' (see _traffic). A dense count is what makes the
# result independent of input order: a success may arrive before or after the failures of its
# second. Small blocks keep the cost near the seconds with traffic (about 4 KiB for a block
# with any success, one byte a cell in a busy period) rather than the period's length; smaller
# ones still would make the blocks' dict too big to stay in cache for shuffled input.
_CHUNK_BITS: Final = CHUNK_BITS
_CHUNK: Final = CHUNK
_MASK: Final = MASK
_PROGRESS: Final = 1 << 14  # rows between two calls of a log's progress function
_CODES: Final = 2002  # packed codes -2 .. 1999, offset by 2: a table's verdicts by code


def measure(
    attempts: Iterable[Attempt] | Mapping[str, Any],
    start: datetime,
    end: datetime,
    *,
    api_failure: FailureRule = default_api_failure,
    smtp_failure: FailureRule = default_smtp_failure,
    rejected: Iterable[RejectedRow] = (),
) -> Report:
    """The unavailability of the whole seconds from ``ceil(start)`` to ``floor(end)``.

    ``attempts`` is read once, in any order; attempts outside the period are ignored (and
    counted in ``report.input.outside``). A rule ``fn(status) -> bool`` replaces a channel's
    failure class; it must depend on the status only, as its answer is cached per status.
    Rows rejected by a lenient reader passed as ``attempts`` land in ``report.rejected``, as do
    those passed in ``rejected`` (for logs chained together).

    ``attempts`` may also be a table: a pandas or polars DataFrame, or a mapping of
    equal-length columns (lists or NumPy arrays), with ``timestamp`` (aware datetimes, or epoch
    seconds as numbers), ``channel`` and ``status`` columns, checked as ``Attempt`` checks
    them (a bad value is an ``AttemptError`` naming its row) and counted with NumPy when the
    columns are NumPy arrays or pandas Series.

    >>> from datetime import UTC, datetime
    >>> t = datetime(2026, 1, 5, 14, 0, tzinfo=UTC)
    >>> measure([Attempt(t, "api", 429)], t, t.replace(minute=1)).unavailable_seconds
    0
    """
    lo, hi = period_seconds(start, end)
    for name, rule in (("api_failure", api_failure), ("smtp_failure", smtp_failure)):
        if not callable(rule):
            raise AvailabilityError(f"{name} {rule!r} must be a function status -> bool")
    tally = _Tally(lo, hi, api_failure, smtp_failure)
    table = table_of(attempts)
    all_rejected: tuple[RejectedRow, ...] = ()
    if table is not None:
        tally.count_table(table)
    elif isinstance(attempts, AttemptLog):
        tally.count_log(attempts)
        all_rejected = tuple(attempts.rejected)
    else:
        tally.count_attempts(cast(Iterable[Attempt], attempts))  # a mapping was a table
    return tally.report(all_rejected + tuple(rejected))


class _Tally:
    """The counters of one measurement: failures per second and channel, successes densely
    (see ``_CHUNK_BITS``), and the attempts seen and outside the period."""

    def __init__(self, lo: int, hi: int, api_failure: FailureRule, smtp_failure: FailureRule
                 ) -> None:
        self.lo, self.hi = lo, hi
        # Seconds are counted from base: the period's start, down to a whole block.
        self.base = lo & ~(_CHUNK // 2 - 1)
        self.off, self.end = lo - self.base, hi - self.base
        self.rules = (api_failure, smtp_failure)
        self.failures: dict[int, int] = {}
        self.ok_chunks: dict[int, bytearray] = {}
        self.ok_spill: dict[int, int] = {}  # successes past 255 in one cell, in steps of 256
        self.verdicts: dict[int, bool] = {}  # packed channel and status -> failure?
        self.seen = self.outside = 0

    def judge(self, code: int) -> bool:
        """Whether the attempts of packed ``code`` failed, by the rules in force (cached)."""
        verdict = self.verdicts.get(code)
        if verdict is None:
            verdict = self.verdicts[code] = _judge(code, *self.rules)
        return verdict

    def count_attempts(self, attempts: Iterable[Attempt]) -> None:
        """Counts ``attempts``; an item that is not an ``Attempt`` is an error naming it."""
        try:
            items = iter(attempts)
        except TypeError:
            raise AvailabilityError(
                f"measure() takes an iterable of Attempt values; got {shown(attempts)} "
                f"({type(attempts).__name__})"
            ) from None
        base, off, end = self.base, self.off, self.end
        failures, ok_chunks, ok_spill = self.failures, self.ok_chunks, self.ok_spill
        verdicts, judge = self.verdicts, self.judge
        bits, mask = _CHUNK_BITS, _MASK  # locals: read once an attempt
        outside = seen = 0
        a: object = _NOTHING
        try:
            # The hot loop: a few integer operations and one dict lookup per attempt. The same
            # as count_records, inlined: a call per attempt would cost a third more.
            for seen, a in enumerate(items, 1):  # noqa: B007 (the count is read after the loop)
                i = a.second - base
                if off <= i < end:
                    code = a.code
                    failed = verdicts.get(code)
                    if failed is None:
                        failed = judge(code)
                    k = 2 * i + (code & 1)
                    if failed:
                        failures[k] = failures.get(k, 0) + 1
                    else:
                        chunk = ok_chunks.get(k >> bits)
                        if chunk is None:
                            chunk = ok_chunks[k >> bits] = bytearray(_CHUNK)
                        try:
                            chunk[k & mask] += 1
                        except ValueError:  # the cell would pass 255
                            ok_spill[k] = ok_spill.get(k, 0) + 256
                            chunk[k & mask] = 0
                else:
                    outside += 1
        except (AttributeError, TypeError):
            if a is not _NOTHING and not isinstance(a, Attempt):
                raise AvailabilityError(
                    f"measure() takes Attempt values; got {shown(a)} ({type(a).__name__}) at "
                    f"attempts[{seen - 1}]: build them with Attempt(at, channel, status), or "
                    "read them with read_csv or read_jsonl"
                ) from None
            raise
        self.seen += seen
        self.outside += outside

    def count_log(self, log: AttemptLog) -> None:
        """Counts the rows of ``log``: the fast path, its rows as records or, for the arrow
        engine, batches of arrays, with no Attempt or datetime built for them. A log's
        ``progress`` is told the rows read every ``_PROGRESS`` rows or batch."""
        progress = log.progress
        if log.engine == "arrow":
            from bizhours.availability._arrow import batches  # imports pyarrow: only now

            n = 0
            for seconds, codes in batches(log):
                self.count_arrays(seconds, codes)
                n += len(seconds)
                if progress is not None:
                    progress(n)
        elif progress is None:
            self.count_records(records(log))
        else:
            rows = records(log)
            n = self.seen
            while True:
                self.count_records(islice(rows, _PROGRESS))
                if self.seen == n:
                    return
                progress(self.seen)
                n = self.seen

    def count_records(self, pairs: Iterable[Record]) -> None:
        """Counts ``(epoch second, packed code)`` records, known valid."""
        base, off, end = self.base, self.off, self.end
        failures, ok_chunks, ok_spill = self.failures, self.ok_chunks, self.ok_spill
        verdicts, judge = self.verdicts, self.judge
        bits, mask = _CHUNK_BITS, _MASK
        outside = seen = 0
        for seen, (second, code) in enumerate(pairs, 1):  # noqa: B007 (read after the loop)
            i = second - base
            if off <= i < end:
                failed = verdicts.get(code)
                if failed is None:
                    failed = judge(code)
                k = 2 * i + (code & 1)
                if failed:
                    failures[k] = failures.get(k, 0) + 1
                else:
                    chunk = ok_chunks.get(k >> bits)
                    if chunk is None:
                        chunk = ok_chunks[k >> bits] = bytearray(_CHUNK)
                    try:
                        chunk[k & mask] += 1
                    except ValueError:  # the cell would pass 255
                        ok_spill[k] = ok_spill.get(k, 0) + 256
                        chunk[k & mask] = 0
            else:
                outside += 1
        self.seen += seen
        self.outside += outside

    def count_table(self, table: Table) -> None:
        """Counts a table's rows: column by column with NumPy when it can, else row by row."""
        if not table.vectorised():
            self.count_records(rows(table))
            return
        self.count_arrays(*arrays(table))

    def count_arrays(self, seconds: Any, codes: Any) -> None:
        """Counts attempts given as two NumPy int64 arrays of epoch seconds and packed codes,
        known valid (a table's columns, a batch of a log read with pyarrow)."""
        np = sys.modules["numpy"]
        i = seconds - self.base
        inside = (i >= self.off) & (i < self.end)
        if not inside.all():  # a copy only when some are outside
            i, codes = i[inside], codes[inside]
        self.seen += len(seconds)
        self.outside += len(seconds) - len(i)
        present = np.flatnonzero(np.bincount(codes + 2, minlength=_CODES))
        verdicts = np.zeros(_CODES, bool)
        for c in present.tolist():
            verdicts[c] = self.judge(c - 2)
        failed = verdicts[codes + 2]
        k = 2 * i + (codes & 1)
        cells, counts = np.unique(k[failed], return_counts=True)
        for cell, count in zip(cells.tolist(), counts.tolist(), strict=True):
            self.failures[cell] = self.failures.get(cell, 0) + count
        ok = k[~failed]
        if not len(ok):
            return
        first, last = int(ok.min()) >> _CHUNK_BITS, int(ok.max()) >> _CHUNK_BITS
        if (last - first + 1) * _CHUNK <= 8 * len(ok) + (1 << 20):
            # Cells close together (a batch of a log in time order, a month's table): counted
            # densely over the blocks they span, with no sort.
            span = np.bincount(ok - (first << _CHUNK_BITS),
                               minlength=(last - first + 1) * _CHUNK).reshape(-1, _CHUNK)
            rows_ = np.flatnonzero(span.any(axis=1))
            # Every block touched (a dense batch): the counts as they are, not a copy.
            self._add_successes(np, rows_ + first,
                                span if len(rows_) == len(span) else span[rows_])
        else:
            cells, counts = np.unique(ok, return_counts=True)
            blocks = cells >> _CHUNK_BITS
            touched = np.unique(blocks)
            dense = np.zeros((len(touched), _CHUNK), np.int64)
            dense[np.searchsorted(touched, blocks), cells & _MASK] = counts
            self._add_successes(np, touched, dense)

    def _add_successes(self, np: Any, touched: Any, dense: Any) -> None:
        """Adds success counts per block (``touched``, sorted, and a row of ``dense`` each) to
        the blocks, as the loops would have left them: the count modulo 256 in its block, the
        rest spilt."""
        dense = np.asarray(dense, np.int64)
        for row, block in enumerate(touched.tolist()):
            old = self.ok_chunks.get(block)
            if old is not None:
                dense[row] += np.frombuffer(old, np.uint8)
        over = np.flatnonzero(dense > 255)
        if len(over):
            rows_, cols = np.divmod(over, _CHUNK)
            spilt = (touched[rows_] << _CHUNK_BITS) + cols
            flat = dense.reshape(-1)
            for cell, n in zip(spilt.tolist(), (flat[over] & ~255).tolist(), strict=True):
                self.ok_spill[cell] = self.ok_spill.get(cell, 0) + n
            flat[over] &= 255
        for row, block in zip(dense.astype(np.uint8), touched.tolist(), strict=True):
            self.ok_chunks[block] = bytearray(row.tobytes())

    def report(self, rejected: tuple[RejectedRow, ...]) -> Report:
        """The report of what was counted."""
        summary = InputSummary(self.seen - self.outside, self.outside, rejected)
        shift = 2 * self.base  # relative cells to epoch cells: a whole number of blocks
        traffic = Traffic.of({b + (shift >> _CHUNK_BITS): c for b, c in self.ok_chunks.items()},
                             {k + shift: n for k, n in self.ok_spill.items()})
        failures = {k + shift: n for k, n in self.failures.items()}
        return report_of(self.lo, self.hi, failures, traffic, summary, self.rules)


_NOTHING: Final = object()  # no attempt read yet


def _judge(code: int, api_failure: FailureRule, smtp_failure: FailureRule) -> bool:
    rule, name = (smtp_failure, "smtp_failure") if code_channel(code) == "smtp" else (
        api_failure, "api_failure")
    status = code_status(code)
    verdict = rule(status)
    if not isinstance(verdict, bool):
        raise AvailabilityError(
            f"{name}({status!r}) returned {verdict!r}; a failure rule must return True or False"
        )
    return verdict
