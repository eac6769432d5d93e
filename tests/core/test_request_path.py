"""The vendor request path is one ordered list of named steps; where a vendor differs
(EspoCRM authenticates before it reads the body) is the order it declares, checked at start."""

from __future__ import annotations

import inspect

import pytest

from mock_server.core import pipeline
from mock_server.core.request_path import AUTH_FIRST, BODY_FIRST, STEPS, check_order
from mock_server.vendors import VENDOR_NAMES, load_vendor


def test_each_vendor_declares_its_order_and_every_order_is_sound() -> None:
    orders = {name: load_vendor(name).request_path for name in VENDOR_NAMES}
    assert orders["espocrm"] == AUTH_FIRST
    assert {name: order for name, order in orders.items() if name != "espocrm"} == {
        name: BODY_FIRST for name in orders if name != "espocrm"
    }
    for name, order in orders.items():
        check_order(name, order)


@pytest.mark.parametrize(
    ("order", "message"),
    [
        (STEPS[:-1], "acme: its request path must name each of gateway, read_body,"),
        (
            ("refuse_body", "gateway", "read_body", *STEPS[3:]),
            "acme: its request path runs refuse_body before read_body",
        ),
        ((*STEPS[:-2], "handle", "validate"), "acme: its request path runs handle before validate"),
    ],
)
def test_an_unsound_order_is_refused_at_start(order: tuple[str, ...], message: str) -> None:
    with pytest.raises(ValueError, match="^" + message.replace("(", r"\(")):
        check_order("acme", order)


def test_the_pipeline_run_reads_no_vendor_flag() -> None:
    run = inspect.getsource(pipeline.Pipeline._run)
    assert "self.vendor." not in run.replace("self.vendor.dialect.internal_error()", "")
