"""The URL map: rules are matched as usual and still build URLs when asked."""

from __future__ import annotations

from flask import url_for

from mock_server.app import create_app


def test_a_vendor_rule_builds_its_url_on_demand() -> None:
    app = create_app()
    with app.test_request_context():
        built = url_for(
            "/highlevel:highlevel.get-record-by-id",
            schemaKey="custom_objects.pet",
            id="679b8f9bde6a0c356a0311b3",
        )
        again = url_for("/highlevel:highlevel.get-record-by-id", schemaKey="custom_objects.pet", id="x", page=2)
    assert built == "/highlevel/objects/custom_objects.pet/records/679b8f9bde6a0c356a0311b3"
    assert again == "/highlevel/objects/custom_objects.pet/records/x?page=2"
