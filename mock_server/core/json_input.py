"""What a parsed JSON document must not hold before anything keeps or walks it:
nesting past a depth limit, and lone surrogates.

Python's JSON decoder takes both.  Nesting a few hundred levels deep then breaks
whatever walks the document recursively (schema validation, copying, encoding
answers) with a RecursionError; a lone surrogate (`"\\ud800"`, half of a UTF-16
pair) becomes a string that cannot be encoded as UTF-8, so every answer that
holds it fails for good.  Both are refused where a body is parsed, so nothing
stored can be either.

The checks cost nothing for ordinary bodies: the walk runs only when the raw
bytes hold more brackets than the depth limit, or a `\\uD800`-`\\uDFFF` escape.
"""

from __future__ import annotations

import math
import re
from typing import Any

from .violations import Violation

__all__ = ["MAX_BODY_DEPTH", "MAX_STATE_DEPTH", "too_deep", "unfit_json"]

# Containers inside containers in a request body: CRM payloads nest fewer than ten;
# well below where Python's recursive walks (validation, deepcopy, json.dumps) fail.
MAX_BODY_DEPTH = 64
# A state snapshot holds records six levels down (vendors, tenants, collections, a
# list), and a record may hold what a body held: room for both.
MAX_STATE_DEPTH = 128

_SURROGATE_ESCAPE = re.compile(rb"\\u[dD][89a-fA-F]")
_SURROGATE = re.compile("[\ud800-\udfff]")  # in decoded text: only a lone one can remain
# A \uXXXX surrogate escape, not preceded by an escaped backslash ("\\ud800" is text).
_SURROGATE_ESCAPE_AT = re.compile(r"(?<!\\)(?:\\\\)*(\\u[dD][89a-fA-F][0-9a-fA-F]{2})")
_STRING_OR_BRACKET = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"|[\[\]{}]', re.DOTALL)

_DEEP, _LONE, _NOT_FINITE = "deep", "lone", "not_finite"


def unfit_json(value: Any, raw: bytes, text: str, max_depth: int, finite: bool = False) -> Violation | None:
    """A `malformed` violation when the document `value` (parsed from `text`, the
    decoded `raw`) nests deeper than `max_depth` or holds a lone surrogate, or, with
    `finite`, a number JSON cannot carry (NaN, Infinity, 1e999).  Its `expected`
    says what was wanted, and `received` is (character, position) of the fault."""
    deep = raw.count(b"[") + raw.count(b"{") > max_depth
    surrogates = _SURROGATE_ESCAPE.search(raw) is not None
    if not (deep or surrogates or finite):
        return None
    found = _walk(value, max_depth, surrogates, finite)
    if found == _DEEP:
        return too_deep(text, max_depth)
    if found == _LONE:
        position = _lone_surrogate_at(text)
        return Violation(
            "body",
            (),
            "malformed",
            f"the body holds a lone surrogate (half of a UTF-16 pair) at character {position}",
            expected="Unicode text",
            received=("\\", position),
        )
    if found == _NOT_FINITE:
        return Violation(
            "body",
            (),
            "malformed",
            "the body holds a number out of range (NaN or infinity)",
            expected="a finite number",
        )
    return None


def too_deep(text: str, max_depth: int) -> Violation:
    """The violation for a document nested deeper than `max_depth`, pointing at the
    bracket that goes one level too far."""
    char, position = _first_too_deep(text, max_depth)
    return Violation(
        "body",
        (),
        "malformed",
        f"the body nests deeper than {max_depth} levels (at character {position})",
        expected=f"at most {max_depth} levels of nesting",
        received=(char, position),
    )


def _walk(value: Any, max_depth: int, surrogates: bool, finite: bool) -> str | None:
    """The first fault found, without recursion (the document may be deep)."""
    pending: list[tuple[Any, int]] = [(value, 1)]
    while pending:
        item, depth = pending.pop()
        if isinstance(item, dict):
            if depth > max_depth:
                return _DEEP
            for key, child in item.items():
                if surrogates and _SURROGATE.search(key):
                    return _LONE
                pending.append((child, depth + 1))
        elif isinstance(item, list):
            if depth > max_depth:
                return _DEEP
            pending.extend((child, depth + 1) for child in item)
        elif isinstance(item, str):
            if surrogates and _SURROGATE.search(item):
                return _LONE
        elif finite and isinstance(item, float) and not math.isfinite(item):
            return _NOT_FINITE
    return None


def _first_too_deep(text: str, max_depth: int) -> tuple[str | None, int]:
    """The opening bracket past `max_depth` levels, and its position (strings skipped)."""
    depth = 0
    for match in _STRING_OR_BRACKET.finditer(text):
        token = match.group()
        if token in "[{":
            depth += 1
            if depth > max_depth:
                return token, match.start()
        elif token in "]}":
            depth -= 1
    return None, 0


def _lone_surrogate_at(text: str) -> int:
    """Where the first escape that is half of a pair, without its other half, starts."""
    high: re.Match[str] | None = None
    for match in _SURROGATE_ESCAPE_AT.finditer(text):
        code = int(match.group(1)[2:], 16)
        if high is not None:
            if code >= 0xDC00 and match.start(1) == high.end(1):
                high = None  # a pair: one character
                continue
            return high.start(1)
        if code >= 0xDC00:
            return match.start(1)  # a low half with no high half before it
        high = match
    return high.start(1) if high is not None else 0
