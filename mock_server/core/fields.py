"""Custom field definitions -> JSON Schema, for checking a record's values.

A vendor maps each of its field types to a JSON Schema fragment; this module
assembles those into one object schema and reports what a record gets wrong.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from typing import Any

from .request_validation import schema_violations
from .schema import CompiledSchema
from .violations import Violation

__all__ = ["field_violations", "is_iso_date", "record_schema"]

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


def record_schema(
    properties: Mapping[str, Mapping[str, Any]],
    *,
    required: Iterable[str] = (),
    allow_unknown: bool = False,
) -> dict[str, Any]:
    """One object schema from per-field fragments."""
    schema: dict[str, Any] = {"type": "object", "properties": dict(properties)}
    required_names = list(required)
    if required_names:
        schema["required"] = required_names
    if not allow_unknown:
        schema["additionalProperties"] = False
    return schema


def field_violations(validator: CompiledSchema, values: Any, base: tuple[str | int, ...]) -> list[Violation]:
    """What `values` gets wrong against a compiled record schema, pointing inside the body at `base`."""
    return schema_violations(validator, values, "body", base)
