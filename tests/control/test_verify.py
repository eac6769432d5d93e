"""POST /__mock__/verify: did the client make the calls it should have?"""

from __future__ import annotations

from typing import Any

import pytest

from tests.support import HL_LOCATION, MockClient

PET = "custom_objects.pet"


def verify(control: MockClient, token: str, **expectation: Any) -> tuple[int, dict[str, Any]]:
    answer = control.post("/verify", json={"vendor": "highlevel", "tenant": token, **expectation})
    return answer.status, answer.json()


def create_rex(hl: MockClient) -> None:
    answer = hl.post(f"/objects/{PET}/records", json={"locationId": HL_LOCATION, "properties": {"name": "Rex"}})
    assert answer.status == 201


def test_a_call_that_was_made_verifies(hl: MockClient, control: MockClient, token: str) -> None:
    create_rex(hl)
    status, body = verify(control, token, operationId="create-object-record", body={"properties": {"name": "Rex"}})
    assert (status, body) == (
        200,
        {"verified": True, "expected": "at least 1 request(s) to create-object-record", "matched": 1},
    )


def test_exact_counts(hl: MockClient, control: MockClient, token: str) -> None:
    create_rex(hl)
    create_rex(hl)
    assert verify(control, token, operationId="create-object-record", count=2)[0] == 200
    status, body = verify(control, token, operationId="create-object-record", count=1)
    assert status == 409
    assert (body["expected"], body["matched"]) == ("exactly 1 request(s) to create-object-record", 2)
    assert verify(control, token, operationId="delete-object-record", count=0)[0] == 200
    assert verify(control, token, operationId="create-object-record", atLeast=1, atMost=3)[0] == 200


def test_a_miss_explains_the_closest_requests(hl: MockClient, control: MockClient, token: str) -> None:
    create_rex(hl)
    hl.get("/objects/", params={"locationId": HL_LOCATION})
    status, body = verify(
        control,
        token,
        operationId="create-object-record",
        body={"properties": {"name": "Max"}, "locationId": HL_LOCATION},
    )
    assert status == 409
    assert body["verified"] is False
    assert body["matched"] == 0
    closest = body["closest"]
    assert closest[0]["operationId"] == "create-object-record"
    assert closest[0]["differences"] == ["properties.name: expected 'Max', got 'Rex'"]
    assert closest[1]["operationId"] == "get-object-by-location-id"
    assert closest[1]["differences"][0] == "operation: expected create-object-record, got get-object-by-location-id"


def test_query_matchers(hl: MockClient, control: MockClient, token: str) -> None:
    hl.get("/associations/", params={"locationId": HL_LOCATION, "skip": 0, "limit": 5})
    assert verify(control, token, operationId="find-associations", query={"limit": 5})[0] == 200
    status, body = verify(control, token, operationId="find-associations", query={"limit": 10})
    assert status == 409
    assert body["closest"][0]["differences"] == ["query limit: expected ['10'], got ['5']"]


def test_method_and_path_instead_of_an_operation(hl: MockClient, control: MockClient, token: str) -> None:
    hl.get(f"/objects/{PET}/records/679b8f9bde6a0c356a0311b3")
    assert verify(control, token, method="GET", path="/highlevel/objects/custom_objects.pet/records/")[0] == 200


@pytest.mark.parametrize(
    ("payload", "message"),
    [
        ({}, "name the call: an operationId, or a method and/or path"),
        ({"operationId": "x", "count": -1}, "count must be a whole number of at least 0"),
        ({"operationId": "x", "count": 1, "atLeast": 1}, "give count, or atLeast/atMost, not both"),
        ({"operationId": "x", "query": [1]}, "query must be an object of parameter names to values"),
    ],
)
def test_bad_expectations_are_explained(control: MockClient, payload: dict[str, Any], message: str) -> None:
    answer = control.post("/verify", json=payload)
    assert answer.status == 400
    assert answer.json() == {"error": message}


def test_unknown_fields_are_refused(control: MockClient) -> None:
    answer = control.post("/verify", json={"operationId": "x", "times": 2})
    assert answer.status == 400
    assert answer.json()["error"].startswith("unknown fields ['times']")
