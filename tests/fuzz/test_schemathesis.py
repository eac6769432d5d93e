"""Property-based fuzzing with schemathesis: for every operation of every spec, a
bounded number of generated requests against a real server; no 5xx, and every
answer (errors included) conforms to the spec's status codes, content types and
schemas.  A longer run is described in README ("Reliability")."""

from __future__ import annotations

import base64
import json
import os
from collections.abc import Iterator
from typing import Any

import pytest

schemathesis = pytest.importorskip("schemathesis", reason="schemathesis is part of the test extra")
from hypothesis import HealthCheck, settings  # noqa: E402
from schemathesis.specs.openapi import checks  # noqa: E402

from mock_server.config import Settings  # noqa: E402
from mock_server.runtime import bundled_specs_dir  # noqa: E402
from mock_server.testing import MockCRM  # noqa: E402

EXAMPLES = int(os.environ.get("CRM_MOCK_FUZZ_EXAMPLES", "4"))
CHECKS = [
    checks.status_code_conformance,
    checks.content_type_conformance,
    checks.response_schema_conformance,
]


def _jwt(subject: str) -> str:
    def part(data: dict[str, Any]) -> str:
        return base64.urlsafe_b64encode(json.dumps(data).encode()).rstrip(b"=").decode()

    return f"{part({'alg': 'HS256'})}.{part({'sub': subject})}.signature"


# vendor -> (mount, headers every request carries)
VENDORS: dict[str, tuple[str, dict[str, str]]] = {
    "highlevel": ("/highlevel", {"Authorization": "Bearer fuzz-token", "Version": "2021-07-28"}),
    "zendesk": ("/zendesk", {"Authorization": "Basic " + base64.b64encode(b"fuzz@example.com/token:fuzz").decode()}),
    "espocrm": ("/espocrm", {"X-Api-Key": "fuzz-key"}),
    "openint": (
        "/openint",
        {
            "x-apikey": base64.b64encode(b"org_fuzz:secret").decode(),
            "x-connection-id": "conn_salesforce_01JNCN0000000000000000SF01",
        },
    ),
    "salesos": ("/salesos", {"Authorization": f"Bearer {_jwt('fuzz')}"}),
    "control": ("", {}),
}


SENT: dict[str, int] = {}


@pytest.fixture(scope="module")
def server() -> Iterator[MockCRM]:
    with MockCRM(Settings(seed=5, strict=True, journal_size=1000)) as running:
        yield running
    # Shown with `pytest -s`: the figures README's "Reliability" section quotes.
    print(f"\nfuzz: {sum(SENT.values())} requests over {len(SENT)} operations, {EXAMPLES} examples each at most")


def _schema(name: str) -> Any:
    return schemathesis.openapi.from_path(str(bundled_specs_dir() / f"{name}.yaml"))


def _fuzz(name: str) -> Any:
    schema = _schema(name)

    @schema.parametrize()
    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        suppress_health_check=list(HealthCheck),
        derandomize=True,
        database=None,
    )
    def test(case: Any, server: MockCRM) -> None:
        mount, headers = VENDORS[name]
        given = {
            key: value for key, value in (case.headers or {}).items() if key.lower() not in {h.lower() for h in headers}
        }
        case.headers = {**given, **headers}
        response = case.call(base_url=server.url + mount, timeout=30)
        key = f"{name} {case.operation.label}"
        SENT[key] = SENT.get(key, 0) + 1
        assert response.status_code < 500 or (name, response.status_code) in ALLOWED_5XX, (
            f"{case.method} {case.formatted_path} answered {response.status_code}: {response.text[:300]}"
        )
        case.validate_response(response, checks=CHECKS)

    return test


# The vendor's own 5xx, never the mock's: OpenInt's connectors may lack an operation.
ALLOWED_5XX = {("openint", 501)}

test_highlevel = _fuzz("highlevel")
test_zendesk = _fuzz("zendesk")
test_espocrm = _fuzz("espocrm")
test_openint = _fuzz("openint")
test_salesos = _fuzz("salesos")
test_control = _fuzz("control")
