"""Issue 17 (HighLevel): the gateway's Version answers and the refusal of a location a
token cannot access, as the real service sends them.  Each test names its evidence;
docs/vendors/highlevel.md's "Ledger" lists the same sources."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from flask.testing import FlaskClient

from mock_server.app import create_app
from mock_server.config import Settings
from tests.support import HL_LOCATION, MockClient, header

PET = "custom_objects.pet"
BUDDY = "679b8f9bde6a0c356a0311b3"  # a seeded pet record
NAME_FIELD = "Pf01aNameTx8vShlRW1KT"  # the pet's seeded name field
PET_FOLDER = "3v34PM428h8vShlRW1KT"  # the pet's seeded folder
ELSEWHERE = "zz9OtherSubAccount01"  # a location the bound tokens do not open

PIT = "pit-0b0f6c2e-6f2a-4c1b-9d55-2f7c3f1a9e01"  # fixtures/highlevel/tokens.yaml, bound to HL_LOCATION
OAUTH = (  # the same file's OAuth access token, bound to HL_LOCATION
    "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9."
    "eyJhdXRoQ2xhc3MiOiJMb2NhdGlvbiIsImF1dGhDbGFzc0lkIjoidmU5RVBNNDI4aDh2U2hsUlcxS1QiLCJzb3VyY2UiOiJJTlRFR1JBVElPTiIs"
    "InN1YiI6ImNybS1tb2NrLW9hdXRoLWV4YW1wbGUifQ.crm-mock-unsigned"
)
NOT_ACCESSIBLE = {"statusCode": 401, "message": "This location is not accessible from this token!"}
NO_ACCESS = {"statusCode": 403, "message": "The token does not have access to this location."}


# -- the Version header --------------------------------------------------------


def test_a_missing_version_is_the_gateways_401_without_an_error_name(hl: MockClient) -> None:
    """Issue 17; live captures published by integrators, e.g. `curl
    https://services.leadconnectorhq.com/contacts/test` with no Version header answered
    exactly `{"statusCode":401,"message":"version header was not found."}`."""
    answer = hl.get("/objects/", params={"locationId": HL_LOCATION}, headers={"Version": None})
    assert answer.status == 401
    assert answer.json() == {"statusCode": 401, "message": "version header was not found."}
    assert header(answer, "Content-Type") == "application/json; charset=utf-8"


def test_an_empty_version_counts_as_missing(hl: MockClient) -> None:
    """GUESS (ledger): Node hands an empty header over as "", which the gateway's
    presence check reads as absent."""
    answer = hl.get("/objects/", params={"locationId": HL_LOCATION}, headers={"Version": ""})
    assert (answer.status, answer.json()) == (401, {"statusCode": 401, "message": "version header was not found."})


@pytest.mark.parametrize("version", ["bogus-version", "x", "2021/07/28", "latest"])
def test_a_version_neither_date_nor_named_is_the_400_invalid_segment(hl: MockClient, version: str) -> None:
    """Issue 17: integrators measured `Version: bogus-version` in 2026 and published
    400 "Invalid API version segment 'bogus-version' at position 0" in their code; the
    body is HighLevel's usual {statusCode, message} (issue 17's wording)."""
    answer = hl.get("/objects/", params={"locationId": HL_LOCATION}, headers={"Version": version})
    assert answer.status == 400
    assert answer.json() == {"statusCode": 400, "message": f"Invalid API version segment '{version}' at position 0"}
    assert header(answer, "Content-Type") == "application/json; charset=utf-8"


def test_the_invalid_segment_400_comes_before_routing_and_the_token(hl: MockClient) -> None:
    """The gateway answers before anything else (live probes: Version is checked before
    the token; issue 17 for the 400 itself)."""
    expected = {"statusCode": 400, "message": "Invalid API version segment 'bogus-version' at position 0"}
    unknown_path = hl.get("/no/such/path", headers={"Version": "bogus-version"})
    assert (unknown_path.status, unknown_path.json()) == (400, expected)
    no_token = hl.get("/objects/", headers={"Version": "bogus-version", "Authorization": None})
    assert (no_token.status, no_token.json()) == (400, expected)


@pytest.mark.parametrize("version", ["2020-01-01", "9999-99-99", "2019-01-01", "v4"])
def test_an_unpublished_date_or_named_version_keeps_the_401_invalid(hl: MockClient, version: str) -> None:
    """Live probes published by integrators (2026-08): `Version: 2020-01-01` and
    `Version: 9999-99-99` gave 401 "version header is invalid".  `v4` (a named version
    not published) is a guess; so is the body without an error name, taken from the
    same gateway's missing-header 401."""
    answer = hl.get("/objects/", params={"locationId": HL_LOCATION}, headers={"Version": version})
    assert (answer.status, answer.json()) == (401, {"statusCode": 401, "message": "version header is invalid"})


# -- a location the token cannot access --------------------------------------------


def _requests(location: str) -> list[tuple[str, str, dict[str, Any], Any]]:
    """Every operation that takes a locationId (query or body), as a valid request naming `location`."""
    at = {"locationId": location}
    return [
        ("GET", "/objects/", at, None),
        (
            "POST",
            "/objects/",
            {},
            {
                **at,
                "key": "boat",
                "labels": {"singular": "Boat", "plural": "Boats"},
                "primaryDisplayPropertyDetails": {"key": "name", "name": "Name", "dataType": "TEXT"},
            },
        ),
        ("GET", f"/objects/{PET}", at, None),
        ("PUT", f"/objects/{PET}", {}, {**at, "searchableProperties": [f"{PET}.name"]}),
        ("POST", "/objects/business/records", {}, {**at, "properties": {"name": "Acme"}}),
        ("PUT", f"/objects/{PET}/records/{BUDDY}", at, {"properties": {"name": "Buddy"}}),
        ("POST", f"/objects/{PET}/records/search", {}, {**at, "page": 1, "pageLimit": 10}),
        ("GET", "/associations/", at, None),
        (
            "POST",
            "/associations/",
            {},
            {
                **at,
                "key": "pet_owner",
                "firstObjectLabel": "pet",
                "firstObjectKey": PET,
                "secondObjectLabel": "owner",
                "secondObjectKey": "contact",
            },
        ),
        ("GET", "/associations/key/pet_owner", at, None),
        ("GET", f"/associations/objectKey/{PET}", at, None),
        (
            "POST",
            "/associations/relations",
            {},
            {**at, "associationId": "a" * 24, "firstRecordId": BUDDY, "secondRecordId": "b" * 24},
        ),
        ("GET", f"/associations/relations/{BUDDY}", {**at, "skip": 0, "limit": 10}, None),
        ("DELETE", f"/associations/relations/{'c' * 24}", at, None),
        (
            "POST",
            "/custom-fields/",
            {},
            {
                **at,
                "name": "Colour",
                "showInForms": True,
                "dataType": "TEXT",
                "fieldKey": f"{PET}.colour",
                "objectKey": PET,
                "parentId": PET_FOLDER,
            },
        ),
        ("PUT", f"/custom-fields/{NAME_FIELD}", {}, {**at, "showInForms": True}),
        ("GET", f"/custom-fields/object-key/{PET}", at, None),
        ("POST", "/custom-fields/folder", {}, {**at, "objectKey": PET, "name": "More"}),
        ("PUT", f"/custom-fields/folder/{PET_FOLDER}", {}, {**at, "name": "Pet Facts"}),
        ("DELETE", f"/custom-fields/folder/{PET_FOLDER}", at, None),
    ]


OPERATIONS = [f"{method} {path}" for method, path, _, _ in _requests(ELSEWHERE)]


def _app(*options: str) -> FlaskClient:
    return create_app(Settings(strict=True, vendor_options=options)).test_client()


@pytest.fixture(scope="module")
def default_app() -> Iterator[FlaskClient]:
    yield _app()


def _call(api: FlaskClient, token: str, index: int, location: str) -> tuple[int, Any, str | None]:
    method, path, query, body = _requests(location)[index]
    answer = api.open(
        f"/highlevel{path}",
        method=method,
        query_string=query,
        json=body,
        headers={"Authorization": f"Bearer {token}", "Version": "2021-07-28"},
    )
    return answer.status_code, answer.get_json(), answer.headers.get("X-CRM-Mock-Contract-Breach")


@pytest.mark.parametrize("index", range(len(OPERATIONS)), ids=OPERATIONS)
def test_a_private_integration_token_gets_401_for_a_location_it_cannot_access(
    default_app: FlaskClient, index: int
) -> None:
    """Issue 17: several integrators measured and published in 2026 that a Private
    Integration token (pit-...) naming another sub-account's location, or one that does
    not exist, gets exactly 401 {"statusCode":401,"message":"This location is not
    accessible from this token!"}.  Served on every operation that takes a locationId;
    the answer passes the spec check of --strict (no contract-breach header)."""
    assert _call(default_app, PIT, index, ELSEWHERE) == (401, NOT_ACCESSIBLE, None)


@pytest.mark.parametrize("index", range(len(OPERATIONS)), ids=OPERATIONS)
def test_an_oauth_token_gets_403_for_a_location_it_cannot_access(default_app: FlaskClient, index: int) -> None:
    """HighLevel API docs issue 213 (GoHighLevel/highlevel-api-docs): a marketplace app's
    OAuth token naming a location it was not installed on gets 403 {"statusCode":403,
    "message":"The token does not have access to this location."}."""
    assert _call(default_app, OAUTH, index, ELSEWHERE) == (403, NO_ACCESS, None)


def test_both_bound_tokens_still_reach_their_own_location(default_app: FlaskClient) -> None:
    """The positive control for the two tests above: the same requests at the token's
    own location are not refused."""
    for token in (PIT, OAUTH):
        for index in range(len(OPERATIONS)):
            status, body, _ = _call(default_app, token, index, HL_LOCATION)
            assert status not in (401, 403), (OPERATIONS[index], body)


def test_the_switch_gives_a_private_integration_token_the_403() -> None:
    """`--vendor-option highlevel.pit_location_error=403`: one integrator measured a
    location PIT getting the 403 in 2026 (and older troubleshooting notes show the same
    for pit- tokens), so the OAuth answer stays available for PITs."""
    api = _app("highlevel.pit_location_error=403")
    assert _call(api, PIT, 0, ELSEWHERE) == (403, NO_ACCESS, None)
    assert _call(api, OAUTH, 0, ELSEWHERE) == (403, NO_ACCESS, None)
