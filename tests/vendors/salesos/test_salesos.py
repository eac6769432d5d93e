"""SalesOS custom objects: every operation, its refusals, and the guessed behaviour
behind each switch."""

from __future__ import annotations

import re
from typing import Any

import pytest

from mock_server.app import create_app
from mock_server.config import Settings
from tests.conftest import jwt
from tests.support import MockClient, Transport, header

OBJECTS = "/v1/custom-objects"
ASSET = "cm5asset00000000000000001"
VENDOR = "cm5vendor0000000000000001"
LAPTOP = "cm5record0000000000000a01"
DELL = "cm5record0000000000000v01"
CUID = re.compile(r"c[0-9a-z]{24}")
ISO = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z")


def nest(status: int, message: Any, error: str) -> dict[str, Any]:
    return {"statusCode": status, "message": message, "error": error}


def test_auth(transport: Transport, so: MockClient) -> None:
    assert so.get(OBJECTS).status == 200
    for headers in ({"Authorization": None}, {"Authorization": "Bearer not-a-jwt"}, {"Authorization": "Basic abc"}):
        answer = so.get(OBJECTS, headers=headers)
        assert (answer.status, answer.json()) == (401, {"statusCode": 401, "message": "Unauthorized"})
    by_key = MockClient(transport, "/salesos", {"X-API-Key": "server-key"})
    assert by_key.get(f"{OBJECTS}/{ASSET}").status == 200


def test_each_subject_is_a_tenant(transport: Transport) -> None:
    first = MockClient(transport, "/salesos", {"Authorization": f"Bearer {jwt('iso-1')}"})
    second = MockClient(transport, "/salesos", {"Authorization": f"Bearer {jwt('iso-2')}"})
    assert first.delete(f"{OBJECTS}/{ASSET}").json() == {"success": True}
    assert first.get(f"{OBJECTS}/{ASSET}").status == 404
    assert second.get(f"{OBJECTS}/{ASSET}").status == 200


def test_list_defaults_and_pages(so: MockClient) -> None:
    listed = so.get(OBJECTS).json()
    assert (listed["total"], listed["page"], listed["limit"], listed["totalPages"]) == (2, 1, 20, 1)
    assert [obj["apiName"] for obj in listed["data"]] == ["asset", "vendor"]  # oldest first, then by id
    second = so.get(OBJECTS, params={"page": "2", "limit": "1"}).json()
    assert [obj["apiName"] for obj in second["data"]] == ["vendor"] and second["totalPages"] == 2
    for params, message in (
        ({"page": "abc"}, "page must be a whole number of at least 1"),
        ({"page": "0"}, "page must be a whole number of at least 1"),
        ({"limit": "101"}, "limit must be a whole number between 1 and 100"),
    ):
        answer = so.get(OBJECTS, params=params)
        assert (answer.status, answer.json()) == (400, nest(400, [message], "Bad Request"))


def test_create_get_update_delete_an_object(so: MockClient) -> None:
    created = so.post(
        OBJECTS,
        json={
            "name": "Project Plan",
            "description": "Plans",
            "settings": {"trackHistory": True},
            "fields": [{"label": "Code", "fieldType": "TEXT", "isUnique": True}],
        },
    )
    assert created.status == 201
    obj = created.json()
    assert CUID.fullmatch(obj["id"]) and ISO.fullmatch(obj["createdAt"])
    assert (obj["apiName"], obj["pluralName"], obj["settings"]["trackHistory"]) == (
        "project_plan",
        "Project Plans",
        True,
    )
    assert [(f["apiName"], f["fieldType"], f["isUnique"]) for f in obj["fields"]] == [("code", "TEXT", True)]
    assert so.get(f"{OBJECTS}/project_plan").json() == obj  # by API name too
    updated = so.patch(f"{OBJECTS}/{obj['id']}", json={"icon": "folder", "settings": {"enableNotes": True}}).json()
    assert (updated["icon"], updated["settings"]["enableNotes"], updated["settings"]["trackHistory"]) == (
        "folder",
        True,
        True,
    )
    assert so.delete(f"{OBJECTS}/{obj['id']}").json() == {"success": True}
    missing = so.get(f"{OBJECTS}/{obj['id']}")
    assert (missing.status, missing.json()) == (404, nest(404, f"Custom object {obj['id']} not found", "Not Found"))


@pytest.mark.parametrize(
    ("body", "messages"),
    [
        ({}, ["name should not be empty", "name must be a string"]),
        ({"name": 5}, ["name must be a string"]),
        ({"name": "X", "colour": "red"}, ["property colour should not exist"]),
        (
            {"name": "X", "fields": [{"label": "A", "fieldType": "BLOB"}]},
            [
                "fields.0.fieldType must be one of the following values: TEXT, TEXTAREA, NUMBER, CURRENCY, DATE, "
                "DATETIME, CHECKBOX, PICKLIST, MULTI_PICKLIST, EMAIL, PHONE, URL, LOOKUP"
            ],
        ),
    ],
)
def test_bad_object_definitions(so: MockClient, body: dict[str, Any], messages: list[str]) -> None:
    answer = so.post(OBJECTS, json=body)
    assert (answer.status, answer.json()) == (400, nest(400, messages, "Bad Request"))


def test_a_duplicate_api_name_is_409(so: MockClient) -> None:
    answer = so.post(OBJECTS, json={"name": "Asset"})
    assert (answer.status, answer.json()) == (
        409,
        nest(409, "Custom object with API name 'asset' already exists", "Conflict"),
    )


def test_fields(so: MockClient) -> None:
    added = so.post(
        f"{OBJECTS}/{ASSET}/fields", json={"label": "Warranty ends", "fieldType": "DATE", "isRequired": False}
    )
    assert added.status == 201 and added.json()["apiName"] == "warranty_ends"
    again = so.post(f"{OBJECTS}/{ASSET}/fields", json={"label": "Warranty ends", "fieldType": "TEXT"})
    assert (again.status, again.json()["message"]) == (409, "Field with API name 'warranty_ends' already exists")
    no_values = so.post(f"{OBJECTS}/{ASSET}/fields", json={"label": "Colour", "fieldType": "PICKLIST"})
    assert no_values.json() == nest(400, ["picklistValues should not be empty"], "Bad Request")
    bad_lookup = so.post(
        f"{OBJECTS}/{ASSET}/fields", json={"label": "Site", "fieldType": "LOOKUP", "lookupObjectId": "nope"}
    )
    assert bad_lookup.json() == nest(400, ["lookupObjectId must be the id of an existing custom object"], "Bad Request")
    field_id = added.json()["id"]
    renamed = so.patch(f"{OBJECTS}/{ASSET}/fields/{field_id}", json={"label": "Warranty", "isRequired": True}).json()
    assert (renamed["label"], renamed["isRequired"], renamed["apiName"]) == ("Warranty", True, "warranty_ends")
    fixed = so.patch(f"{OBJECTS}/{ASSET}/fields/{field_id}", json={"fieldType": "TEXT"})
    assert fixed.json() == nest(400, ["property fieldType should not exist"], "Bad Request")
    assert so.delete(f"{OBJECTS}/{ASSET}/fields/serial").json() == {"success": True}
    records = so.get(f"{OBJECTS}/{ASSET}/records").json()["data"]
    assert "serial" not in records[0]["data"]
    assert so.delete(f"{OBJECTS}/{ASSET}/fields/serial").status == 404


def test_records_validated_against_fields(so: MockClient) -> None:
    good = {
        "asset_name": "Monitor",
        "serial": "SN-9",
        "notes": "two\nlines",
        "price": 199.99,
        "bought_on": "2025-02-28",
        "checked_at": "2026-01-05T10:00:00.000Z",
        "in_use": True,
        "status": "Retired",
        "tags": ["IT", "Remote"],
        "owner_email": "ops@example.com",
        "owner_phone": "+1 555 0100",
        "manual": "https://example.com/manual.pdf",
        "vendor": DELL,
    }
    created = so.post(f"{OBJECTS}/{ASSET}/records", json={"data": good})
    assert created.status == 201
    record = created.json()
    assert record["data"] == {**good, "units": 1}  # the default
    assert record["objectId"] == ASSET and CUID.fullmatch(record["id"])
    bad = so.post(
        f"{OBJECTS}/{ASSET}/records",
        json={
            "data": {
                "units": "many",
                "bought_on": "2025-02-30",
                "in_use": "yes",
                "status": "Broken",
                "tags": ["IT", "Space"],
                "owner_email": "nobody",
                "owner_phone": "call me",
                "manual": "ftp://x",
                "vendor": "nope",
                "colour": "red",
            }
        },
    )
    assert bad.status == 400
    assert bad.json()["message"] == [
        "property colour should not exist",
        "asset_name should not be empty",
        "units must be a number conforming to the specified constraints",
        "bought_on must be a valid ISO 8601 date string",
        "in_use must be a boolean value",
        "status must be one of the following values: Active, Retired, Lost",
        "each value in tags must be one of the following values: IT, Office, Remote",
        "owner_email must be an email",
        "owner_phone must be a valid phone number",
        "manual must be a URL address",
        "vendor must be the id of an existing record",
    ]
    duplicate = so.post(f"{OBJECTS}/{ASSET}/records", json={"data": {"asset_name": "Copy", "serial": "SN-001"}})
    assert (duplicate.status, duplicate.json()) == (
        409,
        nest(409, "A record with serial 'SN-001' already exists", "Conflict"),
    )
    no_data = so.post(f"{OBJECTS}/{ASSET}/records", json={})
    assert no_data.json() == nest(400, ["data should not be empty", "data must be an object"], "Bad Request")


def test_update_and_delete_records(so: MockClient) -> None:
    updated = so.patch(f"{OBJECTS}/{ASSET}/records/{LAPTOP}", json={"data": {"status": "Lost", "notes": "gone"}}).json()
    assert updated["data"]["status"] == "Lost" and updated["data"]["asset_name"] == "Laptop 1"
    cleared = so.patch(f"{OBJECTS}/{ASSET}/records/{LAPTOP}", json={"data": {"asset_name": None}})
    assert cleared.json() == nest(400, ["asset_name should not be empty"], "Bad Request")
    assert (
        so.patch(f"{OBJECTS}/{ASSET}/records/{LAPTOP}", json={"data": {"serial": "SN-001"}}).status == 200
    )  # its own value
    assert so.delete(f"{OBJECTS}/{ASSET}/records/{LAPTOP}").json() == {"success": True}
    gone = so.patch(f"{OBJECTS}/{ASSET}/records/{LAPTOP}", json={"data": {}})
    assert (gone.status, gone.json()) == (404, nest(404, f"Record {LAPTOP} not found", "Not Found"))


def test_stats_and_deleting_an_object_with_its_records(so: MockClient) -> None:
    stats = so.get(f"{OBJECTS}/stats").json()
    assert (stats["totalObjects"], stats["totalFields"], stats["totalRecords"]) == (2, 15, 2)
    so.delete(f"{OBJECTS}/{ASSET}")
    after = so.get(f"{OBJECTS}/stats").json()
    assert (after["totalObjects"], after["totalFields"], after["totalRecords"]) == (1, 1, 1)
    assert so.get(f"{OBJECTS}/{ASSET}/records").status == 404


def test_unknown_routes_and_bad_json(so: MockClient) -> None:
    answer = so.get("/v1/nothing")
    assert answer.json() == nest(404, "Cannot GET /v1/nothing", "Not Found")
    broken = so.post(OBJECTS, data='{"name": ', headers={"Content-Type": "application/json"})
    assert broken.json() == {"statusCode": 400, "message": "Unexpected end of JSON input", "error": "Bad Request"}


def test_rate_limit_headers(so: MockClient) -> None:
    answer = so.get(OBJECTS)
    assert (header(answer, "X-RateLimit-Limit"), header(answer, "X-RateLimit-Remaining")) == ("100", "99")
    assert int(header(answer, "X-RateLimit-Reset") or 0) > 1_000_000_000  # a Unix timestamp (test_fidelity.py)


# -- the switches --------------------------------------------------------------------------------


def client(**options: str) -> Any:
    chosen = tuple(f"salesos.{name}={value}" for name, value in options.items())
    return create_app(Settings(vendor=("salesos",), vendor_options=chosen, strict=True)).test_client()


HEADERS = {"Authorization": f"Bearer {jwt('switches')}"}


def test_the_older_error_filter_shape() -> None:
    answer = client(error_shape="filter").get(f"/salesos{OBJECTS}/nope", headers=HEADERS)
    body = answer.get_json()
    assert answer.status_code == 404 and set(body) == {"statusCode", "timestamp", "path", "message"}
    assert (body["path"], body["message"]) == (f"{OBJECTS}/nope", "Custom object nope not found")
    assert ISO.fullmatch(body["timestamp"])


def test_a_bare_array_with_x_total_count() -> None:
    answer = client(list_envelope="array").get(f"/salesos{OBJECTS}?limit=1", headers=HEADERS)
    assert len(answer.get_json()) == 1 and answer.headers["X-Total-Count"] == "2"


def test_uuid_ids_and_204_deletes() -> None:
    app = client(id_format="uuid", delete_status="204")
    created = app.post(f"/salesos{OBJECTS}", json={"name": "Thing"}, headers=HEADERS).get_json()
    assert re.fullmatch(r"[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}", created["id"])
    deleted = app.delete(f"/salesos{OBJECTS}/{created['id']}", headers=HEADERS)
    assert (deleted.status_code, deleted.data) == (204, b"")


def test_an_unknown_switch_or_value_is_refused() -> None:
    with pytest.raises(ValueError, match="salesos has no option 'colour'"):
        client(colour="red")
    with pytest.raises(ValueError, match=r"salesos\.error_shape must be one of nest, filter"):
        client(error_shape="xml")
