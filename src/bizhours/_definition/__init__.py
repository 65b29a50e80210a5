"""What a calendar is, in local wall-clock terms: hours, holidays, date selectors and the
``Definition`` value that combines them. Values only: nothing here compiles.
"""
