"""What EspoCRM answers look like: shared by the EspoCRM tests."""

from __future__ import annotations

import re
from typing import Any

from tests.support import Answer, header

RECORD_ID = re.compile(r"[0-9a-f]{17}")
DATETIME = re.compile(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d")
ACME = "6560a3f2b4c1a0001"
GLOBEX = "6560a3f2b4c1a0002"
JOHN = "6560a3f2b4c1c0001"
JANE = "6560a3f2b4c1c0002"
LENA = "6560a3f2b4c1b0001"
ACME_RENEWAL = "6560a3f2b4c1f0001"
ADMIN = "1"
SAM = "6560a3f2b4c1d0002"
SALES_TEAM = "6560a3f2b4c1e0001"
API_KEY = "3c1ef1b0d4f84e5a9b2d7c6e8f0a1b2c"
API_SECRET = "9f8e7d6c5b4a39281706f5e4d3c2b1a0"


def refused(answer: Answer, status: int, reason: str | None) -> None:
    """An EspoCRM error: the status, the reason in X-Status-Reason, and no body."""
    assert (answer.status, header(answer, "X-Status-Reason"), answer.text) == (status, reason, "")


def validation_failure(answer: Answer, entity: str, field: str, kind: str) -> None:
    assert answer.status == 400
    assert header(answer, "X-Status-Reason") == (
        f"Field validation failure; entityType: {entity}, field: {field}, type: {kind}."
    )
    assert answer.json() == {
        "messageTranslation": {"label": "validationFailure", "scope": None, "data": {"field": field, "type": kind}}
    }


def names(answer: Answer) -> list[Any]:
    assert answer.status == 200, (answer.status, header(answer, "X-Status-Reason"))
    return [record["name"] for record in answer.json()["list"]]


def where(*items: dict[str, Any]) -> dict[str, str]:
    """PHP-style query parameters for where items (as EspoCRM's own clients build them)."""
    params: dict[str, str] = {}

    def flatten(prefix: str, value: Any) -> None:
        if isinstance(value, dict):
            for key, inner in value.items():
                flatten(f"{prefix}[{key}]", inner)
        elif isinstance(value, list):
            for index, inner in enumerate(value):
                flatten(f"{prefix}[{index}]", inner)
        else:
            params[prefix] = "true" if value is True else "false" if value is False else str(value)

    for index, item in enumerate(items):
        flatten(f"where[{index}]", item)
    return params
