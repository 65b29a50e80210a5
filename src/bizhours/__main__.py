"""``python -m bizhours``: the ``bizhours`` command (``bizhours.cli``); with no arguments, the
three service windows, open or closed now, and what comes next."""

import sys

from bizhours.cli import main

if __name__ == "__main__":
    sys.exit(main())
