"""Sorting, comparing and searching record values, once for every vendor.

Each vendor parses its own query syntax (EspoCRM's where[], Zendesk's filter
objects, HighLevel's filter groups and sort rules) and calls these to evaluate it.
What differs between vendors is data: where a missing value sorts, whether text
ignores case and how, whether values of different kinds order by kind (a `Collation`);
how a vendor turns a query's value into the stored value's kind stays with it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

__all__ = [
    "ORDERED",
    "Collation",
    "compare",
    "contains_text",
    "equal",
    "holds",
    "record_key",
    "sort_records",
    "texts",
]

T = TypeVar("T")
Fold = Callable[[str], str]


# -- sorting ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Collation:
    """How a vendor orders the values of a field.

    `nulls_first`: a missing value sorts before every other (MySQL's ascending order)
    or after.  `fold`: text is compared after it (str.lower, str.casefold) or as it is.
    `by_kind`: numbers first, then text, then everything else together (booleans, lists,
    objects, missing values), as a search engine orders a field of mixed values;
    otherwise values compare as they are.
    """

    nulls_first: bool = True
    fold: Fold | None = None
    by_kind: bool = False

    def key(self, value: Any) -> tuple[Any, Any]:
        """A sort key for `value`, comparable with the key of any other value of the field."""
        if self.by_kind:
            if isinstance(value, bool) or not isinstance(value, (int, float, str)):
                return (2, 0)
            if isinstance(value, str):
                return (1, self.folded(value))
            return (0, value)
        if value is None:
            return (not self.nulls_first, "")
        return (self.nulls_first, self.folded(value) if isinstance(value, str) else value)

    def folded(self, text: str) -> str:
        return self.fold(text) if self.fold is not None else text


def record_key(values: Sequence[Any], record_id: str, collation: Collation) -> tuple[Any, ...]:
    """A record's sort key: each sorted-by value as the collation orders it, then the
    record's id, which breaks ties (so a key is unique, as keyset paging needs)."""
    return (*(collation.key(value) for value in values), record_id)


def _as_text(key: tuple[Any, ...]) -> tuple[Any, ...]:
    return tuple(_as_text(part) if isinstance(part, tuple) else str(part) for part in key)


def sort_records(records: Iterable[T], key: Callable[[T], tuple[Any, ...]], descending: bool = False) -> list[T]:
    """`records` in the order of `key`.  Where values of different kinds meet that cannot
    be ordered (2 and "a" in one field), every key is compared as text, as a SQL
    database casting to strings would, rather than failing."""
    listed = list(records)
    try:
        return sorted(listed, key=key, reverse=descending)
    except TypeError:
        return sorted(listed, key=lambda record: _as_text(key(record)), reverse=descending)


# -- comparing -------------------------------------------------------------------------------

# The ordered comparisons, by the results of `compare` that satisfy them.
ORDERED: dict[str, tuple[int, ...]] = {"gt": (1,), "gte": (0, 1), "lt": (-1,), "lte": (-1, 0)}


def compare(left: Any, right: Any) -> int | None:
    """-1, 0 or 1 as `left` is below, equal to or above `right`; None when either is
    missing or the two cannot be ordered (2 and "a", NaN)."""
    if left is None or right is None:
        return None
    try:
        if left == right:
            return 0
        if left < right:
            return -1
        if left > right:
            return 1
    except (TypeError, ArithmeticError):  # ArithmeticError: Decimal's NaN refuses to be ordered
        return None
    return None


def holds(operator: str, left: Any, right: Any) -> bool:
    """Whether `left <operator> right` for gt, gte, lt and lte; never for values that
    cannot be compared."""
    return compare(left, right) in ORDERED[operator]


def equal(actual: Any, wanted: Any, fold: Fold = str.casefold) -> bool:
    """Whether a stored value equals `wanted`: text regardless of case (as `fold` has
    it), anything else as it is; a list when any of its items does."""
    if isinstance(actual, list):
        return any(equal(item, wanted, fold) for item in actual)
    if isinstance(actual, str) and isinstance(wanted, str):
        return fold(actual) == fold(wanted)
    return bool(actual == wanted)


# -- searching text --------------------------------------------------------------------------


def texts(value: Any) -> list[str]:
    """What a stored value says as text, to search in: nothing when it is missing,
    each item of a list (missing items aside), else the value written out."""
    if value is None:
        return []
    items = value if isinstance(value, list) else [value]
    return [str(item) for item in items if item is not None]


def contains_text(value: Any, needle: Any, fold: Fold = str.casefold) -> bool:
    """Whether any text of a stored value (a list's items each) contains `needle`,
    regardless of case as `fold` has it."""
    wanted = fold(str(needle))
    return any(wanted in fold(text) for text in texts(value))
