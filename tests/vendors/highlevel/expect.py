"""What HighLevel answers look like: shared by the HighLevel tests."""

from __future__ import annotations

import re
from typing import Any

from tests.support import HL_LOCATION, Answer, MockClient

OBJECT_ID = re.compile(r"[0-9a-f]{24}")  # objects, records, associations, relations
FIELD_ID = re.compile(r"[A-Za-z0-9]{20}")  # fields, folders, locations
TIMESTAMP = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z")
UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")  # traceId


def matches(pattern: re.Pattern[str], value: Any) -> bool:
    return isinstance(value, str) and pattern.fullmatch(value) is not None


def unprocessable(*messages: str) -> dict[str, Any]:
    """The 422 of a failed validation, one message per problem."""
    return {"statusCode": 422, "message": list(messages), "error": "Unprocessable Entity"}


def bad_request(message: str) -> dict[str, Any]:
    """NestJS's BadRequestException body, which HighLevel also uses for missing items."""
    return {"message": message, "error": "Bad Request", "statusCode": 400}


def without_trace(body: dict[str, Any]) -> dict[str, Any]:
    """The body less its traceId, which must be a UUID (it differs on every answer)."""
    rest = dict(body)
    assert matches(UUID, rest.pop("traceId", None)), body
    return rest


def relate(hl: MockClient, association_id: str, first: str, second: str) -> Answer:
    """POST /associations/relations: relate two records through an association."""
    return hl.post(
        "/associations/relations",
        json={
            "locationId": HL_LOCATION,
            "associationId": association_id,
            "firstRecordId": first,
            "secondRecordId": second,
        },
    )
