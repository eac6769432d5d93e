"""--max-tenants: each vendor holds at most N live tenants; a new credential past the cap
gets the vendor's 503 naming the option, the tenants already there keep working, and a
tenant reset through the control plane frees its place.

Each test builds its own app (a cap of 3), so it runs the same in both suite modes.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from flask.testing import FlaskClient

from mock_server.app import create_app, runtime_of
from mock_server.config import Settings
from mock_server.core.store import tenant_label
from tests.conftest import jwt
from tests.support import HL_VERSION

CAP = 3


def message(vendor: str) -> str:
    return (
        f"crm-mock: this server already holds its limit of {CAP} {vendor} tenants "
        "(--max-tenants, CRM_MOCK_MAX_TENANTS); reset tenants you no longer need "
        "(POST /__mock__/reset) or start it with a higher --max-tenants"
    )


@dataclass(frozen=True)
class Vendor:
    name: str
    path: str  # a read any fresh tenant may make
    headers: Callable[[str], dict[str, str]]  # credential headers from a token
    tenant: Callable[[str], str]  # the tenant a token names (what tenant_label digests)
    refusal: Callable[[], tuple[dict[str, Any] | None, dict[str, str]]]  # body, headers that matter


def _openint_key(token: str) -> str:
    return base64.b64encode(f"org_{token}:sk_test".encode()).decode()


VENDORS = [
    Vendor(
        "highlevel",
        "/highlevel/objects/custom_objects.pet/records/679b8f9bde6a0c356a0311b3",
        lambda token: {"Authorization": f"Bearer {token}", "Version": HL_VERSION},
        lambda token: token,
        lambda: (
            {"message": message("highlevel"), "error": "Service Unavailable", "statusCode": 503},
            {"Content-Type": "application/json; charset=utf-8"},
        ),
    ),
    Vendor(
        "zendesk",
        "/zendesk/api/v2/custom_objects/car/records/01JGCAR0000000000000000001",
        lambda token: {"Authorization": f"Bearer {token}"},
        lambda token: token,
        lambda: (
            {"error": "ServiceUnavailable", "description": message("zendesk")},
            {"Content-Type": "application/json; charset=utf-8"},
        ),
    ),
    Vendor(
        "espocrm",
        "/espocrm/api/v1/Account",
        lambda token: {"X-Api-Key": token},
        lambda token: token,
        lambda: (None, {"X-Status-Reason": message("espocrm")}),
    ),
    Vendor(
        "openint",
        "/openint/v0/core/connector_config",
        lambda token: {"x-apikey": _openint_key(token)},
        lambda token: f"org_{token}",
        lambda: (
            {
                "message": message("openint"),
                "code": "SERVICE_UNAVAILABLE",
                "data": {"code": "SERVICE_UNAVAILABLE", "httpStatus": 503, "path": "adminListConnectorConfigs"},
            },
            {"Content-Type": "application/json"},
        ),
    ),
    Vendor(
        "salesos",
        "/salesos/v1/custom-objects",
        lambda token: {"Authorization": f"Bearer {jwt(token)}"},
        lambda token: token,
        lambda: (
            {"statusCode": 503, "message": message("salesos"), "error": "Service Unavailable"},
            {"Content-Type": "application/json; charset=utf-8"},
        ),
    ),
]
BY_NAME = {vendor.name: vendor for vendor in VENDORS}


@pytest.fixture
def client() -> FlaskClient:
    return create_app(Settings(strict=True, seed=7, max_tenants=CAP)).test_client()


def call(client: FlaskClient, vendor: Vendor, token: str) -> Any:
    return client.get(vendor.path, headers=vendor.headers(token))


def listed_tenants(client: FlaskClient, vendor: str) -> list[str]:
    answer = client.get("/__mock__/tenants", query_string={"vendor": vendor})
    return [entry["tenant"] for entry in answer.get_json()["tenants"]]


def labels(vendor: Vendor, *tokens: str) -> list[str]:
    return sorted(tenant_label(vendor.tenant(token)) for token in tokens)


def assert_refused(answer: Any, vendor: Vendor) -> None:
    body, headers = vendor.refusal()
    assert answer.status_code == 503
    assert (json.loads(answer.data) if answer.data else None) == body
    for name, value in headers.items():
        assert answer.headers.get(name) == value
    assert "Retry-After" not in answer.headers  # not a quota: SDKs that honour it would wait and retry


@pytest.mark.parametrize("vendor", VENDORS, ids=lambda vendor: vendor.name)
def test_a_new_credential_past_the_cap_gets_the_vendors_503(client: FlaskClient, vendor: Vendor) -> None:
    first = ["one", "two", "three"]
    assert [call(client, vendor, token).status_code for token in first] == [200, 200, 200]
    assert_refused(call(client, vendor, "four"), vendor)
    # The tenants already there lose nothing and keep working; the refused one was never made.
    assert [call(client, vendor, token).status_code for token in first] == [200, 200, 200]
    assert listed_tenants(client, vendor.name) == labels(vendor, *first)


@pytest.mark.parametrize("vendor", VENDORS, ids=lambda vendor: vendor.name)
def test_a_reset_tenant_frees_its_place(client: FlaskClient, vendor: Vendor) -> None:
    for token in ("one", "two", "three"):
        call(client, vendor, token)
    assert call(client, vendor, "four").status_code == 503
    reset = client.post("/__mock__/reset", json={"vendor": vendor.name, "tenant": vendor.tenant("two")})
    assert reset.get_json()["tenantsDropped"] == 1
    assert call(client, vendor, "four").status_code == 200
    assert listed_tenants(client, vendor.name) == labels(vendor, "one", "three", "four")
    assert_refused(call(client, vendor, "five"), vendor)


def test_the_cap_is_per_vendor_and_a_label_resets_too(client: FlaskClient) -> None:
    hl, zd = BY_NAME["highlevel"], BY_NAME["zendesk"]
    for token in ("one", "two", "three"):
        call(client, hl, token)
    assert call(client, zd, "four").status_code == 200  # Zendesk's own count
    label = tenant_label("one")
    assert client.post("/__mock__/reset", json={"vendor": "highlevel", "tenant": label}).status_code == 200
    assert call(client, hl, "four").status_code == 200


def test_the_refusal_is_journalled_and_counts_no_quota(client: FlaskClient) -> None:
    hl = BY_NAME["highlevel"]
    for token in ("one", "two", "three"):
        call(client, hl, token)
    refused = call(client, hl, "four")
    assert not any(name.lower().startswith("x-ratelimit") for name, _ in refused.headers)
    journal = client.get("/__mock__/requests", query_string={"tenant": "four"}).get_json()
    [entry] = journal["requests"]
    assert (entry["response"]["status"], entry["vendor"], entry["tenant"]) == (503, "highlevel", tenant_label("four"))


def test_quota_windows_belong_to_live_tenants_only() -> None:
    """Per-credential counters live and die with the tenant: a refused credential gets
    none, a reset tenant's go with it."""
    app = create_app(Settings(strict=True, seed=7, max_tenants=CAP))
    client, quotas = app.test_client(), runtime_of(app).quotas
    hl = BY_NAME["highlevel"]  # two quotas: a burst window and a daily one
    for token in ("one", "two", "three"):
        call(client, hl, token)
    assert len(quotas) == 6
    for token in ("four", "five", "six"):
        assert call(client, hl, token).status_code == 503
    assert len(quotas) == 6
    client.post("/__mock__/reset", json={"vendor": "highlevel", "tenant": "two"})
    assert len(quotas) == 4


def test_a_reset_of_everything_frees_every_place(client: FlaskClient) -> None:
    hl = BY_NAME["highlevel"]
    for token in ("one", "two", "three"):
        call(client, hl, token)
    assert client.post("/__mock__/reset", json={"all": True}).status_code == 200
    assert [call(client, hl, token).status_code for token in ("four", "five", "six")] == [200, 200, 200]


def test_a_snapshot_over_the_cap_is_refused_whole() -> None:
    """A snapshot that would leave a vendor with more live tenants than the cap is refused
    with 400 naming the option, and changes nothing; one within it is restored."""
    roomy = create_app(Settings(seed=7)).test_client()
    hl = BY_NAME["highlevel"]
    for token in ("one", "two", "three", "four", "five"):
        call(roomy, hl, token)
    snapshot = roomy.get("/__mock__/state", query_string={"vendor": "highlevel"}).get_json()
    client = create_app(Settings(strict=True, seed=7, max_tenants=CAP)).test_client()
    call(client, hl, "mine")
    refused = client.put("/__mock__/state", json=snapshot)
    assert (refused.status_code, refused.get_json()) == (
        400,
        {
            "error": "the snapshot cannot be restored: highlevel would hold 5 tenants, "
            f"over its limit of {CAP} (--max-tenants)"
        },
    )
    assert listed_tenants(client, "highlevel") == labels(hl, "mine")
    del snapshot["vendors"]["highlevel"][tenant_label("one")], snapshot["vendors"]["highlevel"][tenant_label("two")]
    assert client.put("/__mock__/state", json=snapshot).status_code == 400  # 3 + the live one
    client.post("/__mock__/reset", json={"vendor": "highlevel", "tenant": "mine"})
    assert client.put("/__mock__/state", json=snapshot).get_json() == {"restored": True, "tenants": 3}
    assert listed_tenants(client, "highlevel") == labels(hl, "three", "four", "five")
    assert_refused(call(client, hl, "six"), hl)


def test_the_default_cap_and_its_option() -> None:
    assert Settings().max_tenants == 1000
    assert Settings.from_env({"CRM_MOCK_MAX_TENANTS": "25"}).max_tenants == 25
    assert runtime_of(create_app(Settings(max_tenants=7))).store.max_tenants == 7
    with pytest.raises(ValueError, match="max tenants must be at least 1"):
        Settings.from_env({}, max_tenants=0)


def test_the_command_line_option(capsys: pytest.CaptureFixture[str]) -> None:
    from mock_server.cli import main

    with pytest.raises(SystemExit) as refused:
        main(["serve", "--max-tenants", "0"])  # refused before it serves
    assert refused.value.code == 2
    assert "max tenants must be at least 1, got 0" in capsys.readouterr().err
