"""Compiled schemas: lazy compilation, and formats judged the same on both paths."""

from __future__ import annotations

import threading

from openapi_schema_validator import oas30_format_checker

from mock_server.core import schema as schema_module
from mock_server.core.schema import compile_schema


def test_the_fast_path_knows_every_format_the_detailed_validator_checks() -> None:
    assert set(schema_module._LAZY_FORMATS) == set(oas30_format_checker.checkers) - {"date"}


def test_a_schema_is_compiled_on_first_use_only() -> None:
    compiled = compile_schema({"type": "object", "required": ["name"], "properties": {"name": {"type": "string"}}})
    assert compiled._fast is None and compiled._detailed is None
    assert compiled.is_valid({"name": "Rex"})
    assert not compiled.is_valid({})
    assert compiled._fast is not None and compiled._detailed is None
    assert [error.validator for error in compiled.iter_errors({})] == ["required"]


def test_formats_agree_between_the_fast_and_the_detailed_path() -> None:
    cases = {
        "date": ["2024-02-29", "2024-13-01", "24-1-1"],
        "date-time": ["2024-01-02T03:04:05Z", "yesterday"],
        "email": ["a@example.com", "not-an-email"],
        "uuid": ["0f8fad5b-d9cb-469f-a165-70867728950e", "nope"],
        "phone": ["+1 555 123 4567", "call me"],
    }
    for name, values in cases.items():
        compiled = compile_schema({"type": "string", "format": name})
        for value in values:
            assert compiled.is_valid(value) == (not list(compiled.iter_errors(value))), (name, value)


def test_threads_meeting_a_schema_first_compile_it_once() -> None:
    compiled = compile_schema({"type": "integer", "minimum": 1})
    seen: list[object] = []

    def use() -> None:
        compiled.is_valid(3)
        seen.append(compiled._fast)

    threads = [threading.Thread(target=use) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len({id(fast) for fast in seen}) == 1
