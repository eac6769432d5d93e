"""Records: create (200, whole record), read, update (PUT = PATCH), delete (true),
field expansion, input filtering, validation and duplicate checks."""

from __future__ import annotations

from typing import Any

import pytest

from tests.support import MockClient, header
from tests.vendors.espocrm.expect import (
    ACME,
    ADMIN,
    DATETIME,
    JOHN,
    RECORD_ID,
    SALES_TEAM,
    SAM,
    refused,
    validation_failure,
)


def test_create_answers_200_with_every_attribute_expanded(espo: MockClient) -> None:
    answer = espo.post(
        "/Contact",
        json={
            "salutationName": "Ms.",
            "firstName": "Grace",
            "lastName": "Hopper",
            "emailAddress": "grace@navy.example",
            "phoneNumber": "+1 555 0199",
            "accountId": ACME,
            "assignedUserId": SAM,
            "teamsIds": [SALES_TEAM],
            "addressCity": "Arlington",
        },
    )
    assert answer.status == 200
    contact = answer.json()
    assert RECORD_ID.fullmatch(contact["id"]) and DATETIME.fullmatch(contact["createdAt"])
    assert contact["name"] == "Grace Hopper"
    assert (contact["accountId"], contact["accountName"]) == (ACME, "Acme Corporation")
    assert (contact["assignedUserId"], contact["assignedUserName"]) == (SAM, "Sam Seller")
    assert (contact["teamsIds"], contact["teamsNames"]) == ([SALES_TEAM], {SALES_TEAM: "Sales"})
    assert contact["emailAddressData"] == [
        {
            "emailAddress": "grace@navy.example",
            "primary": True,
            "lower": "grace@navy.example",
            "optOut": False,
            "invalid": False,
        }
    ]
    assert (contact["emailAddressIsOptedOut"], contact["emailAddressIsInvalid"]) == (False, False)
    assert contact["phoneNumberData"][0]["phoneNumber"] == "+1 555 0199"
    assert contact["addressCity"] == "Arlington" and contact["addressStreet"] is None
    assert (contact["createdById"], contact["createdByName"]) == (ADMIN, "Ada Admin")
    assert contact["deleted"] is False
    assert espo.get(f"/Contact/{contact['id']}").json() == contact


def test_read_only_and_unknown_attributes_are_dropped_silently(espo: MockClient) -> None:
    created = espo.post(
        "/Account",
        json={
            "name": "Quiet Co",
            "id": "ffffffffffffffff0",
            "createdAt": "2000-01-01 00:00:00",
            "createdById": "someone",
            "madeUp": 1,
            "assignedUserName": "Not stored",
        },
    ).json()
    assert created["id"] != "ffffffffffffffff0" and created["createdAt"] != "2000-01-01 00:00:00"
    assert created["createdById"] == ADMIN and "madeUp" not in created
    assert created["assignedUserName"] is None


def test_currency_and_defaults(espo: MockClient) -> None:
    deal = espo.post("/Opportunity", json={"name": "Big deal", "amount": 1500.5, "closeDate": "2027-01-31"}).json()
    assert (deal["amount"], deal["amountCurrency"], deal["stage"]) == (1500.5, "USD", "Prospecting")
    assert deal["amountConverted"] == 1500.5


@pytest.mark.parametrize(
    ("entity", "body", "field", "kind"),
    [
        ("Account", {}, "name", "required"),
        ("Account", {"name": ""}, "name", "required"),
        ("Account", {"name": "x" * 250}, "name", "maxLength"),
        ("Account", {"name": "A", "type": "Enemy"}, "type", "valid"),
        ("Account", {"name": "A", "emailAddress": "not-an-email"}, "emailAddress", "emailAddress"),
        ("Account", {"name": "A", "phoneNumber": "call me"}, "phoneNumber", "valid"),
        ("Contact", {"firstName": "No last name"}, "lastName", "required"),
        ("Opportunity", {"name": "Deal", "closeDate": "2027-01-01"}, "amount", "required"),
        ("Opportunity", {"name": "Deal", "amount": "lots", "closeDate": "2027-01-01"}, "amount", "valid"),
        ("Opportunity", {"name": "Deal", "amount": -5, "closeDate": "2027-01-01"}, "amount", "min"),
        ("Opportunity", {"name": "Deal", "amount": 5, "closeDate": "2027-02-30"}, "closeDate", "valid"),
        (
            "Opportunity",
            {"name": "Deal", "amount": 5, "closeDate": "2027-01-01", "probability": "x"},
            "probability",
            "valid",
        ),
        ("Meeting", {"name": "Sync", "dateStart": "2027-01-01 10:00:00", "dateEnd": "soon"}, "dateEnd", "valid"),
        ("Task", {"name": "Call back"}, "assignedUser", "required"),
        ("CMyEntity", {"description": "no name"}, "name", "required"),
    ],
)
def test_field_validation_failures(espo: MockClient, entity: str, body: dict[str, Any], field: str, kind: str) -> None:
    validation_failure(
        espo.post(f"/{entity}", json=body, headers={"X-Skip-Duplicate-Check": "true"}), entity, field, kind
    )


def test_a_custom_entity_declared_in_fixtures(espo: MockClient) -> None:
    created = espo.post("/CMyEntity", json={"name": "Thing", "description": "custom"}).json()
    assert (created["name"], created["description"], created["teamsIds"]) == ("Thing", "custom", [])
    listed = espo.get("/CMyEntity").json()
    assert listed["total"] == 2 and listed["list"][0]["id"] == created["id"]  # createdAt desc


def test_duplicates_are_409_with_the_duplicates_as_the_body(espo: MockClient) -> None:
    answer = espo.post("/Account", json={"name": "Somebody", "emailAddress": "INFO@acme.example"})
    assert (answer.status, header(answer, "X-Status-Reason")) == (409, "duplicate")
    [duplicate] = answer.json()
    assert (duplicate["id"], duplicate["name"]) == (ACME, "Acme Corporation")
    by_name = espo.post("/Contact", json={"firstName": "John", "lastName": "Smith"})
    assert by_name.status == 409 and [d["id"] for d in by_name.json()] == [JOHN]
    lead_like = espo.post("/Lead", json={"firstName": "Lena", "lastName": "Lead"})
    assert lead_like.status == 409
    other_first_name = espo.post("/Contact", json={"firstName": "Johnny", "lastName": "Smith"})
    assert other_first_name.status == 200


def test_the_duplicate_check_can_be_skipped(espo: MockClient) -> None:
    body = {"name": "Acme Corporation"}
    assert espo.post("/Account", json=body, headers={"X-Skip-Duplicate-Check": "true"}).status == 200
    assert espo.post("/Account", json={**body, "_skipDuplicateCheck": True}).status == 200
    header_wins = espo.post(
        "/Account", json={**body, "_skipDuplicateCheck": True}, headers={"X-Skip-Duplicate-Check": "false"}
    )
    assert header_wins.status == 409


def test_update_is_partial_and_validates_only_what_it_sends(espo: MockClient) -> None:
    for method in ("PUT", "PATCH"):
        answer = espo.request(method, f"/Account/{ACME}", json={"website": f"https://{method.lower()}.example"})
        assert answer.status == 200
        record = answer.json()
        assert record["website"] == f"https://{method.lower()}.example" and record["name"] == "Acme Corporation"
        assert header(answer, "X-Record-Link-Updated") is None
    validation_failure(espo.patch(f"/Account/{ACME}", json={"name": ""}), "Account", "name", "required")
    linked = espo.patch(f"/Account/{ACME}", json={"assignedUserId": ADMIN})
    assert header(linked, "X-Record-Link-Updated") == "true"
    assert linked.json()["assignedUserName"] == "Ada Admin"


def test_email_addresses_can_be_given_as_data(espo: MockClient) -> None:
    record = espo.patch(
        f"/Contact/{JOHN}",
        json={
            "emailAddressData": [
                {"emailAddress": "john@work.example", "primary": False},
                {"emailAddress": "john@home.example", "primary": True, "optOut": True},
            ]
        },
    ).json()
    assert record["emailAddress"] == "john@home.example"
    assert record["emailAddressIsOptedOut"] is True
    assert [item["emailAddress"] for item in record["emailAddressData"]] == ["john@work.example", "john@home.example"]


def test_delete_answers_true_and_the_record_is_gone(espo: MockClient) -> None:
    answer = espo.delete(f"/Contact/{JOHN}")
    assert (answer.status, answer.text) == (200, "true")
    refused(espo.get(f"/Contact/{JOHN}"), 404, f"Record {JOHN} does not exist.")
    assert (
        JOHN not in espo.get(f"/Account/{ACME}").json()["contactsIds"]
        if "contactsIds" in espo.get(f"/Account/{ACME}").json()
        else True
    )
    listed = espo.get(f"/Account/{ACME}/contacts").json()
    assert listed == {"total": 0, "list": []}
