"""Loading one vendor's OpenAPI document into operations the server can run.

The document is checked once with openapi-spec-validator (the validator behind
openapi-core), its local $refs are inlined, and every operation gets validators
compiled up front.  openapi-core's own request validator resolves the spec again
on every call (about 1.4 ms a request here), which is several times the whole
budget of a mock request, so the hot path uses the same schema dialect
(openapi-schema-validator's OAS 3.0 validator) compiled once per operation
(see schema.py).
openapi-core itself validates every response in the contract tests.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import yaml

from .schema import CompiledSchema, compile_schema
from .yaml_files import read_yaml_file

__all__ = ["FORM_MEDIA_TYPE", "BodySpec", "Operation", "ParamSpec", "Spec", "SpecError", "load_spec", "quick_check"]

HTTP_METHODS = ("get", "put", "post", "delete", "patch", "head", "options")
FORM_MEDIA_TYPE = "application/x-www-form-urlencoded"
ParamLocation = Literal["path", "query", "header"]


class SpecError(ValueError):
    """The spec cannot be served: unreadable, invalid OpenAPI, or a dangling $ref."""


_ANNOTATIONS = {"description", "example", "examples", "title", "x-guess"}


def quick_check(schema: Mapping[str, Any]) -> Callable[[Any], bool] | None:
    """A plain-Python test that passes exactly the values `schema` passes, for the
    simplest schemas (a string, or a string from a list); None for anything else.
    Most parameters are like that, and the full validator costs ~10 us a call."""
    keywords = set(schema) - _ANNOTATIONS
    if schema.get("type") != "string":
        return None
    if keywords == {"type"}:
        return lambda value: isinstance(value, str)
    if keywords == {"type", "enum"}:
        allowed = frozenset(item for item in schema["enum"] if isinstance(item, str))
        return lambda value: isinstance(value, str) and value in allowed
    return None


@dataclass(frozen=True, slots=True)
class ParamSpec:
    name: str
    location: ParamLocation
    required: bool
    schema: Mapping[str, Any]
    validator: CompiledSchema = field(repr=False, compare=False)
    quick: Callable[[Any], bool] | None = field(default=None, repr=False, compare=False)

    @property
    def type(self) -> str | None:
        kind = self.schema.get("type")
        return kind if isinstance(kind, str) else None


@dataclass(frozen=True, slots=True)
class BodySpec:
    required: bool
    media_types: tuple[str, ...]
    schema: Mapping[str, Any] | None
    validator: CompiledSchema | None = field(repr=False, compare=False)


@dataclass(frozen=True, slots=True)
class Operation:
    vendor: str
    operation_id: str
    method: str  # upper case
    path: str  # as written in the spec, e.g. /objects/{key}
    params: tuple[ParamSpec, ...]
    body: BodySpec | None
    responses: Mapping[str, Mapping[str, Any] | None]  # status -> JSON schema (None: no body)
    raw: Mapping[str, Any] = field(repr=False, compare=False)  # the inlined operation object

    @property
    def rule(self) -> str:
        """The path as a Werkzeug URL rule: {key} -> <key>."""
        return re.sub(r"{([^}/]+)}", r"<\1>", self.path)

    def extension(self, name: str, default: Any = None) -> Any:
        return self.raw.get(name, default)


@dataclass(frozen=True, slots=True)
class Spec:
    vendor: str
    title: str
    version: str
    document: Mapping[str, Any] = field(repr=False)  # as loaded, refs intact (for openapi-core)
    operations: Mapping[str, Operation] = field(repr=False)

    def __iter__(self) -> Iterator[Operation]:
        return iter(self.operations.values())


def _resolve_refs(
    node: Any, root: Mapping[str, Any], trail: tuple[str, ...] = (), done: dict[str, Any] | None = None
) -> Any:
    """`node` with every local $ref replaced by what it points at.  Each target is
    resolved once and shared by all its uses (the result is only ever read)."""
    done = {} if done is None else done
    if isinstance(node, dict):
        ref = node.get("$ref")
        if isinstance(ref, str):
            if not ref.startswith("#/"):
                raise SpecError(f"only local $refs are supported, found {ref!r}")
            if ref in trail:
                raise SpecError(f"recursive $ref {ref!r} cannot be inlined")
            resolved = done.get(ref)
            if resolved is None:
                target: Any = root
                for part in ref[2:].split("/"):
                    part = part.replace("~1", "/").replace("~0", "~")
                    if not isinstance(target, dict) or part not in target:
                        raise SpecError(f"$ref {ref!r} points at nothing")
                    target = target[part]
                resolved = done[ref] = _resolve_refs(target, root, (*trail, ref), done)
            siblings = {key: value for key, value in node.items() if key != "$ref"}
            return {**resolved, **_resolve_refs(siblings, root, trail, done)} if siblings else resolved
        return {key: _resolve_refs(value, root, trail, done) for key, value in node.items()}
    if isinstance(node, list):
        return [_resolve_refs(item, root, trail, done) for item in node]
    return node


def _param_specs(path_item: Mapping[str, Any], operation: Mapping[str, Any]) -> tuple[ParamSpec, ...]:
    merged: dict[tuple[str, str], Mapping[str, Any]] = {}
    for param in [*path_item.get("parameters", []), *operation.get("parameters", [])]:
        merged[(param["name"], param["in"])] = param
    specs = []
    for (name, where), param in merged.items():
        location: ParamLocation
        if where == "path":
            location = "path"
        elif where == "query":
            location = "query"
        elif where == "header":
            location = "header"
        else:
            raise SpecError(f"parameters in {where!r} are not supported ({name})")
        schema = param.get("schema", {})
        specs.append(
            ParamSpec(
                name=name,
                location=location,
                required=bool(param.get("required", location == "path")),
                schema=schema,
                validator=compile_schema(schema),
                quick=quick_check(schema),
            )
        )
    return tuple(specs)


def _body_spec(operation: Mapping[str, Any]) -> BodySpec | None:
    request_body = operation.get("requestBody")
    if not request_body:
        return None
    content = request_body.get("content", {})
    schema = None
    for media_type, media in content.items():
        if "json" in media_type:
            schema = media.get("schema")
            break
    else:
        # A form-only body (an OAuth token endpoint) is checked as the object it parses to.
        form = content.get(FORM_MEDIA_TYPE)
        schema = form.get("schema") if form else None
    return BodySpec(
        required=bool(request_body.get("required", False)),
        media_types=tuple(content),
        schema=schema,
        validator=compile_schema(schema) if schema is not None else None,
    )


def _response_schemas(operation: Mapping[str, Any]) -> dict[str, Mapping[str, Any] | None]:
    schemas: dict[str, Mapping[str, Any] | None] = {}
    for status, response in operation.get("responses", {}).items():
        content = response.get("content") or {}
        json_media = next((media for media_type, media in content.items() if "json" in media_type), None)
        schemas[str(status)] = json_media.get("schema") if json_media else None
    return schemas


def load_spec(path: Path, vendor: str, *, check: bool = True) -> Spec:
    """The operations of one vendor's spec.  `check=False` skips the OpenAPI
    validation, for specs already checked (the bundled ones, by `crm-mock check`)."""
    try:
        document = read_yaml_file(path)
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise SpecError(f"{path}: cannot read the spec: {exc}") from exc
    if check:
        from openapi_spec_validator import validate as validate_openapi_document  # slow to import

        try:
            validate_openapi_document(document)
        except Exception as exc:  # the validator raises several unrelated types
            raise SpecError(f"{path}: not a valid OpenAPI document: {exc}") from exc

    inlined = _resolve_refs(document, document)
    operations: dict[str, Operation] = {}
    for spec_path, path_item in inlined.get("paths", {}).items():
        for method in HTTP_METHODS:
            operation = path_item.get(method)
            if operation is None:
                continue
            operation_id = operation.get("operationId")
            if not operation_id:
                raise SpecError(f"{path}: {method.upper()} {spec_path} has no operationId")
            if operation_id in operations:
                raise SpecError(f"{path}: operationId {operation_id!r} is used twice")
            operations[operation_id] = Operation(
                vendor=vendor,
                operation_id=operation_id,
                method=method.upper(),
                path=spec_path,
                params=_param_specs(path_item, operation),
                body=_body_spec(operation),
                responses=_response_schemas(operation),
                raw=operation,
            )
    info = document.get("info", {})
    return Spec(
        vendor=vendor,
        title=str(info.get("title", vendor)),
        version=str(info.get("version", "")),
        document=document,
        operations=operations,
    )
