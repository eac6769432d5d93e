"""The kinds of value a field holds, whatever a vendor calls its type, and what a date is:
the vocabulary core/values.py (the walker) and core/value_checks.py (named checks) share."""

from __future__ import annotations

import datetime as dt
import re
from enum import Enum
from typing import Any

__all__ = ["Kind", "is_iso_date", "is_iso_datetime"]


class Kind(Enum):
    """What a field holds, whatever the vendor calls its type."""

    TEXT = "text"  # a string (with `pattern`, one that matches it)
    INTEGER = "integer"
    DECIMAL = "decimal"  # any JSON number
    BOOLEAN = "boolean"
    DATE = "date"  # YYYY-MM-DD, a real calendar date
    DATETIME = "datetime"  # ISO 8601, a trailing Z allowed
    OPTION = "option"  # one of `options`
    MULTI_OPTION = "multi-option"  # a list of `options`
    EMAIL = "email"
    URL = "url"
    PHONE = "phone"
    LOOKUP = "lookup"  # the id of a record of `target`
    MONEY = "money"  # {"value": number, "currency": text}
    FILES = "files"  # a list of {"url": text}, at most `max_items`
    ANY = "any"  # anything goes
    NONE = "none"  # a type the vendor does not take values for: every value is refused


_DATE = re.compile(r"^\d{4}-\d\d-\d\d$")


def is_iso_date(value: Any) -> bool:
    """A calendar date written YYYY-MM-DD (2025-02-30 is not one)."""
    if not isinstance(value, str) or not _DATE.match(value):
        return False
    try:
        dt.date.fromisoformat(value)
    except ValueError:
        return False
    return True


def is_iso_datetime(value: Any) -> bool:
    """An ISO 8601 date and time as Python reads it, a trailing Z for UTC allowed."""
    if not isinstance(value, str):
        return False
    try:
        dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return False
    return True
