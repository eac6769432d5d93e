"""core/paging.py: windows, page-size bounds, opaque cursors and keyset positions."""

from __future__ import annotations

import base64
import json

import pytest

from mock_server.core.paging import (
    Base64Json,
    CursorError,
    KeysetCursor,
    OffsetCursor,
    PageSize,
    SizeError,
    keyset_window,
    numbered_window,
    page_count,
    window,
)

TEN = list(range(10))


def test_a_window_is_a_slice_that_knows_what_is_around_it() -> None:
    page = window(TEN, 3, 4)
    assert (page.items, page.offset, page.end, page.total) == ([3, 4, 5, 6], 3, 7, 10)
    assert page.has_more and page.has_before
    last = window(TEN, 8, 4)
    assert (last.items, last.has_more) == ([8, 9], False)
    assert window(TEN, 12, 4).items == [] and not window(TEN, 12, 4).has_more
    assert window(TEN, 7).items == [7, 8, 9]  # no size: the rest


def test_negative_offsets_and_sizes_count_as_none() -> None:
    assert window(TEN, -3, 2).items == [0, 1]
    assert window(TEN, 2, -1).items == []


def test_numbered_pages_start_at_one() -> None:
    assert numbered_window(TEN, 1, 4).items == [0, 1, 2, 3]
    assert numbered_window(TEN, 3, 4).items == [8, 9]
    assert (page_count(10, 4), page_count(8, 4), page_count(0, 4), page_count(3, 0)) == (3, 2, 0, 0)


def test_page_size_bounds_are_data() -> None:
    bounds = PageSize(default=20, maximum=100)
    assert (bounds.pick(None), bounds.pick(1), bounds.pick(100)) == (20, 1, 100)
    with pytest.raises(SizeError) as above:
        bounds.pick(101, "limit")
    assert (above.value.parameter, above.value.bounds) == ("limit", bounds)
    with pytest.raises(SizeError):
        bounds.pick(0)
    clamped = PageSize(default=200, maximum=200, minimum=0, clamp_below=True)
    assert (clamped.pick(-5), clamped.pick(0), clamped.pick(None)) == (0, 0, 200)


def test_base64_json_in_either_form() -> None:
    loose, tight = Base64Json(), Base64Json(compact=True, strict=True)
    assert base64.b64decode(loose.encode({"offset": 5})) == b'{"offset": 5}'
    assert base64.b64decode(tight.encode({"a": [1, "x"]})) == b'{"a":[1,"x"]}'
    assert tight.decode(tight.encode({"a": 1}), "cursor") == {"a": 1}
    # Characters outside the alphabet: skipped by the loose form, refused by the strict one.
    noisy = "!" + loose.encode({"offset": 5})
    assert loose.decode(noisy, "cursor") == {"offset": 5}
    with pytest.raises(CursorError):
        tight.decode(noisy, "cursor")


@pytest.mark.parametrize(
    "cursor",
    ["%%%", base64.b64encode(b"\xff\xfe").decode(), base64.b64encode(b"[" * 100_000).decode()],
    ids=["not base64", "not utf-8", "nested past the parser"],
)
def test_undecodable_cursors_are_refused(cursor: str) -> None:
    with pytest.raises(CursorError) as refused:
        Base64Json(strict=True).decode(cursor, "page[after]")
    assert refused.value.parameter == "page[after]"


def test_an_offset_cursor_round_trips_and_refuses_forgeries() -> None:
    cursors = OffsetCursor(Base64Json())
    assert cursors.decode(cursors.encode(40)) == 40
    assert (cursors.decode(None), cursors.decode("")) == (0, 0)
    forged = [{"offset": -1}, {"offset": "x"}, {"other": 1}, [1], "text", {"offset": [1]}]
    for value in forged:
        with pytest.raises(CursorError):
            cursors.decode(base64.b64encode(json.dumps(value).encode()).decode())


def test_a_keyset_cursor_names_its_direction_and_its_list() -> None:
    cursors = KeysetCursor(Base64Json(compact=True, strict=True))
    cursor = cursors.encode("after", "name", ("b", "id2"))
    assert json.loads(base64.b64decode(cursor)) == {"after": ["b", "id2"], "sort": "name"}
    assert cursors.decode(cursor, "after", "name") == ("b", "id2")
    for direction, sort in (("before", "name"), ("after", "-name")):
        with pytest.raises(CursorError):
            cursors.decode(cursor, direction, sort)


KEYS = [(letter, f"id{index}") for index, letter in enumerate("abcdefg")]


def test_keyset_pages_forwards_and_backwards() -> None:
    first = keyset_window(KEYS, KEYS, 3)
    assert (first.items, first.has_more, first.has_before) == (KEYS[:3], True, False)
    second = keyset_window(KEYS, KEYS, 3, after=first.items[-1])
    assert second.items == KEYS[3:6]
    back = keyset_window(KEYS, KEYS, 3, before=second.items[0])
    assert back.items == KEYS[:3]
    # A record deleted between pages neither shifts nor repeats the next page.
    fewer = [key for key in KEYS if key != KEYS[1]]
    assert keyset_window(fewer, fewer, 3, after=first.items[-1]).items == KEYS[3:6]


def test_keyset_pages_of_a_descending_list() -> None:
    descending = KEYS[::-1]
    first = keyset_window(descending, KEYS, 3, descending=True)
    assert first.items == [KEYS[6], KEYS[5], KEYS[4]]
    assert keyset_window(descending, KEYS, 3, after=first.items[-1], descending=True).items == [
        KEYS[3],
        KEYS[2],
        KEYS[1],
    ]
    assert keyset_window(descending, KEYS, 2, before=KEYS[3], descending=True).items == [KEYS[5], KEYS[4]]


@pytest.mark.parametrize("bound", [("a",), (1, "id0"), (None, "id0"), (True, "id0"), (["a"], "id0")])
def test_a_bound_of_another_shape_is_refused(bound: tuple[object, ...]) -> None:
    with pytest.raises(CursorError) as refused:
        keyset_window(KEYS, KEYS, 3, after=bound)
    assert refused.value.parameter == "after"
