"""Zendesk's front door: credentials, unknown routes, unreadable bodies, rate-limit headers."""

from __future__ import annotations

import base64

import pytest

from tests.support import MockClient, Transport, header
from tests.vendors.zendesk.expect import CAR, NOT_FOUND, TESLA, UNAUTHORIZED, bad_request


def basic(user: str, secret: str) -> str:
    return "Basic " + base64.b64encode(f"{user}:{secret}".encode()).decode()


@pytest.mark.parametrize(
    "authorization",
    [
        None,
        "",
        "Basic",
        "Basic not-base64!",
        basic("agent@example.com/token", "")[:-4] + "====",
        "Basic " + base64.b64encode(b"no-colon").decode(),
        "Bearer",
        "Token abc",
    ],
)
def test_missing_or_malformed_credentials_are_401(zd: MockClient, authorization: str | None) -> None:
    answer = zd.get(f"{CAR}/records/{TESLA}", headers={"Authorization": authorization})
    assert (answer.status, answer.json()) == (401, UNAUTHORIZED)
    assert header(answer, "Retry-After") is None


@pytest.mark.parametrize(
    "authorization",
    [basic("agent@example.com/token", "api-token-1"), basic("agent@example.com", "password"), "Bearer oauth-token-1"],
)
def test_api_token_password_and_oauth_are_accepted(transport: Transport, authorization: str) -> None:
    client = MockClient(transport, "/zendesk", {"Authorization": authorization})
    answer = client.get(f"{CAR}/records/{TESLA}")
    assert answer.status == 200
    assert answer.json()["custom_object_record"]["name"] == "My Tesla"


def test_each_credential_is_its_own_tenant(transport: Transport) -> None:
    first = MockClient(transport, "/zendesk", {"Authorization": basic("a@example.com/token", "tenant-iso-1")})
    second = MockClient(transport, "/zendesk", {"Authorization": basic("a@example.com/token", "tenant-iso-2")})
    assert first.delete(f"{CAR}/records/{TESLA}").status == 204
    assert first.get(f"{CAR}/records/{TESLA}").status == 404
    assert second.get(f"{CAR}/records/{TESLA}").status == 200


def test_every_answer_carries_the_rate_limit_headers_and_no_retry_after(zd: MockClient) -> None:
    first = zd.get(f"{CAR}/records/{TESLA}")
    second = zd.get(f"{CAR}/records/missing")
    assert header(first, "X-Rate-Limit") == "700"
    assert header(first, "X-Rate-Limit-Remaining") == "699"
    assert (second.status, header(second, "X-Rate-Limit-Remaining")) == (404, "698")
    assert header(first, "Retry-After") is None and header(second, "Retry-After") is None


def test_paths_answer_with_and_without_json_suffix(zd: MockClient) -> None:
    plain = zd.get(f"{CAR}/records/{TESLA}")
    suffixed = zd.get(f"{CAR}/records/{TESLA}.json")
    assert plain.json() == suffixed.json()
    assert zd.get("/api/v2/custom_objects.json").status == 200
    assert zd.get(f"{CAR}/records/count.json").json()["count"]["value"] == 3


def test_an_unknown_route_is_invalid_endpoint(zd: MockClient) -> None:
    answer = zd.get("/api/v2/custom_objectz")
    assert (answer.status, answer.json()) == (404, {"error": "InvalidEndpoint", "description": "Not found"})
    wrong_method = zd.put(f"{CAR}/records/{TESLA}", json={})
    assert (wrong_method.status, wrong_method.json()) == (404, {"error": "InvalidEndpoint", "description": "Not found"})


def test_missing_things_are_record_not_found(zd: MockClient) -> None:
    for path in (
        "/api/v2/custom_objects/boat",
        "/api/v2/custom_objects/boat/records",
        f"{CAR}/records/01JGCAR0000000000000000999",
        f"{CAR}/fields/nope",
        "/api/v2/job_statuses/V3-0000",
    ):
        answer = zd.get(path)
        assert (answer.status, answer.json()) == (404, NOT_FOUND), path


def test_bad_json_is_400_before_auth(zd: MockClient) -> None:
    answer = zd.post(
        f"{CAR}/records",
        data='{"custom_object_record": ',
        headers={"Content-Type": "application/json", "Authorization": None},
    )
    assert (answer.status, answer.json()) == (400, bad_request("The request body is not valid JSON"))


def test_a_parameter_of_the_wrong_type_is_400(zd: MockClient) -> None:
    answer = zd.get(f"{CAR}/records", params={"sort": "name"})
    assert (answer.status, answer.json()) == (400, bad_request("sort must be one of id, -id, updated_at, -updated_at"))
    answer = zd.get(f"{CAR}/fields", params={"include_standard_fields": "maybe"})
    assert answer.status == 400


def test_a_missing_envelope_is_record_invalid(zd: MockClient) -> None:
    answer = zd.post(f"{CAR}/records", json={"name": "flat"})
    assert answer.status == 422
    assert answer.json() == {
        "error": "RecordInvalid",
        "description": "Record validation errors",
        "details": {
            "custom_object_record": [{"description": "custom_object_record: is required", "error": "InvalidValue"}]
        },
    }


def test_204_answers_have_no_body_and_no_type(zd: MockClient) -> None:
    answer = zd.delete(f"{CAR}/records/{TESLA}")
    assert (answer.status, answer.text) == (204, "")
    assert header(answer, "Content-Type") is None
