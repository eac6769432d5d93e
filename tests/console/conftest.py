"""A server of our own and a headless Chromium (Debian's `chromium`, driven by
Playwright) for the console tests.

The tests always start their own in-process server, also when CRM_MOCK_URL points
the rest of the suite at a server elsewhere: they reset it and add faults freely.
Without Chromium or Playwright they skip, unless CRM_MOCK_REQUIRE_BROWSER=1 (CI),
which makes them fail instead.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from mock_server.testing import MockCRM

SCREENSHOTS = Path(__file__).resolve().parent / "screenshots"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def _unavailable(reason: str) -> None:
    if os.environ.get("CRM_MOCK_REQUIRE_BROWSER") == "1":
        pytest.fail(f"CRM_MOCK_REQUIRE_BROWSER=1 but {reason}", pytrace=False)
    pytest.skip(reason)


def chromium_path() -> str | None:
    """CRM_MOCK_CHROMIUM, or Debian's chromium on the PATH."""
    configured = os.environ.get("CRM_MOCK_CHROMIUM")
    if configured:
        return configured if Path(configured).exists() else None
    for name in ("chromium", "chromium-browser"):
        found = shutil.which(name)
        if found:
            return found
    return "/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None


@pytest.fixture(scope="session")
def console_server() -> Iterator[MockCRM]:
    with MockCRM() as crm:
        yield crm


# Per module, not per session: Playwright's sync API keeps an event loop running
# while it is started, and later tests that call asyncio.run() (the SDK tests) fail.
@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("the playwright package is not installed (pip install playwright)")
    executable = chromium_path()
    if executable is None:
        _unavailable("no Chromium found (apt-get install chromium, or set CRM_MOCK_CHROMIUM)")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS, headless=True)
        yield launched
        launched.close()


@pytest.fixture
def crm(console_server: MockCRM) -> Iterator[MockCRM]:
    """The server, back at its fixtures, with an empty journal, no faults and no rate limits."""
    console_server.reset()
    console_server.rate_limits(False)
    yield console_server
    console_server.rate_limits(False)


@pytest.fixture
def page(browser: Any, crm: MockCRM, request: pytest.FixtureRequest) -> Iterator[Any]:
    """A fresh browser context (empty local storage); a screenshot per test at the end."""
    context = browser.new_context(viewport={"width": 1400, "height": 900}, accept_downloads=True)
    context.set_default_timeout(10_000)
    opened = context.new_page()
    errors: list[str] = []
    opened.on("pageerror", lambda error: errors.append(str(error)))
    yield opened
    SCREENSHOTS.mkdir(exist_ok=True)
    name = request.node.name.replace("/", "_").replace("[", "-").replace("]", "")
    try:
        opened.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)
    finally:
        context.close()
    assert not errors, f"JavaScript errors in the console: {errors}"
