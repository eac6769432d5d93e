"""Paging, once for every vendor: a window of a list by offset and size, page-size
bounds, opaque cursors, and keyset positions (the page after or before a record).

What differs between vendors is data: the bounds (`PageSize`), the cursor's form
(`Base64Json` with its separators and strictness, `OffsetCursor`, `KeysetCursor`),
whether a list runs backwards.  The envelope a page goes out in ({total, list},
{items, next_cursor}, meta and links) is the vendor's dialect and stays in the
vendor, and so do its words: core raises `PageError`, which the vendor answers in
its own error shape.
"""

from __future__ import annotations

import base64
import binascii
import bisect
import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

__all__ = [
    "Base64Json",
    "CursorError",
    "Key",
    "KeysetCursor",
    "OffsetCursor",
    "PageError",
    "PageSize",
    "SizeError",
    "Window",
    "keyset_window",
    "numbered_window",
    "page_count",
    "window",
]

T = TypeVar("T")
Key = tuple[Any, ...]  # a record's sort key, unique per record in its list


class PageError(ValueError):
    """A page request the vendor refuses; `parameter` names what was wrong (the
    vendor's own name for it, or "after"/"before" for a keyset cursor)."""

    def __init__(self, parameter: str, reason: str) -> None:
        super().__init__(f"{parameter}: {reason}")
        self.parameter = parameter
        self.reason = reason


class CursorError(PageError):
    """A cursor this list did not hand out (not decodable, another list's, forged)."""

    def __init__(self, parameter: str) -> None:
        super().__init__(parameter, "not a cursor from this list")


class SizeError(PageError):
    """A page size or number outside the vendor's bounds."""

    def __init__(self, parameter: str, bounds: PageSize) -> None:
        super().__init__(parameter, f"outside {bounds.minimum}..{bounds.maximum}")
        self.bounds = bounds


@dataclass(frozen=True, slots=True)
class PageSize:
    """How many items a page may hold, as a vendor declares it: the size when none is
    asked for, the least and the most.  Below the minimum a vendor either refuses or
    (`clamp_below`) takes the minimum, as EspoCRM's negative maxSize is none."""

    default: int
    maximum: int | None = None
    minimum: int = 1
    clamp_below: bool = False

    def pick(self, asked: int | None, parameter: str = "size") -> int:
        """The size to use for `asked` (None: not asked); SizeError when out of bounds."""
        if asked is None:
            return self.default
        if asked < self.minimum:
            if self.clamp_below:
                return self.minimum
            raise SizeError(parameter, self)
        if self.maximum is not None and asked > self.maximum:
            raise SizeError(parameter, self)
        return asked


@dataclass(frozen=True, slots=True)
class Window(Generic[T]):
    """One page of a list: its items, where it starts, and how long the list is."""

    items: list[T]
    offset: int
    total: int

    @property
    def end(self) -> int:
        """Where the next page starts."""
        return self.offset + len(self.items)

    @property
    def has_more(self) -> bool:
        """Items follow this page."""
        return self.end < self.total

    @property
    def has_before(self) -> bool:
        """Items come before this page."""
        return self.offset > 0


def window(items: Sequence[T], offset: int = 0, size: int | None = None) -> Window[T]:
    """The page of `size` items (None: all the rest) from `offset`; a negative offset
    or size counts as none."""
    start = max(offset, 0)
    end = len(items) if size is None else start + max(size, 0)
    return Window(list(items[start:end]), start, len(items))


def numbered_window(items: Sequence[T], page: int, size: int) -> Window[T]:
    """Page number `page` (the first is 1) of pages of `size` items."""
    return window(items, (page - 1) * size, size)


def page_count(total: int, size: int) -> int:
    """How many pages of `size` items `total` items fill (the last one partly)."""
    return -(-total // size) if size > 0 else 0


# -- cursors -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Base64Json:
    """Opaque cursors as base64 of JSON.  `compact` writes JSON without the blanks
    json.dumps puts after `,` and `:` by default; `strict` refuses characters outside
    the base64 alphabet rather than skipping them."""

    compact: bool = False
    strict: bool = False

    def encode(self, value: Any) -> str:
        text = json.dumps(value, separators=(",", ":")) if self.compact else json.dumps(value)
        return base64.b64encode(text.encode()).decode()

    def decode(self, cursor: str, parameter: str) -> Any:
        try:
            return json.loads(base64.b64decode(cursor, validate=self.strict))
        # RecursionError: JSON nested past the parser; UnicodeDecodeError is a ValueError
        except (binascii.Error, ValueError, TypeError, RecursionError):
            raise CursorError(parameter) from None


@dataclass(frozen=True, slots=True)
class OffsetCursor:
    """A cursor that carries the offset where the next page starts, as `{field: n}`
    in the codec's form (OpenInt's)."""

    codec: Base64Json
    field: str = "offset"

    def encode(self, offset: int) -> str:
        return self.codec.encode({self.field: offset})

    def decode(self, cursor: str | None, parameter: str = "cursor") -> int:
        """The offset a cursor carries; none (or empty) is the start."""
        if not cursor:
            return 0
        decoded = self.codec.decode(str(cursor), parameter)
        try:
            offset = int(decoded[self.field])
        except (KeyError, TypeError, ValueError, OverflowError):
            raise CursorError(parameter) from None
        if offset < 0:  # only a forged cursor says so
            raise CursorError(parameter)
        return offset


@dataclass(frozen=True, slots=True)
class KeysetCursor:
    """A cursor that carries the sort key of the record it points past, under the
    direction's name, and the list's sort under `list_field`, so that a cursor of a
    list sorted otherwise is refused (Zendesk's).  Unlike an offset it neither skips
    nor repeats a record when others are created or deleted between pages."""

    codec: Base64Json
    list_field: str = "sort"

    def encode(self, direction: str, sort: str, key: Key) -> str:
        return self.codec.encode({direction: list(key), self.list_field: sort})

    def decode(self, cursor: str, direction: str, sort: str) -> Key:
        decoded = self.codec.decode(cursor, direction)
        try:
            key = decoded[direction]
            if decoded.get(self.list_field) != sort or not isinstance(key, list):
                raise CursorError(direction)
        except (KeyError, TypeError, AttributeError):
            raise CursorError(direction) from None
        return tuple(key)


# -- keyset positions ------------------------------------------------------------------------


def _leading(ascending_keys: Sequence[Key], bound: Key, descending: bool, inclusive: bool) -> int:
    """How many records come before `bound` in list order (also those at it, when
    inclusive), by binary search over the keys in ascending order."""
    if not descending:
        return bisect.bisect_right(ascending_keys, bound) if inclusive else bisect.bisect_left(ascending_keys, bound)
    total = len(ascending_keys)
    return total - (
        bisect.bisect_left(ascending_keys, bound) if inclusive else bisect.bisect_right(ascending_keys, bound)
    )


def _comparable(bound: Key, keys: Sequence[Key], direction: str) -> Key:
    """A bound that can be compared with this list's keys: same length, each part of
    the same kind (a forged cursor would otherwise crash the search)."""
    if keys:
        sample = keys[0]
        kinds_match = len(bound) == len(sample) and all(
            isinstance(part, str) == isinstance(mine, str)
            and (part is None) == (mine is None)
            and not isinstance(part, (list, dict, bool))
            for part, mine in zip(bound, sample, strict=False)
        )
        if not kinds_match:
            raise CursorError(direction)
    return bound


def keyset_window(
    ordered: Sequence[T],
    ascending_keys: Sequence[Key],
    size: int,
    *,
    after: Key | None = None,
    before: Key | None = None,
    descending: bool = False,
) -> Window[T]:
    """The page of `size` records of `ordered` (in list order: ascending keys, or
    descending) that follows the record keyed `after`, or precedes the one keyed
    `before`, or the first page.  `ascending_keys` are the records' keys in ascending
    order, which a caller may keep between requests so that a page costs a binary
    search, not a sort.  CursorError ("after"/"before") for a bound of another shape."""
    if before is not None:
        end = _leading(ascending_keys, _comparable(before, ascending_keys, "before"), descending, inclusive=False)
        start = max(0, end - size)
    else:
        start = (
            0
            if after is None
            else _leading(ascending_keys, _comparable(after, ascending_keys, "after"), descending, inclusive=True)
        )
        end = min(len(ordered), start + size)
    return Window(list(ordered[start:end]), start, len(ordered))
