"""docs/vendors/<vendor>.md lists every operation of its spec, by method and URL."""

from __future__ import annotations

from pathlib import Path

import pytest

from mock_server.core.spec import load_spec
from mock_server.runtime import bundled_specs_dir
from mock_server.vendors import VENDOR_NAMES, load_vendor

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize("name", VENDOR_NAMES)
def test_the_vendor_page_lists_every_operation(name: str) -> None:
    vendor = load_vendor(name)
    page = (ROOT / "docs" / "vendors" / f"{name}.md").read_text()
    spec = load_spec(bundled_specs_dir() / vendor.spec_file, name, check=False)
    missing = [
        operation.operation_id
        for operation in spec
        if f"| `{operation.operation_id}` | `{operation.method} {vendor.default_mount}{operation.path}` | served |"
        not in page
    ]
    assert not missing, f"docs/vendors/{name}.md lacks rows for {missing}"
    assert page.count("| served |") == len(spec.operations)  # and nothing that is no longer there


@pytest.mark.parametrize("name", VENDOR_NAMES)
def test_the_vendor_page_says_how_to_change_its_guesses(name: str) -> None:
    page = (ROOT / "docs" / "vendors" / f"{name}.md").read_text()
    guesses = page[page.index("## Guess") :]
    assert "--vendor-option" in guesses or "--espocrm-version" in guesses or "run-time switch" in guesses
