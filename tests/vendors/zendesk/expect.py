"""What Zendesk answers look like: shared by the Zendesk tests."""

from __future__ import annotations

import re
from typing import Any

ULID = re.compile(r"[0-9A-HJKMNP-TV-Z]{26}")
TIMESTAMP = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ")
CAR = "/api/v2/custom_objects/car"
DRIVER = "/api/v2/custom_objects/driver"
TESLA = "01JGCAR0000000000000000001"
CIVIC = "01JGCAR0000000000000000002"
VOLVO = "01JGCAR0000000000000000003"
ADA = "01JGDRV0000000000000000001"
GRACE = "01JGDRV0000000000000000002"
NOT_FOUND = {"error": "RecordNotFound", "description": "Not found"}
UNAUTHORIZED = {"error": "Couldn't authenticate you"}


def matches(pattern: re.Pattern[str], value: Any) -> bool:
    return isinstance(value, str) and pattern.fullmatch(value) is not None


def invalid(**details: tuple[str, str]) -> dict[str, Any]:
    """RecordInvalid with one (description, error) per attribute."""
    return {
        "error": "RecordInvalid",
        "description": "Record validation errors",
        "details": {attribute: [{"description": text, "error": code}] for attribute, (text, code) in details.items()},
    }


def bad_request(description: str) -> dict[str, Any]:
    return {"error": "InvalidValue", "description": description}


def new_car(name: str = "Test car", **fields: Any) -> dict[str, Any]:
    return {"custom_object_record": {"name": name, "custom_object_fields": fields}}
