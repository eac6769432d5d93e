"""No credential reaches the journal: for each vendor, its credentials are sent in
every place it takes them (headers, query parameters), plus the places a clumsy
client puts them (a form body, a cookie, the control plane's X-Admin-Token on a
vendor route), and the raw JSON of GET /__mock__/requests never holds one.
Request log lines carry the path, never the query string."""

from __future__ import annotations

import base64
import hashlib
import hmac
import logging
import time
import uuid
from collections.abc import Callable

import pytest

from mock_server.app import create_app
from mock_server.config import Settings
from mock_server.core.store import tenant_label
from mock_server.vendors.openint.auth import mint_token
from tests.conftest import jwt
from tests.support import HL_LOCATION, HL_VERSION, MockClient, Transport

ESPO_HMAC_KEY = "3c1ef1b0d4f84e5a9b2d7c6e8f0a1b2c"  # fixtures/espocrm/users.yaml: api-user
ESPO_HMAC_SECRET = "9f8e7d6c5b4a39281706f5e4d3c2b1a0"


def newest_id(control: MockClient) -> int:
    journal = control.get("/requests", params={"limit": 1}).json()["journal"]
    newest: int = journal["oldestId"] + journal["entries"] - 1
    return newest


def raw_journal_since(control: MockClient, since: int) -> str:
    """Every page of the journal after `since`, as the raw JSON the server sent."""
    texts: list[str] = []
    cursor: str | None = None
    while True:
        params: dict[str, object] = {"since": since, "limit": 1000}
        if cursor is not None:
            params["cursor"] = cursor
        answer = control.get("/requests", params=params)
        assert answer.status == 200
        texts.append(answer.text)
        cursor = answer.json()["page"]["nextCursor"]
        if cursor is None:
            return "\n".join(texts)


def secret() -> str:
    return f"sk{uuid.uuid4().hex}"


def b64(text: str) -> str:
    return base64.b64encode(text.encode()).decode()


def highlevel(transport: Transport) -> tuple[list[str], str]:
    token, admin, cookie = secret(), secret(), secret()
    hl = MockClient(transport, "/highlevel", {"Authorization": f"Bearer {token}", "Version": HL_VERSION})
    hl.get("/objects/", params={"locationId": HL_LOCATION})
    hl.get("/objects/", params={"locationId": HL_LOCATION}, headers={"X-Admin-Token": admin, "Cookie": f"s={cookie}"})
    hl.post(
        "/objects/custom_objects.pet/records",
        data=f"Authorization={token}",
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )
    return [token, admin, cookie], tenant_label(token)


def zendesk(transport: Transport) -> tuple[list[str], str]:
    api_token, oauth = secret(), secret()
    basic = b64(f"agent@example.com/token:{api_token}")
    MockClient(transport, "/zendesk", {"Authorization": f"Basic {basic}"}).get("/api/v2/custom_objects")
    MockClient(transport, "/zendesk", {"Authorization": f"Bearer {oauth}"}).get("/api/v2/custom_objects")
    return [api_token, basic, oauth], tenant_label(f"agent@example.com/token:{api_token}")


def espocrm(transport: Transport) -> tuple[list[str], str]:
    api_key, password = secret(), secret()
    espo = MockClient(transport, "/espocrm/api/v1", {})
    espo.get("/Account", headers={"X-Api-Key": api_key})
    espo.get("/Account", headers={"Espo-Authorization": b64(f"admin:{password}")})
    espo.get("/Account", headers={"Authorization": f"Basic {b64(f'someone:{password}')}"})
    signature = hmac.new(ESPO_HMAC_SECRET.encode(), b"GET /Account", hashlib.sha256).hexdigest()
    signed = b64(f"{ESPO_HMAC_KEY}:{signature}")
    espo.get("/Account", headers={"X-Hmac-Authorization": signed})
    return [api_key, password, b64(f"admin:{password}"), signed, signature], tenant_label(api_key)


def openint(transport: Transport) -> tuple[list[str], str]:
    org = f"org_{uuid.uuid4().hex}"
    key_secret = secret()
    api_key = b64(f"{org}:{key_secret}")
    token = mint_token(org, "cus_1", int(time.time()), 10 * 365 * 86400)
    oi = MockClient(transport, "/openint/v0", {})
    oi.get("/core/connection", headers={"x-apikey": api_key})
    oi.get("/core/connection", params={"apikey": api_key})
    oi.get("/core/connection", params={"_token": token})
    oi.get("/core/connection", headers={"Authorization": f"Bearer {token}"})
    oi.post("/core/connection", data=f"apikey={api_key}", headers={"Content-Type": "application/x-www-form-urlencoded"})
    oi.post("/core/connection", json={"apikey": api_key}, headers={"x-apikey": api_key})
    return [api_key, key_secret, token], tenant_label(org)


def salesos(transport: Transport) -> tuple[list[str], str]:
    subject, api_key = secret(), secret()
    token = jwt(subject)
    MockClient(transport, "/salesos", {"Authorization": f"Bearer {token}"}).get("/v1/custom-objects")
    MockClient(transport, "/salesos", {"X-API-Key": api_key}).get("/v1/custom-objects")
    return [token, api_key, token.split(".")[1]], tenant_label(subject)


SENDERS: dict[str, Callable[[Transport], tuple[list[str], str]]] = {
    "highlevel": highlevel,
    "zendesk": zendesk,
    "espocrm": espocrm,
    "openint": openint,
    "salesos": salesos,
}


@pytest.mark.parametrize("vendor", sorted(SENDERS))
def test_no_credential_reaches_the_journal(vendor: str, transport: Transport, control: MockClient) -> None:
    since = newest_id(control)
    credentials, label = SENDERS[vendor](transport)
    raw = raw_journal_since(control, since)
    assert label in raw  # the requests were journalled
    assert "[redacted]" in raw
    leaked = [credential for credential in credentials if credential in raw]
    assert leaked == []


def test_a_credential_query_parameter_is_kept_redacted(oi: MockClient, control: MockClient) -> None:
    api_key = oi.headers.pop("x-apikey")
    oi.get("/core/connection", params={"apikey": api_key, "limit": "5"})
    [entry] = control.get("/requests", params={"tenant": api_key_tenant(api_key)}).json()["requests"]
    assert entry["request"]["query"] == {"apikey": ["[redacted]"], "limit": ["5"]}


def api_key_tenant(api_key: str) -> str:
    return base64.b64decode(api_key).decode().split(":", 1)[0]


def test_request_log_lines_carry_no_query_string(caplog: pytest.LogCaptureFixture) -> None:
    client = create_app(Settings(seed=7)).test_client()
    api_key = b64(f"org_{uuid.uuid4().hex}:{secret()}")
    with caplog.at_level(logging.INFO, logger="crm_mock.requests"):
        client.get("/openint/v0/core/connection", query_string={"apikey": api_key})
    [line] = [record.getMessage() for record in caplog.records if record.name == "crm_mock.requests"]
    assert "/openint/v0/core/connection" in line
    assert api_key not in line
    assert "apikey" not in line
