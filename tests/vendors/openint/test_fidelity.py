"""OpenInt answers corrected from OpenInt's own source (issue 17): which adapter
implements which unified CRM operation, provider errors, HubSpot's object checks,
page sizes, and events.  Source: github.com/openintegrations/openint at commit
31e88320bb80c1d51b0a99868851af137a17ceef (the last v0 API), paths as named."""

from __future__ import annotations

from typing import Any

import pytest

from mock_server.core.fixtures import load_fixtures
from mock_server.runtime import bundled_fixtures_dir
from mock_server.vendors.openint.capabilities import crm_page_size, implemented
from tests.support import MockClient
from tests.vendors.openint.expect import ACME_SF, HB_CONN, PD_CONN, SF_CONN, on, trpc

HUBSPOT_MISSING = ["listLeads", "getLead", "getAccount", "getContact", "getOpportunity", "getUser", "countEntity"]
# One request per unified CRM operation (path, method, body).
CALLS: dict[str, tuple[str, str, Any]] = {
    "countEntity": ("GET", "/unified/crm/account/_count", None),
    "listAccounts": ("GET", "/unified/crm/account", None),
    "getAccount": ("GET", "/unified/crm/account/1", None),
    "createAccount": ("POST", "/unified/crm/account", {"record": {"name": "A"}}),
    "updateAccount": ("PATCH", "/unified/crm/account/1", {"record": {"name": "A"}}),
    "batchReadAccounts": ("POST", "/unified/crm/account/_batch_read", {"ids": [], "properties": []}),
    "upsertAccount": (
        "POST",
        "/unified/crm/account/_upsert",
        {"upsert_on": {"key": "domain", "values": ["a.b"]}, "record": {}},
    ),
    "listContacts": ("GET", "/unified/crm/contact", None),
    "getContact": ("GET", "/unified/crm/contact/1", None),
    "createContact": ("POST", "/unified/crm/contact", {"record": {"email": "a@b.c"}}),
    "updateContact": ("PATCH", "/unified/crm/contact/1", {"record": {"email": "a@b.c"}}),
    "batchReadContacts": ("POST", "/unified/crm/contact/_batch_read", {"ids": [], "properties": []}),
    "upsertContact": (
        "POST",
        "/unified/crm/contact/_upsert",
        {"upsert_on": {"key": "email", "values": ["a@b.c"]}, "record": {}},
    ),
    "listLeads": ("GET", "/unified/crm/lead", None),
    "getLead": ("GET", "/unified/crm/lead/1", None),
    "listOpportunities": ("GET", "/unified/crm/opportunity", None),
    "getOpportunity": ("GET", "/unified/crm/opportunity/1", None),
    "listUsers": ("GET", "/unified/crm/user", None),
    "getUser": ("GET", "/unified/crm/user/1", None),
    "listNotes": ("GET", "/unified/crm/note", None),
    "createNote": ("POST", "/unified/crm/note", {"record": {"content": "n"}}),
    "metadataListObjects": ("GET", "/unified/crm/metadata/objects", None),
    "metadataListObjectProperties": ("GET", "/unified/crm/metadata/objects/account/properties", None),
}


def _call(client: MockClient, operation: str) -> Any:
    method, path, body = CALLS[operation]
    if method == "GET":
        return client.get(path)
    if method == "PATCH":
        return client.patch(path, json=body)
    return client.post(path, json=body)


@pytest.mark.parametrize("operation", HUBSPOT_MISSING)
def test_hubspot_does_not_implement_gets_leads_or_counts(oi: MockClient, operation: str) -> None:
    """unified/unified-crm/adapters/hubspot-adapter/index.ts has no getAccount, getContact,
    getLead, getOpportunity, getUser or countEntity and a commented-out listLeads;
    kits/vdk/adapter.ts `proxyCallAdapter` answers NOT_IMPLEMENTED for a missing method."""
    answer = _call(on(oi, HB_CONN), operation)
    assert answer.status == 501
    assert answer.json() == trpc(501, f"hubspot provider does not implement crm.{operation}", f"crm.{operation}")


@pytest.mark.parametrize(
    "connection,connector", [(SF_CONN, "salesforce"), (HB_CONN, "hubspot"), (PD_CONN, "pipedrive")]
)
def test_every_operation_follows_the_adapter_table(oi: MockClient, connection: str, connector: str) -> None:
    """unified/unified-crm/adapters/{salesforce,hubspot,pipedrive}-adapter/index.ts: an
    operation the adapter lacks is a 501, one it has is never a 501."""
    table = implemented(load_fixtures(bundled_fixtures_dir() / "openint"), connector)
    client = on(oi, connection)
    for operation in CALLS:
        answer = _call(client, operation)
        if operation in table:
            assert answer.status != 501, (connector, operation, answer.json())
        else:
            assert answer.json() == trpc(
                501, f"{connector} provider does not implement crm.{operation}", f"crm.{operation}"
            ), operation


def test_salesforce_implements_no_writes(oi: MockClient) -> None:
    """salesforce-adapter/index.ts has no create, update, batch read or upsert method."""
    answer = on(oi, SF_CONN).post("/unified/crm/account", json={"record": {"name": "A"}})
    assert (answer.status, answer.json()) == (
        501,
        trpc(501, "salesforce provider does not implement crm.createAccount", "crm.createAccount"),
    )


def test_pipedrive_get_account_throws(oi: MockClient) -> None:
    """pipedrive-adapter/index.ts `getAccount` throws `Error('Not implemented yet')`: tRPC
    turns a plain Error into INTERNAL_SERVER_ERROR with its message."""
    answer = on(oi, PD_CONN).get("/unified/crm/account/101")
    assert (answer.status, answer.json()) == (
        500,
        trpc(500, "Not implemented yet", "crm.getAccount", code="INTERNAL_SERVER_ERROR"),
    )


def test_salesforce_get_account_uses_the_contact_mapper(oi: MockClient) -> None:
    """salesforce-adapter/index.ts `getAccount` parses the Account with `mappers.contact`."""
    answer = on(oi, SF_CONN).get(f"/unified/crm/account/{ACME_SF}").json()
    record = answer["record"]
    assert set(record) == {"id", "updated_at", "raw_data", "first_name", "last_name", "email", "phone"}
    assert record["id"] == ACME_SF and record["raw_data"] == answer["raw"]


def test_a_provider_404_carries_class_and_the_providers_body(oi: MockClient) -> None:
    """packages/trpc/trpc.ts `errorFormatter` (class, data.body) and packages/api/
    createRouterHandler.ts `responseMeta` (the provider's status); the body is Salesforce's
    documented NOT_FOUND error."""
    answer = on(oi, SF_CONN).get("/unified/crm/contact/003nope")
    assert answer.status == 404
    assert answer.json() == {
        "class": "TRPCError",
        "message": "[404 Not Found] GET https://mock.my.salesforce.com/services/data/v59.0/sobjects/Contact/003nope",
        "code": "INTERNAL_SERVER_ERROR",
        "data": {"body": [{"errorCode": "NOT_FOUND", "message": "The requested resource does not exist"}]},
    }


def test_counting_an_unknown_object_is_salesforces_invalid_type(oi: MockClient) -> None:
    """salesforce-adapter/index.ts `countEntity` runs `SELECT COUNT() FROM <entity>`; Salesforce
    refuses an unknown sObject with INVALID_TYPE, passed on as a provider error."""
    answer = on(oi, SF_CONN).get("/unified/crm/widgets/_count")
    assert answer.status == 400
    body = answer.json()
    assert (body["class"], body["code"]) == ("TRPCError", "INTERNAL_SERVER_ERROR")
    assert body["message"].startswith("[400 Bad Request] GET https://mock.my.salesforce.com/")
    assert body["data"]["body"][0]["errorCode"] == "INVALID_TYPE"
    assert "sObject type 'widgets' is not supported" in body["data"]["body"][0]["message"]
    assert on(oi, SF_CONN).get("/unified/crm/Account/_count").json() == {"count": 2}


def test_hubspot_upsert_matching_two_is_refused(oi: MockClient) -> None:
    """hubspot-adapter/index.ts `_upsertObject`: more than one hit is BadRequestError
    `More than one <objectType> found for upsert`."""
    client = on(oi, HB_CONN)
    client.post("/unified/crm/account", json={"record": {"name": "Globex too", "website": "globex.example"}})
    answer = client.post(
        "/unified/crm/account/_upsert",
        json={"upsert_on": {"key": "domain", "values": ["globex.example"]}, "record": {}},
    )
    assert (answer.status, answer.json()) == (
        400,
        trpc(400, "More than one companies found for upsert", "crm.upsertAccount"),
    )


OBJECT: dict[str, Any] = {
    "name": "ticket_kind",
    "description": None,
    "labels": {"singular": "Kind", "plural": "Kinds"},
    "primary_field_id": "title",
    "fields": [{"id": "title", "label": "Title", "type": "text", "is_required": True}],
}


@pytest.mark.parametrize(
    "fields,primary,message",
    [
        (
            [{"id": "title", "label": "T", "type": "text", "is_required": True}],
            "nope",
            "Could not find primary field with key name nope",
        ),
        (
            [{"id": "title", "label": "T", "type": "number", "is_required": True}],
            "title",
            "Primary field must be of type text, but was number with key name title",
        ),
        (
            [{"id": "title", "label": "T", "type": "text"}],
            "title",
            "Primary field must be required, but was not with key name title",
        ),
        (
            [
                {"id": "title", "label": "T", "type": "text", "is_required": True},
                {"id": "u", "label": "U", "type": "url"},
            ],
            "title",
            "url type is unsupported",
        ),
    ],
)
def test_hubspot_create_object_checks_the_primary_field(
    oi: MockClient, fields: list[dict[str, Any]], primary: str, message: str
) -> None:
    """hubspot-adapter/index.ts `metadataCreateObject`: BadRequestError before any call."""
    answer = on(oi, HB_CONN).post(
        "/unified/crm/metadata/objects", json={**OBJECT, "fields": fields, "primary_field_id": primary}
    )
    assert (answer.status, answer.json()) == (400, trpc(400, message, "crm.metadataCreateObject"))


def test_hubspot_schema_ids_are_numeric(oi: MockClient) -> None:
    """hubspot-adapter/index.ts `metadataCreateObject` returns HubSpot's schema `id` (a number
    as a string); records are reached by name or by the `2-<id>` object type id."""
    client = on(oi, HB_CONN)
    created = client.post("/unified/crm/metadata/objects", json=OBJECT).json()
    assert created["id"].isdigit() and created["name"] == "ticket_kind"
    listed = client.get(f"/unified/crm/custom_objects/2-{created['id']}")
    assert listed.status == 200 and listed.json()["items"] == []
    again = client.post("/unified/crm/metadata/objects", json=OBJECT)
    assert again.status == 409 and again.json()["class"] == "TRPCError"
    assert again.json()["data"]["body"]["category"] == "OBJECT_ALREADY_EXISTS"


def test_default_page_sizes_are_the_adapters() -> None:
    """salesforce-adapter/index.ts `SFDC_SOQL_MAX_LIMIT` (200) is the default page size;
    the HubSpot and Pipedrive adapters use `page_size ?? 100`."""
    fixtures = load_fixtures(bundled_fixtures_dir() / "openint")
    assert [crm_page_size(fixtures, name) for name in ("salesforce", "hubspot", "pipedrive")] == [200, 100, 100]


# -- events -------------------------------------------------------------------------------------


def _events(oi: MockClient, name: str) -> list[dict[str, Any]]:
    return list(oi.get("/core/events", params={"since": 0, "name": name}).json()["items"])


def test_async_connection_sync_sends_connection_requested(oi: MockClient) -> None:
    """packages/engine-backend/router/connectionRouter.ts `syncConnection` with `async`:
    `sync/connection-requested` with `{connectionId}` (packages/events/events.ts)."""
    answer = oi.post(f"/core/connection/{SF_CONN}/_sync", json={"async": True}).json()
    (sent,) = _events(oi, "sync/connection-requested")
    assert answer == {"connection_requested_event_id": sent["id"]}
    assert sent["data"] == {"connectionId": SF_CONN}


def test_meta_only_sync_syncs_no_pipeline(oi: MockClient) -> None:
    """connectionRouter.ts `syncConnection` with `metaOnly`: `{pipeline_syncs: []}`, no event."""
    oi.post("/core/pipeline", json={"id": "pipe_meta", "sourceId": SF_CONN})
    assert oi.post(f"/core/connection/{SF_CONN}/_sync", json={"metaOnly": True}).json() == {"pipeline_syncs": []}
    assert _events(oi, "sync.completed") == []


def test_a_sync_completes_each_pipeline_of_the_connection(oi: MockClient) -> None:
    """connectionRouter.ts `syncConnection` then services/sync-service.ts `_syncPipeline`:
    `sync.completed` with `{pipeline_id, source_id, destination_id, customer_id}`."""
    oi.post("/core/pipeline", json={"id": "pipe_full", "sourceId": SF_CONN, "destinationId": HB_CONN})
    answer = oi.post(f"/core/connection/{SF_CONN}/_sync", json={}).json()
    (sent,) = _events(oi, "sync.completed")
    assert answer == {"pipeline_syncs": [{"pipeline_id": "pipe_full", "sync_completed_event_id": sent["id"]}]}
    assert sent["data"] == {
        "pipeline_id": "pipe_full",
        "source_id": SF_CONN,
        "destination_id": HB_CONN,
        "customer_id": "cus_acme",
    }


def test_pipeline_sync(oi: MockClient) -> None:
    """pipelineRouter.ts `syncPipeline`: output schema `{}`; with `async` it sends
    `sync/pipeline-requested` `{pipelineId}` and returns nothing, which tRPC's output check
    refuses (500 "Output validation failed")."""
    oi.post("/core/pipeline", json={"id": "pipe_s", "sourceId": SF_CONN})
    assert oi.post("/core/pipeline/pipe_s/_sync", json={}).json() == {}
    assert [e["data"]["pipeline_id"] for e in _events(oi, "sync.completed")] == ["pipe_s"]
    queued = oi.post("/core/pipeline/pipe_s/_sync", json={"async": True})
    assert (queued.status, queued.json()) == (
        500,
        trpc(500, "Output validation failed", "syncPipeline", code="INTERNAL_SERVER_ERROR"),
    )
    assert [e["data"] for e in _events(oi, "sync/pipeline-requested")] == [{"pipelineId": "pipe_s"}]


def test_connection_created_event(oi: MockClient) -> None:
    """packages/events/events.ts `db/connection-created` `{connectionId}` (the name and payload;
    that v0 sends it on create is the mock's choice, see docs/vendors/openint.md Ledger)."""
    created = oi.post("/core/connection", json={"connectorConfigId": "ccfg_salesforce_01JNCF0000000000000000SF01"})
    (sent,) = _events(oi, "db/connection-created")
    assert sent["data"] == {"connectionId": created.json()}
