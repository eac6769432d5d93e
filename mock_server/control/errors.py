"""The control plane's own answers: where it lives, and its error shape ({"error": ...})."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from flask import Response, jsonify

__all__ = ["ADMIN_HEADER", "CONTROL_PREFIX", "mock_error", "unknown_vendor"]

CONTROL_PREFIX = "/__mock__"
ADMIN_HEADER = "X-Admin-Token"


def mock_error(status: int, message: str, **details: Any) -> Response:
    response = jsonify({"error": message, **details})
    response.status_code = status
    return response


def unknown_vendor(vendor: object, served: Iterable[str]) -> Response:
    """404: this server serves no `vendor`; `vendors` lists the ones it does."""
    return mock_error(404, f"unknown vendor {vendor!r}", vendors=sorted(served))
