"""JSON bodies that parse but must not be kept: nesting past the depth limit, lone
surrogates; and the ordinary bodies that must keep working."""

from __future__ import annotations

import json

import pytest

from mock_server.core.json_input import MAX_BODY_DEPTH, MAX_STATE_DEPTH
from mock_server.core.request_validation import parse_json_body


def nested(depth: int, inner: str = "1") -> bytes:
    return ('{"a":' + "[" * (depth - 1) + inner + "]" * (depth - 1) + "}").encode()


def test_nesting_up_to_the_limit_parses() -> None:
    value, problem = parse_json_body(nested(MAX_BODY_DEPTH))
    assert problem is None and value is not None


@pytest.mark.parametrize("depth", [MAX_BODY_DEPTH + 1, 600, 5_000, 100_000])
def test_nesting_past_the_limit_is_malformed_at_the_bracket_too_far(depth: int) -> None:
    value, problem = parse_json_body(nested(depth))
    assert value is None and problem is not None
    assert problem.kind == "malformed"
    # {"a": is 5 characters, then one bracket a level: the 64th bracket is the 65th level.
    position = 5 + MAX_BODY_DEPTH - 1
    assert problem.received == ("[", position)
    assert problem.message == f"the body nests deeper than 64 levels (at character {position})"


def test_brackets_inside_strings_do_not_count() -> None:
    body = json.dumps({"text": "[" * 500 + "{" * 500}).encode()
    assert parse_json_body(body) == ({"text": "[" * 500 + "{" * 500}, None)


def test_a_state_snapshot_may_nest_deeper_than_a_body() -> None:
    value, problem = parse_json_body(nested(MAX_BODY_DEPTH + 10), MAX_STATE_DEPTH)
    assert problem is None and value is not None
    _, problem = parse_json_body(nested(MAX_STATE_DEPTH + 1), MAX_STATE_DEPTH)
    assert problem is not None and problem.kind == "malformed"


@pytest.mark.parametrize(
    ("raw", "position"),
    [
        (rb'{"name": "x\ud800"}', 11),  # a high half alone
        (rb'{"name": "\udc00"}', 10),  # a low half alone
        (rb'{"name": "\ud83d\ud83d\ude00"}', 10),  # a high half, then a whole pair
        (rb'{"name": "ok", "\uDBFFkey": 1}', 16),  # as a key, upper-case hex
        (rb'{"a": "\\\\", "b": ["\ud800"]}', 21),  # an escaped backslash before does not hide it
    ],
)
def test_a_lone_surrogate_is_malformed_where_it_stands(raw: bytes, position: int) -> None:
    value, problem = parse_json_body(raw)
    assert value is None and problem is not None
    assert problem.kind == "malformed"
    assert problem.received == ("\\", position)
    assert raw.decode()[position : position + 2] == "\\u"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (rb'{"name": "\ud83d\ude00"}', {"name": "\U0001f600"}),  # a pair is one character
        (rb'{"\ud83d\ude00": "\u00e9"}', {"\U0001f600": "é"}),
        (rb'{"name": "\\ud800"}', {"name": "\\ud800"}),  # an escaped backslash: text, no escape
        ('{"name": "\U0001f600"}'.encode(), {"name": "\U0001f600"}),  # the character itself, in UTF-8
    ],
)
def test_whole_characters_are_kept(raw: bytes, expected: object) -> None:
    assert parse_json_body(raw) == (expected, None)


def test_non_finite_numbers_are_refused_only_when_asked() -> None:
    value, problem = parse_json_body(b'{"a": NaN}')
    assert problem is None and value is not None  # vendor bodies: the schema step reports them
    _, problem = parse_json_body(b'{"a": [1e999]}', finite=True)
    assert problem is not None and problem.message == "the body holds a number out of range (NaN or infinity)"
