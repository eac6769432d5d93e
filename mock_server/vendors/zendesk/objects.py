"""Custom objects: list, create, show, update, delete, and the account's limits."""

from __future__ import annotations

import re
from typing import Any

from ...core.vendor import Reply, RequestContext
from .errors import RecordInvalid
from .model import add_object, blank_if_none, delete_object, find_object, object_view, records_of, stamp

__all__ = [
    "OBJECT_LIMIT",
    "RECORD_LIMIT",
    "create_custom_object",
    "custom_object_records_limit",
    "custom_objects_limit",
    "delete_custom_object",
    "list_custom_objects",
    "show_custom_object",
    "update_custom_object",
]

OBJECT_LIMIT = 50  # the vendor's example and its Enterprise plan
RECORD_LIMIT = 1_000_000  # the vendor's example
# FACTS.md 2: letters, digits and underscores, not only digits (said of field keys;
# GUESS for object keys).
KEY_PATTERN = re.compile(r"^(?!\d+$)[A-Za-z0-9_]+$")
EDITABLE = ("title", "title_pluralized", "description", "include_in_list_view", "allows_photos")


def _user(ctx: RequestContext) -> str:
    return str(ctx.principal.attributes["user_id"])


def list_custom_objects(ctx: RequestContext) -> Reply:
    objects = sorted(ctx.state.collection("objects").values(), key=lambda obj: obj["created_at"])
    return Reply(200, {"custom_objects": [object_view(ctx, obj) for obj in objects]})


def _check_titles(given: dict[str, Any], problems: dict[str, list[tuple[str, str]]], creating: bool) -> None:
    for attribute, label in (("title", "Title"), ("title_pluralized", "Title pluralized")):
        if attribute in given or creating:
            value = given.get(attribute)
            if not isinstance(value, str) or not value.strip():
                problems.setdefault(attribute, []).append((f"{label}: cannot be blank", "BlankValue"))


def create_custom_object(ctx: RequestContext) -> Reply:
    given = ctx.body["custom_object"]
    objects = ctx.state.collection("objects")
    problems: dict[str, list[tuple[str, str]]] = {}
    key = given.get("key")
    if not isinstance(key, str) or not key:
        problems["key"] = [("Key: cannot be blank", "BlankValue")]
    elif not KEY_PATTERN.match(key):
        problems["key"] = [
            ("Key: can only contain letters, numbers and underscores, and not only numbers", "InvalidFormat")
        ]
    elif key in objects:
        problems["key"] = [("Key: has already been taken", "DuplicateValue")]
    _check_titles(given, problems, creating=True)
    if not problems and len(objects) >= OBJECT_LIMIT:
        problems["base"] = [(f"Custom objects: the account's limit of {OBJECT_LIMIT} is reached", "LimitExceeded")]
    if problems:
        raise RecordInvalid(problems)
    obj = add_object(ctx.state, given, _user(ctx), stamp(ctx))
    return Reply(201, {"custom_object": object_view(ctx, obj)}, {"Location": object_view(ctx, obj)["url"]})


def show_custom_object(ctx: RequestContext) -> Reply:
    return Reply(200, {"custom_object": object_view(ctx, find_object(ctx, ctx.path["custom_object_key"]))})


def update_custom_object(ctx: RequestContext) -> Reply:
    obj = find_object(ctx, ctx.path["custom_object_key"])
    given = ctx.body["custom_object"]
    problems: dict[str, list[tuple[str, str]]] = {}
    _check_titles(given, problems, creating=False)
    if problems:
        raise RecordInvalid(problems)
    for attribute in EDITABLE:  # the key is writable on create only: a new one is ignored
        if attribute in given:
            value = blank_if_none(given[attribute]) if attribute == "description" else given[attribute]
            obj[attribute] = value
            if attribute in ("title", "title_pluralized", "description"):
                obj[f"raw_{attribute}"] = value
    obj["updated_at"] = stamp(ctx)
    obj["updated_by_user_id"] = _user(ctx)
    ctx.state.collection("objects").touch()
    return Reply(200, {"custom_object": object_view(ctx, obj)})


def delete_custom_object(ctx: RequestContext) -> Reply:
    key = find_object(ctx, ctx.path["custom_object_key"])["key"]
    delete_object(ctx.state, key)
    return Reply(204)


def custom_objects_limit(ctx: RequestContext) -> Reply:
    return Reply(200, {"count": len(ctx.state.collection("objects")), "limit": OBJECT_LIMIT})


def custom_object_records_limit(ctx: RequestContext) -> Reply:
    count = sum(len(records_of(ctx.state, obj["key"])) for obj in ctx.state.collection("objects"))
    return Reply(200, {"count": count, "limit": RECORD_LIMIT})
