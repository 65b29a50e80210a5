"""The engine: definitions compiled into sorted UTC microseconds, and the queries on them.

Integers only; it imports ``bizhours._definition`` and ``bizhours._instants``, never a
``Calendar``.
"""
