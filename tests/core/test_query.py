"""core/query.py: sorting with a vendor's collation, comparisons, and text search."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from mock_server.core.query import (
    Collation,
    compare,
    contains_text,
    equal,
    holds,
    record_key,
    sort_records,
    texts,
)


def _ids(records: list[dict[str, Any]]) -> list[str]:
    return [record["id"] for record in records]


RECORDS = [
    {"id": "r1", "v": "b"},
    {"id": "r2", "v": None},
    {"id": "r3", "v": "A"},
    {"id": "r4", "v": "a"},
]


def test_nulls_first_or_last_is_the_vendors_choice() -> None:
    first = Collation(nulls_first=True)
    last = Collation(nulls_first=False)
    assert _ids(sort_records(RECORDS, lambda r: record_key([r["v"]], r["id"], first))) == ["r2", "r3", "r4", "r1"]
    assert _ids(sort_records(RECORDS, lambda r: record_key([r["v"]], r["id"], last))) == ["r3", "r4", "r1", "r2"]
    descending = sort_records(RECORDS, lambda r: record_key([r["v"]], r["id"], first), descending=True)
    assert _ids(descending) == ["r1", "r4", "r3", "r2"]


def test_folded_text_sorts_regardless_of_case_and_the_id_breaks_ties() -> None:
    folded = Collation(fold=str.lower)
    assert _ids(sort_records(RECORDS, lambda r: record_key([r["v"]], r["id"], folded))) == ["r2", "r3", "r4", "r1"]
    assert folded.key("ABC") == folded.key("abc")


def test_by_kind_orders_numbers_then_text_then_the_rest() -> None:
    search = Collation(fold=str.lower, by_kind=True)
    values: list[Any] = ["b", None, 10, True, "A", 2.5, [1], {"x": 1}]
    ordered = sorted(values, key=lambda value: search.key(value))
    assert ordered[:4] == [2.5, 10, "A", "b"]
    assert {search.key(value) for value in ordered[4:]} == {(2, 0)}


def test_several_fields_sort_in_turn() -> None:
    rows = [{"id": "1", "a": 2, "b": "x"}, {"id": "2", "a": 1, "b": "y"}, {"id": "3", "a": 2, "b": "a"}]
    plain = Collation()
    assert _ids(sort_records(rows, lambda r: record_key([r["a"], r["b"]], r["id"], plain))) == ["2", "3", "1"]


def test_values_that_cannot_be_ordered_sort_as_text() -> None:
    mixed = [{"id": "a", "v": 10}, {"id": "b", "v": "9"}, {"id": "c", "v": None}]
    plain = Collation()
    # 10 and "9" do not compare in Python; as text "10" < "9", and the missing value stays first.
    assert _ids(sort_records(mixed, lambda r: record_key([r["v"]], r["id"], plain))) == ["c", "a", "b"]


@pytest.mark.parametrize(
    ("left", "right", "expected"),
    [
        (1, 2, -1),
        (2, 2, 0),
        ("b", "a", 1),
        (None, 1, None),
        (1, None, None),
        (1, "a", None),
        (float("nan"), 1.0, None),
        (Decimal("NaN"), Decimal(1), None),
    ],
)
def test_compare(left: Any, right: Any, expected: int | None) -> None:
    assert compare(left, right) == expected


def test_ordered_comparisons_never_hold_for_what_cannot_be_compared() -> None:
    assert holds("gt", 3, 2) and holds("gte", 2, 2) and holds("lt", 1, 2) and holds("lte", 2, 2)
    assert not holds("gt", 2, 2) and not holds("lt", None, 2) and not holds("gte", "a", 1)


def test_equal_ignores_case_as_folded_and_matches_any_list_item() -> None:
    assert equal("Straße", "STRASSE") and not equal("Straße", "STRASSE", str.lower)
    assert equal(["x", "Y"], "y") and not equal(["x"], "y")
    assert equal(3, 3) and not equal(3, "3")


def test_text_search_across_values() -> None:
    assert texts(None) == [] and texts(["a", None, 2]) == ["a", "2"] and texts(5) == ["5"]
    assert contains_text("Hello World", "o w") and contains_text(["x", "Yellow"], "LLO")
    assert not contains_text(None, "none") and not contains_text([None], "none")
