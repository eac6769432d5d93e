"""Every way a request can go wrong answers in HighLevel's own words."""

from __future__ import annotations

import uuid

import pytest

from tests.support import HL_LOCATION, MockClient, header

PET = "custom_objects.pet"
BUDDY = "679b8f9bde6a0c356a0311b3"
UNAUTHORIZED = {"statusCode": 401, "message": "Invalid token: access token is invalid", "error": "Unauthorized"}


@pytest.mark.parametrize(
    "authorization",
    [None, "", "Bearer", "Bearer ", "Basic dXNlcjpwYXNz", "Token abc", "Bearer two words"],
)
def test_missing_or_malformed_credentials_get_the_vendor_401(hl: MockClient, authorization: str | None) -> None:
    answer = hl.get(f"/objects/{PET}/records/{BUDDY}", headers={"Authorization": authorization})
    assert answer.status == 401
    assert answer.json() == UNAUTHORIZED
    assert header(answer, "Content-Type") == "application/json; charset=utf-8"


# The gateway's own bodies carry no error name (issue 17: live captures; see test_fidelity.py).
NO_VERSION = {"statusCode": 401, "message": "version header was not found."}
BAD_VERSION = {"statusCode": 401, "message": "version header is invalid"}


def test_version_header_is_required(hl: MockClient) -> None:
    answer = hl.get("/objects/", params={"locationId": HL_LOCATION}, headers={"Version": None})
    assert answer.status == 401
    assert answer.json() == NO_VERSION


def test_unknown_version_is_rejected(hl: MockClient) -> None:
    answer = hl.get("/objects/", params={"locationId": HL_LOCATION}, headers={"Version": "2019-01-01"})
    assert answer.status == 401
    assert answer.json() == BAD_VERSION


def test_version_is_checked_before_routing_and_before_the_token(hl: MockClient) -> None:
    # HighLevel's gateway looks at Version first: even an unknown path or a missing token
    # answers with the version error.
    unknown_path = hl.get("/no/such/path", headers={"Version": None})
    assert (unknown_path.status, unknown_path.json()) == (401, NO_VERSION)
    no_token = hl.get(
        "/objects/", params={"locationId": HL_LOCATION}, headers={"Version": "2020-01-01", "Authorization": None}
    )
    assert (no_token.status, no_token.json()) == (401, BAD_VERSION)


@pytest.mark.parametrize("version", ["2021-07-28", "2021-04-15", "2023-02-21", "v3", "legacy"])
def test_every_documented_version_is_accepted(hl: MockClient, version: str) -> None:
    answer = hl.get("/objects/", params={"locationId": HL_LOCATION}, headers={"Version": version})
    assert answer.status == 200


def test_unknown_path_gets_nest_404_with_the_url_as_sent(hl: MockClient) -> None:
    answer = hl.get("/objects/a/b/c/d", params={"locationId": "x"})
    assert answer.status == 404
    assert answer.json() == {
        "message": "Cannot GET /objects/a/b/c/d?locationId=x",
        "error": "Not Found",
        "statusCode": 404,
    }


def test_wrong_method_is_a_404_like_nest_not_a_405(hl: MockClient) -> None:
    answer = hl.request("PATCH", f"/objects/{PET}")
    assert answer.status == 404
    assert answer.json() == {"message": f"Cannot PATCH /objects/{PET}", "error": "Not Found", "statusCode": 404}


def test_malformed_json_gets_the_body_parser_400(hl: MockClient) -> None:
    answer = hl.post("/objects/", data='{"key": }', headers={"Content-Type": "application/json"})
    assert answer.status == 400
    assert answer.json() == {"statusCode": 400, "message": "Unexpected token } in JSON at position 8"}


def test_truncated_json_is_unexpected_end(hl: MockClient) -> None:
    answer = hl.post("/objects/", data='{"key": "a"', headers={"Content-Type": "application/json"})
    assert answer.status == 400
    assert answer.json() == {"statusCode": 400, "message": "Unexpected end of JSON input"}


def test_malformed_json_is_refused_before_auth(hl: MockClient) -> None:
    # Express parses the body in middleware, before any guard looks at the token.
    answer = hl.post("/objects/", data="{", headers={"Content-Type": "application/json", "Authorization": None})
    assert answer.status == 400
    assert answer.json() == {"statusCode": 400, "message": "Unexpected end of JSON input"}


def test_non_json_content_type_reads_as_an_empty_body(hl: MockClient) -> None:
    answer = hl.post(
        f"/objects/{PET}/records",
        data=f"locationId={HL_LOCATION}",
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )
    assert answer.status == 422
    assert answer.json() == {
        "statusCode": 422,
        "message": ["locationId should not be empty", "locationId must be a string"],
        "error": "Unprocessable Entity",
    }


def test_body_over_the_limit_is_413(hl: MockClient) -> None:
    huge = '{"locationId": "' + "x" * 1_100_000 + '"}'
    answer = hl.post(f"/objects/{PET}/records", data=huge, headers={"Content-Type": "application/json"})
    assert answer.status == 413
    assert answer.json() == {"statusCode": 413, "message": "request entity too large"}


@pytest.mark.parametrize("body", ["[]", "42", '"text"', "null", "true"])
def test_a_body_that_is_not_an_object_is_a_validation_error(hl: MockClient, body: str) -> None:
    answer = hl.post("/associations/relations", data=body, headers={"Content-Type": "application/json"})
    assert answer.status == 422
    payload = answer.json()
    assert payload["statusCode"] == 422
    assert payload["error"] == "Unprocessable Entity"
    assert payload["message"]


def test_rate_limit_headers_count_down_per_tenant(hl: MockClient) -> None:
    first = hl.get("/objects/", params={"locationId": HL_LOCATION})
    second = hl.get("/objects/", params={"locationId": HL_LOCATION})
    assert header(first, "X-RateLimit-Limit-Daily") == "200000"
    assert header(first, "X-RateLimit-Max") == "100"
    assert header(first, "X-RateLimit-Interval-Milliseconds") == "10000"
    assert header(first, "X-RateLimit-Daily-Remaining") == "199999"
    assert header(first, "X-RateLimit-Remaining") == "99"
    assert header(second, "X-RateLimit-Daily-Remaining") == "199998"
    assert header(second, "X-RateLimit-Remaining") == "98"
    assert 86_000_000 < int(header(first, "X-RateLimit-Daily-Reset") or 0) <= 86_400_000
    other = MockClient(hl.transport, hl.prefix, {**hl.headers, "Authorization": f"Bearer other-{uuid.uuid4()}"})
    assert header(other.get("/objects/", params={"locationId": HL_LOCATION}), "X-RateLimit-Remaining") == "99"


def test_error_answers_after_auth_carry_rate_limit_headers(hl: MockClient) -> None:
    answer = hl.get(f"/objects/{PET}/records/000000000000000000000000")
    assert answer.status == 400
    assert answer.json() == {"message": "Record not found", "error": "Bad Request", "statusCode": 400}
    assert header(answer, "X-RateLimit-Remaining") == "99"


@pytest.mark.parametrize("method", ["OPTIONS", "PATCH", "TRACE"])
def test_methods_no_route_serves_answer_like_any_unknown_route(hl: MockClient, method: str) -> None:
    answer = hl.request(method, "/objects/")
    assert answer.status == 404
    assert answer.json() == {"message": f"Cannot {method} /objects/", "error": "Not Found", "statusCode": 404}


def test_head_on_a_get_route_answers_like_get_without_a_body(hl: MockClient) -> None:
    answer = hl.request("HEAD", f"/objects/{PET}/records/{BUDDY}")
    assert answer.status == 200
    assert answer.text == ""
    assert header(answer, "Content-Type") == "application/json; charset=utf-8"


@pytest.mark.parametrize(
    ("path", "params"),
    [
        ("/objects", {"locationId": HL_LOCATION}),
        ("/associations", {"locationId": HL_LOCATION, "skip": 0, "limit": 5}),
    ],
)
def test_collection_roots_answer_with_and_without_the_trailing_slash(
    hl: MockClient, path: str, params: dict[str, object]
) -> None:
    bare = hl.get(path, params=params)
    slashed = hl.get(path + "/", params=params)
    assert bare.status == slashed.status == 200
    assert bare.json().keys() == slashed.json().keys()


def test_create_custom_field_answers_without_the_trailing_slash(hl: MockClient) -> None:
    answer = hl.post("/custom-fields", json={})
    assert answer.status == 422  # routed to create-custom-field, which validates the body
    assert "locationId should not be empty" in answer.json()["message"]


def test_a_number_beyond_float_range_is_the_wrong_type_not_infinity(hl: MockClient) -> None:
    # 1e999 is valid JSON; Node reads it as Infinity, which class-validator's IsNumber refuses.
    answer = hl.post(
        f"/objects/{PET}/records",
        data='{"locationId": "' + HL_LOCATION + '", "properties": {"age": 1e999}}',
        headers={"Content-Type": "application/json"},
    )
    assert answer.status == 422
    assert answer.json() == {
        "statusCode": 422,
        "message": ["properties.age must be a number conforming to the specified constraints"],
        "error": "Unprocessable Entity",
    }


@pytest.mark.parametrize("skip", ["nan", "inf", "-inf", "1e999"])
def test_query_numbers_that_are_not_finite_are_refused(hl: MockClient, skip: str) -> None:
    answer = hl.get("/associations/", params={"locationId": HL_LOCATION, "skip": skip, "limit": 5})
    assert answer.status == 422
    assert answer.json() == {
        "statusCode": 422,
        "message": ["skip must be a number conforming to the specified constraints"],
        "error": "Unprocessable Entity",
    }
