"""The version of bizhours: the one place it is written (the package metadata reads it)."""

__version__ = "0.1.0"
"""The installed version of bizhours, as ``bizhours --version`` prints it."""
