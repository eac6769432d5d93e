"""OpenInt's front door: API keys, customer tokens, roles, and the exact error bodies."""

from __future__ import annotations

import base64

import pytest

from tests.support import MockClient, Transport, header
from tests.vendors.openint.expect import SF_CONN, on, org_of, trpc


def client(transport: Transport, **headers: str) -> MockClient:
    return MockClient(transport, "/openint/v0", headers)


def test_no_credentials_is_401_naming_the_procedure(transport: Transport) -> None:
    anonymous = client(transport)
    answer = anonymous.get("/unified/crm/account", headers={"x-connection-id": SF_CONN})
    assert (answer.status, answer.json()) == (401, trpc(401, "UNAUTHORIZED", "crm.listAccounts"))
    core = anonymous.get("/core/connection")
    assert core.json() == trpc(401, "UNAUTHORIZED", "listConnection")


@pytest.mark.parametrize("owner", ["team_x", "org_"])
def test_a_well_formed_key_naming_no_one_is_anonymous(transport: Transport, owner: str) -> None:
    key = base64.b64encode(f"{owner}:secret".encode()).decode()
    answer = client(transport, **{"x-apikey": key}).get("/core/connection")
    assert (answer.status, answer.json()) == (401, trpc(401, "UNAUTHORIZED", "listConnection"))


def test_a_key_that_is_not_base64_fails_before_trpc(transport: Transport) -> None:
    answer = client(transport, **{"x-apikey": "not base64!"}).get("/core/connection")
    assert (answer.status, answer.json()) == (
        400,
        {"error_type": "INTERNAL_ERROR", "error_detail": "TRPCError: Authorization Bearer Token"},
    )
    no_colon = client(transport, **{"x-apikey": base64.b64encode(b"org_nocolon").decode()}).get("/core/connection")
    assert no_colon.status == 500 and set(no_colon.json()) == {"error_type", "error_detail"}


def test_the_key_may_come_in_the_query(transport: Transport, oi: MockClient) -> None:
    answer = client(transport).get("/core/connection", params={"apikey": oi.headers["x-apikey"]})
    assert answer.status == 200 and len(answer.json()) == 4


def test_customer_tokens_see_their_own_connections_and_no_admin_operations(
    oi: MockClient, transport: Transport
) -> None:
    token = oi.post("/connect/token", json={"customerId": "cus_acme"}).json()["token"]
    assert token.count(".") == 2
    customer = client(transport, Authorization=f"Bearer {token}")
    assert sorted(c["customerId"] for c in customer.get("/core/connection").json()) == ["cus_acme", "cus_acme"]
    refused = customer.get("/core/connector_config")
    assert (refused.status, refused.json()) == (403, trpc(403, "FORBIDDEN", "adminListConnectorConfigs"))
    assert customer.get("/unified/crm/account", headers={"x-connection-id": SF_CONN}).status == 200
    via_query = client(transport).get("/core/connection", params={"_token": token})
    assert via_query.status == 200
    other_customer = customer.get(
        "/unified/crm/account", headers={"x-connection-id": "conn_hubspot_01JNCN0000000000000000HB01"}
    )
    assert other_customer.json() == trpc(
        404, "[db] connection: conn_hubspot_01JNCN0000000000000000HB01 not found", "crm.listAccounts"
    )


def test_a_token_expires_on_the_mock_clock(oi: MockClient, control: MockClient, transport: Transport) -> None:
    control.post("/clock", json={"freeze": "2026-01-01T00:00:00Z"})
    try:
        token = oi.post("/connect/token", json={"customerId": "cus_acme", "validityInSeconds": 60}).json()["token"]
        customer = client(transport, Authorization=f"Bearer {token}")
        assert customer.get("/core/connection").status == 200
        control.post("/clock", json={"advance": 61})
        assert customer.get("/core/connection").status == 401
    finally:
        control.post("/clock", json={"reset": True})


def test_a_forged_token_is_anonymous(transport: Transport) -> None:
    forged = client(transport, Authorization="Bearer aaa.bbb.ccc").get("/core/connection")
    assert forged.status == 401


def test_unknown_paths_bad_json_and_validation(oi: MockClient) -> None:
    assert oi.get("/core/nothing").json() == trpc(404, "Not found", None)
    assert oi.request("PUT", "/core/connection").status == 404
    broken = oi.post("/core/pipeline", data="{nope", headers={"Content-Type": "application/json"})
    assert broken.json() == trpc(400, "Failed to parse request body", "createPipeline", code="PARSE_ERROR")
    missing = oi.post("/core/connection", json={})
    assert missing.json() == trpc(
        400,
        "Input validation failed",
        "createConnection",
        issues=[
            {
                "code": "invalid_type",
                "expected": "string",
                "received": "undefined",
                "path": ["connectorConfigId"],
                "message": "Required",
            }
        ],
    )
    bad_id = oi.get("/core/connection/ccfg_wrong")
    assert bad_id.json()["issues"] == [
        {"code": "custom", "message": "Is not a valid connection id, expecting conn_", "path": ["id"]}
    ]
    nan = on(oi, SF_CONN).get("/unified/crm/account", params={"page_size": "abc"})
    assert nan.json()["issues"] == [
        {
            "code": "invalid_type",
            "expected": "number",
            "received": "nan",
            "path": ["page_size"],
            "message": "Expected number, received nan",
        }
    ]
    bad_enum = on(oi, SF_CONN).get("/unified/crm/account", params={"sync_mode": "sometimes"})
    assert bad_enum.json()["issues"][0]["code"] == "invalid_enum_value"
    assert (
        bad_enum.json()["issues"][0]["message"]
        == "Invalid enum value. Expected 'full' | 'incremental', received 'sometimes'"
    )


def test_cors_headers_and_preflight(oi: MockClient) -> None:
    answer = oi.get("/core/connection", headers={"Origin": "https://app.example"})
    assert header(answer, "Access-Control-Allow-Origin") == "https://app.example"
    assert header(answer, "Access-Control-Allow-Credentials") == "true"
    assert header(oi.get("/core/connection"), "Access-Control-Allow-Origin") == "*"
    preflight = oi.request(
        "OPTIONS",
        "/unified/crm/account",
        headers={
            "Origin": "https://app.example",
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "x-apikey",
        },
    )
    assert (preflight.status, preflight.text) == (204, "")
    assert header(preflight, "Access-Control-Allow-Methods") == "POST"
    assert header(preflight, "Access-Control-Allow-Headers") == "x-apikey"


def test_each_organization_is_its_own_tenant(oi: MockClient, transport: Transport) -> None:
    assert oi.delete(f"/core/connection/{SF_CONN}").json() == {}
    other = client(transport, **{"x-apikey": base64.b64encode(b"org_someoneelse:secret").decode()})
    assert other.get(f"/core/connection/{SF_CONN}").status == 200
    assert oi.get(f"/core/connection/{SF_CONN}").status == 404
    assert org_of(oi).startswith("org_")
