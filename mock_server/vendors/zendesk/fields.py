"""Custom object fields: list, create, show, update, delete, reorder, and the field limit.

The two standard fields (standard::name, standard::external_id) exist in every
object; only their title, description and (name only) properties change, and
they are never deleted.  The name's properties switch autonumbering or
uniqueness (never both) and are fixed once the object has records.
"""

from __future__ import annotations

import re
from typing import Any

from ...core.patterns import MAX_PATTERN_LENGTH, PatternError, compile_regex
from ...core.store import Record
from ...core.vendor import Reply, RequestContext
from .errors import RecordInvalid
from .model import (
    FIELD_TYPES,
    STANDARD_FIELD_KEYS,
    add_field,
    blank_if_none,
    custom_fields,
    field_view,
    find_field,
    find_object,
    object_fields,
    option_record,
    records_of,
    stamp,
)

__all__ = [
    "FIELD_LIMIT",
    "create_custom_object_field",
    "custom_object_fields_limit",
    "delete_custom_object_field",
    "list_custom_object_fields",
    "reorder_custom_object_fields",
    "show_custom_object_field",
    "update_custom_object_field",
]

FIELD_LIMIT = 100  # FACTS.md 3: custom fields per object (standard ones not counted)
LOOKUP_LIMIT = 10  # FACTS.md 3: lookup fields per object on the larger plans
OPTION_LIMIT = 2000
KEY_PATTERN = re.compile(r"^(?!\d+$)[A-Za-z0-9_]+$")
TARGET_PATTERN = re.compile(r"^zen:(user|organization|ticket|custom_object:[A-Za-z0-9_]+)$")
Problems = dict[str, list[tuple[str, str]]]


def list_custom_object_fields(ctx: RequestContext) -> Reply:
    key = find_object(ctx, ctx.path["custom_object_key"])["key"]
    fields = (
        object_fields(ctx.state, key) if ctx.query.get("include_standard_fields") else custom_fields(ctx.state, key)
    )
    return Reply(200, {"custom_object_fields": [field_view(ctx, field) for field in fields]})


def show_custom_object_field(ctx: RequestContext) -> Reply:
    field = find_field(
        ctx, find_object(ctx, ctx.path["custom_object_key"])["key"], ctx.path["custom_object_field_key_or_id"]
    )
    return Reply(200, {"custom_object_field": field_view(ctx, field)})


def custom_object_fields_limit(ctx: RequestContext) -> Reply:
    key = find_object(ctx, ctx.path["custom_object_key"])["key"]
    return Reply(200, {"count": len(custom_fields(ctx.state, key)), "limit": FIELD_LIMIT})


def _problem(problems: Problems, attribute: str, description: str, code: str = "InvalidValue") -> None:
    problems.setdefault(attribute, []).append((description, code))


def _check_options(given: Any, problems: Problems) -> None:
    if not isinstance(given, list) or not given:
        _problem(problems, "custom_field_options", "Field options: at least one option is required", "BlankValue")
        return
    if len(given) > OPTION_LIMIT:
        _problem(problems, "custom_field_options", f"Field options: at most {OPTION_LIMIT} options", "TooLong")
        return
    values = []
    for option in given:
        if not isinstance(option, dict) or not all(
            isinstance(option.get(part), str) and option[part].strip() for part in ("name", "value")
        ):
            _problem(
                problems, "custom_field_options", "Field options: each option needs a name and a value", "BlankValue"
            )
            return
        values.append(option["value"])
    if len(set(values)) != len(values):
        _problem(problems, "custom_field_options", "Field options: values must be unique", "DuplicateValue")


def _check_regexp(pattern: Any, problems: Problems) -> None:
    if not isinstance(pattern, str) or not pattern:
        _problem(problems, "regexp_for_validation", "Regular expression: cannot be blank", "BlankValue")
        return
    if len(pattern) > MAX_PATTERN_LENGTH:
        _problem(
            problems,
            "regexp_for_validation",
            f"Regular expression: is too long (maximum is {MAX_PATTERN_LENGTH} characters)",
            "TooLong",
        )
        return
    try:
        compile_regex(pattern)
    except PatternError:
        # GUESS: Zendesk (Ruby) takes backreferences and lookaround; RE2, which keeps
        # matching linear, does not, so such a pattern is refused here at create.
        _problem(problems, "regexp_for_validation", "Regular expression: is invalid", "InvalidFormat")


def _check_target(ctx: RequestContext, target: Any, problems: Problems) -> None:
    if not isinstance(target, str) or not TARGET_PATTERN.match(target):
        _problem(
            problems,
            "relationship_target_type",
            "Relationship target type: must be zen:user, zen:organization, zen:ticket or zen:custom_object:KEY",
        )
    elif target.startswith("zen:custom_object:") and target.removeprefix(
        "zen:custom_object:"
    ) not in ctx.state.collection("objects"):
        _problem(problems, "relationship_target_type", "Relationship target type: the custom object does not exist")


def create_custom_object_field(ctx: RequestContext) -> Reply:
    object_key = find_object(ctx, ctx.path["custom_object_key"])["key"]
    given = ctx.body["custom_object_field"]
    problems: Problems = {}
    key, kind, title = given.get("key"), given.get("type") or "text", given.get("title")
    existing = custom_fields(ctx.state, object_key)
    if not isinstance(key, str) or not key:
        _problem(problems, "key", "Key: cannot be blank", "BlankValue")
    elif key in STANDARD_FIELD_KEYS or not KEY_PATTERN.match(key):
        _problem(
            problems,
            "key",
            "Key: can only contain letters, numbers and underscores, and not only numbers",
            "InvalidFormat",
        )
    elif any(field["key"] == key for field in existing):
        _problem(problems, "key", "Key: has already been taken", "DuplicateValue")
    if not isinstance(title, str) or not title.strip():
        _problem(problems, "title", "Title: cannot be blank", "BlankValue")
    if kind not in FIELD_TYPES:
        _problem(problems, "type", f"Type: must be one of {', '.join(FIELD_TYPES)}")
    elif kind in ("dropdown", "multiselect"):
        _check_options(given.get("custom_field_options"), problems)
    elif kind == "regexp":
        _check_regexp(given.get("regexp_for_validation"), problems)
    elif kind == "lookup":
        _check_target(ctx, given.get("relationship_target_type"), problems)
        if sum(field["type"] == "lookup" for field in existing) >= LOOKUP_LIMIT:
            _problem(problems, "base", f"Fields: at most {LOOKUP_LIMIT} lookup fields per object", "LimitExceeded")
    if not problems and len(existing) >= FIELD_LIMIT:
        _problem(
            problems, "base", f"Fields: the object's limit of {FIELD_LIMIT} custom fields is reached", "LimitExceeded"
        )
    if problems:
        raise RecordInvalid(problems)
    definition = {name: value for name, value in given.items() if name != "properties"}
    field = add_field(ctx.state, object_key, {**definition, "type": kind}, stamp(ctx))
    return Reply(201, {"custom_object_field": field_view(ctx, field)})


def _check_properties(ctx: RequestContext, field: Record, given: Any, problems: Problems) -> dict[str, Any] | None:
    if field["key"] != "standard::name":
        _problem(problems, "properties", "Properties: only the name field has properties")
        return None
    if not isinstance(given, dict):
        _problem(problems, "properties", "Properties: must be an object")
        return None
    current = field["properties"]
    merged = {**current, **given}
    if merged != current and len(records_of(ctx.state, field["object_key"])):
        _problem(problems, "properties", "Properties: can't be changed once the object has records", "NotAllowed")
        return None
    if merged.get("autoincrement_enabled") and merged.get("is_unique"):
        _problem(
            problems, "properties", "Properties: autonumbering and uniqueness can't be used together", "NotAllowed"
        )
    prefix = merged.get("autoincrement_prefix")
    if not isinstance(prefix, str) or len(prefix) > 30:
        _problem(problems, "properties", "Autoincrement prefix: can't exceed 30 characters", "TooLong")
    padding = merged.get("autoincrement_padding")
    if not isinstance(padding, int) or isinstance(padding, bool) or not 0 <= padding <= 9:
        _problem(problems, "properties", "Autoincrement padding: must be between 0 and 9")
    sequence = merged.get("autoincrement_next_sequence")
    if (
        not isinstance(sequence, int)
        or isinstance(sequence, bool)
        or sequence < 0
        or sequence < current["autoincrement_next_sequence"]
    ):
        _problem(
            problems, "properties", "Autoincrement next sequence: can't be negative or less than the current value"
        )
    for flag in ("autoincrement_enabled", "is_unique"):
        if not isinstance(merged.get(flag), bool):
            _problem(problems, "properties", f"{flag}: must be true or false")
    return merged


def update_custom_object_field(ctx: RequestContext) -> Reply:
    object_key = find_object(ctx, ctx.path["custom_object_key"])["key"]
    field = find_field(ctx, object_key, ctx.path["custom_object_field_key_or_id"])
    given = ctx.body["custom_object_field"]
    problems: Problems = {}
    standard = field["key"] in STANDARD_FIELD_KEYS
    if "title" in given and (not isinstance(given["title"], str) or not given["title"].strip()):
        _problem(problems, "title", "Title: cannot be blank", "BlankValue")
    for fixed in ("key", "type"):
        if fixed in given and given[fixed] != field[fixed]:
            _problem(problems, fixed, f"{fixed.capitalize()}: can't be changed", "NotAllowed")
    if standard:
        for attribute in sorted(set(given) - {"title", "description", "properties", "key", "type"}):
            _problem(problems, attribute, f"{attribute}: can't be changed on a standard field", "NotAllowed")
    properties = _check_properties(ctx, field, given["properties"], problems) if "properties" in given else None
    if not standard:
        if "custom_field_options" in given and field["type"] in ("dropdown", "multiselect"):
            _check_options(given["custom_field_options"], problems)
        if "regexp_for_validation" in given and field["type"] == "regexp":
            _check_regexp(given["regexp_for_validation"], problems)
    if problems:
        raise RecordInvalid(problems)
    if "title" in given:
        field["title"] = field["raw_title"] = given["title"]
    if "description" in given:
        field["description"] = field["raw_description"] = blank_if_none(given["description"])
    if properties is not None:
        field["properties"] = properties
    if not standard:
        for attribute in ("active", "position", "tag", "relationship_filter"):
            if attribute in given:
                field[attribute] = given[attribute]
        if "regexp_for_validation" in given and field["type"] == "regexp":
            field["regexp_for_validation"] = given["regexp_for_validation"]
        if "custom_field_options" in given and field["type"] in ("dropdown", "multiselect"):
            field["custom_field_options"] = [
                option_record(ctx.state, option, index) for index, option in enumerate(given["custom_field_options"])
            ]
    field["updated_at"] = stamp(ctx)
    ctx.state.collection("fields").touch()
    return Reply(200, {"custom_object_field": field_view(ctx, field)})


def delete_custom_object_field(ctx: RequestContext) -> Reply:
    object_key = find_object(ctx, ctx.path["custom_object_key"])["key"]
    field = find_field(ctx, object_key, ctx.path["custom_object_field_key_or_id"])
    if field["key"] in STANDARD_FIELD_KEYS:
        raise RecordInvalid({"base": [("Standard fields can't be deleted", "NotAllowed")]})
    ctx.state.collection("fields").delete(str(field["id"]))
    records = records_of(ctx.state, object_key)
    for record in records:
        record["custom_object_fields"].pop(field["key"], None)
    records.touch()
    return Reply(204)


def reorder_custom_object_fields(ctx: RequestContext) -> Reply:
    object_key = find_object(ctx, ctx.path["custom_object_key"])["key"]
    fields = custom_fields(ctx.state, object_key)
    by_id = {str(field["id"]): field for field in fields}
    order = [str(field_id) for field_id in ctx.body["custom_object_field_ids"]]
    unknown = [field_id for field_id in order if field_id not in by_id]
    if unknown or len(set(order)) != len(order):
        raise RecordInvalid(
            {
                "custom_object_field_ids": [
                    ("Field ids: must be ids of this object's custom fields, each once", "InvalidValue")
                ]
            }
        )
    # Named fields go first in the order given; the rest keep their order after them.
    ordered = [by_id[field_id] for field_id in order] + [field for field in fields if str(field["id"]) not in order]
    first = len(STANDARD_FIELD_KEYS)
    for position, field in enumerate(ordered, start=first):
        field["position"] = position
    ctx.state.collection("fields").touch()
    return Reply(200)
