"""Issue 17: SalesOS answers corrected from evidence, each test naming its source."""

from __future__ import annotations

import uuid
from typing import Any

import pytest

from mock_server.app import create_app
from mock_server.config import Settings
from tests.conftest import jwt
from tests.support import MockClient

ASSET = "cm5asset00000000000000001"
FIELDS = f"/v1/custom-objects/{ASSET}/fields"
# 2026-03-01T12:00:00Z
FROZEN_AT = 1_772_366_400


def app(**options: str) -> Any:
    chosen = tuple(f"salesos.{name}={value}" for name, value in options.items())
    return create_app(Settings(vendor=("salesos",), vendor_options=chosen, strict=True)).test_client()


def headers() -> dict[str, str]:
    return {"Authorization": f"Bearer {jwt(str(uuid.uuid4()))}"}


def nest_400(*messages: str) -> dict[str, Any]:
    return {"statusCode": 400, "message": list(messages), "error": "Bad Request"}


# -- the field's API name ------------------------------------------------------------------------


def test_a_field_is_named_by_name(so: MockClient) -> None:
    """The sibling API of the same codebase names a custom field's API name `name`
    (kaulonline/salesos.org docs/openapi-public.json CreateCustomFieldDto, as in
    shared/reference/salesos/salesos-www-api.custom-fields.openapi.json), and stores it
    in the Prisma column `name` (api/prisma/schema.prisma, model CustomFieldDefinition).
    By default the field answers with the name under both `name` and `apiName`."""
    added = so.post(FIELDS, json={"name": "warranty_until", "label": "Warranty", "fieldType": "DATE"})
    assert added.status == 201
    field = added.json()
    assert (field["name"], field["apiName"]) == ("warranty_until", "warranty_until")
    shown = {f["name"]: f for f in so.get(f"/v1/custom-objects/{ASSET}").json()["fields"]}
    assert shown["warranty_until"]["apiName"] == "warranty_until"
    record = so.post(
        f"/v1/custom-objects/{ASSET}/records", json={"data": {"asset_name": "X", "warranty_until": "2027-01-01"}}
    )
    assert record.status == 201 and record.json()["data"]["warranty_until"] == "2027-01-01"


def test_apiname_stays_an_alias(so: MockClient) -> None:
    """Issue 17: `apiName` (the mock's first key) is still accepted by default; the same
    name under both keys is one name, two different ones are refused (a guess)."""
    alias = so.post(FIELDS, json={"apiName": "resale", "label": "Resale", "fieldType": "CURRENCY"})
    assert (alias.status, alias.json()["name"]) == (201, "resale")
    same = so.post(FIELDS, json={"name": "grade", "apiName": "grade", "label": "Grade", "fieldType": "TEXT"})
    assert (same.status, same.json()["apiName"]) == (201, "grade")
    differ = so.post(FIELDS, json={"name": "one", "apiName": "two", "label": "One", "fieldType": "TEXT"})
    assert (differ.status, differ.json()) == (400, nest_400("name and apiName must be equal when both are given"))


@pytest.mark.parametrize(("only", "other"), [("name", "apiName"), ("apiName", "name")])
def test_field_name_key_makes_one_key_the_only_one(only: str, other: str) -> None:
    """salesos.field_name_key=name|apiName: the other key is an unknown property to the
    ValidationPipe (forbidNonWhitelisted, kaulonline/salesos.org api/src/main.ts), and the
    field answers with the chosen key only."""
    client, auth = app(field_name_key=only), headers()
    refused = client.post(f"/salesos{FIELDS}", json={other: "kept", "label": "Kept", "fieldType": "TEXT"}, headers=auth)
    assert (refused.status_code, refused.get_json()) == (400, nest_400(f"property {other} should not exist"))
    nested = client.post(
        "/salesos/v1/custom-objects",
        json={"name": "Boat", "fields": [{other: "hull", "label": "Hull", "fieldType": "TEXT"}]},
        headers=auth,
    )
    assert (nested.status_code, nested.get_json()) == (400, nest_400(f"property fields.0.{other} should not exist"))
    added = client.post(f"/salesos{FIELDS}", json={only: "kept", "label": "Kept", "fieldType": "TEXT"}, headers=auth)
    assert added.status_code == 201
    assert (added.get_json()[only], other in added.get_json()) == ("kept", False)
    listed = client.get(f"/salesos/v1/custom-objects/{ASSET}", headers=auth).get_json()["fields"]
    assert all(only in field and other not in field for field in listed)


# -- rate-limit headers --------------------------------------------------------------------------


def _frozen(**options: str) -> Any:
    client = app(**options)
    client.post("/__mock__/clock", json={"freeze": "2026-03-01T12:00:00Z"})
    return client


def test_x_ratelimit_reset_is_a_unix_timestamp() -> None:
    """SalesOS docs, Rate Limiting (docs.salesos.org/docs/rate-limiting; the repo's
    docs/content/docs/rate-limiting.mdx, Response Headers table): `X-RateLimit-Reset` is
    the Unix timestamp when the window resets (their example: 1705312800)."""
    client, auth = _frozen(), headers()
    first = client.get("/salesos/v1/custom-objects", headers=auth)
    assert first.headers["X-RateLimit-Reset"] == str(FROZEN_AT + 60)
    client.post("/__mock__/clock", json={"advance": 25})
    later = client.get("/salesos/v1/custom-objects", headers=auth)
    assert (later.headers["X-RateLimit-Reset"], later.headers["X-RateLimit-Remaining"]) == (str(FROZEN_AT + 60), "98")
    assert "X-RateLimit-Limit-medium" not in later.headers


def test_suffixed_headers_as_the_nestjs_throttler_writes_them() -> None:
    """@nestjs/throttler 6.x (src/throttler.guard.ts `handleRequest`): a throttler not named
    `default` suffixes its name to every header (`X-RateLimit-Limit-<name>`, `-Remaining-`,
    `-Reset-`, and `Retry-After-<name>` on a 429); Reset is the seconds left in the window
    (src/throttler.service.ts `getExpirationTime`).  The codebase names its one-minute
    throttler `medium` (kaulonline/salesos.org api/src/app.module.ts)."""
    client, auth = _frozen(ratelimit_headers="suffixed"), headers()
    client.get("/salesos/v1/custom-objects", headers=auth)
    client.post("/__mock__/clock", json={"advance": 25})
    answer = client.get("/salesos/v1/custom-objects", headers=auth)
    suffixed = {name: value for name, value in answer.headers.items() if name.startswith("X-RateLimit")}
    assert suffixed == {
        "X-RateLimit-Limit-medium": "100",
        "X-RateLimit-Remaining-medium": "98",
        "X-RateLimit-Reset-medium": "35",
    }


def test_a_suffixed_429_names_its_retry_after() -> None:
    """As above: with the throttler named, the 429 carries `Retry-After-medium`, not
    `Retry-After`; the body stays the docs' {"statusCode":429,"message":"Too Many Requests"}."""
    client = create_app(
        Settings(vendor=("salesos",), vendor_options=("salesos.ratelimit_headers=suffixed",), rate_limits=True)
    ).test_client()
    client.post("/__mock__/clock", json={"freeze": "2026-03-01T12:00:00Z"})
    auth = headers()
    assert {client.get("/salesos/v1/custom-objects", headers=auth).status_code for _ in range(100)} == {200}
    client.post("/__mock__/clock", json={"advance": 20})
    refused = client.get("/salesos/v1/custom-objects", headers=auth)
    assert (refused.status_code, refused.get_json()) == (429, {"statusCode": 429, "message": "Too Many Requests"})
    assert (refused.headers.get("Retry-After-medium"), refused.headers.get("Retry-After")) == ("40", None)
