"""The fuzz suite: generated input, mostly valid-looking text with mutations, through every
parser that reads what users write. Each target asserts a value or a ``BizHoursError`` (for the
command line: exit status 0, 1 or 2 and no traceback), never another exception, and a deadline
per example. ``BIZHOURS_FUZZ=thorough`` runs it at a large budget (see CONTRIBUTING.md)."""
