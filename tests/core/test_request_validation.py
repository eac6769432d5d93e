"""Raw parameters and bodies become typed values or violations."""

from __future__ import annotations

from pathlib import Path

import pytest

from mock_server.core.request_validation import parse_json_body, schema_violations, validate_parameters
from mock_server.core.schema import compile_schema
from mock_server.core.spec import load_spec, quick_check

SPEC = """
openapi: 3.0.3
info: {title: t, version: "1"}
paths:
  /things/{id}:
    get:
      operationId: get-thing
      parameters:
        - {name: id, in: path, required: true, schema: {type: string}}
        - {name: limit, in: query, required: true, schema: {type: number, minimum: 1, maximum: 100}}
        - {name: flag, in: query, schema: {type: boolean}}
        - {name: ids, in: query, schema: {type: array, items: {type: string}}}
        - {name: Version, in: header, required: true, schema: {type: string, enum: ["1", "2"]}}
      responses: {"200": {description: ok}}
"""


@pytest.fixture(scope="module")
def operation(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    path = Path(tmp_path_factory.mktemp("spec")) / "t.yaml"
    path.write_text(SPEC)
    return load_spec(path, "t").operations["get-thing"]


def headers(values: dict[str, str]):  # type: ignore[no-untyped-def]
    return lambda name: next((v for k, v in values.items() if k.lower() == name.lower()), None)


def test_values_are_typed(operation) -> None:  # type: ignore[no-untyped-def]
    parsed, problems = validate_parameters(
        operation, {"id": "7"}, {"limit": ["10"], "flag": ["true"], "ids": ["a", "b"]}, headers({"version": "2"})
    )
    assert problems == []
    assert parsed.path == {"id": "7"}
    assert parsed.query == {"limit": 10, "flag": True, "ids": ["a", "b"]}
    assert parsed.header == {"Version": "2"}


def test_each_problem_is_one_violation(operation) -> None:  # type: ignore[no-untyped-def]
    _, problems = validate_parameters(operation, {"id": "7"}, {"limit": ["x"], "flag": ["maybe"]}, headers({}))
    kinds = [(p.location, p.name, p.kind) for p in problems]
    assert kinds == [("query", "limit", "type"), ("query", "flag", "type"), ("header", "Version", "missing")]


def test_limits_are_reported_with_the_limit(operation) -> None:  # type: ignore[no-untyped-def]
    _, problems = validate_parameters(operation, {"id": "7"}, {"limit": ["500"]}, headers({"Version": "1"}))
    assert [(p.kind, p.expected) for p in problems] == [("maximum", 100)]


def test_enum_violation_carries_the_allowed_values(operation) -> None:  # type: ignore[no-untyped-def]
    _, problems = validate_parameters(operation, {"id": "7"}, {"limit": ["5"]}, headers({"Version": "9"}))
    assert [(p.kind, p.expected) for p in problems] == [("enum", ["1", "2"])]


def test_body_violations_point_into_the_body() -> None:
    validator = compile_schema(
        {
            "type": "object",
            "required": ["a", "b"],
            "additionalProperties": False,
            "properties": {"a": {"type": "string"}, "b": {"type": "object", "properties": {"c": {"type": "number"}}}},
        }
    )
    problems = schema_violations(validator, {"b": {"c": "x"}, "zzz": 1}, "body")
    found = {(p.pointer, p.kind, p.expected) for p in problems}
    assert found == {
        (("a",), "missing", "string"),
        (("zzz",), "unknown_property", None),
        (("b", "c"), "type", "number"),
    }


def test_quick_check_agrees_with_the_full_validator() -> None:
    for schema, samples in (
        ({"type": "string"}, ["a", 1, None]),
        ({"type": "string", "enum": ["x", "y"]}, ["x", "z", 3]),
    ):
        quick = quick_check(schema)
        assert quick is not None
        full = compile_schema(schema)
        for sample in samples:
            assert quick(sample) == full.is_valid(sample)
    assert quick_check({"type": "number"}) is None
    assert quick_check({"type": "string", "minLength": 2}) is None


@pytest.mark.parametrize(
    ("raw", "char", "position"),
    [(b'{"a": }', "}", 6), (b'{"a": 1', None, 7), (b"", None, 0), (b"nope", "n", 0)],
)
def test_malformed_json_says_where(raw: bytes, char: str | None, position: int) -> None:
    value, problem = parse_json_body(raw)
    assert value is None
    assert problem is not None and problem.kind == "malformed"
    assert problem.received == (char, position)


def test_invalid_utf8_is_malformed() -> None:
    _, problem = parse_json_body(b'{"a": "\xff"}')
    assert problem is not None and problem.kind == "malformed"


def test_deep_nesting_is_malformed_not_a_crash() -> None:
    _, problem = parse_json_body(b"[" * 100_000 + b"]" * 100_000)
    assert problem is not None and problem.kind == "malformed"


AGREEMENT_CASES = [
    ({"type": "string", "nullable": True}, ["a", None, 1]),
    ({"type": "string", "enum": ["x"], "nullable": True}, ["x", None, "y"]),
    ({"type": "string", "format": "date"}, ["2024-07-11", "2024-13-01", "11/07/2024", 5]),
    ({"type": "string", "format": "phone"}, ["+917000000000", "call me", "+1 (415) 555-0100"]),
    ({"type": "string", "format": "email"}, ["a@b.co", "nope"]),
    ({"type": "number", "minimum": 1, "maximum": 100}, [1, 100, 0, 101, 5.5, "5", True]),
    (
        {
            "type": "object",
            "required": ["value"],
            "additionalProperties": False,
            "properties": {"value": {"type": "number"}, "currency": {"type": "string"}},
        },
        [{"value": 1}, {"value": 1, "currency": "usd"}, {"currency": "usd"}, {"value": 1, "x": 2}, [], None],
    ),
    (
        {"type": "array", "maxItems": 2, "items": {"type": "object", "required": ["url"]}},
        [[], [{"url": "u"}], [{"url": "u"}] * 3, [{}], "x"],
    ),
]


@pytest.mark.parametrize(("schema", "samples"), AGREEMENT_CASES)
def test_the_fast_check_and_the_detailed_validator_agree(schema: dict, samples: list) -> None:  # type: ignore[type-arg]
    compiled = compile_schema(schema)
    for sample in samples:
        detailed_ok = not list(compiled.iter_errors(sample))
        assert compiled.is_valid(sample) == detailed_ok, sample


def test_non_finite_numbers_are_found_wherever_they_are() -> None:
    from mock_server.core.request_validation import non_finite_numbers

    body, _ = parse_json_body(b'{"a": 1.5, "b": [1, 1e999], "c": {"d": -1e999}}')
    found = [(v.pointer, v.kind, v.expected) for v in non_finite_numbers(body)]
    assert found == [(("b", 1), "type", "number"), (("c", "d"), "type", "number")]
    assert non_finite_numbers({"a": [1, 2.5, "x"]}) == []
