"""What OpenInt answers look like: shared by the OpenInt tests."""

from __future__ import annotations

from typing import Any

from tests.support import MockClient

SF_CONN = "conn_salesforce_01JNCN0000000000000000SF01"
HB_CONN = "conn_hubspot_01JNCN0000000000000000HB01"
PD_CONN = "conn_pipedrive_01JNCN0000000000000000PD01"
ZO_CONN = "conn_zoho-crm_01JNCN0000000000000000ZO01"
SF_CCFG = "ccfg_salesforce_01JNCF0000000000000000SF01"
HB_CCFG = "ccfg_hubspot_01JNCF0000000000000000HB01"
ACME_SF = "0018c00002AcmeAAAA"


def trpc(status: int, message: str, path: str | None, code: str | None = None, **extra: Any) -> dict[str, Any]:
    codes = {400: "BAD_REQUEST", 401: "UNAUTHORIZED", 403: "FORBIDDEN", 404: "NOT_FOUND", 501: "NOT_IMPLEMENTED"}
    code = code or codes[status]
    data: dict[str, Any] = {"code": code, "httpStatus": status}
    if path is not None:
        data["path"] = path
    return {"message": message, "code": code, "data": data, **extra}


def on(client: MockClient, connection: str) -> MockClient:
    """The same credential, working on one connection."""
    return MockClient(client.transport, client.prefix, {**client.headers, "x-connection-id": connection})


def org_of(client: MockClient) -> str:
    import base64

    return base64.b64decode(client.headers["x-apikey"]).decode().split(":")[0]
