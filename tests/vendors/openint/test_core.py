"""Core: customers, connector configs, connections, pipelines, events."""

from __future__ import annotations

import re

from tests.support import MockClient
from tests.vendors.openint.expect import HB_CCFG, SF_CCFG, SF_CONN, org_of, trpc

ISO = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z")


def test_upsert_customer_echoes(oi: MockClient) -> None:
    answer = oi.put("/core/customer/cus_1", json={"metadata": {"plan": "pro"}})
    assert answer.json() == {"id": "cus_1", "orgId": org_of(oi), "metadata": {"plan": "pro"}}


def test_connector_configs(oi: MockClient) -> None:
    listed = oi.get("/core/connector_config").json()
    assert [c["connectorName"] for c in listed] == ["salesforce", "hubspot", "pipedrive", "zoho-crm"]
    assert all(c["orgId"] == org_of(oi) for c in listed)
    created = oi.post(
        "/core/connector_config", json={"orgId": org_of(oi), "connectorName": "attio", "displayName": "Attio"}
    ).json()
    assert created["id"].startswith("ccfg_attio_") and created["displayName"] == "Attio"
    assert oi.get(f"/core/connector_config/{created['id']}").json() == created
    updated = oi.patch(f"/core/connector_config/{created['id']}", json={"disabled": True}).json()
    assert updated["disabled"] is True
    deleted = oi.delete(f"/core/connector_config/{created['id']}")
    assert (deleted.status, deleted.text) == (200, "")
    missing = oi.get(f"/core/connector_config/{created['id']}")
    assert missing.json() == trpc(404, f"[db] connector_config: {created['id']} not found", "adminGetConnectorConfig")


def test_connector_config_infos(oi: MockClient) -> None:
    infos = oi.get("/core/connector_config_info").json()
    by_name = {info["connectorName"]: info for info in infos}
    assert by_name["salesforce"]["verticals"] == ["crm"] and by_name["zoho-crm"]["verticals"] == []
    assert [i["id"] for i in oi.get("/core/connector_config_info", params={"connectorName": "hubspot"}).json()] == [
        HB_CCFG
    ]


def test_connections_list_filters_and_pages(oi: MockClient) -> None:
    everything = oi.get("/core/connection").json()
    assert len(everything) == 4 and all(ISO.fullmatch(c["createdAt"]) for c in everything)
    assert [c["id"] for c in oi.get("/core/connection", params={"customerId": "cus_acme"}).json()] == [
        SF_CONN,
        "conn_pipedrive_01JNCN0000000000000000PD01",
    ]
    assert len(oi.get("/core/connection", params={"connectorName": "hubspot"}).json()) == 1
    assert [c["id"] for c in oi.get("/core/connection", params={"limit": 1, "offset": 1}).json()] == [
        everything[1]["id"]
    ]
    expanded = oi.get("/core/connection", params={"expand": "integration.connector", "limit": 1}).json()[0]
    assert expanded["connector"]["name"] == "Salesforce" and expanded["integration"] is None
    bad = oi.get("/core/connection", params={"expand": "everything"})
    assert bad.json() == trpc(400, "Invalid expand options", "listConnection")


def test_create_get_update_delete_a_connection(oi: MockClient) -> None:
    created = oi.post(
        "/core/connection", json={"connectorConfigId": SF_CCFG, "customerId": "cus_new", "metadata": {"a": 1, "b": 2}}
    )
    connection_id = created.json()
    assert re.fullmatch(r"conn_salesforce_[0-9A-HJKMNP-TV-Z]{26}", connection_id)
    shown = oi.get(f"/core/connection/{connection_id}").json()
    assert shown["connector_config"] == {"id": SF_CCFG, "orgId": org_of(oi), "connectorName": "salesforce"}
    assert shown["customerId"] == "cus_new"
    merged = oi.patch(
        f"/core/connection/{connection_id}", json={"metadata": {"b": 3, "c": 4}, "displayName": "New"}
    ).json()
    assert merged["metadata"] == {"a": 1, "b": 3, "c": 4} and merged["displayName"] == "New"
    accounts = oi.get("/unified/crm/account", headers={"x-connection-id": connection_id}).json()
    assert len(accounts["items"]) == 2  # a new connection has its connector's data
    assert oi.post(f"/core/connection/{connection_id}/_check", json={}).json()["status"] == "healthy"
    assert (
        oi.post(f"/core/connection/{connection_id}/_sync", json={"async": True})
        .json()["connection_requested_event_id"]
        .startswith("evt_")
    )
    assert oi.delete(f"/core/connection/{connection_id}").json() == {}
    gone = oi.get(f"/core/connection/{connection_id}")
    assert gone.json() == trpc(404, f"[db] connection: {connection_id} not found", "getConnection")
    missing_config = oi.post("/core/connection", json={"connectorConfigId": "ccfg_x_1"})
    assert missing_config.json() == trpc(404, "[db] connector_config: ccfg_x_1 not found", "createConnection")


def test_pipelines(oi: MockClient) -> None:
    created = oi.post("/core/pipeline", json={"id": "pipe_1", "sourceId": SF_CONN, "metadata": {"k": "v"}}).json()
    assert created["id"] == "pipe_1" and created["sourceId"] == SF_CONN
    again = oi.post("/core/pipeline", json={"id": "pipe_1", "disabled": True}).json()
    assert again["createdAt"] == created["createdAt"] and again["disabled"] is True  # an upsert
    assert [p["id"] for p in oi.get("/core/pipeline", params={"connectionIds": SF_CONN}).json()] == ["pipe_1"]
    assert oi.patch("/core/pipeline/pipe_1", json={"streams": {"account": {"disabled": False}}}).json()["streams"]
    assert oi.post("/core/pipeline/pipe_1/_sync", json={}).json() == {}
    assert oi.delete("/core/pipeline/pipe_1").json() is True
    assert oi.delete("/core/pipeline/pipe_1").json() == trpc(404, "[db] pipeline: pipe_1 not found", "deletePipeline")
    assert oi.post("/core/pipeline", json={}).json()["issues"][0]["path"] == ["id"]


def test_events_since_and_paged(oi: MockClient) -> None:
    for _ in range(3):
        oi.post(f"/core/connection/{SF_CONN}/_sync", json={"async": True})
    page = oi.get("/core/events", params={"since": 0, "page_size": 2}).json()
    assert page["has_next_page"] is True and len(page["items"]) == 2
    rest = oi.get("/core/events", params={"since": 0, "page_size": 2, "cursor": page["next_cursor"]}).json()
    assert rest["has_next_page"] is False and len(rest["items"]) == 1
    assert {item["name"] for item in page["items"]} == {"sync/connection-requested"}
    assert oi.get("/core/events", params={"since": 4102444800000}).json() == {
        "next_cursor": None,
        "has_next_page": False,
        "items": [],
    }
    required = oi.get("/core/events")
    assert required.json()["issues"] == [
        {
            "code": "invalid_type",
            "expected": "number",
            "received": "undefined",
            "path": ["since"],
            "message": "Required",
        }
    ]
