"""bizhours: exact business-hours arithmetic for support contracts."""

from bizhours.errors import BizHoursError, ConfigError, NaiveDatetimeError, NeverOpenError

__all__ = [
    "BizHoursError",
    "ConfigError",
    "NaiveDatetimeError",
    "NeverOpenError",
]
