"""Fixtures shared by every test: see tests/support.py for the transports."""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import pytest

from tests.support import HL_VERSION, MOCK_URL, InProcess, MockClient, OverHttp, Transport


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
def control(transport: Transport) -> MockClient:
    return MockClient(transport, "/__mock__", {})
