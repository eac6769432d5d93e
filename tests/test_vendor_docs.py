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


def _ledger_rows(page: str) -> list[list[str]]:
    """The rows of the table under `## Ledger`: answer, evidence, switch."""
    assert "\n## Ledger\n" in page, "the page has no `## Ledger` section"
    section = page.split("\n## Ledger\n", 1)[1].split("\n## ", 1)[0]
    lines = [line for line in section.splitlines() if line.startswith("|")]
    header = [cell.strip().lower() for cell in lines[0].strip("|").split("|")]
    assert header == ["answer", "evidence", "switch"]
    return [[cell.strip() for cell in line.strip("|").split("|")] for line in lines[2:]]


@pytest.mark.parametrize("name", VENDOR_NAMES)
def test_the_ledger_names_every_vendor_option(name: str) -> None:
    """Issue 17: every answer whose shape is not in the vendor's published spec has a row
    saying where it was learned, and every --vendor-option is in one."""
    rows = _ledger_rows((ROOT / "docs" / "vendors" / f"{name}.md").read_text())
    assert rows, f"docs/vendors/{name}.md has an empty ledger"
    assert all(row[0] and row[1] for row in rows), "every row names an answer and its evidence"
    switches = " ".join(row[2] for row in rows)
    missing = [option.name for option in load_vendor(name).options if f"{name}.{option.name}" not in switches]
    assert not missing, f"docs/vendors/{name}.md's ledger lacks the options {missing}"
