"""Custom field definitions -> JSON Schema, for checking a record's values.

A vendor maps each of its field types to a JSON Schema fragment; this module
assembles those into one object schema and reports what a record gets wrong.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

from jsonschema import FormatChecker
from jsonschema.protocols import Validator
from openapi_schema_validator import OAS30Validator, oas30_format_checker

from .request_validation import schema_violations
from .violations import Violation

__all__ = ["FIELD_FORMATS", "compile_record_schema", "field_violations", "record_schema"]

_PHONE = re.compile(r"^\+?[0-9][0-9 ().\-]{5,24}$")
_DATE = re.compile(r"^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$")

# The OpenAPI formats plus the few that field types need.
FIELD_FORMATS = FormatChecker()
for _name, _check in oas30_format_checker.checkers.items():
    FIELD_FORMATS.checkers[_name] = _check


def _is_phone(value: object) -> bool:
    return not isinstance(value, str) or bool(_PHONE.match(value))


def _is_date(value: object) -> bool:
    return not isinstance(value, str) or bool(_DATE.match(value))


FIELD_FORMATS.checks("phone")(_is_phone)
FIELD_FORMATS.checks("date")(_is_date)


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


def compile_record_schema(schema: Mapping[str, Any]) -> Validator:
    validator: Validator = OAS30Validator(schema, format_checker=FIELD_FORMATS)
    return validator


def field_violations(validator: Validator, values: Any, base: tuple[str | int, ...]) -> list[Violation]:
    """What `values` gets wrong against a compiled record schema, pointing inside the body at `base`."""
    return schema_violations(validator, values, "body", base)
