"""Helpers for testing code that uses bizhours: a slow, obviously-correct reference calendar.

>>> from bizhours.testing.reference import ReferenceCalendar
"""
