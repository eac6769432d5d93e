"""Credentials: any bearer token is a tenant by default; --strict-auth accepts only
the tokens in fixtures/highlevel/tokens.yaml, and a token bound to locations is
refused elsewhere (a Private Integration token with 401, an OAuth token with 403:
test_fidelity.py).  In-process: each test builds the server it needs."""

from __future__ import annotations

import pytest
from flask.testing import FlaskClient

from mock_server.app import create_app
from mock_server.config import Settings

BOUND = "pit-0b0f6c2e-6f2a-4c1b-9d55-2f7c3f1a9e01"  # bound to ve9EPM428h8vShlRW1KT
FREE = "pit-7d1c3a9b-2e4f-4a6b-8c0d-1e2f3a4b5c6d"  # declared, any location
HOME = "ve9EPM428h8vShlRW1KT"
UNAUTHORIZED = {"statusCode": 401, "message": "Invalid token: access token is invalid", "error": "Unauthorized"}
# Issue 17: a Private Integration token (pit-...) naming another location gets this 401
# (integrators' measurements, 2026); it was the OAuth token's 403 before.
NOT_ACCESSIBLE = {"statusCode": 401, "message": "This location is not accessible from this token!"}


def client(strict_auth: bool) -> FlaskClient:
    return create_app(Settings(strict_auth=strict_auth, strict=True)).test_client()


def list_objects(api: FlaskClient, token: str, location: str) -> tuple[int, object]:
    answer = api.get(
        "/highlevel/objects/",
        query_string={"locationId": location},
        headers={"Authorization": f"Bearer {token}", "Version": "2021-07-28"},
    )
    return answer.status_code, answer.get_json()


@pytest.fixture(scope="module")
def strict() -> FlaskClient:
    return client(strict_auth=True)


def test_strict_auth_refuses_undeclared_tokens(strict: FlaskClient) -> None:
    assert list_objects(strict, "made-up-token", HOME) == (401, UNAUTHORIZED)


def test_strict_auth_accepts_declared_tokens(strict: FlaskClient) -> None:
    assert list_objects(strict, FREE, HOME)[0] == 200
    assert list_objects(strict, FREE, "someOtherLocation123")[0] == 200


def test_a_token_bound_to_a_location_is_refused_another(strict: FlaskClient) -> None:
    assert list_objects(strict, BOUND, HOME)[0] == 200
    assert list_objects(strict, BOUND, "someOtherLocation123") == (401, NOT_ACCESSIBLE)


def test_location_binding_guards_writes_too(strict: FlaskClient) -> None:
    headers = {"Authorization": f"Bearer {BOUND}", "Version": "2021-07-28"}
    elsewhere = strict.post(
        "/highlevel/objects/business/records",
        json={"locationId": "someOtherLocation123", "properties": {"name": "Acme"}},
        headers=headers,
    )
    assert (elsewhere.status_code, elsewhere.get_json()) == (401, NOT_ACCESSIBLE)
    at_home = strict.post(
        "/highlevel/objects/business/records",
        json={"locationId": HOME, "properties": {"name": "Acme"}},
        headers=headers,
    )
    assert at_home.status_code == 201


def test_without_strict_auth_any_token_is_its_own_tenant() -> None:
    lenient = client(strict_auth=False)
    assert list_objects(lenient, "made-up-token", HOME)[0] == 200
    # Declared tokens keep their location binding even without --strict-auth.
    assert list_objects(lenient, BOUND, "someOtherLocation123") == (401, NOT_ACCESSIBLE)
