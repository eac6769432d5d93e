"""The front door answers everything under a vendor's mount as that vendor does,
even a bug of the mock that escapes the pipeline's own net."""

from __future__ import annotations

import json
from typing import Any

import pytest

from mock_server.app import create_app
from mock_server.config import Settings
from mock_server.core.pipeline import Pipeline
from mock_server.vendors.highlevel.errors import HighLevelDialect
from tests.support import HL_VERSION

RECORD = "/highlevel/objects/custom_objects.pet/records/679b8f9bde6a0c356a0311b3"


def test_a_bug_outside_the_pipelines_net_is_still_the_vendors_500(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("a bug in the mock")

    monkeypatch.setattr(Pipeline, "_run", broken)
    client = create_app(Settings(log_level="error")).test_client()
    answer = client.get(RECORD, headers={"Authorization": "Bearer dispatch-bug", "Version": HL_VERSION})
    expected = HighLevelDialect().internal_error()
    assert answer.status_code == expected.status
    assert answer.headers["Content-Type"] == expected.content_type
    assert json.loads(answer.data) == json.loads(expected.raw_body())
    journal = client.get("/__mock__/requests", query_string={"vendor": "highlevel"}).get_json()
    assert journal["requests"][-1]["response"]["status"] == 500


def test_a_path_outside_every_mount_is_the_control_planes_404() -> None:
    client = create_app(Settings(log_level="error")).test_client()
    answer = client.get("/nowhere/at/all")
    assert answer.status_code == 404
    assert answer.get_json()["error"] == "nothing is served at /nowhere/at/all"
