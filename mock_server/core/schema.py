"""Compiled JSON Schemas (OpenAPI 3.0 dialect): a fast yes/no, and details on a no.

fastjsonschema turns a schema into plain Python and answers "valid?" in about a
microsecond; jsonschema (through openapi-schema-validator, the validator behind
openapi-core) explains what is wrong but costs ~10 us even for a valid value.
Valid requests are the common case, so they only pay for the first.

Both are built on first use: a spec has hundreds of schemas, a session touches a
few, and compiling them all was a third of the start.  jsonschema itself is
imported on the first invalid value.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Iterator, Mapping
from functools import cache
from typing import TYPE_CHECKING, Any

import fastjsonschema

if TYPE_CHECKING:
    from jsonschema import FormatChecker
    from jsonschema.exceptions import ValidationError

__all__ = ["CompiledSchema", "compile_schema", "format_checker"]

_PHONE = re.compile(r"^\+?[0-9][0-9 ().\-]{5,24}$")
_DATE = re.compile(r"^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$")
_COMPILING = threading.Lock()


@cache
def format_checker() -> FormatChecker:
    """OpenAPI's formats, plus `phone`, and `date` held to YYYY-MM-DD."""
    from jsonschema import FormatChecker
    from openapi_schema_validator import oas30_format_checker

    formats = FormatChecker()
    formats.checkers.update(oas30_format_checker.checkers)
    formats.checks("phone")(_is_phone)
    formats.checks("date")(_is_date)
    return formats


def _is_phone(value: object) -> bool:
    return not isinstance(value, str) or bool(_PHONE.match(value))


def _is_date(value: object) -> bool:
    return not isinstance(value, str) or bool(_DATE.match(value))


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


@cache
def _fast_formats() -> dict[str, Callable[[Any], bool]]:
    # The string formats only; checked with the same rules as the detailed validator.
    # Building jsonschema's checker here would import it at the first request.
    return {
        "phone": _is_phone,
        "date": _is_date,
        **{name: _conforms_to(name) for name in _LAZY_FORMATS},
    }


def _conforms_to(name: str) -> Callable[[Any], bool]:
    def conforms(value: Any) -> bool:
        return bool(format_checker().conforms(value, name))

    return conforms


# openapi-schema-validator's OAS 3.0 formats, named here so that the fast path needs
# no jsonschema import; tests/core/test_schema.py keeps the list equal to its own.
_LAZY_FORMATS = (
    "binary", "byte", "date-time", "double", "email", "float", "idn-email", "idn-hostname",
    "int32", "int64", "ipv4", "ipv6", "password", "regex", "time", "uuid",
)  # fmt: skip


class CompiledSchema:
    """One schema, compiled both ways, each on first use."""

    __slots__ = ("_detailed", "_fast", "schema")

    def __init__(self, schema: Mapping[str, Any]) -> None:
        self.schema = schema
        self._fast: Callable[[Any], Any] | None = None
        self._detailed: Any = None

    def is_valid(self, instance: Any) -> bool:
        fast = self._fast or self._compile_fast()
        try:
            fast(instance)
        except fastjsonschema.JsonSchemaValueException:
            return False
        return True

    def iter_errors(self, instance: Any) -> Iterator[ValidationError]:
        if self._detailed is None:
            from openapi_schema_validator import OAS30Validator

            self._detailed = OAS30Validator(self.schema, format_checker=format_checker())
        errors: Iterator[ValidationError] = self._detailed.iter_errors(instance)
        return errors

    def _compile_fast(self) -> Callable[[Any], Any]:
        with _COMPILING:  # two threads may meet the same schema first; compile it once
            if self._fast is None:
                self._fast = fastjsonschema.compile(
                    {"$schema": "http://json-schema.org/draft-04/schema#", **_as_json_schema(dict(self.schema))},
                    formats=_fast_formats(),
                    use_default=False,
                )
            return self._fast


def compile_schema(schema: Mapping[str, Any]) -> CompiledSchema:
    return CompiledSchema(schema)
