"""Unified CRM metadata and custom object records, on HubSpot: of the adapters only
HubSpot's creates objects, properties and associations (docs/vendors/openint.md)."""

from __future__ import annotations

from typing import Any

import pytest

from tests.support import MockClient, header
from tests.vendors.openint.expect import HB_CONN, on

PROJECT: dict[str, Any] = {
    "name": "project",
    "description": "Projects we run",
    "labels": {"singular": "Project", "plural": "Projects"},
    "primary_field_id": "title",
    "fields": [
        {"id": "title", "label": "Title", "type": "text", "is_required": True},
        {"id": "budget", "label": "Budget", "type": "number"},
        {
            "id": "phase",
            "label": "Phase",
            "type": "picklist",
            "options": [{"label": "Plan", "value": "plan"}, {"label": "Build", "value": "build"}],
        },
        {
            "id": "tags",
            "label": "Tags",
            "type": "multipicklist",
            "options": [{"label": "A", "value": "a"}, {"label": "B", "value": "b"}],
        },
        {"id": "starts", "label": "Starts", "type": "date"},
        {"id": "active", "label": "Active", "type": "boolean", "default_value": True},
        {"id": "site", "label": "Site", "type": "textarea"},
    ],
}


@pytest.fixture
def sf(oi: MockClient) -> MockClient:
    """The HubSpot connection, with the project object made."""
    client = on(oi, HB_CONN)
    created = client.post("/unified/crm/metadata/objects", json=PROJECT).json()
    assert created["id"].isdigit() and created["name"] == "project"
    return client


def project_id(client: MockClient) -> str:
    return str(client.get("/unified/crm/metadata/objects", params={"type": "custom"}).json()[0]["id"])


def test_objects_and_properties(sf: MockClient, oi: MockClient) -> None:
    standard = sf.get("/unified/crm/metadata/objects", params={"type": "standard"}).json()
    assert {"id": "account", "name": "Account"} in standard
    assert sf.get("/unified/crm/metadata/objects", params={"type": "custom"}).json() == [
        {"id": project_id(sf), "name": "project"}
    ]
    properties = sf.get("/unified/crm/metadata/objects/project/properties").json()
    assert [p["id"] for p in properties] == ["title", "budget", "phase", "tags", "starts", "active", "site"]
    added = sf.post(
        f"/unified/crm/metadata/objects/2-{project_id(sf)}/properties",
        json={"id": "owner", "label": "Owner", "type": "text"},
    )
    assert added.json() == {"id": "owner", "label": "Owner", "type": "text"}
    assert (
        sf.post("/unified/crm/metadata/objects/project/properties", json={"id": "owner", "label": "Again"}).status
        == 409
    )
    on_account = sf.post(
        "/unified/crm/metadata/objects/account/properties", json={"id": "tier", "label": "Tier"}
    ).json()
    assert on_account["id"] == "tier"
    assert "tier" in [p["id"] for p in sf.get("/unified/crm/metadata/objects/account/properties").json()]
    assert sf.post("/unified/crm/metadata/objects", json=PROJECT).status == 409
    assert sf.get("/unified/crm/metadata/objects/nothing/properties").status == 404


def test_create_object_needs_the_documented_shape(sf: MockClient) -> None:
    answer = sf.post("/unified/crm/metadata/objects", json={**PROJECT, "name": "x", "fields": []})
    assert answer.status == 400 and answer.json()["issues"][0]["path"] == ["fields"]
    wrong_type = sf.post(
        "/unified/crm/metadata/objects",
        json={**PROJECT, "name": "y", "fields": [{"id": "a", "label": "A", "type": "colour"}]},
    )
    assert wrong_type.json()["issues"][0]["code"] == "invalid_enum_value"
    no_primary = sf.post("/unified/crm/metadata/objects", json={**PROJECT, "name": "z", "primary_field_id": "nope"})
    assert no_primary.status == 400


def test_records_are_checked_against_the_fields(sf: MockClient) -> None:
    good = {
        "title": "Apollo",
        "budget": 1.5e6,
        "phase": "plan",
        "tags": ["a", "b"],
        "starts": "2026-01-05",
        "site": "https://apollo.example",  # a textarea here: HubSpot takes no url fields
    }
    created = sf.post("/unified/crm/custom_objects/project", json={"record": good}).json()["record"]
    assert created["title"] == "Apollo" and created["active"] is True  # the default
    listed = sf.get(f"/unified/crm/custom_objects/2-{project_id(sf)}").json()
    assert listed["has_next_page"] is False and [r["id"] for r in listed["items"]] == [created["id"]]
    bad = sf.post(
        "/unified/crm/custom_objects/project",
        json={"record": {"budget": "lots", "phase": "ship", "starts": "soon", "colour": "red"}},
    )
    assert bad.status == 400
    assert [issue["message"] for issue in bad.json()["issues"]] == [
        "Title is required",
        "Budget must be a number",
        "Phase must be one of ['build', 'plan']",
        "Starts must be a date (YYYY-MM-DD)",
        "Unrecognized key: 'colour'",
    ]
    assert sf.get("/unified/crm/custom_objects/nothing").status == 404


@pytest.mark.parametrize(
    ("key", "value", "message"),
    [
        ("phase", ["plan"], "Phase must be one of ['build', 'plan']"),
        ("phase", {"plan": True}, "Phase must be one of ['build', 'plan']"),
        ("tags", [["a"], {"b": 1}], "Tags must be some of ['a', 'b']"),
    ],
)
def test_a_picklist_given_a_list_or_an_object_is_one_zod_issue(
    sf: MockClient, key: str, value: Any, message: str
) -> None:
    """A value that cannot be one of the options (it used to be looked up in a set of
    them: a list or an object crashed with 500) is refused like any other wrong option."""
    answer = sf.post("/unified/crm/custom_objects/project", json={"record": {"title": "T", key: value}})
    assert (answer.status, header(answer, "Content-Type")) == (400, "application/json")
    assert answer.json() == {
        "message": "Input validation failed",
        "code": "BAD_REQUEST",
        "data": {"code": "BAD_REQUEST", "httpStatus": 400, "path": "crm.createCustomObjectRecord"},
        "issues": [{"code": "custom", "message": message, "path": ["record", key]}],
    }


def test_associations(sf: MockClient) -> None:
    answer = sf.post(
        "/unified/crm/metadata/associations",
        json={
            "source_object": "project",
            "target_object": "account",
            "suggested_key_name": "client",
            "display_name": "Client",
        },
    ).json()
    assert answer == {
        "association_schema": {
            "id": "project_account_client",
            "source_object": "project",
            "target_object": "account",
            "display_name": "Client",
        }
    }
    unknown = sf.post(
        "/unified/crm/metadata/associations",
        json={"source_object": "nothing", "target_object": "account", "suggested_key_name": "k", "display_name": "K"},
    )
    assert unknown.status == 404
