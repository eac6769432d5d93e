"""The threaded server (MockCRM, --server threaded) sends what granian sends."""

from __future__ import annotations

import http.client

from mock_server.testing import MockCRM


def test_a_header_beyond_latin_1_goes_out_as_utf_8() -> None:
    # EspoCRM names the missing controller in X-Status-Reason; PHP (and granian) send
    # its bytes as UTF-8, where wsgiref's latin-1 failed and answered a 500 of its own.
    with MockCRM() as crm:
        host, port = crm.url.removeprefix("http://").split(":")
        connection = http.client.HTTPConnection(host, int(port), timeout=10)
        connection.request("GET", "/espocrm/api/v1/Acc%F0%9F%98%80unt", headers={"X-Api-Key": "utf8-test"})
        answer = connection.getresponse()
        raw = answer.getheader("X-Status-Reason")  # http.client reads header bytes as latin-1
        body = answer.read()
        connection.close()
    assert (answer.status, body) == (404, b"")  # EspoCRM's errors have no body
    assert raw is not None and raw.encode("latin-1").decode("utf-8") == "Controller 'Acc\U0001f600unt' does not exist."
