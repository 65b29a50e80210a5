"""The physical lines of a log file: opened after a look at its first bytes, read with a cap.

A compressed or binary file is refused before any of it is decoded (a gzip log would otherwise
be a header without a ``timestamp`` column); a line longer than ``MAX_LINE`` is rejected
without ever being held whole, so a file or pipe without newlines cannot fill memory.
"""

from __future__ import annotations

import io
import shlex
import sys
from collections import deque
from collections.abc import Callable, Iterator
from typing import Any, BinaryIO, Final, TextIO

from bizhours.availability._text import shown
from bizhours.errors import LogFormatError

MAX_LINE: Final = 1 << 20
"""The longest line a log reader reads: 1,048,576 characters, its line ending included (1 MiB
of ASCII). A longer line is rejected unread, whatever is on it."""

_PIECE: Final = 1 << 16  # characters read at a time past the cap of a long line

# Magic bytes of compressed files: (start, format, command that decompresses a copy, command
# that writes the decompressed text to standard output).
_COMPRESSED: Final = (
    (b"\x1f\x8b", "gzip", "gunzip -k", "zcat"),
    (b"BZh", "bzip2", "bunzip2 -k", "bzcat"),
    (b"\xfd7zXZ\x00", "xz", "unxz -k", "xzcat"),
    (b"\x28\xb5\x2f\xfd", "zstd", "unzstd", "zstdcat"),
    (b"PK\x03\x04", "zip", "unzip", "unzip -p"),
    (b"PK\x05\x06", "zip", "unzip", "unzip -p"),
)
# What follows "BZh" and a block size digit: a block's magic, or the end of an empty stream.
_BZIP2_BLOCKS: Final = (b"1AY&SY", b"\x17rE8P\x90")
_UTF16_BOMS: Final = (b"\xff\xfe", b"\xfe\xff")

Line = tuple[int, str | None]
"""A numbered physical line with its ending; ``None`` for one over ``MAX_LINE``, and
``(0, None)`` at the end of the file."""

END: Final[Line] = (0, None)


STDIN: Final = "-"
"""The path that stands for standard input."""
STDIN_NAME: Final = "<stdin>"
"""How errors name standard input."""


class Joined(io.RawIOBase):
    """The bytes ``head``, then the rest of the binary stream ``rest``; closing it leaves
    ``rest`` open (standard input, or a file its owner closes)."""

    def __init__(self, head: bytes, rest: Any) -> None:
        self.head, self.rest = memoryview(head), rest
        # read1: what a pipe has now, rather than waiting for a whole buffer.
        self.read_rest = getattr(rest, "read1", rest.read)

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        if self.head:
            n = min(len(buffer), len(self.head))
            buffer[:n] = self.head[:n]
            self.head = self.head[n:]
            return n
        data = self.read_rest(len(buffer))
        buffer[:len(data)] = data
        return len(data)


def open_raw(path: str, encoding: str) -> io.BufferedReader[Any]:
    """``path`` (``"-"``: standard input) opened as bytes, or a ``LogFormatError`` when its
    first bytes show it is compressed or binary."""
    raw: io.BufferedReader[Any] = (
        io.BufferedReader(Joined(b"", sys.stdin.buffer)) if path == STDIN
        else open(path, "rb")  # noqa: SIM115 (the caller closes it)
    )
    try:
        problem = _not_text(raw.peek(4096)[:4096], path, encoding)
        if problem is not None:
            raise LogFormatError(STDIN_NAME if path == STDIN else path, 1, problem)
        return raw
    except BaseException:
        raw.close()
        raise


def open_log(path: str, encoding: str) -> TextIO:
    """``path`` (``"-"``: standard input) opened as text (undecodable bytes become U+FFFD,
    line endings kept), or a ``LogFormatError`` when its first bytes show it is compressed or
    binary."""
    return text_of(open_raw(path, encoding), encoding)


def text_of(raw: BinaryIO | io.BufferedReader[Any], encoding: str) -> TextIO:
    """The binary stream ``raw`` read as a log's text is."""
    return io.TextIOWrapper(raw, encoding=encoding, errors="replace", newline="")


def _not_text(head: bytes, path: str, encoding: str) -> str | None:
    """Why a file starting with ``head`` is not a text log in ``encoding``, if it is not."""
    quoted = shlex.quote(path) if path.isprintable() else shown(path)
    for magic, name, unpack, cat in _COMPRESSED:
        if head.startswith(magic) and (name != "bzip2" or head[4:10] in _BZIP2_BLOCKS):
            return (f"the file is {name}-compressed, not a text log: decompress it first "
                    f"({unpack} {quoted}) or read it through a pipe, e.g. <({cat} {quoted})")
    if not "ab\n".encode(encoding, "replace").endswith(b"ab\n"):
        return None  # UTF-16 and the like: NUL bytes are part of the text
    if head.startswith(_UTF16_BOMS):
        return ("the file is UTF-16 text (it starts with a UTF-16 byte-order mark): read it with "
                "encoding='utf-16', or convert it to UTF-8 first (iconv -f UTF-16 -t UTF-8)")
    if b"\x00" in head.split(b"\n", 1)[0]:
        return "the file is binary data (a NUL byte on its first line), not a text log"
    return None


def numbered_lines(f: TextIO, pending: deque[Line], before: int = 0) -> Iterator[Line]:
    """The lines of ``f`` numbered from ``before + 1``; lines put back in ``pending`` come out
    first.

    At the end of the file it yields ``END`` for as long as it is asked, so that lines put
    back after a reader ran into the end are still read.
    """
    readline = f.readline
    limit = MAX_LINE + 1
    number = before
    line = readline(limit)
    while line:
        while pending:
            yield pending.popleft()
        number += 1
        if len(line) < limit:
            yield number, line
            line = readline(limit)
        else:
            yield number, None
            last = line[-1]
            line = ""  # let go of the long piece before reading past the rest
            line = _past(readline, last, limit)
    while True:
        while pending:
            yield pending.popleft()
        yield END


def _past(readline: Callable[[int], str], last: str, limit: int) -> str:
    """The first piece of the line after a long one whose first piece ended with ``last``,
    reading the rest of the long line in small pieces."""
    while last not in "\r\n":
        piece = readline(_PIECE)
        if not piece:
            return ""
        last = piece[-1]
    following = readline(limit)
    if last == "\r" and following == "\n":  # a "\r\n" ending cut between two pieces
        following = readline(limit)
    return following
