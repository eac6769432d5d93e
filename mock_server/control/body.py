"""Reading a control-plane request's JSON body with the same limits as vendor bodies."""

from __future__ import annotations

from typing import Any

from flask import Response, request

from ..core.json_input import MAX_STATE_DEPTH
from ..core.request_validation import parse_json_body
from .errors import mock_error

__all__ = ["json_body"]


def json_body() -> tuple[Any, Response | None]:
    """The body's JSON document as `request.get_json(silent=True)` gives it (None for a
    body that is not JSON, so each route says what it wanted), or the control plane's
    400 when the document is unfit to keep: nested deeper than MAX_STATE_DEPTH, holding
    a lone surrogate, NaN or infinity.  Python's parser takes all of them; any one,
    once stored, breaks every later answer that holds it."""

    if not request.is_json:
        return None, None
    document, problem = parse_json_body(request.get_data(cache=True), MAX_STATE_DEPTH, finite=True)
    if problem is None:
        return document, None
    if problem.expected is None:
        return None, None  # not JSON at all: the route names what it wanted
    return None, mock_error(400, problem.message)
