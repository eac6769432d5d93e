"""HighLevel's official Node SDK (npm @gohighlevel/api-client), pointed at the mock
the way README says, drives every objects, records, associations, relations and
custom-fields method (tests/sdk/node/exercise.js)."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

NODE_DIR = Path(__file__).resolve().parent / "node"


@pytest.fixture(scope="module")
def node_sdk() -> Path:
    if shutil.which("node") is None or shutil.which("npm") is None:
        pytest.skip("node and npm are needed for the Node SDK check")
    if not (NODE_DIR / "node_modules" / "@gohighlevel" / "api-client").is_dir():
        installed = subprocess.run(
            ["npm", "install", "--no-audit", "--no-fund", "--silent"],
            cwd=NODE_DIR,
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
        if installed.returncode != 0:
            pytest.skip(f"npm could not install the SDK: {installed.stderr.strip()[:300]}")
    return NODE_DIR


def test_the_official_node_sdk_works_against_the_mock(node_sdk: Path, live_url: str) -> None:
    run = subprocess.run(
        ["node", "exercise.js", live_url], cwd=node_sdk, capture_output=True, text=True, timeout=120, check=False
    )
    assert run.returncode == 0, run.stderr
    seen = json.loads(run.stdout)
    kite = seen["kite"]
    assert seen["objectKeys"] == ["contact", "opportunity", "business", "custom_objects.pet"]
    assert seen["kiteFields"] == [f"{kite}.name"]
    assert seen["gotName"] == "Skylark"
    assert seen["search"] == [1, "Skylark II"]
    assert seen["associationListed"] is True
    assert seen["relations"] is True
    assert seen["fieldKeys"] == [f"{kite}.name", f"{kite}.span_m"]
    assert seen["deleted"]["success"] is True
    assert seen["missing"] == {
        "status": 400,
        "body": {"message": "Record not found", "error": "Bad Request", "statusCode": 400},
    }
