"""bizhours: exact business-hours arithmetic for support contracts.

>>> import bizhours
>>> from datetime import datetime, timedelta
>>> from zoneinfo import ZoneInfo
>>> friday = datetime(2026, 11, 20, 16, tzinfo=ZoneInfo("America/New_York"))
>>> bizhours.calendar("eastern").add(friday, timedelta(hours=2)).isoformat()
'2026-11-23T10:00:00-05:00'
"""

from typing import TYPE_CHECKING, Any

from bizhours._calendar import Calendar
from bizhours._definition.business_days import BusinessDays
from bizhours._definition.holidays import bank_holidays
from bizhours._version import __version__
from bizhours.errors import (
    BizHoursError,
    ConfigError,
    NaiveDatetimeError,
    NeverClosesError,
    NeverOpenError,
    OutOfRangeError,
)
from bizhours.presets import calendar

if TYPE_CHECKING:
    from bizhours import availability, sla


def __getattr__(name: str) -> Any:
    # The subpackages on first use: a command that needs neither starts without them.
    if name in ("availability", "sla"):
        import importlib

        module = importlib.import_module(f"bizhours.{name}")
        globals()[name] = module
        return module
    raise AttributeError(f"module 'bizhours' has no attribute {name!r}")

__all__ = [
    "BizHoursError",
    "BusinessDays",
    "Calendar",
    "ConfigError",
    "NaiveDatetimeError",
    "NeverClosesError",
    "NeverOpenError",
    "OutOfRangeError",
    "__version__",
    "availability",
    "bank_holidays",
    "calendar",
    "sla",
]
