"""Fixtures shared by every test: see tests/support.py for the transports."""

from __future__ import annotations

import base64
import json
import uuid
from collections.abc import Iterator

import pytest

from tests.support import HL_VERSION, MOCK_URL, InProcess, MockClient, OverHttp, Transport, served


@pytest.fixture(scope="session")
def transport() -> Iterator[Transport]:
    yield OverHttp(MOCK_URL) if MOCK_URL else InProcess()


@pytest.fixture
def token() -> str:
    """A credential no other test uses: its own tenant."""
    return f"test-{uuid.uuid4()}"


@pytest.fixture
def hl(transport: Transport, token: str) -> MockClient:
    """A HighLevel client with a fresh tenant, the fixture location and a valid Version."""
    return MockClient(transport, "/highlevel", {"Authorization": f"Bearer {token}", "Version": HL_VERSION})


@pytest.fixture
def zd(transport: Transport, token: str) -> MockClient:
    """A Zendesk client with a fresh tenant (API-token Basic auth) seeded with the fixture objects."""
    credential = base64.b64encode(f"agent@example.com/token:{token}".encode()).decode()
    return MockClient(transport, "/zendesk", {"Authorization": f"Basic {credential}"})


@pytest.fixture
def espo(transport: Transport, token: str) -> MockClient:
    """An EspoCRM client with a fresh tenant (an API key of its own), at /espocrm/api/v1."""
    return MockClient(transport, "/espocrm/api/v1", {"X-Api-Key": token})


@pytest.fixture
def oi(transport: Transport, token: str) -> MockClient:
    """An OpenInt client: an organization of its own (x-apikey), at /openint/v0."""
    api_key = base64.b64encode(f"org_{token.replace('-', '')}:sk_test".encode()).decode()
    return MockClient(transport, "/openint/v0", {"x-apikey": api_key})


@pytest.fixture
def so(transport: Transport, token: str) -> MockClient:
    """A SalesOS client: a JWT whose subject is a tenant of its own, at /salesos."""
    return MockClient(transport, "/salesos", {"Authorization": f"Bearer {jwt(token)}"})


def jwt(subject: str) -> str:
    """An unsigned-looking JWT naming `subject` (the mock reads, never verifies, SalesOS tokens)."""

    def part(data: dict[str, object]) -> str:
        return base64.urlsafe_b64encode(json.dumps(data).encode()).rstrip(b"=").decode()

    return f"{part({'alg': 'HS256', 'typ': 'JWT'})}.{part({'sub': subject})}.signature"


@pytest.fixture
def control(transport: Transport) -> MockClient:
    return MockClient(transport, "/__mock__", {})


@pytest.fixture(scope="session")
def live_url() -> Iterator[str]:
    """A server reachable over real HTTP: CRM_MOCK_URL's, or one started for the session."""
    if MOCK_URL:
        yield MOCK_URL
        return
    with served("--strict", "--seed", "7") as url:
        yield url
