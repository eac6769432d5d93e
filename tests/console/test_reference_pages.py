"""The API reference pages in a real browser: linked from the console, rendered by
Swagger UI from local files, and "Try it out" answered by the mock itself."""

from __future__ import annotations

from typing import Any

import pytest
import requests

from mock_server.testing import MockCRM
from mock_server.vendors import VENDOR_NAMES

try:
    from playwright.sync_api import expect
except ImportError:  # the browser fixture skips (or fails, with CRM_MOCK_REQUIRE_BROWSER=1)
    expect = None


def test_the_console_links_every_reference(page: Any, crm: MockCRM) -> None:
    page.goto(crm.url + "/__mock__/ui/")
    for name in (*VENDOR_NAMES, "control"):
        link = page.locator(f"[data-testid=docs-{name}]")
        expect(link).to_have_attribute("href", f"../docs/{name}")
    page.click("[data-testid=docs-zendesk]")
    page.wait_for_url(crm.url + "/__mock__/docs/zendesk")
    expect(page.locator(".swagger-ui .info .title")).to_contain_text("Zendesk")


@pytest.mark.parametrize("name", [*VENDOR_NAMES, "control"])
def test_each_reference_renders_its_operations(page: Any, crm: MockCRM, name: str) -> None:
    spec = requests.get(f"{crm.url}/__mock__/docs/{name}/openapi.json", timeout=10).json()
    operations = sum(
        1 for item in spec["paths"].values() for method in item if method in ("get", "put", "post", "patch", "delete")
    )
    page.goto(f"{crm.url}/__mock__/docs/{name}")
    blocks = page.locator(".swagger-ui .opblock")
    expect(blocks).to_have_count(operations)
    expect(page.locator(".swagger-ui .servers select")).to_contain_text(crm.url)


def test_try_it_out_calls_the_mock(page: Any, crm: MockCRM) -> None:
    page.goto(f"{crm.url}/__mock__/docs/control")
    health = page.locator(".swagger-ui .opblock", has_text="/__mock__/health")
    health.locator(".opblock-summary").click()
    health.locator("button.execute").click()  # the pages open with "Try it out" already on
    answer = health.locator(".live-responses-table .response .response-col_status").first
    expect(answer).to_have_text("200")
    expect(health.locator(".live-responses-table .microlight").first).to_contain_text('"status": "ready"')
