"""The crm_mock fixture, registered with pytest through the pytest11 entry point.

    def test_sync(crm_mock):
        client = MyClient(base_url=crm_mock.base_url("highlevel"), token="t")
        client.sync()
        crm_mock.verify(operationId="create-object-record", count=3)
        crm_mock.assert_no_violations()

    @pytest.mark.crm_mock(seed=7, strict_auth=True, vendors=["highlevel"])
    def test_with_other_settings(crm_mock): ...

One server serves the whole session (one more for each distinct marker), and
every test starts from the fixtures with an empty journal.  With CRM_MOCK_URL
set, the fixture drives that server (say, a Docker container) instead.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from .config import Settings
from .testing import MockCRM

__all__ = ["crm_mock", "crm_mock_servers"]

MARKER = "crm_mock"


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        f"{MARKER}(vendors=None, fixtures=None, seed=None, strict_auth=False): "
        "settings of the crm-mock server this test gets",
    )


class _Servers:
    """One MockCRM per distinct settings, started on first use, stopped at session end."""

    def __init__(self) -> None:
        self._running: dict[tuple[Any, ...], MockCRM] = {}

    def get(self, settings: Settings) -> MockCRM:
        key = (settings.vendor, settings.fixtures, settings.seed, settings.strict_auth)
        if key not in self._running:
            self._running[key] = MockCRM(settings).start()
        return self._running[key]

    def stop(self) -> None:
        for server in self._running.values():
            server.stop()
        self._running.clear()


@pytest.fixture(scope="session")
def crm_mock_servers() -> Iterator[_Servers]:
    servers = _Servers()
    yield servers
    servers.stop()


def _settings(marker: pytest.Mark | None) -> Settings:
    options: dict[str, Any] = dict(marker.kwargs) if marker else {}
    vendors = options.pop("vendors", None)
    fixtures = options.pop("fixtures", None)
    unknown = sorted(set(options) - {"seed", "strict_auth"})
    if unknown:
        raise pytest.UsageError(f"@pytest.mark.{MARKER} does not take {unknown}")
    return Settings(
        vendor=tuple(vendors) if vendors else (),
        fixtures=Path(fixtures) if fixtures else None,
        seed=options.get("seed"),
        strict_auth=bool(options.get("strict_auth", False)),
    )


@pytest.fixture
def crm_mock(request: pytest.FixtureRequest, crm_mock_servers: _Servers) -> MockCRM:
    """A running crm-mock, back at its fixtures and with an empty journal."""
    external = os.environ.get("CRM_MOCK_URL")
    server = (
        MockCRM(url=external, admin_token=os.environ.get("CRM_MOCK_ADMIN_TOKEN"))
        if external
        else crm_mock_servers.get(_settings(request.node.get_closest_marker(MARKER)))
    )
    server.reset()
    return server
