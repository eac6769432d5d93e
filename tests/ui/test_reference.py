"""/__mock__/docs: every spec rendered by Swagger UI from local files, trying requests on the mock."""

from __future__ import annotations

import json

import pytest
from flask.testing import FlaskClient

from mock_server.app import create_app
from mock_server.config import Settings
from mock_server.vendors import VENDOR_NAMES


@pytest.fixture(scope="module")
def client() -> FlaskClient:
    return create_app(Settings()).test_client()


def test_the_index_links_every_vendor_and_the_control_plane(client: FlaskClient) -> None:
    page = client.get("/__mock__/docs/").get_data(as_text=True)
    for name in (*VENDOR_NAMES, "control"):
        assert f'href="/__mock__/docs/{name}"' in page


@pytest.mark.parametrize("name", [*VENDOR_NAMES, "control"])
def test_each_page_loads_swagger_ui_from_this_server(client: FlaskClient, name: str) -> None:
    answer = client.get(f"/__mock__/docs/{name}")
    assert answer.status_code == 200 and answer.content_type == "text/html; charset=utf-8"
    page = answer.get_data(as_text=True)
    assert '<script src="/__mock__/docs/assets/swagger-ui-bundle.js"></script>' in page
    assert f'url: "/__mock__/docs/{name}/openapi.json"' in page
    assert "http://" not in page and "https://" not in page  # nothing from the internet


@pytest.mark.parametrize(
    ("name", "server"),
    [
        ("highlevel", "http://localhost/highlevel"),
        ("zendesk", "http://localhost/zendesk"),
        ("espocrm", "http://localhost/espocrm"),
        ("openint", "http://localhost/openint"),
        ("salesos", "http://localhost/salesos"),
        ("control", "http://localhost"),
    ],
)
def test_each_spec_points_try_it_at_the_mock(client: FlaskClient, name: str, server: str) -> None:
    spec = json.loads(client.get(f"/__mock__/docs/{name}/openapi.json").get_data())
    assert spec["servers"] == [{"url": server, "description": "this mock"}]
    assert spec["openapi"].startswith("3.0")
    assert spec["paths"]


def test_a_spec_keeps_its_own_order(client: FlaskClient) -> None:
    spec = json.loads(client.get("/__mock__/docs/highlevel/openapi.json").get_data())
    paths = list(spec["paths"])
    assert paths != sorted(paths)  # as written in specs/highlevel.yaml, not alphabetical


def test_a_single_vendor_server_offers_both_of_its_urls() -> None:
    client = create_app(Settings(vendor=("salesos",))).test_client()
    spec = client.get("/__mock__/docs/salesos/openapi.json").get_json()
    assert [server["url"] for server in spec["servers"]] == ["http://localhost/salesos", "http://localhost"]


def test_swagger_ui_assets_come_from_the_package(client: FlaskClient) -> None:
    script = client.get("/__mock__/docs/assets/swagger-ui-bundle.js")
    assert script.status_code == 200 and len(script.data) > 100_000
    assert client.get("/__mock__/docs/assets/swagger-ui.css").status_code == 200


def test_unknown_names_are_404_json(client: FlaskClient) -> None:
    answer = client.get("/__mock__/docs/salesforce")
    assert answer.status_code == 404
    assert answer.get_json() == {
        "error": "no API reference for 'salesforce'",
        "references": [*VENDOR_NAMES, "control"],
    }
    assert client.get("/__mock__/docs/assets/oauth2-redirect.html").status_code == 404


def test_the_reference_is_open_even_with_an_admin_token() -> None:
    client = create_app(Settings(admin_token="s3cret")).test_client()
    assert client.get("/__mock__/docs/highlevel/openapi.json").status_code == 200
    assert client.get("/__mock__/state").status_code == 401  # the control plane itself stays locked
