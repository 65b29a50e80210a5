"""Strategies that reach deep: valid-looking text from small grammars (times, ranges, day specs,
durations, ISO 8601 instants), then mutated (stray characters, non-ASCII digits, huge numbers,
control characters, very long fields), so that most examples get past the first check.
"""

from __future__ import annotations

import json
import re

from hypothesis import strategies as st

# Digits of other scripts: Arabic-Indic, Devanagari, fullwidth, mathematical bold.
_DIGIT_SETS = tuple("".join(chr(base + i) for i in range(10))
                    for base in (0x0660, 0x0966, 0xFF10, 0x1D7CE))


def in_script(text: str, script: int = 0) -> str:
    """``text`` with its ASCII digits written in another script (Arabic-Indic by default)."""
    return text.translate({ord("0") + i: _DIGIT_SETS[script][i] for i in range(10)})


STRAY = list(":-,.;/ +_'\"[]{}=#\\TZPHMSDWhmsdw\t\n\r\x00\x07\x1b\x7f\x85\x9b\xa0\u2028\ufeff"
             "\u202e\udcff")
CONTROLS = "\x00\x01\x07\x08\x0b\x0c\x1b\x7f\x80\x85\x9b\x9d"
HUGE = ["9" * 20, "9" * 400, "1" * 4301, "0" * 500 + "1", "1e999999", "-0", "4294967296",
        "18446744073709551616", "1" + "0" * 30]


def non_ascii_digit(ch: str) -> bool:
    """Whether ``ch`` is a decimal digit of another script than ASCII."""
    return ch.isdecimal() and not ch.isascii()


@st.composite
def mutated(draw: st.DrawFn, base: st.SearchStrategy[str], most: int = 3) -> str:
    """``base``'s text with up to ``most`` mutations; about a third of examples are left as they
    are, so that the valid grammar itself is covered too."""
    text = draw(base)
    for _ in range(draw(st.integers(0, most))):
        at = draw(st.integers(0, len(text)))
        kind = draw(st.sampled_from(("stray", "delete", "digit", "huge", "control", "long",
                                     "repeat", "case", "space")))
        if kind == "stray":
            text = text[:at] + draw(st.sampled_from(STRAY)) + text[at:]
        elif kind == "delete" and text:
            text = text[:at] + text[at + 1:]
        elif kind == "digit":
            digits = [i for i, ch in enumerate(text) if ch.isascii() and ch.isdigit()]
            if digits:
                i = draw(st.sampled_from(digits))
                text = text[:i] + draw(st.sampled_from(_DIGIT_SETS))[int(text[i])] + text[i + 1:]
        elif kind == "huge":
            number = re.search(r"\d+", text[at:])
            huge = draw(st.sampled_from(HUGE))
            text = (text[:at] + huge if number is None
                    else text[:at + number.start()] + huge + text[at + number.end():])
        elif kind == "control":
            text = text[:at] + draw(st.sampled_from(CONTROLS)) + text[at:]
        elif kind == "long":
            text = text[:at] + draw(st.sampled_from(["x", "9", " ", "-", ":"])) * draw(
                st.sampled_from([100, 5_000, 100_000])) + text[at:]
        elif kind == "repeat" and len(text) < 1_000:
            text = text[:at] + text[at:] * draw(st.integers(2, 50))
        elif kind == "case":
            text = text.swapcase()
        elif kind == "space":
            text = draw(st.sampled_from([" ", "\t", "\u00a0", "\n"])) + text
    return text


def _two(low: int, high: int) -> st.SearchStrategy[str]:
    return st.integers(low, high).map(lambda n: f"{n:02d}") | st.integers(low, high).map(str)


clock = st.builds(lambda h, m, s: f"{h}:{m}" + (f":{s}" if s else ""), _two(0, 26), _two(0, 61),
                  st.none() | _two(0, 61))
"""``HH:MM`` or ``HH:MM:SS`` with values a little out of range now and then."""

day_ranges = st.lists(st.builds(lambda a, b: f"{a}-{b}", clock, clock), max_size=4).map(
    ", ".join)
"""``09:00-12:00, 13:00-17:00``; ``""`` is closed."""

_DAY_WORDS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun", "monday", "tuesday", "wednesday",
              "thursday", "friday", "saturday", "sunday", "Mon", "FRI", "weekday", "mo"]
_day_part = st.sampled_from(_DAY_WORDS) | st.builds(lambda a, b: f"{a}-{b}",
                                                    st.sampled_from(_DAY_WORDS),
                                                    st.sampled_from(_DAY_WORDS))
day_spec = st.lists(_day_part, min_size=1, max_size=3).map(",".join)
"""``mon-fri``, ``sat,sun``, ``fri-mon``."""

_number = (st.integers(0, 10_000).map(str)
           | st.builds(lambda a, b: f"{a}.{b}", st.integers(0, 999), st.integers(0, 10**9)))


def _units(prefix: str, units: str) -> st.SearchStrategy[str]:
    """Up to one number of each unit, in order, after ``prefix``: ``1h30m``, ``PT8H``."""
    parts = [st.none() | _number.map(lambda n, u=u: f"{n}{u}") for u in units]
    return st.tuples(*parts).map(lambda ps: prefix + "".join(p for p in ps if p))


duration = st.one_of(
    _units("", "hms"),
    _units("PT", "HMS"),
    st.sampled_from(["2d", "P1D", "1w", "P1M", "1 day", "-2h", "now", "", "0s", "1e3s"]),
).flatmap(lambda text: st.sampled_from(["", "-", " -"]).map(lambda sign: sign + text))
"""``4h``, ``1h30m``, ``1.5h``, ``PT8H``, a sign, days now and then."""

business_days = st.builds(
    lambda n, by, cutoff, pad: pad.join([f"{n}bd", *([f"@{by}"] if by else []),
                                         *([f",cutoff={cutoff}"] if cutoff else [])]),
    _number | st.sampled_from(["", "-1", "007"]),
    st.none() | st.sampled_from(["open", "close", "Close", ""]) | clock,
    st.none() | clock | st.sampled_from(["close", ""]),
    st.sampled_from(["", " ", "\t"]),
) | st.sampled_from(["bd", "1bd,until=10:00", "1bd@16:00@17:00", "1bd,,", "1bd@16:00,"])
"""``2bd``, ``1bd@16:00``, ``1bd@close,cutoff=10:00``, with odd numbers, times and keys."""

_offset = st.sampled_from(["", "", "Z", "+00:00", "-05:00", "+05:30", "+14:00", "-23:59", "+0100",
                           "+01", "+24:00", "z"])
instant = st.builds(
    lambda y, mo, d, h, mi, s, f, o, sep: f"{y:04d}-{mo:02d}-{d:02d}{sep}{h:02d}:{mi:02d}"
    + (f":{s:02d}" if s is not None else "") + (f".{f}" if f else "") + o,
    st.integers(2020, 2030) | st.integers(1, 9999) | st.sampled_from([1, 2, 1970, 9998, 9999]),
    st.integers(0, 13), st.integers(0, 32),
    st.integers(0, 25), st.integers(0, 60), st.none() | st.integers(0, 61),
    st.sampled_from(["", "", "5", "123456", "1234567", "000000001"]), _offset,
    st.sampled_from(["T", "T", " ", "t", "X"]),
) | st.sampled_from(["now", "NOW", "2026-11-20", "2026-03-08T02:30", "2026-11-01T01:30",
                     "0001-01-01T00:00Z", "9999-12-31T23:59:59Z", "2026-W47-5", "20261120T1600"])
"""ISO 8601 instants, mostly near today, with the whole range of years now and then."""

zone_name = st.sampled_from(["America/New_York", "Europe/London", "Asia/Kolkata", "UTC",
                             "Etc/GMT+5", "Australia/Lord_Howe", "Pacific/Chatham",
                             "America/Santiago", "Asia/Tehran", "Europe/Berlin"])


# --- attempt logs -------------------------------------------------------------------------

_epoch = (st.integers(1_767_571_200, 1_767_657_600).map(str)
          | st.builds(lambda s, f: f"{s}.{f}", st.integers(1_767_571_200, 1_767_657_600),
                      st.integers(0, 10**9))
          | st.sampled_from(["0", "-1", "253402300800", "-62135596801", *HUGE]))
_timestamp = st.one_of(_epoch, st.just("2026-01-05T14:00:00Z"), mutated(instant, 1),
                       st.just("2026-01-05T14:00:00.5+01:00"))
_channel = st.sampled_from(["api", "smtp", "API ", "", "ftp", "\x1b]0;owned\x07"])
_status = st.sampled_from(["200", "503", "timeout", "0", "000", "429", "abc", "", "-1",
                           "99999999999999999999", "2x0"])
_header = st.permutations(["timestamp", "channel", "status"]).flatmap(
    lambda cols: st.lists(st.sampled_from(["extra", "Timestamp", "STATUS", ""]), max_size=1).map(
        lambda more: cols + more))


@st.composite
def csv_text(draw: st.DrawFn) -> str:
    """A CSV attempt log: a header (columns in any order, maybe one more), rows, a last line."""
    header = draw(_header)
    rows = []
    for _ in range(draw(st.integers(0, 6))):
        values = {"timestamp": draw(_timestamp), "channel": draw(_channel),
                  "status": draw(_status)}
        cells = [values.get(c.lower(), "x") for c in header]
        if draw(st.booleans()):
            cells = [f'"{c}"' for c in cells]
        rows.append(",".join(cells))
    return "\n".join([",".join(header), *rows]) + draw(st.sampled_from(["\n", "", "\r\n", "\n\n"]))


_json_value = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner,
                                                               max_size=3), max_leaves=6)


@st.composite
def jsonl_text(draw: st.DrawFn) -> str:
    """A JSON Lines attempt log: objects with the three fields (one of another type or gone
    now and then), bare numbers for epoch timestamps, and some lines that are not objects."""
    lines = []
    for _ in range(draw(st.integers(0, 6))):
        row = {"timestamp": draw(_timestamp | _epoch.map(lambda e: f"NUMBER:{e}")),
               "channel": draw(_channel), "status": draw(_status | st.integers(-5, 999).map(str))}
        for key in draw(st.lists(st.sampled_from(list(row)), max_size=1)):
            row[key] = draw(_json_value)  # a field of another type, or gone
        if draw(st.booleans()):
            del row[draw(st.sampled_from(list(row)))]
        # NUMBER:... becomes a bare JSON number (ints, decimals, huge ones).
        line = re.sub(r'"NUMBER:([^"]*)"', r"\1", json.dumps(row, ensure_ascii=False))
        lines.append(line if draw(st.integers(0, 9)) else draw(st.sampled_from(
            ["not json", "[1, 2]", "", "{", '"x"', "[" * 100])))
    return "\n".join(lines) + "\n"


def content(text: st.SearchStrategy[str]) -> st.SearchStrategy[bytes]:
    """The file's bytes: mutated text, now and then invalid UTF-8 or a gzip header."""
    return st.tuples(mutated(text, 3), st.sampled_from([b"", b"", b"", b"\x1f\x8b\x08\x00",
                                                        b"\xef\xbb\xbf", b"\xff\xfe"])).map(
        lambda pair: pair[1] + pair[0].encode("utf-8", "surrogateescape"))
