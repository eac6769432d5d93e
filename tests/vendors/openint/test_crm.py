"""Unified CRM: connection choice, records in the unified shape with the provider's
raw object, writes, batch reads, upserts, counts, paging, adapters."""

from __future__ import annotations

import base64
import json

from tests.support import MockClient, header
from tests.vendors.openint.expect import ACME_SF, HB_CONN, PD_CONN, SF_CONN, ZO_CONN, on, trpc

GLOBEX_HB = "18000000001"


def test_connection_choice_by_id_or_by_one_matching_filter(oi: MockClient) -> None:
    by_id = on(oi, SF_CONN).get("/unified/crm/account")
    assert header(by_id, "x-connection-id") == SF_CONN
    by_name = oi.get("/unified/crm/account", headers={"x-connection-connector-name": "hubspot"})
    assert header(by_name, "x-connection-id") == HB_CONN
    missing = oi.get("/unified/crm/account")
    assert missing.json() == trpc(
        400, "remoteConnectionId missing. Check your x-connection-* headers", "crm.listAccounts"
    )
    none_match = oi.get("/unified/crm/account", headers={"x-connection-customer-id": "cus_nobody"})
    assert none_match.json() == missing.json()
    several = oi.get("/unified/crm/account", headers={"x-connection-customer-id": "cus_acme"})
    assert several.status == 400
    assert several.json() == {
        "error_type": "INTERNAL_ERROR",
        "error_detail": 'TRPCError: Multiple connections found for filter: {"customerId":"cus_acme"}',
    }
    unknown = on(oi, "conn_salesforce_0000").get("/unified/crm/account")
    assert unknown.json() == trpc(404, "[db] connection: conn_salesforce_0000 not found", "crm.listAccounts")


def test_records_carry_the_providers_own_layout(oi: MockClient) -> None:
    sf = on(oi, SF_CONN).get(f"/unified/crm/account/{ACME_SF}").json()
    raw = sf["raw"]
    assert raw["attributes"]["type"] == "Account" and raw["Name"] == "Acme Corporation" and raw["Id"] == ACME_SF
    assert sf["record"]["raw_data"] == raw
    listed = on(oi, SF_CONN).get("/unified/crm/account").json()["items"]
    record = next(item for item in listed if item["id"] == ACME_SF)
    assert (record["name"], record["website"], record["lifecycle_stage"]) == (
        "Acme Corporation",
        "https://acme.example",
        "customer",
    )
    assert record["addresses"][0]["city"] == "Springfield"
    hubspot = on(oi, HB_CONN).get("/unified/crm/contact").json()["items"][0]["raw_data"]
    assert hubspot["properties"]["firstname"] == "Gina" and hubspot["archived"] is False
    pipedrive = on(oi, PD_CONN).get("/unified/crm/opportunity").json()["items"][0]["raw_data"]
    assert pipedrive["id"] == 301 and pipedrive["value"] == 3000


def test_every_list_is_a_cursor_envelope(oi: MockClient) -> None:
    client = on(oi, SF_CONN)
    for entity, count in (("account", 2), ("contact", 2), ("lead", 1), ("opportunity", 2), ("user", 1)):
        listed = client.get(f"/unified/crm/{entity}").json()
        assert (listed["has_next_page"], listed["next_cursor"], len(listed["items"])) == (False, None, count), entity
        assert client.get(f"/unified/crm/{entity}/_count").json() == {"count": count}
    first = client.get("/unified/crm/contact", params={"page_size": 1}).json()
    second = client.get("/unified/crm/contact", params={"page_size": 1, "cursor": first["next_cursor"]}).json()
    assert first["has_next_page"] is True and second["has_next_page"] is False
    assert first["items"][0]["id"] != second["items"][0]["id"]
    lead = client.get("/unified/crm/lead").json()["items"][0]
    assert lead["name"] == "Lena Lead" and lead["email_addresses"][0]["email_address"] == "lena@initech.example"


def test_a_forged_cursor_is_refused(oi: MockClient) -> None:
    """The cursor is base64 JSON of an offset; one that says a negative offset was not
    handed out by the mock (it used to page from the end of the list)."""
    client = on(oi, SF_CONN)
    for forged in ({"offset": -1}, {"offset": "x"}, {"page": 2}):
        cursor = base64.b64encode(json.dumps(forged).encode()).decode()
        answer = client.get("/unified/crm/contact", params={"cursor": cursor})
        assert answer.status == 400, forged
        assert answer.json() == trpc(400, "Invalid cursor", "crm.listContacts"), forged


def test_create_update_batch_read(oi: MockClient) -> None:
    client = on(oi, HB_CONN)
    created = client.post(
        "/unified/crm/account", json={"record": {"name": "Initech", "website": "https://initech.example"}}
    ).json()
    account = created["record"]
    assert account["id"].isdigit() and account["raw_data"]["properties"]["name"] == "Initech"
    updated = client.patch(f"/unified/crm/account/{account['id']}", json={"record": {"industry": "Software"}}).json()
    assert updated["record"]["industry"] == "Software" and updated["record"]["name"] == "Initech"
    contact = client.post(
        "/unified/crm/contact", json={"record": {"first_name": "Peter", "email": "peter@initech.example"}}
    ).json()
    assert contact["record"]["id"].isdigit()
    batch = client.post(
        "/unified/crm/account/_batch_read", json={"ids": [account["id"], "nope", GLOBEX_HB], "properties": ["name"]}
    )
    assert [r["id"] for r in batch.json()] == [account["id"], GLOBEX_HB]
    assert client.post("/unified/crm/account/_batch_read", json={"ids": []}).json()["issues"][0]["path"] == [
        "properties"
    ]
    assert client.post("/unified/crm/account", json={}).json()["issues"][0]["path"] == ["record"]


def test_upserts(oi: MockClient) -> None:
    client = on(oi, HB_CONN)
    matched = client.post(
        "/unified/crm/account/_upsert",
        json={"upsert_on": {"key": "domain", "values": ["globex.example"]}, "record": {"industry": "Aerospace"}},
    ).json()["record"]
    assert matched["id"] == GLOBEX_HB and matched["industry"] == "Aerospace"
    created = client.post(
        "/unified/crm/account/_upsert",
        json={
            "upsert_on": {"key": "website", "values": ["https://new.example"]},
            "record": {"name": "New", "website": "https://new.example"},
        },
    ).json()["record"]
    assert created["id"] != GLOBEX_HB
    contact = client.post(
        "/unified/crm/contact/_upsert",
        json={"upsert_on": {"key": "email", "values": ["GINA@globex.example"]}, "record": {"phone": "+1 555 9999"}},
    ).json()["record"]
    assert (contact["first_name"], contact["phone"]) == ("Gina", "+1 555 9999")
    wrong_key = client.post(
        "/unified/crm/contact/_upsert", json={"upsert_on": {"key": "domain", "values": []}, "record": {}}
    )
    assert wrong_key.json()["issues"][0]["code"] == "invalid_enum_value"


def test_notes(oi: MockClient) -> None:
    client = on(oi, HB_CONN)
    note = client.post(
        "/unified/crm/note", json={"record": {"content": "Follow up", "account_id": "18000000001"}}
    ).json()["record"]
    assert note["content"] == "Follow up" and note["raw_data"]["properties"]["hs_note_body"] == "Follow up"
    assert len(client.get("/unified/crm/note").json()["items"]) == 2


def test_adapters(oi: MockClient) -> None:
    no_adapter = on(oi, ZO_CONN).get("/unified/crm/account")
    assert no_adapter.json() == trpc(400, "Adapter zoho-crm not found", "crm.listAccounts")
    not_offered = on(oi, PD_CONN).post("/unified/crm/account/_batch_read", json={"ids": ["101"], "properties": []})
    assert not_offered.json() == trpc(
        501, "pipedrive provider does not implement crm.batchReadAccounts", "crm.batchReadAccounts"
    )
    assert on(oi, PD_CONN).get("/unified/crm/account").status == 200
