"""Named checks: a field's values checked the way a vendor runs its own ordered list of
checks, each with a name its error words key on (EspoCRM's validationList: "required",
"maxLength", "valid", ...), for `ValueRules(walk="checks")` in core/values.py.

A check is a predicate over `FieldValues`: the field's own value, the record keys that
belong to the field besides it (`FieldRule.linked`, by role: a link's "id", an address
field's list of "items", a money field's "currency"), the whole record as it will be
stored (on update the stored record with the change over it), and the change as the
client sent it.  The field's parameters the checks read are `FieldRule.params`:

    maxLength, min, max   numbers; a check with no parameter set passes
    range                 (lowest, highest): what the vendor's storage column holds
    maxCount              how many "items" at most
    maxItemLength         how long each text of a list may be
    item_key              the key of an "items" entry that holds its value ("emailAddress")
    currencies            the allowed codes of the "currency" (None: any three capitals)

The checks here are the ones any vendor can use; a vendor registers a check only it has
beside them, in its own table.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .value_kinds import Kind, is_iso_date, is_iso_datetime

if TYPE_CHECKING:  # values.py imports this module: the names are for the type checker only
    from .values import FieldRule, ValueRules

__all__ = [
    "FieldValues",
    "NamedCheck",
    "calendar_valid",
    "given_as_list",
    "is_given",
    "items_in_options",
    "items_within_count",
    "items_within_length",
    "known_currency",
    "linked_ids_match",
    "list_of_text",
    "matches_kind_pattern",
    "no_empty_items",
    "within_max",
    "within_max_length",
    "within_min",
    "within_range",
]


@dataclass(frozen=True, slots=True)
class FieldValues:
    """One field's values, as a named check reads them."""

    rules: ValueRules
    rule: FieldRule
    record: Mapping[str, Any]  # the record as it will be stored (ValueRules.prepare applied)
    given: Mapping[str, Any]  # the change as the client sent it

    @property
    def value(self) -> Any:
        return self.record.get(self.rule.key)

    @property
    def given_value(self) -> Any:
        return self.given.get(self.rule.key)

    def has(self, role: str) -> bool:
        """Whether the record holds the field's key of this role at all (null or not)."""
        return role in self.rule.linked and self.rule.linked[role] in self.record

    def linked(self, role: str) -> Any:
        """The value of the record key that plays `role` for this field (None without one)."""
        key = self.rule.linked.get(role)
        return None if key is None else self.record.get(key)

    def items(self) -> list[Mapping[str, Any]]:
        """The field's "items" that are objects (an address field's list of addresses)."""
        given = self.linked("items")
        return [item for item in given if isinstance(item, Mapping)] if isinstance(given, list) else []


# A named check passes (True) or fails; the vendor's words name the failure by its name.
NamedCheck = Callable[[FieldValues], bool]


def _blank(value: Any) -> bool:
    return value is None or value == ""


_TEXT_KINDS = frozenset({Kind.TEXT, Kind.URL, Kind.EMAIL, Kind.PHONE})
_LIST_KINDS = frozenset({Kind.MULTI_OPTION, Kind.FILES})


def is_given(view: FieldValues) -> bool:
    """A required field holds something: a link its id (and a parent link its type too),
    a multiple link some ids, an address field its value or an item with one, a list some
    entry, an amount its currency, a text a non-empty string, anything else a non-null."""
    rule, value = view.rule, view.value
    if "ids" in rule.linked:
        return bool(view.linked("ids"))
    if "id" in rule.linked:
        return not _blank(view.linked("id")) and ("type" not in rule.linked or bool(view.linked("type")))
    if "items" in rule.linked:
        key = rule.params.get("item_key", "value")
        return not _blank(value) or any(item.get(key) for item in view.items())
    if "currency" in rule.linked:
        return value is not None and not _blank(view.linked("currency"))
    if "date" in rule.linked:
        return value is not None or view.linked("date") is not None
    if rule.kind in _LIST_KINDS:
        return isinstance(value, list) and bool(value)
    return not (_blank(value) if rule.kind in _TEXT_KINDS else value is None)


def within_max_length(view: FieldValues) -> bool:
    """Every text of the field (its value and its items' values) is at most `maxLength` long."""
    limit = view.rule.params.get("maxLength")
    if limit is None:
        return True
    texts = [view.value]
    if "items" in view.rule.linked:
        key = view.rule.params.get("item_key", "value")
        texts.extend(item.get(key) for item in view.items())
    return all(not isinstance(text, str) or len(text) <= limit for text in texts)


def _bound(view: FieldValues, name: str, holds: Callable[[Any, Any], bool]) -> bool:
    bound, value = view.rule.params.get(name), view.value
    return not isinstance(value, (int, float)) or bound is None or bool(holds(value, bound))


def within_min(view: FieldValues) -> bool:
    return _bound(view, "min", lambda value, bound: value >= bound)


def within_max(view: FieldValues) -> bool:
    return _bound(view, "max", lambda value, bound: value <= bound)


def within_range(view: FieldValues) -> bool:
    """A whole number fits the vendor's storage column (`range`)."""
    low, high = view.rule.params["range"]
    return not isinstance(view.value, int) or low <= view.value <= high


def items_within_count(view: FieldValues) -> bool:
    items = view.linked("items")
    return not isinstance(items, list) or len(items) <= view.rule.params["maxCount"]


def linked_ids_match(view: FieldValues) -> bool:
    """The ids a link holds look like ids (`FieldRule.pattern`, matched as Python's re does)."""
    pattern = view.rule.pattern
    if "ids" in view.rule.linked:
        ids = view.linked("ids")
        return not ids or (
            isinstance(ids, list) and all(isinstance(one, str) and re.match(pattern, one) for one in ids)
        )
    one = view.linked("id")
    return one is None or re.match(pattern, view.rules.as_text(one)) is not None


def known_currency(view: FieldValues) -> bool:
    """An amount's currency, when the change or the record sets one, is an allowed code
    (`currencies`; None allows any three capital letters)."""
    if not view.has("currency"):
        return True
    code = view.linked("currency")
    if code is None and view.value is None:
        return True
    allowed = view.rule.params.get("currencies")
    if allowed is None:
        return isinstance(code, str) and re.match(r"^[A-Z]{3}$", code) is not None
    return (code is None or isinstance(code, str)) and code in allowed  # a list or an object is no code


def given_as_list(view: FieldValues) -> bool:
    return view.given_value is None or isinstance(view.given_value, list)


def _entries(view: FieldValues) -> list[Any]:
    return view.value if isinstance(view.value, list) else []


def list_of_text(view: FieldValues) -> bool:
    return all(isinstance(item, str) for item in _entries(view))


def items_within_length(view: FieldValues) -> bool:
    limit = view.rule.params["maxItemLength"]
    return all(not isinstance(item, str) or len(item) <= limit for item in _entries(view))


def no_empty_items(view: FieldValues) -> bool:
    """No "" in a list, unless "" is one of the options."""
    return all(item != "" or "" in view.rule.options for item in _entries(view))


def items_in_options(view: FieldValues) -> bool:
    if view.rule.open_options:
        return True
    return all(item in view.rule.options for item in _entries(view))


def matches_kind_pattern(view: FieldValues) -> bool:
    """A value, written as text the vendor's way, matches the vendor's pattern for its kind."""
    value = view.value
    return value is None or re.match(view.rules.patterns[view.rule.kind], view.rules.as_text(value)) is not None


def _calendar(rules: ValueRules, kind: Kind, value: Any) -> bool:
    if value is None:
        return True
    if kind is Kind.DATE:
        return is_iso_date(value)
    pattern = rules.patterns.get(kind)
    written = re.match(pattern, value) is not None if pattern and isinstance(value, str) else is_iso_datetime(value)
    return written and is_iso_date(value[:10])


def calendar_valid(view: FieldValues) -> bool:
    """A date (or a date and time, in the vendor's pattern for it if it has one) names a real
    day; so does the field's separate "date", if it has one."""
    valid = _calendar(view.rules, view.rule.kind, view.value)
    if "date" in view.rule.linked:
        return valid and (view.linked("date") is None or is_iso_date(view.linked("date")))
    return valid
