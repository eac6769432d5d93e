"""Compiled JSON Schemas (OpenAPI 3.0 dialect): a fast yes/no, and details on a no.

fastjsonschema turns a schema into plain Python and answers "valid?" in about a
microsecond; jsonschema (through openapi-schema-validator, the validator behind
openapi-core) explains what is wrong but costs ~10 us even for a valid value.
Valid requests are the common case, so they only pay for the first.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import Any

import fastjsonschema
from jsonschema import FormatChecker
from jsonschema.exceptions import ValidationError
from openapi_schema_validator import OAS30Validator, oas30_format_checker

__all__ = ["FORMATS", "CompiledSchema", "compile_schema"]

_PHONE = re.compile(r"^\+?[0-9][0-9 ().\-]{5,24}$")
_DATE = re.compile(r"^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$")

# OpenAPI's formats, plus `phone`, and `date` held to YYYY-MM-DD.
FORMATS = FormatChecker()
FORMATS.checkers.update(oas30_format_checker.checkers)


def _is_phone(value: object) -> bool:
    return not isinstance(value, str) or bool(_PHONE.match(value))


def _is_date(value: object) -> bool:
    return not isinstance(value, str) or bool(_DATE.match(value))


FORMATS.checks("phone")(_is_phone)
FORMATS.checks("date")(_is_date)


def _as_json_schema(node: Any) -> Any:
    """OpenAPI 3.0's `nullable` spelled the JSON Schema way, for fastjsonschema."""
    if isinstance(node, list):
        return [_as_json_schema(item) for item in node]
    if not isinstance(node, dict):
        return node
    converted = {key: _as_json_schema(value) for key, value in node.items() if not key.startswith("x-")}
    if converted.pop("nullable", False):
        kind = converted.get("type")
        if isinstance(kind, str):
            converted["type"] = [kind, "null"]
    return converted


def _fast_formats() -> dict[str, Any]:
    return {name: (lambda value, name=name: FORMATS.conforms(value, name)) for name in FORMATS.checkers}


class CompiledSchema:
    """One schema, compiled both ways."""

    __slots__ = ("_detailed", "_fast", "schema")

    def __init__(self, schema: Mapping[str, Any]) -> None:
        self.schema = schema
        self._detailed = OAS30Validator(schema, format_checker=FORMATS)
        self._fast = fastjsonschema.compile(
            {"$schema": "http://json-schema.org/draft-04/schema#", **_as_json_schema(dict(schema))},
            formats=_fast_formats(),
            use_default=False,
        )

    def is_valid(self, instance: Any) -> bool:
        try:
            self._fast(instance)
        except fastjsonschema.JsonSchemaValueException:
            return False
        return True

    def iter_errors(self, instance: Any) -> Iterator[ValidationError]:
        errors: Iterator[ValidationError] = self._detailed.iter_errors(instance)
        return errors


def compile_schema(schema: Mapping[str, Any]) -> CompiledSchema:
    return CompiledSchema(schema)
