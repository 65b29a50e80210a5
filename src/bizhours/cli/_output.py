"""Everything ``bizhours`` writes goes through here: answers to stdout, errors to stderr, with
the control characters of user text (contract notes, file names, values echoed in errors)
escaped, and a write that fails (stdout closed, a reader gone, a full disk) reported as
``OutputError`` instead of lost or turned into a traceback.

>>> escape("\\x1b]0;owned\\x07 note")
'\\\\x1b]0;owned\\\\x07 note'
"""

from __future__ import annotations

import errno
import json
import os
import re
import sys
from collections.abc import Callable, Iterable
from typing import TextIO

EX_IOERR = 74  # sysexits.h: an error writing the output
EX_PIPE = 141  # 128 + SIGPIPE: what a shell reports for a writer whose reader has gone

# C0 controls, DEL and C1 controls: the bytes a terminal may read as commands (ESC starts the
# sequences that set a window title or move the cursor); and lone surrogates, which stand for
# bytes of a command-line argument or file name that are not UTF-8 and cannot be encoded.
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff]")
# json.dumps escapes C0 itself, but neither DEL, C1 nor lone surrogates.
_JSON_UNESCAPED = re.compile("[\x7f-\x9f\ud800-\udfff]")


class OutputError(Exception):
    """The answer could not be written; ``status`` is the exit status to end with."""

    def __init__(self, reason: str, status: int = EX_IOERR) -> None:
        super().__init__(reason)
        self.status = status


def escape(text: str) -> str:
    """``text`` with each control character written as ``\\xNN`` (``\\x1b`` for ESC), and a
    byte that was not UTF-8 as ``\\xNN`` too."""
    return _CONTROL.sub(_escaped, text)


def _escaped(match: re.Match[str]) -> str:
    code = ord(match.group())
    if 0xDC80 <= code <= 0xDCFF:  # os.fsdecode's stand-in for the byte code - 0xDC00
        code -= 0xDC00
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"


def quoted(text: str) -> str:
    """``text`` quoted for a message, cut after 40 characters (with its length): an error
    names the value without carrying all of it."""
    return repr(text) if len(text) <= 40 else f"{text[:40]!r}... ({len(text):,} characters)"


def one_line(message: object) -> str:
    """``message`` on one escaped line: runs of spaces, tabs and line breaks become a space."""
    return escape(re.sub(r"[ \t\r\n]+", " ", str(message)).strip())


def dumps(value: object) -> str:
    """The JSON document printed by ``--json``, with DEL, C1 and surrogates escaped too."""
    text = json.dumps(value, indent=2, ensure_ascii=False)
    return _JSON_UNESCAPED.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def out(lines: Iterable[str]) -> None:
    """Write ``lines`` to stdout, each escaped and ended by a newline."""
    _write(lambda stream: stream.write("".join(f"{escape(line)}\n" for line in lines)))


def out_json(value: object) -> None:
    """Write ``value`` to stdout as the ``--json`` document."""
    _write(lambda stream: stream.write(dumps(value) + "\n"))


def out_bytes(data: bytes) -> None:
    """Write ``data`` (a file's bytes, such as iCalendar) to stdout as they are."""
    def write(stream: TextIO) -> None:
        buffer = getattr(stream, "buffer", None)
        if buffer is None:  # a text stream put in place of stdout (main() called from Python)
            stream.write(data.decode("utf-8"))
            return
        stream.flush()
        buffer.write(data)
    _write(write)


def flush() -> None:
    """Push what stdout still buffers, so that a failure is seen while it can be reported."""
    _write(lambda stream: None)


def err(text: str) -> None:
    """Write one line to stderr, escaped; nothing when stderr is closed or cannot be written
    (there is nowhere left to say so)."""
    stream = sys.stderr
    if stream is None:
        return
    try:
        stream.write(f"{escape(text)}\n")
        stream.flush()
    except (OSError, ValueError):
        pass


def _write(how: Callable[[TextIO], object]) -> None:
    stream = sys.stdout
    if stream is None:  # started with stdout closed (`bizhours ... >&-`)
        raise OutputError("cannot write the answer: stdout is closed")
    try:
        how(stream)
        stream.flush()
    except BrokenPipeError:
        _discard(stream)
        raise OutputError("the reader of stdout has gone", EX_PIPE) from None
    except (OSError, ValueError) as exc:  # ValueError: the stream was closed in Python
        _discard(stream)
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        if isinstance(exc, OSError) and exc.errno == errno.EBADF:
            reason = "stdout is closed"
        raise OutputError(f"cannot write the answer: {reason}") from None


def _discard(stream: TextIO) -> None:
    """Point stdout's descriptor at the null device, so that the interpreter's last flush of
    what is still buffered neither fails again nor prints a traceback."""
    try:
        fd = stream.fileno()
    except (AttributeError, OSError, ValueError):  # not a file (a test's capture)
        return
    null = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(null, fd)
    finally:
        os.close(null)


def json_line(value: object) -> str:
    """``value`` as one line of JSON Lines, with DEL, C1 and surrogates escaped too."""
    text = json.dumps(value, ensure_ascii=False)
    return _JSON_UNESCAPED.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
