"""The control plane's own answers: where it lives, and its error shape ({"error": ...})."""

from __future__ import annotations

from typing import Any

from flask import Response, jsonify

__all__ = ["ADMIN_HEADER", "CONTROL_PREFIX", "mock_error"]

CONTROL_PREFIX = "/__mock__"
ADMIN_HEADER = "X-Admin-Token"


def mock_error(status: int, message: str, **details: Any) -> Response:
    response = jsonify({"error": message, **details})
    response.status_code = status
    return response
