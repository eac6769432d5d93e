"""The crm_mock fixture, registered with pytest through the pytest11 entry point.

    def test_sync(crm_mock):
        client = MyClient(base_url=crm_mock.base_url("highlevel"), token=crm_mock.credentials("highlevel")["token"])
        client.sync()
        crm_mock.verify(operationId="create-object-record", count=3)
        crm_mock.assert_no_violations()

    @pytest.mark.crm_mock(seed=7, strict_auth=True, vendors=["highlevel"])
    def test_with_other_settings(crm_mock): ...

One server serves the whole session (one more for each distinct marker).  The
server is never reset: each test gets tenants of its own (a TenantSession: a fresh
credential per vendor, seeded from the fixtures on first use, deleted at teardown),
and everything the fixture does is scoped to them, so tests and pytest-xdist
workers can share one server.  With CRM_MOCK_URL set, the fixture drives that
server (say, a Docker container) instead; a marker option it cannot apply there
fails the test, naming the option.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from .config import Settings
from .testing import MockCRM, TenantSession, intercept

__all__ = ["crm_mock", "crm_mock_intercept", "crm_mock_servers"]

MARKER = "crm_mock"
INTERCEPT_MARKER = "crm_mock_intercept"


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        f"{MARKER}(vendors=None, fixtures=None, seed=None, strict_auth=False): "
        "settings of the crm-mock server this test gets",
    )
    config.addinivalue_line(
        "markers",
        f"{INTERCEPT_MARKER}(hosts=None, espocrm=None, passthrough=False, settings=None): "
        "options of the crm_mock_intercept fixture (mock_server/intercept.py)",
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


def _check_external(server: MockCRM, settings: Settings) -> None:
    """Marker options against a server started elsewhere: what it runs with is checked
    (its credentials are declared per tenant, so strict_auth needs only its --strict-auth);
    what the control plane cannot change fails the test, naming the option."""
    health = server.health()
    where = f"the server at CRM_MOCK_URL ({server.url})"
    if settings.fixtures is not None:
        pytest.fail(f"@pytest.mark.{MARKER}(fixtures=...) cannot apply to {where}: start it with --fixtures instead")
    missing = sorted(set(settings.vendor) - set(health["vendors"]))
    if missing:
        pytest.fail(f"@pytest.mark.{MARKER}(vendors=...): {where} does not serve {missing}")
    if settings.seed is not None and health.get("seed") != settings.seed:
        pytest.fail(f"@pytest.mark.{MARKER}(seed={settings.seed}): {where} runs with seed {health.get('seed')}")
    if settings.strict_auth and not health.get("strictAuth"):
        pytest.fail(f"@pytest.mark.{MARKER}(strict_auth=True): {where} does not run with --strict-auth")


@pytest.fixture
def crm_mock(request: pytest.FixtureRequest, crm_mock_servers: _Servers) -> Iterator[TenantSession]:
    """A running crm-mock seen through tenants of this test's own (deleted at teardown)."""
    settings = _settings(request.node.get_closest_marker(MARKER))
    external = os.environ.get("CRM_MOCK_URL")
    if external:
        server = MockCRM(url=external, admin_token=os.environ.get("CRM_MOCK_ADMIN_TOKEN"))
        _check_external(server, settings)
    else:
        server = crm_mock_servers.get(settings)
    with server.tenant_session() as session:
        yield session


@pytest.fixture
def crm_mock_intercept(request: pytest.FixtureRequest) -> Iterator[MockCRM]:
    """The vendors' real hosts answered by a fresh crm-mock in this process for the
    test (mock_server/intercept.py); options from @pytest.mark.crm_mock_intercept(...),
    e.g. espocrm="https://crm.example.com" or passthrough=True.  CRM_MOCK_URL does not
    apply: interception is in-process."""
    marker = request.node.get_closest_marker(INTERCEPT_MARKER)
    with intercept(**(marker.kwargs if marker else {})) as crm:
        yield crm
