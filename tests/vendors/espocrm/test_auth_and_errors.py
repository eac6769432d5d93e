"""EspoCRM's front door: the four ways to authenticate, and how it says no."""

from __future__ import annotations

import base64
import hashlib
import hmac

import pytest

from tests.support import MockClient, Transport, header
from tests.vendors.espocrm.expect import ACME, API_KEY, API_SECRET, refused


def espo_auth(user: str, password: str) -> str:
    return base64.b64encode(f"{user}:{password}".encode()).decode()


def signed(method: str, resource: str, key: str = API_KEY, secret: str = API_SECRET) -> str:
    digest = hmac.new(secret.encode(), f"{method} {resource}".encode(), hashlib.sha256).hexdigest()
    return base64.b64encode(f"{key}:{digest}".encode()).decode()


def client(transport: Transport, **headers: str) -> MockClient:
    return MockClient(transport, "/espocrm/api/v1", headers)


@pytest.mark.parametrize(
    "headers",
    [
        {"X-Api-Key": "any-key"},
        {"Espo-Authorization": espo_auth("admin", "admin-password")},
        {"Authorization": "Basic " + espo_auth("sam", "sam-password")},
        {"X-Hmac-Authorization": signed("GET", f"/Account/{ACME}")},
    ],
)
def test_each_method_lets_the_request_in(transport: Transport, headers: dict[str, str]) -> None:
    answer = client(transport, **headers).get(f"/Account/{ACME}")
    assert answer.status == 200 and answer.json()["name"] == "Acme Corporation"


def test_no_credentials_is_401_with_a_basic_challenge_for_plain_gets(transport: Transport) -> None:
    anonymous = client(transport)
    answer = anonymous.get("/Account")
    refused(answer, 401, None)
    assert header(answer, "WWW-Authenticate") == 'Basic realm=""'
    for quiet in (
        anonymous.post("/Account", json={"name": "x"}),
        anonymous.get("/Account", headers={"X-Requested-With": "XMLHttpRequest"}),
        anonymous.get("/Account", headers={"Referer": "http://app.example/"}),
    ):
        refused(quiet, 401, None)
        assert header(quiet, "WWW-Authenticate") is None


def test_a_wrong_password_or_signature_is_a_bare_401(transport: Transport) -> None:
    for headers in (
        {"Espo-Authorization": espo_auth("admin", "wrong")},
        {"Authorization": "Basic " + espo_auth("sam", "wrong")},
        {"X-Hmac-Authorization": signed("GET", "/Account/other")},  # signed for another path
        {"X-Hmac-Authorization": signed("GET", f"/Account/{ACME}", key="unknown-key")},
        {"X-Api-Key": ""},
    ):
        answer = client(transport, **headers).get(f"/Account/{ACME}")
        refused(answer, 401, None)
        assert header(answer, "WWW-Authenticate") is None


def test_espo_authorization_wins_and_a_bad_one_is_400(transport: Transport) -> None:
    answer = client(transport, **{"Espo-Authorization": base64.b64encode(b"no-colon").decode(), "X-Api-Key": "k"}).get(
        "/Account"
    )
    refused(answer, 400, "Auth: Bad authorization string provided.")


def test_an_unknown_entity_type_and_unknown_ids(espo: MockClient) -> None:
    refused(espo.get("/Foo"), 404, "Controller 'Foo' does not exist.")
    refused(espo.post("/Foo", json={}), 404, "Controller 'Foo' does not exist.")
    refused(espo.get("/Account/0000000000000000a"), 404, "Record 0000000000000000a does not exist.")
    refused(espo.put("/Account/0000000000000000a", json={}), 404, "Record 0000000000000000a not found.")
    refused(espo.delete("/Account/0000000000000000a"), 404, "Record 0000000000000000a not found.")


def test_malformed_json_is_an_empty_500_and_non_objects_are_400(espo: MockClient) -> None:
    broken = espo.post("/Account", data="{not json", headers={"Content-Type": "application/json"})
    refused(broken, 500, None)
    refused(espo.post("/Account", json="text"), 400, "Body is not a JSON object.")


def test_successes_carry_the_cache_headers(espo: MockClient) -> None:
    answer = espo.get(f"/Account/{ACME}")
    assert header(answer, "Cache-Control") == "no-store, no-cache, must-revalidate, post-check=0, pre-check=0"
    assert header(answer, "Expires") == "0"
    assert header(answer, "X-App-Timestamp") == "1751414400"
    assert (header(answer, "Last-Modified") or "").endswith(" GMT")
    assert (header(answer, "Content-Type") or "").startswith("application/json")


def test_each_credential_is_its_own_tenant(transport: Transport) -> None:
    first, second = client(transport, **{"X-Api-Key": "iso-1"}), client(transport, **{"X-Api-Key": "iso-2"})
    assert first.delete(f"/Account/{ACME}").json() is True
    assert first.get(f"/Account/{ACME}").status == 404
    assert second.get(f"/Account/{ACME}").status == 200


def test_app_user_and_metadata(espo: MockClient) -> None:
    me = espo.get("/App/user").json()
    assert (me["user"]["id"], me["user"]["userName"]) == ("1", "admin")
    assert len(me["token"]) == 32
    metadata = espo.get("/Metadata").json()
    assert {"Account", "Contact", "Lead", "Opportunity", "Case", "CMyEntity"} <= set(metadata["entityDefs"])
    assert metadata["entityDefs"]["Account"]["fields"]["name"] == {
        "type": "varchar",
        "required": True,
        "maxLength": 249,
    }
    assert metadata["scopes"]["Contact"]["duplicateCheckFieldList"] == ["name", "emailAddress"]
