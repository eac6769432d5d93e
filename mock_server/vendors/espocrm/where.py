"""The `where` of a list request: PHP-style query parameters or JSON, compiled to a
test on records.  Types, values and refusals follow Select/Where in EspoCRM
(FACTS.md 3 and 5); date-relative types use the mock's clock.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Callable
from decimal import Decimal, InvalidOperation
from typing import Any

from ...core.patterns import Pattern, PatternError, compile_like
from ...core.query import ORDERED, compare
from ...core.store import Record
from ...core.vendor import RequestContext
from .errors import BadRequest, EspoError, ServerError
from .metadata import EntityDef, LinkDef
from .model import display_name, linked_ids, metadata, records, today

__all__ = ["Matcher", "compile_where", "parse_php_query"]

Matcher = Callable[[Record], bool]
# Where items nested deeper than this (and/or in and/or..., or a link hop) are refused
# with "Bad where item." (GUESS: EspoCRM sets no limit of its own; a query string cannot
# nest them past 32 anyway, see PHP_MAX_INPUT_NESTING, and evaluation recurses per level).
MAX_DEPTH = 64
# PHP's max_input_nesting_level (default 64): a query variable with more brackets than
# this is dropped, and with it everything read so far under the same name (main/php_variables.c).
PHP_MAX_INPUT_NESTING = 64
_PART = re.compile(r"\[([^\]]*)\]")

NO_ATTRIBUTE_TYPES = frozenset({"and", "or", "any", "none", "not", "subQueryIn", "subQueryNotIn", "expression"})
DATE_TYPES = frozenset(
    {
        "today", "past", "future", "lastSevenDays", "lastXDays", "nextXDays", "olderThanXDays", "afterXDays",
        "currentMonth", "lastMonth", "nextMonth", "currentQuarter", "lastQuarter", "currentYear", "lastYear",
        "currentFiscalYear", "lastFiscalYear", "currentFiscalQuarter", "lastFiscalQuarter",
    }
)  # fmt: skip
# The ordered comparisons, by core's names for them.
COMPARISONS = {
    "greaterThan": "gt", "after": "gt", "lessThan": "lt", "before": "lt",
    "greaterThanOrEquals": "gte", "lessThanOrEquals": "lte",
}  # fmt: skip
COLUMN_TYPES = frozenset(
    {"columnLike", "columnIn", "columnNotIn", "columnIsNull", "columnIsNotNull", "columnEquals", "columnNotEquals"}
)


# -- PHP query syntax ---------------------------------------------------------------------


def parse_php_query(pairs: list[tuple[str, str]]) -> dict[str, Any]:
    """`where[0][value][]=a` as PHP reads it: nested maps, `[]` appending, then maps
    whose keys are 0..n turned into lists."""
    root: dict[str, Any] = {}
    for key, value in pairs:
        base, _, rest = key.partition("[")
        parts = [base] + (_PART.findall("[" + rest) if rest else [])
        if len(parts) - 1 > PHP_MAX_INPUT_NESTING:
            root.pop(base, None)  # as PHP does: the variable is gone, not cut short
            continue
        node: Any = root
        for index, part in enumerate(parts):
            last = index == len(parts) - 1
            if part == "":
                part = str(len(node))
            if not isinstance(node, dict):
                break
            if last:
                node[part] = value
            else:
                child = node.get(part)
                if not isinstance(child, dict):
                    child = node[part] = {}
                node = child
    return _listify(root)  # type: ignore[no-any-return]


def _listify(node: Any) -> Any:
    if isinstance(node, dict):
        converted = {key: _listify(value) for key, value in node.items()}
        if converted and all(key.isdigit() for key in converted):
            return [converted[key] for key in sorted(converted, key=int)]
        return converted
    return node


# -- values ---------------------------------------------------------------------------------


def _decimal(value: Any) -> Decimal | None:
    if isinstance(value, bool) or value is None:
        return None
    try:
        return Decimal(str(value))
    except InvalidOperation:
        return None


def _equal(left: Any, right: Any) -> bool:
    if left is None:
        return False
    if isinstance(left, bool):
        return left == (right in (True, "true", "1", 1))
    if isinstance(left, str):  # text compares as MySQL's collation does, without a numeric detour
        return left.casefold() == str(right).casefold()
    a, b = _decimal(left), _decimal(right)
    if a is not None and b is not None and not isinstance(left, str):
        return a == b
    return str(left).casefold() == str(right).casefold()


def _compare(left: Any, right: Any) -> int | None:
    """As MySQL compares a column with a value: a text column as text, numbers as
    numbers, anything else as text."""
    if left is None or right is None:
        return None
    if isinstance(left, str):
        return compare(left, str(right))
    a, b = _decimal(left), _decimal(right)
    if a is not None and b is not None:
        return compare(a, b)
    return compare(str(left), str(right))


def _like(pattern: str, reason: str = "Bad where item.") -> Pattern:
    """SQL LIKE (case-insensitive, as MySQL's default collation) as a linear-time matcher;
    a pattern over MAX_PATTERN_LENGTH is refused with a 400 giving `reason` (GUESS)."""
    try:
        return compile_like(pattern)
    except PatternError:
        raise BadRequest(reason) from None


def _as_date(value: Any) -> dt.date | None:
    if not isinstance(value, str) or len(value) < 10:
        return None
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        return None


def _quarter_start(day: dt.date) -> dt.date:
    return dt.date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)


def _add_months(day: dt.date, months: int) -> dt.date:
    month = day.month - 1 + months
    year = day.year + month // 12
    month = month % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _date_range(kind: str, value: Any, now: dt.date) -> tuple[dt.date | None, dt.date | None]:
    """Inclusive (first, last) day a date-relative type accepts; None is open."""
    one = dt.timedelta(days=1)
    days = int(_decimal(value) or 0) if kind in ("lastXDays", "nextXDays", "olderThanXDays", "afterXDays") else 0
    month = dt.date(now.year, now.month, 1)
    quarter = _quarter_start(now)
    ranges: dict[str, tuple[dt.date | None, dt.date | None]] = {
        "today": (now, now),
        "past": (None, now - one),
        "future": (now + one, None),
        "lastSevenDays": (now - 7 * one, now),
        "lastXDays": (now - days * one, now),
        "nextXDays": (now, now + days * one),
        "olderThanXDays": (None, now - (days + 1) * one),
        "afterXDays": (now + (days + 1) * one, None),
        "currentMonth": (month, _add_months(month, 1) - one),
        "lastMonth": (_add_months(month, -1), month - one),
        "nextMonth": (_add_months(month, 1), _add_months(month, 2) - one),
        "currentQuarter": (quarter, _add_months(quarter, 3) - one),
        "lastQuarter": (_add_months(quarter, -3), quarter - one),
        "currentYear": (dt.date(now.year, 1, 1), dt.date(now.year, 12, 31)),
        "lastYear": (dt.date(now.year - 1, 1, 1), dt.date(now.year - 1, 12, 31)),
    }
    # The fiscal year starts in January unless configured otherwise.
    ranges["currentFiscalYear"], ranges["lastFiscalYear"] = ranges["currentYear"], ranges["lastYear"]
    ranges["currentFiscalQuarter"], ranges["lastFiscalQuarter"] = ranges["currentQuarter"], ranges["lastQuarter"]
    return ranges[kind]


# -- compiling -------------------------------------------------------------------------------


class _Compiler:
    def __init__(self, ctx: RequestContext, entity: EntityDef) -> None:
        self.ctx = ctx
        self.entity = entity
        self.meta = metadata(ctx)
        self.today = today(ctx)

    def items(self, raw: Any, entity: EntityDef, depth: int) -> Matcher:
        if depth > MAX_DEPTH:
            raise BadRequest("Bad where item.")
        if isinstance(raw, dict):
            raw = list(raw.values())
        if not isinstance(raw, list):
            return lambda record: True
        tests = [self.item(item, entity, depth) for item in raw]
        return lambda record: all(test(record) for test in tests)

    def item(self, item: Any, entity: EntityDef, depth: int) -> Matcher:
        if depth > MAX_DEPTH or not isinstance(item, dict):
            raise BadRequest("Bad where item.")
        kind = item.get("type")
        if not isinstance(kind, str) or not kind:
            raise ServerError()  # FACTS.md 3: the real server fails before its own check
        value = item.get("value")
        if kind in ("and", "or"):
            children = value if isinstance(value, list) else list(value.values()) if isinstance(value, dict) else []
            tests = [self.item(child, entity, depth + 1) for child in children]
            if kind == "and":
                return lambda record: all(test(record) for test in tests)
            return lambda record: any(test(record) for test in tests)
        if kind in ("not", "subQueryIn", "subQueryNotIn"):
            raise BadRequest("Sub-queries are forbidden in where.")
        if kind == "expression":
            raise BadRequest("Complex expressions are forbidden in where.")
        if kind == "any":
            return lambda record: True
        if kind == "none":
            return lambda record: False
        attribute = item.get("attribute")
        if not isinstance(attribute, str) or not attribute:
            raise BadRequest("Bad where item. No 'attribute'.")
        if kind in COLUMN_TYPES:
            raise BadRequest(f"Bad where item '{kind}'.")  # GUESS: only meaningful inside a relation
        if kind in ("linkedWith", "notLinkedWith", "linkedWithAll", "isLinked", "isNotLinked"):
            return self.linked(kind, attribute, value, entity)
        if "." in attribute:
            return self.through_link(kind, attribute, value, item, entity, depth)
        if not entity.has_attribute(attribute):
            raise BadRequest(f"Not existing attribute '{attribute}' in where.")
        test = self.test(kind, value)
        read = self.reader(entity, attribute)
        return lambda record: test(read(record))

    def reader(self, entity: EntityDef, attribute: str) -> Callable[[Record], Any]:
        field = entity.attribute_field(attribute)
        state, meta = self.ctx.state, self.meta
        if field is not None and field.type == "personName" and attribute == field.name:
            return lambda record: display_name(entity, record)
        if field is not None and attribute.endswith("Name") and field.type in ("link", "linkParent"):
            link = entity.links.get(field.name)

            def name_of(record: Record) -> Any:
                target = (
                    record.get(f"{field.name}Type") if field.type == "linkParent" else (link.entity if link else None)
                )
                other = records(state, target).get(str(record.get(f"{field.name}Id"))) if target else None
                return display_name(meta.get(target or ""), other)

            return name_of
        if field is not None and attribute.endswith("Ids") and field.type == "linkMultiple":
            link = entity.links.get(field.name)
            return lambda record: linked_ids(state, meta, entity, record, link) if link else []
        return lambda record: record.get(attribute)

    def test(self, kind: str, value: Any) -> Callable[[Any], bool]:
        if kind in ("equals", "on"):
            return lambda actual: _equal(actual, value)
        if kind in ("notEquals", "notOn"):
            return lambda actual: actual is not None and not _equal(actual, value)
        if kind in ("like", "notLike", "contains", "notContains", "startsWith", "endsWith"):
            text = "" if value is None else str(value)
            pattern = _like(
                {
                    "contains": f"%{text}%",
                    "notContains": f"%{text}%",
                    "startsWith": f"{text}%",
                    "endsWith": f"%{text}",
                }.get(kind, text)
            )
            negative = kind in ("notLike", "notContains")
            return lambda actual: actual is not None and (pattern.search(str(actual)) is not None) != negative
        if kind in ("in", "notIn"):
            if not isinstance(value, list):
                raise BadRequest(f"Bad where item '{kind}'.")
            inside = kind == "in"
            return lambda actual: actual is not None and any(_equal(actual, option) for option in value) == inside
        if kind == "isNull":
            return lambda actual: actual is None
        if kind in ("isNotNull", "ever"):
            return lambda actual: actual is not None
        if kind == "isTrue":
            return lambda actual: actual is True
        if kind == "isFalse":
            return lambda actual: actual is False or actual is None
        if kind in COMPARISONS:
            allowed = ORDERED[COMPARISONS[kind]]
            return lambda actual: _compare(actual, value) in allowed
        if kind == "between":
            if not isinstance(value, list) or len(value) != 2:
                raise BadRequest("Bad where item 'between'.")
            low, high = value
            return lambda actual: _compare(actual, low) in ORDERED["gte"] and _compare(actual, high) in ORDERED["lte"]
        if kind in DATE_TYPES:
            first, last = _date_range(kind, value, self.today)

            def in_range(actual: Any) -> bool:
                day = _as_date(actual)
                return day is not None and (first is None or day >= first) and (last is None or day <= last)

            return in_range
        if kind in ("arrayAnyOf", "arrayNoneOf", "arrayAllOf"):
            wanted = value if isinstance(value, list) else [value]
            if kind == "arrayAnyOf":
                return lambda actual: any(option in (actual or []) for option in wanted)
            if kind == "arrayNoneOf":
                return lambda actual: not any(option in (actual or []) for option in wanted)
            return lambda actual: all(option in (actual or []) for option in wanted)
        if kind == "arrayIsEmpty":
            return lambda actual: not actual
        if kind == "arrayIsNotEmpty":
            return lambda actual: bool(actual)
        raise BadRequest(f"Unknown where item type '{kind}'.")

    def linked(self, kind: str, link_name: str, value: Any, entity: EntityDef) -> Matcher:
        link = entity.links.get(link_name)
        if link is None:
            raise BadRequest(f"Not existing link '{link_name}' in where.")
        state, meta = self.ctx.state, self.meta
        wanted = [str(item) for item in value] if isinstance(value, list) else [] if value is None else [str(value)]

        def ids(record: Record) -> list[str]:
            return linked_ids(state, meta, entity, record, link)

        if kind == "linkedWith":
            return lambda record: any(other in wanted for other in ids(record))
        if kind == "notLinkedWith":
            return lambda record: not any(other in wanted for other in ids(record))
        if kind == "linkedWithAll":
            return lambda record: all(other in ids(record) for other in wanted)
        if kind == "isLinked":
            return lambda record: bool(ids(record))
        return lambda record: not ids(record)

    def through_link(
        self, kind: str, attribute: str, value: Any, item: dict[str, Any], entity: EntityDef, depth: int
    ) -> Matcher:
        link_name, _, foreign_attribute = attribute.partition(".")
        link: LinkDef | None = entity.links.get(link_name)
        foreign = self.meta.get(link.entity or "") if link is not None else None
        if link is None or foreign is None or not foreign.has_attribute(foreign_attribute):
            raise BadRequest(f"Not existing attribute '{attribute}' in where.")
        inner = self.item({**item, "attribute": foreign_attribute}, foreign, depth + 1)
        state, meta = self.ctx.state, self.meta
        target = records(state, foreign.name)

        def any_related(record: Record) -> bool:
            return any(
                (other := target.get(other_id)) is not None and inner(other)
                for other_id in linked_ids(state, meta, entity, record, link)
            )

        return any_related


def compile_where(ctx: RequestContext, entity: EntityDef, raw: Any) -> Matcher:
    """A test for the where items in `raw` (a list, or PHP's map of them); raises the
    vendor's 400 for a malformed item."""
    try:
        return _Compiler(ctx, entity).items(raw, entity, 0)
    except EspoError:
        raise
    except (TypeError, ValueError, OverflowError):
        raise BadRequest("Bad where item.") from None
