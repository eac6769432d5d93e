"""HighLevel's OAuth server: POST /oauth/token in both documents' dialects (2021-07-28
snake_case, v3 camelCase, chosen by the Version header), refresh-token rotation, the
agency's location-token exchange and installed-locations list, and the tenant every
token of one app and location shares (fixtures/highlevel/oauth_apps.yaml)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from urllib.parse import urlencode

import pytest

from mock_server.app import create_app
from mock_server.config import Settings
from mock_server.core.store import tenant_label

from ...support import Answer, MockClient, Transport

CLIENT_ID = "6578278e879ad2646715ba9c-crmmock"
SECRET = "9f3c2a71-4b8e-4d20-a6c5-0e1f2d3c4b5a"
APP_ID = "6578278e879ad2646715ba9c"
COMPANY_ID = "cmpClinicAgency8vShl"
HOME = "ve9EPM428h8vShlRW1KT"
FORM = {"Content-Type": "application/x-www-form-urlencoded"}
INVALID_REFRESH = {"statusCode": 400, "message": "Invalid grant: refresh token is invalid"}
UNAUTHORIZED = {"statusCode": 401, "message": "Invalid token: access token is invalid", "error": "Unauthorized"}


@pytest.fixture
def oauth(transport: Transport) -> MockClient:
    """The token endpoint: no bearer token, no Version (the 2021-07-28 document asks none)."""
    return MockClient(transport, "/highlevel", {})


def token_call(api: MockClient, fields: Mapping[str, str], version: str | None = None) -> Answer:
    headers = {**FORM, **({"Version": version} if version else {})}
    return api.post("/oauth/token", data=urlencode(fields), headers=headers)


def snake_code(code: str = "crm-mock-code-clinic", **extra: str) -> dict[str, str]:
    return {"client_id": CLIENT_ID, "client_secret": SECRET, "grant_type": "authorization_code", "code": code, **extra}


def camel_refresh(refresh_token: str) -> dict[str, str]:
    return {
        "clientId": CLIENT_ID,
        "clientSecret": SECRET,
        "grantType": "refresh_token",
        "refreshToken": refresh_token,
        "userType": "Location",
    }


def bearer(api: MockClient, token: str) -> MockClient:
    return MockClient(api.transport, "/highlevel", {"Authorization": f"Bearer {token}", "Version": "2021-07-28"})


def create_pet(api: MockClient, name: str) -> str:
    answer = api.post("/objects/custom_objects.pet/records", json={"locationId": HOME, "properties": {"name": name}})
    assert answer.status == 201, answer.text
    return str(answer.json()["record"]["id"])


def test_a_code_grant_in_the_2021_dialect_answers_snake_case(oauth: MockClient) -> None:
    answer = token_call(oauth, snake_code())
    assert answer.status == 200, answer.text
    body = answer.json()
    assert body["token_type"] == "Bearer"
    assert body["expires_in"] == 86399
    assert body["userType"] == "Location" and body["locationId"] == HOME
    assert body["companyId"] == COMPANY_ID and body["userId"] == "U01clinicVet8vShlRW1"
    assert body["access_token"].count(".") == 2 and body["refresh_token"] != body["access_token"]
    assert "accessToken" not in body


def test_an_issued_token_works_on_the_api_and_shares_the_location_tenant_across_refresh(oauth: MockClient) -> None:
    first = token_call(oauth, snake_code(f"{HOME}.shared-tenant")).json()
    pet = create_pet(bearer(oauth, first["access_token"]), "Refreshed Rex")
    # A refresh in the v3 dialect (what the Python SDK sends) gives a new pair...
    second = token_call(oauth, camel_refresh(first["refresh_token"]), version="v3").json()
    assert second["accessToken"] != first["access_token"] and "access_token" not in second
    # ...whose token sees the same data: one tenant per app and location.
    again = bearer(oauth, second["accessToken"]).get(f"/objects/custom_objects.pet/records/{pet}")
    assert again.status == 200, again.text
    assert again.json()["record"]["properties"]["name"] == "Refreshed Rex"


def test_a_refresh_token_works_once(oauth: MockClient) -> None:
    first = token_call(oauth, snake_code()).json()
    fields = {"client_id": CLIENT_ID, "client_secret": SECRET, "grant_type": "refresh_token"}
    rotated = token_call(oauth, {**fields, "refresh_token": first["refresh_token"]})
    assert rotated.status == 200, rotated.text
    reused = token_call(oauth, {**fields, "refresh_token": first["refresh_token"]})
    assert (reused.status, reused.json()) == (400, INVALID_REFRESH)
    # the rotated one still works (once)
    assert token_call(oauth, {**fields, "refresh_token": rotated.json()["refresh_token"]}).status == 200


def test_a_refresh_token_is_refused_in_v3_when_unknown(oauth: MockClient) -> None:
    answer = token_call(oauth, camel_refresh("not-a-refresh-token"), version="v3")
    assert (answer.status, answer.json()) == (400, INVALID_REFRESH)


def test_wrong_client_secret_is_refused_in_each_dialect(oauth: MockClient) -> None:
    snake = token_call(oauth, snake_code(client_secret="wrong"))
    assert (snake.status, snake.json()) == (400, {"statusCode": 400, "message": "Invalid parameter: client_secret"})
    camel = token_call(oauth, {**camel_refresh("x"), "clientSecret": "wrong"}, version="v3")
    assert (camel.status, camel.json()) == (400, {"statusCode": 400, "message": "Invalid parameter: clientSecret"})


def test_missing_and_invalid_fields_in_each_dialect(oauth: MockClient) -> None:
    # 2021-07-28: class-validator's 422, as captured for grant_type="" (n8n issue 12689)
    empty_grant = token_call(oauth, {"client_id": CLIENT_ID, "client_secret": SECRET, "grant_type": ""})
    assert (empty_grant.status, empty_grant.json()) == (
        422,
        {
            "statusCode": 422,
            "message": ["grant_type must be a valid enum value", "grant_type should not be empty"],
            "error": "Unprocessable Entity",
        },
    )
    # v3: the document's 400 examples
    missing = token_call(oauth, {"clientSecret": SECRET, "grantType": "refresh_token"}, version="v3")
    assert (missing.status, missing.json()) == (400, {"statusCode": 400, "message": "Missing parameter: clientId"})
    bad = token_call(oauth, {"clientId": CLIENT_ID, "clientSecret": SECRET, "grantType": "password"}, version="v3")
    assert (bad.status, bad.json()) == (400, {"statusCode": 400, "message": "Invalid parameter: grantType"})


def test_an_unknown_code_is_refused(oauth: MockClient) -> None:
    answer = token_call(oauth, snake_code("someOtherLocation1234.x"))
    assert (answer.status, answer.json()) == (
        400,
        {"statusCode": 400, "message": "Invalid grant: authorization code is invalid"},
    )


def test_a_location_token_is_bound_to_its_location(oauth: MockClient) -> None:
    token = token_call(oauth, snake_code()).json()["access_token"]
    elsewhere = bearer(oauth, token).get("/objects/", params={"locationId": "someOtherLocation123"})
    assert (elsewhere.status, elsewhere.json()) == (
        403,
        {"statusCode": 403, "message": "The token does not have access to this location."},
    )


def test_a_forged_token_is_just_a_token_of_its_own(oauth: MockClient) -> None:
    """A JWT-shaped token not signed with the app's secret is not the location's tenant."""
    token = token_call(oauth, snake_code()).json()["access_token"]
    head, body, _signature = token.split(".")
    forged = bearer(oauth, f"{head}.{body}.forged")
    assert forged.get("/objects/", params={"locationId": "someOtherLocation123"}).status == 200


def agency_token(oauth: MockClient, version: str | None = None) -> str:
    fields = snake_code("crm-mock-code-agency", user_type="Company")
    answer = token_call(oauth, fields, version=None)
    assert answer.status == 200, answer.text
    body = answer.json()
    assert body["userType"] == "Company" and body["approvedLocations"] == [HOME]
    return str(body["access_token"])


def test_the_agency_exchanges_its_token_for_a_location_token_in_each_dialect(oauth: MockClient) -> None:
    agency = bearer(oauth, agency_token(oauth))
    form = urlencode({"companyId": COMPANY_ID, "locationId": HOME})
    old = agency.post("/oauth/locationToken", data=form, headers=FORM)
    assert old.status == 200, old.text
    assert old.json()["locationId"] == HOME and "refresh_token" not in old.json()
    new = agency.post("/oauth/location-token", data=form, headers={**FORM, "Version": "v3"})
    assert new.status == 200, new.text
    assert set(new.json()) >= {"accessToken", "refreshToken", "expiresIn", "appId"}
    pet = create_pet(bearer(oauth, old.json()["access_token"]), "Agency Rex")
    seen = bearer(oauth, new.json()["accessToken"]).get(f"/objects/custom_objects.pet/records/{pet}")
    assert seen.status == 200, seen.text


def test_the_location_token_exchange_needs_an_agency_token(oauth: MockClient) -> None:
    location = bearer(oauth, token_call(oauth, snake_code()).json()["access_token"])
    form = urlencode({"companyId": COMPANY_ID, "locationId": HOME})
    answer = location.post("/oauth/locationToken", data=form, headers=FORM)
    assert (answer.status, answer.json()) == (
        401,
        {"statusCode": 401, "message": "The token is not authorized for this scope."},
    )
    missing = bearer(oauth, agency_token(oauth)).post("/oauth/locationToken", data="", headers=FORM)
    assert missing.status == 422
    assert "companyId should not be empty" in missing.json()["message"]


def test_installed_locations_in_each_dialect(oauth: MockClient) -> None:
    agency = bearer(oauth, agency_token(oauth))
    query = {"companyId": COMPANY_ID, "appId": APP_ID}
    old = agency.get("/oauth/installedLocations", params=query)
    assert old.status == 200, old.text
    assert old.json()["count"] == 1 and old.json()["locations"][0]["_id"] == HOME
    new = agency.get("/oauth/installed-locations", params=query, headers={"Version": "v3"})
    assert new.status == 200, new.text
    assert [item["_id"] for item in new.json()["items"]] == [HOME]
    assert new.json()["pagination"] == {
        "totalRecords": 1,
        "hasNextPage": False,
        "hasPrevPage": False,
        "currentPageSize": 1,
    }
    unknown = agency.get("/oauth/installed-locations", params={**query, "appId": "nope"}, headers={"Version": "v3"})
    assert unknown.status == 404
    assert unknown.json()["error"]["code"] == "RESOURCE_NOT_FOUND"


def test_a_pit_token_keeps_its_own_tenant(hl: MockClient, oauth: MockClient) -> None:
    token = token_call(oauth, snake_code()).json()["access_token"]
    pet = create_pet(bearer(oauth, token), "OAuth-only Rex")
    assert hl.get(f"/objects/custom_objects.pet/records/{pet}").status == 400


# -- expiry on the mock's clock: a server of its own (its clock moves) -------------------


def test_an_issued_token_expires_after_86399_seconds_on_the_tenant_clock() -> None:
    api = create_app(Settings(strict=True)).test_client()

    def call(token: str) -> Any:
        return api.get(
            "/highlevel/objects/",
            query_string={"locationId": HOME},
            headers={"Authorization": f"Bearer {token}", "Version": "2021-07-28"},
        )

    issued = api.post("/highlevel/oauth/token", data=snake_code())
    assert issued.status_code == 200, issued.get_data(as_text=True)
    token = issued.get_json()["access_token"]
    assert call(token).status_code == 200
    # The location's tenant is named "oauth Location <locationId>" for the control plane.
    tenant = f"oauth Location {HOME}"
    moved = api.post("/__mock__/clock", json={"vendor": "highlevel", "tenant": tenant, "advance": 86398})
    assert moved.status_code == 200, moved.get_data(as_text=True)
    assert call(token).status_code == 200
    api.post("/__mock__/clock", json={"vendor": "highlevel", "tenant": tenant, "advance": 2})
    expired = call(token)
    assert (expired.status_code, expired.get_json()) == (401, UNAUTHORIZED)
    journal = api.get("/__mock__/requests", query_string={"vendor": "highlevel", "tenant": tenant}).get_json()
    # the location tenant's exchanges are found by its name (the refused one has no tenant)
    assert [entry["operationId"] for entry in journal["requests"]] == ["get-object-by-location-id"] * 2
    assert {entry["tenant"] for entry in journal["requests"]} == {tenant_label(tenant)}


def test_the_journal_keeps_no_token_the_token_endpoint_handed_out() -> None:
    api = create_app(Settings()).test_client()
    issued = api.post("/highlevel/oauth/token", data=snake_code())
    assert issued.status_code == 200, issued.get_data(as_text=True)
    handed = issued.get_json()
    journal = api.get("/__mock__/requests", query_string={"operationId": "get-access-token"}).get_json()
    [entry] = journal["requests"]
    kept = entry["response"]["body"]
    assert (kept["access_token"], kept["refresh_token"]) == ("[redacted]", "[redacted]")
    assert kept["locationId"] == HOME  # the rest of the answer as sent
    assert "client_secret=%5Bredacted%5D" in entry["request"]["body"]  # the form as sent, its secret out
    text = str(journal)
    assert handed["access_token"] not in text and handed["refresh_token"] not in text and SECRET not in text


def test_an_agency_token_filters_its_companys_users_by_email(oauth: MockClient) -> None:
    agency = bearer(oauth, agency_token(oauth))
    emails = "ANA.SMITH@clinic.example.com, cara.diaz@clinic.example.com,nobody@example.com"
    found = agency.post("/users/search/filter-by-email", json={"companyId": COMPANY_ID, "emails": emails})
    assert found.status == 200, found.text
    assert found.json() == {
        "users": [
            {"id": "U01clinicVet8vShlRW1", "email": "ana.smith@clinic.example.com"},
            {"id": "U03clinicRec8vShlRW1", "email": "cara.diaz@clinic.example.com"},
        ],
        "count": 2,
    }
    everything = agency.post(
        "/users/search/filter-by-email",
        json={"companyId": COMPANY_ID, "emails": emails, "projection": "all", "skip": "1", "limit": "5"},
    ).json()
    assert everything["count"] == 2 and [user["name"] for user in everything["users"]] == ["Cara Diaz"]
    # another company, or a location's token: the IAM's scope answer
    scope = {"statusCode": 401, "message": "The token is not authorized for this scope."}
    other = agency.post("/users/search/filter-by-email", json={"companyId": "someOtherCompany000", "emails": emails})
    assert (other.status, other.json()) == (401, scope)
    location = bearer(oauth, token_call(oauth, snake_code()).json()["access_token"])
    refused = location.post("/users/search/filter-by-email", json={"companyId": COMPANY_ID, "emails": emails})
    assert (refused.status, refused.json()) == (401, scope)
