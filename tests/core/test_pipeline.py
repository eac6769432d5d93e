"""The request path's own promises: crashes and contract breaches still answer in
the vendor's dialect, and the server stays up.  In-process only: these swap a
handler for a broken one."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from flask.testing import FlaskClient

from mock_server.app import create_app
from mock_server.config import Settings
from mock_server.core.vendor import Reply, RequestContext
from mock_server.vendors.highlevel.routes import ROUTES

HEADERS = {"Authorization": "Bearer pipeline-test", "Version": "2021-07-28"}
RECORD = "/highlevel/objects/custom_objects.pet/records/679b8f9bde6a0c356a0311b3"


@pytest.fixture
def strict_client() -> Iterator[FlaskClient]:
    yield create_app(Settings(strict=True)).test_client()


def test_a_crash_in_a_handler_is_the_vendors_500_and_the_server_stays_up(
    strict_client: FlaskClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    def boom(ctx: RequestContext) -> Reply:
        raise RuntimeError("bug")

    monkeypatch.setitem(ROUTES, "get-record-by-id", boom)
    answer = strict_client.get(RECORD, headers=HEADERS)
    assert answer.status_code == 500
    assert answer.get_json() == {"statusCode": 500, "message": "Internal server error"}
    assert answer.headers["Content-Type"] == "application/json; charset=utf-8"
    monkeypatch.undo()
    assert strict_client.get(RECORD, headers=HEADERS).status_code == 200


def test_strict_mode_turns_an_off_spec_answer_into_a_loud_500(
    strict_client: FlaskClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(ROUTES, "get-record-by-id", lambda ctx: Reply(200, {"record": {"id": 1}}))
    answer = strict_client.get(RECORD, headers=HEADERS)
    assert answer.status_code == 500
    assert answer.get_json() == {"statusCode": 500, "message": "Internal server error"}
    breach = answer.headers["X-CRM-Mock-Contract-Breach"]
    assert breach.startswith("get-record-by-id answered 200 off its spec")


def test_strict_mode_refuses_a_status_the_spec_does_not_list(
    strict_client: FlaskClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(ROUTES, "get-record-by-id", lambda ctx: Reply(418, {"statusCode": 418, "message": "t"}))
    answer = strict_client.get(RECORD, headers=HEADERS)
    assert answer.status_code == 500
    assert answer.headers["X-CRM-Mock-Contract-Breach"] == "get-record-by-id answered 418, which its spec does not list"


def test_without_strict_mode_the_answer_goes_out_as_is(monkeypatch: pytest.MonkeyPatch) -> None:
    client = create_app(Settings()).test_client()
    monkeypatch.setitem(ROUTES, "get-record-by-id", lambda ctx: Reply(200, {"record": {"id": 1}}))
    answer = client.get(RECORD, headers=HEADERS)
    assert answer.status_code == 200
    assert answer.get_json() == {"record": {"id": 1}}


def test_paths_outside_every_vendor_get_the_mocks_own_404() -> None:
    client = create_app(Settings(vendor=("highlevel",))).test_client()
    # With one vendor it is also served at the root, so only /__mock__ paths are the mock's own.
    answer = client.get("/__mock__/nothing-here")
    assert answer.status_code == 404
    assert answer.get_json()["error"] == "nothing is served at /__mock__/nothing-here"
