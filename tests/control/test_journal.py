"""The journal: every exchange recorded, filtered, counted and cleared; refusals
listed with their violations; credentials never stored."""

from __future__ import annotations

import json
from typing import Any

import pytest

from mock_server.app import create_app
from mock_server.config import Settings
from mock_server.core.store import tenant_label
from tests.support import HL_LOCATION, MockClient

PET = "custom_objects.pet"
BUDDY = "679b8f9bde6a0c356a0311b3"


def mine(control: MockClient, token: str, **filters: Any) -> list[dict[str, Any]]:
    answer = control.get("/requests", params={"tenant": token, **filters})
    assert answer.status == 200
    entries: list[dict[str, Any]] = answer.json()["requests"]
    return entries


def test_an_exchange_is_recorded_whole(hl: MockClient, control: MockClient, token: str) -> None:
    hl.post(f"/objects/{PET}/records", json={"locationId": HL_LOCATION, "properties": {"name": "Rex"}})
    [entry] = mine(control, token)
    assert entry["vendor"] == "highlevel"
    assert entry["tenant"] == tenant_label(token)
    assert entry["operationId"] == "create-object-record"
    assert entry["request"]["method"] == "POST"
    assert entry["request"]["path"] == f"/highlevel/objects/{PET}/records"
    assert entry["request"]["body"] == {"locationId": HL_LOCATION, "properties": {"name": "Rex"}}
    assert entry["request"]["headers"]["Authorization"] == "Bearer [redacted]"
    assert entry["request"]["headers"]["Version"] == "2021-07-28"
    assert entry["response"]["status"] == 201
    assert entry["response"]["body"]["record"]["properties"] == {"name": "Rex"}
    assert entry["response"]["headers"]["X-RateLimit-Remaining"] == "99"
    assert entry["durationMs"] >= 0
    assert entry["violations"] == []


def test_the_credential_never_appears_in_the_journal(hl: MockClient, control: MockClient, token: str) -> None:
    hl.get(f"/objects/{PET}/records/{BUDDY}")
    hl.get("/no/such/route")
    everything = control.get("/requests").text
    assert token not in everything
    assert tenant_label(token) in everything


def test_filters_narrow_the_list(hl: MockClient, control: MockClient, token: str) -> None:
    hl.get(f"/objects/{PET}/records/{BUDDY}")
    hl.get("/objects/", params={"locationId": HL_LOCATION})
    hl.get(f"/objects/{PET}/records/000000000000000000000000")
    assert [e["operationId"] for e in mine(control, token)] == [
        "get-record-by-id",
        "get-object-by-location-id",
        "get-record-by-id",
    ]
    assert len(mine(control, token, operationId="get-record-by-id")) == 2
    assert [e["response"]["status"] for e in mine(control, token, status=400)] == [400]
    assert len(mine(control, token, path="/highlevel/objects/custom_objects.pet")) == 2
    assert len(mine(control, token, method="post")) == 0
    assert len(mine(control, token, vendor="highlevel")) == 3
    first = mine(control, token)[0]["id"]
    assert len(mine(control, token, since=first)) == 2
    assert [e["id"] for e in mine(control, token, limit=1)] == [mine(control, token)[-1]["id"]]
    count = control.get("/requests/count", params={"tenant": token, "operationId": "get-record-by-id"})
    assert count.json() == {"count": 2}


def test_refusals_are_listed_with_their_violations(hl: MockClient, control: MockClient, token: str) -> None:
    hl.get(f"/objects/{PET}/records/{BUDDY}")  # fine: not a violation
    hl.post(f"/objects/{PET}/records", json={"locationId": HL_LOCATION, "owner": ["a", "b"]})
    hl.post(f"/objects/{PET}/records", json={"locationId": HL_LOCATION, "properties": {"age": "old"}})
    answer = control.get("/violations", params={"tenant": token})
    assert answer.status == 200
    entries = answer.json()["requests"]
    assert [e["response"]["status"] for e in entries] == [422, 422]
    assert entries[0]["violations"] == [
        {
            "location": "body",
            "pointer": "/owner",
            "kind": "max_items",
            "message": "['a', 'b'] is too long",
            "expected": 1,
            "received": ["a", "b"],
        }
    ]
    [value_problem] = entries[1]["violations"]
    assert (value_problem["pointer"], value_problem["kind"], value_problem["expected"]) == (
        "/properties/age",
        "type",
        "number",
    )


def test_an_unknown_route_is_kept_with_the_nearest_operations(hl: MockClient, control: MockClient) -> None:
    hl.get(f"/objects/{PET}/record/{BUDDY}")  # "record", not "records"
    [entry] = control.get("/requests", params={"path": f"/highlevel/objects/{PET}/record/", "limit": 1}).json()[
        "requests"
    ]
    assert entry["operationId"] is None
    assert entry["response"]["status"] == 404
    assert entry["violations"][0]["kind"] == "route_not_found"
    assert entry["nearMisses"][0] == "get-record-by-id"


def test_clearing_the_journal(hl: MockClient, control: MockClient, token: str) -> None:
    hl.get(f"/objects/{PET}/records/{BUDDY}")
    cleared = control.delete("/requests", params={"tenant": token})
    assert cleared.status == 200
    assert cleared.json()["cleared"] >= 1
    assert mine(control, token) == []


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"status": "ok"}, "status must be a number"),
        ({"since": "yesterday"}, "since must be an exchange id or an ISO 8601 time"),
        ({"limit": "0"}, "limit must be a whole number from 1 to 1000"),
    ],
)
def test_bad_filters_are_explained(control: MockClient, params: dict[str, str], message: str) -> None:
    answer = control.get("/requests", params=params)
    assert answer.status == 400
    assert answer.json() == {"error": message}


# -- bounds: in-process, each with its own server ------------------------------------

HEADERS = {"Authorization": "Bearer bounds", "Version": "2021-07-28"}


def test_the_journal_keeps_only_the_newest_entries() -> None:
    client = create_app(Settings(journal_size=3)).test_client()
    for _ in range(5):
        client.get(f"/highlevel/objects/{PET}/records/{BUDDY}", headers=HEADERS)
    body = client.get("/__mock__/requests").get_json()
    assert [entry["id"] for entry in body["requests"]] == [3, 4, 5]
    journal = {key: value for key, value in body["journal"].items() if key != "bytes"}
    assert journal == {"entries": 3, "capacity": 3, "byteBudget": 64 * 2**20, "bodyLimit": 65536, "oldestId": 3}


def test_ids_keep_counting_across_a_clear_and_the_oldest_kept_is_told() -> None:
    client = create_app(Settings(journal_size=10)).test_client()
    for _ in range(2):
        client.get(f"/highlevel/objects/{PET}/records/{BUDDY}", headers=HEADERS)
    assert client.get("/__mock__/requests").get_json()["journal"]["oldestId"] == 1
    client.delete("/__mock__/requests")
    assert client.get("/__mock__/requests").get_json()["journal"]["oldestId"] == 3  # empty: the next id
    client.get(f"/highlevel/objects/{PET}/records/{BUDDY}", headers=HEADERS)
    body = client.get("/__mock__/requests", query_string={"since": "2"}).get_json()
    assert [entry["id"] for entry in body["requests"]] == [3]
    assert body["journal"]["oldestId"] == 3


def test_a_journal_of_size_zero_keeps_nothing() -> None:
    client = create_app(Settings(journal_size=0)).test_client()
    client.get(f"/highlevel/objects/{PET}/records/{BUDDY}", headers=HEADERS)
    assert client.get("/__mock__/requests").get_json()["requests"] == []


def test_bodies_over_the_journal_limit_are_cut() -> None:
    client = create_app(Settings(journal_body_limit=40)).test_client()
    client.get(f"/highlevel/objects/{PET}/records/{BUDDY}", headers=HEADERS)
    [entry] = client.get("/__mock__/requests").get_json()["requests"]
    body = entry["response"]["body"]
    assert isinstance(body, str) and body.endswith(" [truncated]")
    assert len(body) == 40 + len(" [truncated]")
    assert json.loads(client.get("/__mock__/requests/count").data) == {"count": 1}


def test_since_also_takes_a_time(hl: MockClient, control: MockClient, token: str) -> None:
    hl.get(f"/objects/{PET}/records/{BUDDY}")
    [entry] = mine(control, token)
    assert len(mine(control, token, since=entry["time"])) == 1
    assert mine(control, token, since="2999-01-01T00:00:00Z") == []
