"""The successes of a measurement, kept so that reports of separate parts combine exactly.

A *cell* is one channel of one second: ``2 * epoch second + channel`` (0 API, 1 SMTP). Cells
are grouped in blocks of ``CHUNK`` (2,048 seconds), aligned to the epoch so that the blocks of
reports measured apart line up. A block with successes in at least ``DENSE`` (64) cells is
kept as one byte a cell, the count modulo 256, the rest of counts of 256 or more apart
(``spill``, in multiples of 256); a block with fewer keeps its cells and counts as two sorted
arrays (``lone``, 16 bytes a cell). Either way the size follows the seconds with traffic (at
most 64 bytes a cell with a success), never the number of attempts or the period's length.
Which form a block takes depends on its counts only, so equal counts are equal stores.
"""

from __future__ import annotations

import re
from array import array
from bisect import bisect_left
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from operator import add
from typing import Final

CHUNK_BITS: Final = 12
CHUNK: Final = 1 << CHUNK_BITS
MASK: Final = CHUNK - 1
DENSE: Final = CHUNK // 64  # cells with a success from which a block is kept as bytes
_NONZERO: Final = re.compile(rb"[^\x00]")

Chunk = bytes | bytearray


@dataclass(frozen=True, slots=True)
class Traffic:
    """Success counts per cell: dense ``blocks`` (sorted block numbers) with their ``cells``
    (``CHUNK`` bytes a block), the counts past 255 there (``spill_cells`` sorted, ``spill``
    the multiples of 256 to add), and the cells of sparse blocks (``lone_cells`` sorted,
    ``lone_counts``).

    >>> t = Traffic.of({0: bytes([0, 3] + [0] * (CHUNK - 2))}, {})
    >>> t.successes(1), t.silent(2, CHUNK), t.lone_cells.tolist()
    (3, True, [1])
    """

    blocks: array[int]
    cells: bytes
    spill_cells: array[int]
    spill: array[int]
    lone_cells: array[int]
    lone_counts: array[int]

    @classmethod
    def of(cls, chunks: Mapping[int, Chunk], spill: Mapping[int, int],
           lone: Mapping[int, int] | None = None) -> Traffic:
        """The store of ``chunks`` (block number -> ``CHUNK`` bytes, the counts modulo 256),
        ``spill`` (cell -> the rest, a multiple of 256) and ``lone`` (cell -> count), each
        block put in its form."""
        spilt: dict[int, list[int]] = {}
        for k in spill:
            spilt.setdefault(k >> CHUNK_BITS, []).append(k)
        dense: dict[int, Chunk] = {}
        dense_spill: dict[int, int] = {}
        sparse = dict(lone or {})
        extra: dict[int, dict[int, int]] = {}  # lone cells of a block given as bytes too
        for k in list(sparse):
            if k >> CHUNK_BITS in chunks:
                extra.setdefault(k >> CHUNK_BITS, {})[k] = sparse.pop(k)
        for block, chunk in chunks.items():
            base = block << CHUNK_BITS
            counts = {base + m.start(): chunk[m.start()] for m in _NONZERO.finditer(chunk)} if (
                CHUNK - chunk.count(0) < DENSE) else None
            wrapped = spilt.get(block, ())
            if counts is not None:
                for k in wrapped:
                    counts[k] = counts.get(k, 0) + spill[k]
                for k, n in extra.get(block, {}).items():
                    counts[k] = counts.get(k, 0) + n
                if len(counts) < DENSE:
                    sparse.update(counts)
                    continue
            if block in extra:  # added in, carrying into the spill as the counters do
                grown = bytearray(chunk)
                rest = {k: spill[k] for k in wrapped}
                for k, n in extra[block].items():
                    total = grown[k & MASK] + rest.get(k, 0) + n
                    grown[k & MASK], rest[k] = total & 255, total & ~255
                dense[block] = grown
                dense_spill.update((k, n) for k, n in rest.items() if n)
            else:
                dense[block] = chunk
                dense_spill.update((k, spill[k]) for k in wrapped)
        by_block: dict[int, list[int]] = {}
        for k in sparse:
            by_block.setdefault(k >> CHUNK_BITS, []).append(k)
        for block, cells in by_block.items():
            if len(cells) >= DENSE:  # enough cells to be kept as bytes
                grown = bytearray(CHUNK)
                for k in cells:
                    n = sparse.pop(k)
                    grown[k & MASK] = n & 255
                    if n > 255:
                        dense_spill[k] = n & ~255
                dense[block] = grown
        blocks = sorted(dense)
        spill_cells = sorted(dense_spill)
        lone_cells = sorted(k for k, n in sparse.items() if n)
        return cls(array("q", blocks), b"".join(dense[b] for b in blocks),
                   array("q", spill_cells), array("Q", (dense_spill[k] for k in spill_cells)),
                   array("q", lone_cells), array("Q", (sparse[k] for k in lone_cells)))

    def successes(self, cell: int) -> int:
        """The successes counted in ``cell``."""
        j = bisect_left(self.blocks, cell >> CHUNK_BITS)
        if j < len(self.blocks) and self.blocks[j] == cell >> CHUNK_BITS:
            n = self.cells[(j << CHUNK_BITS) + (cell & MASK)]
            i = bisect_left(self.spill_cells, cell)
            if i < len(self.spill_cells) and self.spill_cells[i] == cell:
                n += self.spill[i]
            return n
        i = bisect_left(self.lone_cells, cell)
        if i < len(self.lone_cells) and self.lone_cells[i] == cell:
            return self.lone_counts[i]
        return 0

    def silent(self, k0: int, k1: int) -> bool:
        """No success in cells ``[k0, k1)``. Only the blocks kept are looked at: a gap of years
        costs no more than the traffic inside it."""
        for sorted_cells in (self.lone_cells, self.spill_cells):
            i = bisect_left(sorted_cells, k0)
            if i < len(sorted_cells) and sorted_cells[i] < k1:
                return False  # a spilt count of a multiple of 256 shows as 0 in its block
        blocks, cells = self.blocks, self.cells
        j = bisect_left(blocks, k0 >> CHUNK_BITS)
        while j < len(blocks) and blocks[j] << CHUNK_BITS < k1:
            base = blocks[j] << CHUNK_BITS
            lo, hi = max(k0, base) - base, min(k1, base + CHUNK) - base
            start = j << CHUNK_BITS
            if cells.count(0, start + lo, start + hi) != hi - lo:
                return False
            j += 1
        return True

    def parts(self, k0: int | None = None, k1: int | None = None
               ) -> tuple[dict[int, Chunk], dict[int, int], dict[int, int]]:
        """The store as ``of`` takes it, optionally only cells ``[k0, k1)``."""
        lo = 0 if k0 is None else bisect_left(self.lone_cells, k0)
        hi = len(self.lone_cells) if k1 is None else bisect_left(self.lone_cells, k1)
        lone = dict(zip(self.lone_cells[lo:hi], self.lone_counts[lo:hi], strict=True))
        lo = 0 if k0 is None else bisect_left(self.spill_cells, k0)
        hi = len(self.spill_cells) if k1 is None else bisect_left(self.spill_cells, k1)
        spill = dict(zip(self.spill_cells[lo:hi], self.spill[lo:hi], strict=True))
        chunks: dict[int, Chunk] = {}
        for j, block in enumerate(self.blocks):
            base = block << CHUNK_BITS
            if (k1 is not None and base >= k1) or (k0 is not None and base + CHUNK <= k0):
                continue
            chunk: Chunk = self.cells[j << CHUNK_BITS:(j + 1) << CHUNK_BITS]
            a = 0 if k0 is None else max(k0, base) - base
            b = CHUNK if k1 is None else min(k1, base + CHUNK) - base
            if a > 0 or b < CHUNK:
                cut = bytearray(CHUNK)
                cut[a:b] = chunk[a:b]
                chunk = cut
            chunks[block] = chunk
        return chunks, spill, lone

    def sliced(self, k0: int, k1: int) -> Traffic:
        """The store of cells ``[k0, k1)`` alone, as a measurement of those cells keeps it."""
        return Traffic.of(*self.parts(k0, k1))

    @staticmethod
    def merged(stores: Iterable[Traffic]) -> Traffic:
        """The store of all the counts of ``stores`` added up."""
        chunks: dict[int, Chunk] = {}
        spill: dict[int, int] = {}
        lone: dict[int, int] = {}
        for store in stores:
            their_chunks, their_spill, their_lone = store.parts()
            for k, n in their_spill.items():
                spill[k] = spill.get(k, 0) + n
            for k, n in their_lone.items():
                lone[k] = lone.get(k, 0) + n
            for block, mine in their_chunks.items():
                theirs = chunks.get(block)
                if theirs is None:
                    chunks[block] = mine
                    continue
                sums = list(map(add, theirs, mine))
                if max(sums) > 255:  # carry into the spill, as the counters do
                    base = block << CHUNK_BITS
                    for cell, n in enumerate(sums):
                        if n > 255:
                            spill[base + cell] = spill.get(base + cell, 0) + (n & ~255)
                            sums[cell] = n & 255
                chunks[block] = bytes(sums)
        return Traffic.of(chunks, spill, lone)
