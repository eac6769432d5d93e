"""Record search: the `query` string, `filters` groups, `sort`, and the cursor.

Real calls (captures of the web app and of integrations) send filters as nested
groups `{"group": "AND"|"OR", "filters": [...]}` of conditions `{"field":
"properties.name", "operator": "eq", "value": ...}`, with the operators eq,
not_eq, contains, not_contains, exists, not_exists and range ({gt, gte, lt,
lte}); a flat list of conditions is ANDed.  `sort` is `[{"field", "direction"}]`.
Each result carries its cursor, `[sort value, id]`, for `searchAfter`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ...core.paging import Key, Window, keyset_window, numbered_window
from ...core.query import ORDERED, Collation, contains_text, equal, holds, record_key
from ...core.store import Record
from .errors import Unprocessable
from .model import epoch_ms

__all__ = ["Ordering", "compile_filters", "ordering", "rename_fields"]

Predicate = Callable[[Record], bool]
OPERATORS = ("eq", "not_eq", "contains", "not_contains", "exists", "not_exists", "range")
DATE_FIELDS = ("createdAt", "updatedAt")
RECORD_FIELDS = ("id", "owners", "followers", *DATE_FIELDS)
MAX_GROUP_DEPTH = 10
# Results order as a search engine orders a field of mixed values: numbers, then text
# (regardless of case), then the rest (missing, booleans, lists); the id breaks ties.
COLLATION = Collation(fold=str.lower, by_kind=True)


def _field_value(record: Record, field: str) -> Any:
    if field.startswith("properties."):
        value = record["properties"].get(field[len("properties.") :])
        return value.get("value") if isinstance(value, dict) else value
    if field == "owners":
        return record["owner"]
    if field in RECORD_FIELDS:
        return record[field]
    raise Unprocessable([f"{field} is not a field that can be searched"])  # GUESS: wording ours


def _in_range(actual: Any, bounds: Any) -> bool:
    if not isinstance(bounds, dict) or not bounds.keys() <= set(ORDERED) or not bounds:
        raise Unprocessable(["range value must be an object of gt, gte, lt and lte"])
    if isinstance(actual, (list, dict, bool)):
        return False
    return all(holds(name, actual, limit) for name, limit in bounds.items())


def _condition(item: dict[str, Any]) -> Predicate:
    field, operator = item.get("field"), item.get("operator")
    if not isinstance(field, str) or not field:
        raise Unprocessable(["field should not be empty", "field must be a string"])
    if operator not in OPERATORS:
        raise Unprocessable(["Invalid Operator"])  # the wording contacts search answers with
    wanted = item.get("value")
    if operator not in ("exists", "not_exists") and "value" not in item:
        raise Unprocessable(["value should not be empty"])

    def test(record: Record) -> bool:
        actual = _field_value(record, field)
        present = actual is not None and actual != [] and actual != ""
        if operator == "exists":
            return present
        if operator == "not_exists":
            return not present
        if operator == "eq":
            return equal(actual, wanted, str.lower)
        if operator == "not_eq":
            return not equal(actual, wanted, str.lower)
        if operator == "contains":
            return contains_text(actual, wanted, str.lower)
        if operator == "not_contains":
            return not contains_text(actual, wanted, str.lower)
        return _in_range(actual, wanted)

    return test


def _compile(item: Any, depth: int = 1) -> Predicate:
    if not isinstance(item, dict):
        raise Unprocessable(["each value in filters must be an object"])
    if "group" in item:
        if depth > MAX_GROUP_DEPTH:
            # GUESS: the real limit is not documented; deep nesting must not crash the mock.
            raise Unprocessable([f"filters may nest groups at most {MAX_GROUP_DEPTH} deep"])
        group = item["group"]
        if group not in ("AND", "OR"):
            raise Unprocessable(["group must be one of the following values: AND, OR"])
        parts = [_compile(child, depth + 1) for child in item.get("filters") or []]
        if group == "AND":
            return lambda record: all(part(record) for part in parts)
        return lambda record: any(part(record) for part in parts)
    return _condition(item)


def rename_fields(items: list[Any], rename: Callable[[Any], str]) -> list[Any]:
    """Filters or sort rules with each `field` named as this module reads records
    (`properties.<name>`, createdAt, ...), for a resource searched through a record view."""
    renamed: list[Any] = []
    for item in items:
        if isinstance(item, dict) and "group" in item:
            renamed.append({**item, "filters": rename_fields(item.get("filters") or [], rename)})
        elif isinstance(item, dict) and "field" in item:
            renamed.append({**item, "field": rename(item["field"])})
        else:
            renamed.append(item)
    return renamed


def compile_filters(filters: list[Any]) -> Predicate:
    """One predicate for the whole `filters` list (its items ANDed)."""
    parts = [_compile(item) for item in filters]
    return lambda record: all(part(record) for part in parts)


def _sort_value(record: Record, field: str) -> Any:
    return epoch_ms(record[field]) if field in DATE_FIELDS else _field_value(record, field)


class Ordering:
    """How results are ordered, and the cursor each result carries."""

    def __init__(self, field: str, descending: bool) -> None:
        self.field = field
        self.descending = descending

    def key(self, record: Record) -> Key:
        return record_key([_sort_value(record, self.field)], record["id"], COLLATION)

    def cursor(self, record: Record) -> list[Any]:
        rank, value = COLLATION.key(_sort_value(record, self.field))
        return [value if rank < 2 else None, record["id"]]

    def mark(self, cursor: list[Any]) -> Key:
        """The sort key a previous result's cursor, `[value, id]`, stands for."""
        shape = "epoch milliseconds" if self.field in DATE_FIELDS else "sort value"
        refused = Unprocessable([f"searchAfter must be [{shape}, record id]"])
        if len(cursor) != 2:
            raise refused
        value, record_id = cursor
        if self.field in DATE_FIELDS:
            try:
                value = int(float(value))
            except (TypeError, ValueError, OverflowError):
                raise refused from None
        elif value is not None and (isinstance(value, bool) or not isinstance(value, (int, float))):
            value = str(value)  # anything but a number is taken as text
        return record_key([value], str(record_id), COLLATION)

    def page(self, matches: list[Record], size: int, after: list[Any], number: Any) -> Window[Record]:
        """The page of `matches` (sorted by this ordering) after the result whose cursor
        is `after`, or else page `number` (the first is 1; missing or 0 is the first)."""
        if after:
            keys = [self.key(record) for record in matches]
            ascending_keys = keys[::-1] if self.descending else keys
            return keyset_window(matches, ascending_keys, size, after=self.mark(after), descending=self.descending)
        return numbered_window(matches, max(int(number or 1), 1), size)


def ordering(sort: list[Any] | None) -> Ordering:
    """The first sort rule (default: oldest first), as the cursor can only carry one value."""
    if not sort:
        return Ordering("createdAt", descending=False)
    rule = sort[0]
    if not isinstance(rule, dict) or not isinstance(rule.get("field"), str):
        raise Unprocessable(["each value in sort must be an object with field and direction"])
    direction = str(rule.get("direction", "asc")).lower()
    if direction not in ("asc", "desc"):
        raise Unprocessable(["direction must be one of the following values: asc, desc"])
    field = rule["field"]
    if not (field.startswith("properties.") or field in RECORD_FIELDS):
        raise Unprocessable([f"{field} is not a field that can be sorted on"])
    return Ordering(field, descending=direction == "desc")
