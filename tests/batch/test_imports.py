"""``import bizhours`` and its list path import no data library; holding one imports it."""

from __future__ import annotations

import subprocess
import sys

LIBRARIES = ("numpy", "pandas", "polars", "pyarrow", "duckdb")

PROBE = f"""
LIBRARIES = {LIBRARIES!r}
import sys, sqlite3
from datetime import datetime, timedelta, timezone
import bizhours, bizhours.batch, bizhours.config, bizhours.sql
cal = bizhours.calendar("eastern")
start = datetime(2026, 11, 20, 21, tzinfo=timezone.utc)
assert bizhours.batch.add_many(cal, [start], timedelta(hours=2))[0].hour == 15
assert bizhours.batch.elapsed_many(cal, (start,), [start]) == (timedelta(0),)
con = sqlite3.connect(":memory:")
bizhours.sql.register(con, cal)
assert con.execute("select biz_is_open('2026-11-20T18:00:00-05:00')").fetchone() == (0,)
print(",".join(name for name in LIBRARIES if name in sys.modules))
"""


def test_no_data_library_is_imported_unless_given() -> None:
    out = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True,
                         check=True)
    assert out.stdout.strip() == ""
