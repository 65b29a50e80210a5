"""User text in messages: shown escaped (never a raw control character) and cut when long.

A log's values and header names go into error messages that end up on a terminal; a value can
also be a whole file's worth of text (a quote that never closes). ``shown`` writes any value
as ``repr`` does, which escapes control characters, and cuts it to a few dozen characters
with its length.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Final

_CUT: Final = 40  # characters of a long value's repr kept in a message


def shown(value: object) -> str:
    """``repr(value)`` with control characters escaped, cut to about 40 characters.

    >>> shown("\\x1b]0;owned\\x07")
    "'\\\\x1b]0;owned\\\\x07'"
    >>> shown("x" * 5000)
    "'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx… (5,000 characters)"
    """
    if isinstance(value, int) and not isinstance(value, bool) and value.bit_length() > 64:
        # repr() of an int over 4,300 digits raises; its size says enough.
        return f"an int of about {value.bit_length() * 0.30103:,.0f} digits"
    text = repr(value)
    if len(text) <= _CUT + 10:
        return text
    size = len(value) if isinstance(value, str) else len(text)
    return f"{text[:_CUT]}… ({size:,} characters)"


def listed(names: Iterable[object], most: int = 8) -> str:
    """Names, each ``shown``, comma-separated; after ``most`` of them, how many there were.

    >>> listed(["ts", "kind"]), listed(range(10), most=2)
    ("'ts', 'kind'", '0, 1, … (10 in all)')
    """
    items = list(names)
    text = ", ".join(shown(n) for n in items[:most])
    return text + (f", … ({len(items):,} in all)" if len(items) > most else "")
