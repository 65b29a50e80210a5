"""The ``bizhours`` command: business hours, SLA deadlines and unavailability from a shell.

With no subcommand it does the main job: for the Eastern, Pacific and UK Service Time Zones,
open or closed now and the next opening and closing. Exit status: 0 success (for ``open``:
open), 1 closed (``open`` only), 2 a usage, input or configuration error, reported in one line
on stderr, 74 an answer that could not be written, 141 a reader of the output that went away.
``--json`` prints the Python API's field names. Control characters of user text are printed
escaped (``\\x1b``).

>>> main(["add", "2026-11-20T16:00", "2h"])
Mon 2026-11-23 10:00 EST  (2h of eastern business time after Fri 2026-11-20 16:00 EST)
0
"""

from bizhours.cli._main import build_parser, main

__all__ = ["build_parser", "main"]
