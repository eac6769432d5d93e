"""docs/architecture.md is kept true by the code: every file it names exists, and
every vendor folder has the files it says a vendor folder has."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.test_vendor_shape import REQUIRED_FILES

ROOT = Path(__file__).resolve().parent.parent
PAGE = (ROOT / "docs" / "architecture.md").read_text()


def _named_files() -> set[str]:
    """Paths in backticks that start at the repository root (`mock_server/...`, `specs/...`)."""
    found = set(re.findall(r"`((?:mock_server|specs|fixtures|tests|docs)/[^`<>*]+?)`", PAGE))
    return {path.split(" ")[0].rstrip(",") for path in found}


def _module_names() -> set[str]:
    """Bare module names the request path mentions (`auth.py`), to be found in some vendor."""
    return set(re.findall(r"`([a-z_]+\.py)`", PAGE))


def test_the_page_names_files_at_all() -> None:
    assert len(_named_files()) > 20


@pytest.mark.parametrize("path", sorted(_named_files()))
def test_every_file_the_page_names_exists(path: str) -> None:
    assert (ROOT / path).exists(), f"docs/architecture.md names {path}, which is not there"


def test_the_page_says_what_each_file_of_a_vendor_folder_is_for() -> None:
    """tests/test_vendor_shape.py checks that every vendor folder has these files."""
    section = PAGE.split("## A vendor folder", 1)[1].split("\n## ", 1)[0]
    assert [name for name in REQUIRED_FILES if f"| `{name}` |" not in section] == []


def test_every_bare_module_name_is_a_file_somewhere() -> None:
    files = {path.name for path in (ROOT / "mock_server").rglob("*.py")}
    assert sorted(_module_names() - files) == []


def test_the_functions_of_the_request_path_exist() -> None:
    from mock_server.core.pipeline import Pipeline
    from mock_server.core.responder import Responder
    from mock_server.dispatch import VendorDispatch
    from mock_server.rsgi_bridge import RsgiBridge

    owners = {"Pipeline": Pipeline, "Responder": Responder, "VendorDispatch": VendorDispatch, "RsgiBridge": RsgiBridge}
    named = re.findall(r"`(Pipeline|Responder|VendorDispatch|RsgiBridge)\.(\w+)`", PAGE)
    assert len(named) >= 10
    missing = [f"{owner}.{name}" for owner, name in named if not hasattr(owners[owner], name)]
    assert missing == []
