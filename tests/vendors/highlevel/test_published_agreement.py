"""Issue 20: specs/highlevel.yaml agrees with HighLevel's published OpenAPI documents on
every path, field and status it covers.

Every operation of our spec names the document it was written from, under `x-source`:
`"apps/<app>.json @ <commit> <their operationId>"` (two such, `; `-separated, when one
operation serves two documents).  For each, this test loads that document from the
reference folder (../shared/reference/highlevel beside the checkout, or
$CRM_MOCK_REFERENCE_DIR; the documents are HighLevel's, kept outside the repository) and
checks that:

- the commit is the one SOURCE.md names for that file;
- the operationId is served there on the same path and method (ours may differ from
  theirs only where `RENAMED` says why);
- every status we declare is declared there, unless our response says `x-guess: true`;
- every path, query and header parameter we declare is there (same name and `in`),
  unless it says `x-guess: true`, and every one they require we declare;
- every property of our request and response bodies is there at the same place
  (through objects and arrays), unless it or a schema above it says `x-guess: true`,
  and the types agree where both give one (see `_types_agree`; where a document types a
  field against its own example, `DOCUMENT_MISTAKES` names the type it means, and why).

Without the reference folder (a CI checkout) the tests skip, saying where they looked.
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[3]
SPEC = ROOT / "specs" / "highlevel.yaml"
REFERENCE_DIR = Path(os.environ.get("CRM_MOCK_REFERENCE_DIR") or ROOT.parent / "shared" / "reference" / "highlevel")

METHODS = ("get", "put", "post", "delete", "patch")
PARAMETER_PLACES = ("path", "query", "header")

# Our operationIds must be unique in one spec, HighLevel's only in one document: where two
# of their documents use the same operationId (or one of their operations is served in two
# dialects), ours carries a suffix.  Ours -> why it differs from the x-source's.
RENAMED = {
    "create-location-custom-field": "custom-fields.json's POST /custom-fields/ is create-custom-field",
    "update-location-custom-field": "custom-fields.json's PUT /custom-fields/{id} is update-custom-field",
    "delete-location-custom-field": "custom-fields.json's DELETE /custom-fields/{id} is delete-custom-field",
    "get-location-access-token-v3": "oauth.json's POST /oauth/locationToken is get-location-access-token",
    "get-installed-location-v3": "oauth.json's GET /oauth/installedLocations is get-installed-location",
}

# Fields a published document types against its own example and description (NestJS
# swagger typing a string as `object`, an object of values as `string`): there the type it
# means stands for the one it gives.  (file, component schema, property) -> (the type
# meant, why); each also has a row in docs/vendors/highlevel.md's Ledger.
_ASSOCIATION_STRINGS = (
    "typed object, but its example and description are one string (an object key, a label or"
    " USER_DEFINED/SYSTEM_DEFINED), as the AssociationCreate webhook example sends it"
)
_RECORD_VALUES = (
    "typed string, but its example is an object of field values, as live captures of records show"
    " (the Ledger's record row)"
)
DOCUMENT_MISTAKES: dict[tuple[str, str, str], tuple[str, str]] = {
    ("apps/objects.json", "ICustomObjectSchema", "type"): (
        "string",
        "typed object, but its example and description are the strings USER_DEFINED / SYSTEM_DEFINED"
        " (the ObjectSchemaCreate webhook's objectType is such a string)",
    ),
    ("apps/objects.json", "IRecordSchema", "properties"): ("object", _RECORD_VALUES),
    ("apps/objects.json", "RecordResponseDTO", "properties"): ("object", _RECORD_VALUES),
    **{
        ("apps/associations.json", schema, field): ("string", _ASSOCIATION_STRINGS)
        for schema in ("GetPostSuccessfulResponseDto", "createAssociationReqDto")
        for field in ("firstObjectLabel", "firstObjectKey", "secondObjectLabel", "secondObjectKey")
    },
    ("apps/associations.json", "GetPostSuccessfulResponseDto", "associationType"): ("string", _ASSOCIATION_STRINGS),
    **{
        ("apps/associations.json", "UpdateAssociationReqDto", field): ("string", _ASSOCIATION_STRINGS)
        for field in ("firstObjectLabel", "secondObjectLabel")
    },
}

_SOURCE = re.compile(r"^(?P<file>apps/[\w/.-]+\.json) @ (?P<commit>[0-9a-f]{7,40}) (?P<operation>\S+)$")


# -- reading both sides ----------------------------------------------------------------


@dataclass(frozen=True)
class Node:
    """A piece of an OpenAPI document, with the file its relative $refs start from."""

    file: Path
    value: Any

    def resolved(self) -> Node:
        """This node with its `$ref`s followed (our spec's are local, theirs may name
        ../common/common-schemas.json)."""
        node = self
        while isinstance(node.value, dict) and "$ref" in node.value:
            target, _, pointer = node.value["$ref"].partition("#")
            file = (node.file.parent / target).resolve() if target else node.file
            value: Any = _document(file)
            for part in filter(None, pointer.split("/")):
                value = value[part.replace("~1", "/").replace("~0", "~")]
            node = Node(file, value)
        return node

    def get(self, key: str) -> Node | None:
        value = self.resolved().value
        if not isinstance(value, dict) or key not in value:
            return None
        return Node(self.resolved().file, value[key]).resolved()

    def guessed(self) -> bool:
        """`x-guess: true` here, on the reference or on what it names."""
        return bool(isinstance(self.value, dict) and self.value.get("x-guess")) or bool(
            isinstance(self.resolved().value, dict) and self.resolved().value.get("x-guess")
        )


@cache
def _document(file: Path) -> Any:
    text = file.read_text()
    return json.loads(text) if file.suffix == ".json" else yaml.safe_load(text)


@dataclass(frozen=True)
class Operation:
    operation_id: str
    method: str
    path: str
    node: Node  # the operation object
    path_item: Node

    def parameters(self) -> list[Node]:
        both = [*(self.path_item.value.get("parameters") or []), *(self.node.value.get("parameters") or [])]
        return [Node(self.node.file, parameter) for parameter in both]


def _operations(file: Path) -> list[Operation]:
    found = []
    for path, item in _document(file)["paths"].items():
        for method in METHODS:
            if isinstance(item.get(method), dict):
                operation = item[method]
                found.append(
                    Operation(operation.get("operationId", ""), method, path, Node(file, operation), Node(file, item))
                )
    return found


def _ours() -> list[Operation]:
    return _operations(SPEC)


@dataclass(frozen=True)
class Source:
    file: str
    commit: str
    operation_id: str


def _sources(operation: Operation) -> list[Source]:
    text = operation.node.value.get("x-source", "")
    sources = []
    for part in filter(None, (piece.strip() for piece in text.split(";"))):
        match = _SOURCE.match(part)
        assert match, f"{operation.operation_id}: x-source {part!r} is not `apps/<file>.json @ <commit> <operationId>`"
        sources.append(Source(match["file"], match["commit"], match["operation"]))
    return sources


def _published_commits() -> dict[str, str]:
    """file -> the commit SOURCE.md names for it (full id where the notes give one)."""
    text = (REFERENCE_DIR / "SOURCE.md").read_text()
    full = dict(re.findall(r"`([0-9a-f]{7})` = `([0-9a-f]{40})`", text))
    rows = re.findall(r"^\| `(apps/[\w/.-]+\.json)` \| `[^`]+` \| `([0-9a-f]{7})`", text, re.MULTILINE)
    return {file: full.get(short, short) for file, short in rows}


# -- comparing ---------------------------------------------------------------------------


def _types_agree(ours: str, theirs: str) -> bool:
    """Our `integer` may stand for their `number`: HighLevel's documents (NestJS swagger)
    type every count and number as `number`, where ours says `integer` for counts, limits
    and positions that are whole (a client reading `number` takes an integer the same)."""
    return ours == theirs or (ours, theirs) == ("integer", "number")


def _alternatives(node: Node) -> list[Node]:
    """A schema and the members of its allOf/anyOf/oneOf, each resolved."""
    node = node.resolved()
    value = node.value if isinstance(node.value, dict) else {}
    found = [node]
    for combiner in ("allOf", "anyOf", "oneOf"):
        for member in value.get(combiner) or []:
            found.extend(_alternatives(Node(node.file, member)))
    return found


def _properties(node: Node) -> dict[str, Node]:
    found: dict[str, Node] = {}
    for member in _alternatives(node):
        for name, schema in (member.value.get("properties") or {}).items():
            found.setdefault(name, Node(member.file, schema))
    return found


def _type(node: Node) -> str | None:
    for member in _alternatives(node):
        if isinstance(member.value.get("type"), str):
            return str(member.value["type"])
    return None


def _mistaken_field(file: str, schema: str, field: str) -> Any:
    return _document(REFERENCE_DIR / file)["components"]["schemas"][schema]["properties"][field]


@cache
def _meant_types() -> dict[int, str]:
    """id of each mistaken field's schema (the documents are read once) -> the type meant."""
    return {id(_mistaken_field(*key)): meant for key, (meant, _why) in DOCUMENT_MISTAKES.items()}


def _their_type(node: Node) -> str | None:
    return _meant_types().get(id(node.resolved().value)) or _type(node)


def _items(node: Node) -> Node | None:
    for member in _alternatives(node):
        if member.value.get("items") is not None:
            return Node(member.file, member.value["items"])
    return None


def _compare_schema(ours: Node, theirs: list[Node], where: str, problems: list[str]) -> None:
    """Every property of `ours` is in one of `theirs` at the same place, types agreeing."""
    if any(member.guessed() for member in _alternatives(ours)):
        return
    our_type, their_types = _type(ours), {kind for node in theirs if (kind := _their_type(node))}
    if our_type and their_types and not any(_types_agree(our_type, kind) for kind in their_types):
        problems.append(f"{where}: ours is {our_type}, theirs {'/'.join(sorted(their_types))}")
        return
    for name, schema in _properties(ours).items():
        if schema.guessed():
            continue
        matches = [found[name] for node in theirs if name in (found := _properties(node))]
        if not matches:
            problems.append(f"{where}.{name}: not in the published document")
            continue
        _compare_schema(schema, matches, f"{where}.{name}", problems)
    our_items = _items(ours)
    if our_items is not None and (_properties(our_items) or _items(our_items) or _type(our_items)):
        their_items = [items for node in theirs if (items := _items(node)) is not None]
        if their_items:
            _compare_schema(our_items, their_items, f"{where}[]", problems)
        elif _properties(our_items) and not our_items.guessed():
            problems.append(f"{where}[]: the published document does not describe the items")


def _compare_content(ours: Node, theirs: list[Node], where: str, problems: list[str]) -> None:
    """Each media type's schema of a request body or response."""
    for media, content in (ours.resolved().value.get("content") or {}).items():
        schema = Node(ours.resolved().file, content.get("schema") or {})
        their_schemas = [
            Node(node.resolved().file, node.resolved().value["content"][media].get("schema") or {})
            for node in theirs
            if media in (node.resolved().value.get("content") or {})
        ]
        if not their_schemas:
            if _properties(schema) and not schema.guessed():
                problems.append(f"{where}: {media} is not in the published document")
            continue
        _compare_schema(schema, their_schemas, f"{where} {media}", problems)


def _parameter_key(node: Node) -> tuple[str, str]:
    value = node.resolved().value
    return (value["in"], value["name"].lower() if value["in"] == "header" else value["name"])


def _disagreements(ours: Operation) -> list[str]:
    problems: list[str] = []
    commits = _published_commits()
    theirs: list[Operation] = []
    for source in _sources(ours):
        if not commits.get(source.file, "").startswith(source.commit):
            problems.append(f"x-source {source.file} @ {source.commit}: SOURCE.md names {commits.get(source.file)}")
        named = [op for op in _operations(REFERENCE_DIR / source.file) if op.operation_id == source.operation_id]
        if not named:
            problems.append(f"{source.file} has no operation {source.operation_id}")
            continue
        found = named[0]
        if (found.method, found.path) != (ours.method, ours.path):
            problems.append(
                f"{source.file} serves {source.operation_id} at {found.method.upper()} {found.path},"
                f" ours at {ours.method.upper()} {ours.path}"
            )
        if source.operation_id != ours.operation_id and ours.operation_id not in RENAMED:
            problems.append(f"our operationId differs from {source.file}'s {source.operation_id}")
        theirs.append(found)
    if not theirs:
        return problems

    for status, response in ours.node.value.get("responses", {}).items():
        matching = [op.node.get("responses").get(status) for op in theirs]  # type: ignore[union-attr]
        present = [node for node in matching if node is not None]
        response_node = Node(ours.node.file, response)
        if not present:
            if not response_node.guessed():
                problems.append(f"status {status}: not declared in the published document")
            continue
        if not response_node.guessed():
            _compare_content(response_node, present, f"response {status}", problems)

    their_parameters = {_parameter_key(node) for op in theirs for node in op.parameters()}
    # users.json's PUT/DELETE /users/{userId} use a path variable they do not declare (a
    # document mistake SOURCE.md lists): the template itself names it.
    their_parameters |= {("path", name) for op in theirs for name in re.findall(r"{(\w+)}", op.path)}
    our_parameters = set()
    for node in ours.parameters():
        key = _parameter_key(node)
        our_parameters.add(key)
        if key[0] in PARAMETER_PLACES and key not in their_parameters and not node.guessed():
            problems.append(f"{key[0]} parameter {key[1]}: not in the published document")
    for op in theirs:
        for node in op.parameters():
            value = node.resolved().value
            if value.get("required") and _parameter_key(node) not in our_parameters:
                problems.append(f"required {value['in']} parameter {value['name']} ({op.path}): we do not declare it")

    our_body = ours.node.get("requestBody")
    if our_body is not None and not our_body.guessed():
        their_bodies = [body for op in theirs if (body := op.node.get("requestBody")) is not None]
        _compare_content(our_body, their_bodies, "request body", problems)
    return problems


# -- the tests ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def reference() -> Path:
    if not (REFERENCE_DIR / "SOURCE.md").is_file():
        pytest.skip(
            f"HighLevel's published documents are not at {REFERENCE_DIR} (set CRM_MOCK_REFERENCE_DIR to the folder"
            " holding SOURCE.md and apps/)"
        )
    return REFERENCE_DIR


SOURCED = [operation for operation in _ours() if operation.node.value.get("x-source")]


@pytest.mark.parametrize("operation", SOURCED, ids=[operation.operation_id for operation in SOURCED])
def test_the_operation_agrees_with_its_published_document(reference: Path, operation: Operation) -> None:
    problems = _disagreements(operation)
    assert not problems, f"{operation.operation_id} disagrees with {operation.node.value['x-source']}:\n" + "\n".join(
        problems
    )


def test_every_operation_names_its_published_document() -> None:
    unsourced = sorted(operation.operation_id for operation in _ours() if not operation.node.value.get("x-source"))
    assert not unsourced, f"operations without x-source: {unsourced}"


@pytest.mark.parametrize("mistake", sorted(DOCUMENT_MISTAKES), ids="/".join)
def test_each_allowed_document_mistake_is_still_in_the_document(reference: Path, mistake: tuple[str, str, str]) -> None:
    """An entry of DOCUMENT_MISTAKES goes once the document types its field as meant."""
    given = _type(Node(reference / mistake[0], _mistaken_field(*mistake)))
    assert given is not None and not _types_agree(DOCUMENT_MISTAKES[mistake][0], given), (
        f"{'/'.join(mistake)} is now typed {given}: drop it from DOCUMENT_MISTAKES (and its Ledger row)"
    )
