"""Record search: `query` (word-prefix match), filtered search ($and / $or of
comparisons) and autocomplete on names.  All three answer a counted cursor page."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from ...core.query import contains_text, holds
from ...core.store import Record
from ...core.vendor import Reply, RequestContext
from .errors import BadRequest
from .model import custom_fields, find_object, records_of
from .records import page_reply

__all__ = [
    "OPERATORS",
    "autocomplete_custom_object_record_search",
    "filtered_search_custom_object_records",
    "search_custom_object_records",
]

_WORD = re.compile(r"\w+", re.UNICODE)
SEARCHED_TYPES = ("text", "textarea", "regexp")
SEARCH_SORTS = ("name", "created_at", "updated_at")
MAX_DEPTH = 10

# Comparison operators per kind of attribute, as Zendesk's guide to searching custom
# object records lists them (docs/vendors/zendesk.md cites it).  Anything else is a 400.
_TEXT = ("$eq", "$noteq", "$contains", "$notcontains", "$exists")
_DATE = ("$eq", "$noteq", "$gt", "$gte", "$lt", "$lte", "$exists")
_NUMBER = (*_DATE, "$in", "$notin")
OPERATORS: dict[str, tuple[str, ...]] = {
    "text": _TEXT,
    "textarea": _TEXT,
    "dropdown": _TEXT,
    "regexp": _TEXT,  # not in the guide's table: a regexp field holds text (a guess)
    "multiselect": (*_TEXT, "$in", "$notin"),
    "checkbox": ("$eq",),
    "date": _DATE,
    "integer": _NUMBER,
    "decimal": _NUMBER,
    "lookup": ("$eq", "$noteq", "$exists"),
    # standard attributes
    "name": ("$contains",),
    "external_id": ("$eq",),
    "timestamp": ("$gt",),
    "user": ("$eq",),
}
STANDARD_ATTRIBUTES = {
    "name": ("name", "name"),
    "external_id": ("external_id", "external_id"),
    "created_at": ("created_at", "timestamp"),
    "updated_at": ("updated_at", "timestamp"),
    "created_by_user": ("created_by_user_id", "user"),
    "updated_by_user": ("updated_by_user_id", "user"),
}
Matcher = Callable[[Record], bool]


def _words(record: Record, fields: list[Record]) -> list[str]:
    texts = [record["name"], record["external_id"] or ""]
    values = record["custom_object_fields"]
    texts.extend(
        str(values[field["key"]]) for field in fields if field["type"] in SEARCHED_TYPES and field["key"] in values
    )
    return [word.casefold() for text in texts for word in _WORD.findall(text)]


def _score(words: list[str], terms: list[str]) -> int:
    """How many of the query's terms begin a word of the record."""
    return sum(1 for term in terms if any(word.startswith(term) for word in words))


def _search(ctx: RequestContext, matcher: Matcher | None, path: str) -> Reply:
    object_key = str(find_object(ctx, ctx.path["custom_object_key"])["key"])
    fields = custom_fields(ctx.state, object_key)
    terms = [term.casefold() for term in _WORD.findall(ctx.query.get("query") or "")]
    scored: list[tuple[int, Record]] = []
    for record in records_of(ctx.state, object_key):
        if matcher is not None and not matcher(record):
            continue
        score = _score(_words(record, fields), terms) if terms else 0
        if terms and not score:
            continue
        scored.append((score, record))
    sort = ctx.query.get("sort")
    scores = {record["id"]: score for score, record in scored}
    records = [record for _, record in scored]
    if sort:
        attribute = sort.lstrip("-")

        def sort_key(record: Record) -> tuple[Any, ...]:
            return (record[attribute].casefold() if attribute == "name" else record[attribute], record["id"])

        descending = sort.startswith("-")
    else:  # relevance: most matching terms first
        sort, descending = "relevance", False

        def sort_key(record: Record) -> tuple[Any, ...]:
            return (-scores[record["id"]], record["id"])

    records.sort(key=sort_key, reverse=descending)
    return page_reply(
        ctx, object_key, records, sort, sort_key, path.format(key=object_key), descending=descending, counted=True
    )


def search_custom_object_records(ctx: RequestContext) -> Reply:
    return _search(ctx, None, "custom_objects/{key}/records/search")


def filtered_search_custom_object_records(ctx: RequestContext) -> Reply:
    object_key = str(find_object(ctx, ctx.path["custom_object_key"])["key"])
    fields = {field["key"]: field for field in custom_fields(ctx.state, object_key)}
    condition = (ctx.body or {}).get("filter")
    matcher = None if condition is None else _compile(condition, fields, 0)
    return _search(ctx, matcher, "custom_objects/{key}/records/search")


def autocomplete_custom_object_record_search(ctx: RequestContext) -> Reply:
    object_key = str(find_object(ctx, ctx.path["custom_object_key"])["key"])
    prefix = (ctx.query.get("name") or "").casefold()

    def by_name(record: Record) -> bool:
        return (
            not prefix
            or any(word.casefold().startswith(prefix) for word in _WORD.findall(record["name"]))
            or (record["name"].casefold().startswith(prefix))
        )

    records = [record for record in records_of(ctx.state, object_key) if by_name(record)]

    def sort_key(record: Record) -> tuple[Any, ...]:
        return (record["name"].casefold(), record["id"])

    records.sort(key=sort_key)
    path = f"custom_objects/{object_key}/records/autocomplete"
    return page_reply(ctx, object_key, records, "autocomplete", sort_key, path, counted=True)


# -- filters --------------------------------------------------------------------------


def _compile(condition: Any, fields: dict[str, Record], depth: int) -> Matcher:
    if depth > MAX_DEPTH:
        raise BadRequest(f"filter: nested more than {MAX_DEPTH} levels")
    if not isinstance(condition, dict) or not condition:
        raise BadRequest("filter: must be an object of comparisons, $and or $or")
    parts: list[Matcher] = []
    for name, value in condition.items():
        if name in ("$and", "$or"):
            if not isinstance(value, list) or not value:
                raise BadRequest(f"filter: {name} must be a non-empty array")
            children = [_compile(child, fields, depth + 1) for child in value]
            parts.append(_all(children) if name == "$and" else _any(children))
        else:
            parts.append(_comparison(name, value, fields))
    return _all(parts)


def _all(parts: list[Matcher]) -> Matcher:
    return lambda record: all(part(record) for part in parts)


def _any(parts: list[Matcher]) -> Matcher:
    return lambda record: any(part(record) for part in parts)


def _comparison(attribute: str, comparison: Any, fields: dict[str, Record]) -> Matcher:
    if attribute.startswith("custom_object_fields."):
        key = attribute.removeprefix("custom_object_fields.")
        field = fields.get(key)
        if field is None:
            raise BadRequest(f"filter: {attribute} is not a field of this object")
        kind = field["type"]

        def read(record: Record) -> Any:
            return record["custom_object_fields"].get(key)

    elif attribute in STANDARD_ATTRIBUTES:
        stored, kind = STANDARD_ATTRIBUTES[attribute]

        def read(record: Record) -> Any:
            return record[stored]

    else:
        raise BadRequest(f"filter: {attribute} cannot be filtered on")
    if not isinstance(comparison, dict) or len(comparison) != 1:
        raise BadRequest(f"filter: {attribute} needs exactly one operator")
    [(operator, operand)] = comparison.items()
    if operator not in OPERATORS[kind]:
        raise BadRequest(f"filter: {operator} is not supported for {attribute}")
    test = _test(operator, operand, kind, attribute)
    return lambda record: test(read(record))


def _normal(value: Any, kind: str) -> Any:
    """Values compared as the field stores them (text case-insensitively, numbers as numbers)."""
    if value is None:
        return None
    if kind in ("integer", "decimal"):
        try:
            return float(value)
        except (TypeError, ValueError):
            return None
    if kind == "checkbox":
        return value if isinstance(value, bool) else str(value).lower() == "true"
    if kind in ("lookup", "user"):
        return str(value)
    return str(value).casefold() if kind not in ("date", "timestamp") else str(value)


def _test(operator: str, operand: Any, kind: str, attribute: str) -> Callable[[Any], bool]:
    if operator == "$exists":
        if not isinstance(operand, bool):
            raise BadRequest(f"filter: $exists for {attribute} takes true or false")
        return lambda value: (value is not None and value != []) is operand
    if operator in ("$in", "$notin"):
        if not isinstance(operand, list):
            raise BadRequest(f"filter: {operator} for {attribute} takes an array")
        wanted = {_normal(item, kind) for item in operand}
        inside = operator == "$in"
        if kind == "multiselect":  # any of the record's options among those asked for
            return lambda value: any(_normal(item, kind) in wanted for item in value or []) is inside
        return lambda value: (_normal(value, kind) in wanted) is inside
    if isinstance(operand, (dict, list)) or operand is None:
        raise BadRequest(f"filter: {operator} for {attribute} takes a single value")
    target = _normal(operand, kind)
    if kind == "multiselect":
        # A guess: one option compared with the record's chosen options, "has it" or not.
        wanted_option = str(operand).casefold()
        has = operator in ("$eq", "$contains")
        return lambda value: (wanted_option in [str(item).casefold() for item in value or []]) is has
    if operator == "$eq":
        return lambda value: _normal(value, kind) == target
    if operator == "$noteq":
        return lambda value: _normal(value, kind) != target
    if operator == "$contains":
        return lambda value: contains_text(value, target)
    if operator == "$notcontains":
        return lambda value: not contains_text(value, target)
    if target is None:
        raise BadRequest(f"filter: {operator} for {attribute} takes a number or a date")
    ordered = operator.removeprefix("$")  # $gt, $gte, $lt, $lte: core's gt, gte, lt, lte
    return lambda value: holds(ordered, _normal(value, kind), target)
