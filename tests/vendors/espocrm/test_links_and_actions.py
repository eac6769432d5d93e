"""Relationships, mass actions (current and EspoCRM 6 forms), lead conversion and
sending email."""

from __future__ import annotations

from typing import Any

import pytest

from mock_server.app import create_app
from mock_server.config import Settings
from tests.support import MockClient, header
from tests.vendors.espocrm.expect import ACME, GLOBEX, JANE, JOHN, LENA, refused, validation_failure


def ids(answer: Any) -> list[str]:
    assert answer.status == 200, header(answer, "X-Status-Reason")
    return [record["id"] for record in answer.json()["list"]]


# -- relationships -------------------------------------------------------------------------


def test_linking_is_seen_from_both_sides(espo: MockClient) -> None:
    assert ids(espo.get(f"/Account/{ACME}/contacts")) == [JOHN]
    assert espo.post(f"/Account/{ACME}/contacts", json={"id": JANE}).json() is True
    assert sorted(ids(espo.get(f"/Account/{ACME}/contacts"))) == sorted([JOHN, JANE])
    assert sorted(espo.get(f"/Contact/{JANE}").json()["accountsIds"]) == sorted([ACME, GLOBEX])
    assert espo.request("DELETE", f"/Contact/{JANE}/accounts", json={"ids": [ACME]}).json() is True
    assert ids(espo.get(f"/Account/{ACME}/contacts")) == [JOHN]


def test_one_to_many_and_children_links(espo: MockClient) -> None:
    deal = espo.post("/Opportunity", json={"name": "Extra", "amount": 1, "closeDate": "2027-01-01"}).json()
    assert espo.post(f"/Account/{GLOBEX}/opportunities", json={"ids": [deal["id"]]}).json() is True
    assert espo.get(f"/Opportunity/{deal['id']}").json()["accountId"] == GLOBEX
    task = espo.post("/Task", json={"name": "Follow up", "assignedUserId": "1"}).json()
    assert espo.post(f"/Account/{GLOBEX}/tasks", json={"id": task["id"]}).json() is True
    shown = espo.get(f"/Task/{task['id']}").json()
    assert (shown["parentType"], shown["parentId"], shown["parentName"]) == ("Account", GLOBEX, "Globex")
    assert ids(espo.get(f"/Account/{GLOBEX}/tasks")) == [task["id"]]


def test_link_lists_take_list_parameters(espo: MockClient) -> None:
    espo.post(f"/Account/{ACME}/contacts", json={"id": JANE})
    listed = espo.get(f"/Account/{ACME}/contacts", params={"orderBy": "lastName", "order": "asc", "select": "lastName"})
    assert [record["lastName"] for record in listed.json()["list"]] == ["Doe", "Smith"]
    assert espo.get(f"/Account/{ACME}/contacts", params={"maxSize": 500}).status == 403


def test_link_refusals(espo: MockClient) -> None:
    assert espo.post(f"/Account/{ACME}/contacts", json={}).json() is False
    assert espo.post(f"/Account/{ACME}/contacts", params={"id": JANE}).json() is False  # the id goes in the body
    refused(espo.get(f"/Account/{ACME}/nothing"), 404, "Link does not exist.")
    refused(espo.get("/Account/00000000000000000/contacts"), 404, None)
    refused(espo.post(f"/Account/{ACME}/contacts", json={"id": "00000000000000000"}), 404, None)
    refused(
        espo.post(f"/Account/{ACME}/assignedUser", json={"id": "1"}),
        403,
        "Only manyMany, hasMany & hasChildren relations are allowed.",
    )


# -- mass actions --------------------------------------------------------------------------


def test_mass_update_by_ids_and_by_where(espo: MockClient) -> None:
    answer = espo.post(
        "/MassAction",
        json={
            "entityType": "Account",
            "action": "update",
            "params": {"ids": [ACME, GLOBEX]},
            "data": {"values": {"industry": "Banking"}},
        },
    )
    assert answer.json() == {"count": 2, "ids": [ACME, GLOBEX]}
    assert espo.get(f"/Account/{GLOBEX}").json()["industry"] == "Banking"
    by_where = espo.post(
        "/MassAction",
        json={
            "entityType": "Account",
            "action": "update",
            "params": {"where": [{"type": "equals", "attribute": "name", "value": "Globex"}]},
            "data": {"type": "Reseller"},  # values without the "values" wrapper, as older clients send
        },
    )
    assert by_where.json() == {"count": 1, "ids": [GLOBEX]}
    assert espo.get(f"/Account/{GLOBEX}").json()["type"] == "Reseller"


def test_mass_delete_and_refusals(espo: MockClient) -> None:
    assert espo.post(
        "/MassAction", json={"entityType": "Contact", "action": "delete", "params": {"ids": [JOHN]}}
    ).json() == {"count": 1, "ids": [JOHN]}
    refused(espo.get(f"/Contact/{JOHN}"), 404, f"Record {JOHN} does not exist.")
    refused(espo.post("/MassAction", json={"entityType": "Contact", "action": "delete"}), 400, None)
    refused(
        espo.post("/MassAction", json={"entityType": "Contact", "action": "delete", "params": {}}),
        400,
        "Bad search params for mass action.",
    )


def test_espocrm_6_mass_paths_are_served_by_default(espo: MockClient) -> None:
    updated = espo.put("/Account/action/massUpdate", json={"attributes": {"industry": "Retail"}, "ids": [ACME]})
    assert updated.json() == {"count": 1, "ids": [ACME]}
    assert espo.get(f"/Account/{ACME}").json()["industry"] == "Retail"
    deleted = espo.post(
        "/Contact/action/massDelete", json={"where": [{"type": "equals", "attribute": "lastName", "value": "Doe"}]}
    )
    assert deleted.json() == {"count": 1, "ids": [JANE]}


def test_a_current_version_refuses_the_old_paths() -> None:
    client = create_app(Settings(espocrm_version="10", vendor=("espocrm",))).test_client()
    headers = {"X-Api-Key": "version-10"}
    old = client.put(
        "/espocrm/api/v1/Account/action/massUpdate", json={"attributes": {}, "ids": [ACME]}, headers=headers
    )
    assert (old.status_code, old.headers["X-Status-Reason"], old.data) == (
        404,
        "Action PUT 'massUpdate' does not exist in controller 'Account'.",
        b"",
    )
    old_delete = client.post("/espocrm/api/v1/Account/action/massDelete", json={"ids": [ACME]}, headers=headers)
    assert old_delete.headers["X-Status-Reason"] == "Action POST 'massDelete' does not exist in controller 'Account'."
    assert client.post(f"/espocrm/api/v1/Lead/{LENA}/action/convert", json={}, headers=headers).status_code == 404
    current = client.post(
        "/espocrm/api/v1/MassAction",
        json={"entityType": "Account", "action": "update", "params": {"ids": [ACME]}, "data": {"values": {}}},
        headers=headers,
    )
    assert current.get_json() == {"count": 1, "ids": [ACME]}


def test_espocrm_6_has_no_mass_action_controller() -> None:
    client = create_app(Settings(espocrm_version="6", vendor=("espocrm",))).test_client()
    answer = client.post("/espocrm/api/v1/MassAction", json={}, headers={"X-Api-Key": "version-6"})
    assert (answer.status_code, answer.headers["X-Status-Reason"]) == (404, "Controller 'MassAction' does not exist.")


# -- lead conversion -------------------------------------------------------------------------

CONVERSION = {
    "Account": {"name": "Initech"},
    "Contact": {"firstName": "Lena", "lastName": "Lead", "emailAddress": "lena@initech.example"},
    "Opportunity": {"name": "Initech deal", "amount": 5000, "closeDate": "2027-03-01"},
}


def test_convert_creates_links_and_marks_the_lead(espo: MockClient) -> None:
    answer = espo.post("/Lead/action/convert", json={"id": LENA, "records": CONVERSION})
    assert answer.status == 200
    lead = answer.json()
    assert lead["status"] == "Converted" and lead["convertedAt"]
    account = espo.get(f"/Account/{lead['createdAccountId']}").json()
    contact = espo.get(f"/Contact/{lead['createdContactId']}").json()
    deal = espo.get(f"/Opportunity/{lead['createdOpportunityId']}").json()
    assert account["name"] == "Initech" and lead["createdAccountName"] == "Initech"
    assert (contact["accountId"], contact["accountsIds"]) == (account["id"], [account["id"]])
    assert (deal["accountId"], deal["contactId"], deal["contactsIds"]) == (
        account["id"],
        contact["id"],
        [contact["id"]],
    )


def test_convert_checks_duplicates_then_validation_and_creates_nothing_on_failure(espo: MockClient) -> None:
    duplicate = espo.post(
        "/Lead/action/convert",
        json={"id": LENA, "records": {"Account": {"name": "Acme Corporation"}, **{"Contact": CONVERSION["Contact"]}}},
    )
    assert (duplicate.status, header(duplicate, "X-Status-Reason")) == (409, "duplicate")
    assert duplicate.json() == [{"id": ACME, "name": "Acme Corporation", "_entityType": "Account"}]
    invalid = espo.post(
        "/Lead/action/convert",
        json={"id": LENA, "records": {"Account": {"name": "Fresh"}, "Opportunity": {"name": "No amount"}}},
    )
    validation_failure(invalid, "Opportunity", "amount", "required")
    assert espo.get("/Account", params={"textFilter": "Fresh"}).json()["total"] == 0
    skipped = espo.post(
        "/Lead/action/convert",
        json={"id": LENA, "records": {"Account": {"name": "Acme Corporation"}}, "skipDuplicateCheck": True},
    )
    assert skipped.status == 200


def test_convert_refusals(espo: MockClient) -> None:
    refused(espo.post("/Lead/action/convert", json={"records": {}}), 400, None)
    refused(espo.post("/Lead/action/convert", json={"id": LENA, "records": "no"}), 400, None)
    refused(espo.post("/Lead/action/convert", json={"id": "00000000000000000", "records": {}}), 404, None)


def test_the_older_convert_path(espo: MockClient) -> None:
    answer = espo.post(f"/Lead/{LENA}/action/convert", json={"records": {"Account": {"name": "Old path Co"}}})
    assert answer.status == 200 and answer.json()["status"] == "Converted"


# -- email -------------------------------------------------------------------------------------


def test_sending_an_email_saves_it_as_sent_and_fills_the_outbox(
    espo: MockClient, control: MockClient, token: str
) -> None:
    answer = espo.post(
        "/Email",
        json={
            "status": "Sending",
            "from": "sam@example.com",
            "to": "john.smith@acme.example; ceo@acme.example",
            "subject": "Renewal",
            "body": "<p>Hello</p>",
            "isHtml": True,
            "parentType": "Account",
            "parentId": ACME,
        },
    )
    assert answer.status == 200
    sent = answer.json()
    assert (sent["status"], sent["name"], sent["subject"]) == ("Sent", "Renewal", "Renewal")
    assert sent["messageId"].startswith("<") and sent["dateSent"]
    assert sent["parentName"] == "Acme Corporation"
    [message] = control.get("/outbox", params={"vendor": "espocrm", "tenant": token}).json()["messages"]
    assert (message["to"], message["subject"], message["from"]) == (
        ["john.smith@acme.example", "ceo@acme.example"],
        "Renewal",
        "sam@example.com",
    )
    draft = espo.post("/Email", json={"status": "Draft", "from": "a@b.example", "to": "c@d.example", "name": "Later"})
    assert draft.json()["status"] == "Draft"
    assert len(control.get("/outbox", params={"vendor": "espocrm", "tenant": token}).json()["messages"]) == 1


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"status": "Sending", "from": "a@b.example", "subject": "No to"}, "to"),
        ({"status": "Sending", "to": "a@b.example", "subject": "No from"}, "from"),
        ({"status": "Sending", "from": "a@b.example", "to": "c@d.example"}, "name"),
    ],
)
def test_an_email_without_to_from_or_subject_is_refused(espo: MockClient, body: dict[str, Any], field: str) -> None:
    validation_failure(espo.post("/Email", json=body), "Email", field, "required")


def test_an_email_whose_to_holds_no_address(espo: MockClient) -> None:
    answer = espo.post("/Email", json={"status": "Sending", "from": "a@b.example", "to": " ; ", "subject": "x"})
    refused(answer, 400, "Empty To address.")
