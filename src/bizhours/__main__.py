"""``python -m bizhours``: the three service windows, open or closed now, and what comes next."""

from __future__ import annotations

import sys
from datetime import UTC, datetime

from bizhours.presets import calendar


def main(argv: list[str] | None = None) -> int:
    """Print, for each built-in Service Time Zone, whether support is open now and when it
    next opens and closes.

    >>> main([])  # doctest: +SKIP
    """
    now = datetime.now(UTC)
    for name in ("eastern", "pacific", "uk"):
        cal = calendar(name)
        local = now.astimezone(cal.timezone)
        state = "open  " if cal.is_open(now) else "closed"
        opens = cal.next_open(local).strftime("%a %Y-%m-%d %H:%M %Z")
        closes = cal.next_close(local).strftime("%a %Y-%m-%d %H:%M %Z")
        print(f"{name:8} {state}  next open {opens:28} next close {closes}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
