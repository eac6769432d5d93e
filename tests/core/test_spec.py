"""Specs load, and every operation is bound to exactly one handler."""

from __future__ import annotations

from pathlib import Path

import pytest

from mock_server.core.spec import SpecError, load_spec
from mock_server.runtime import bundled_specs_dir
from mock_server.vendors import VENDOR_NAMES, load_vendor


@pytest.mark.parametrize("name", VENDOR_NAMES)
def test_every_operation_has_a_handler_and_every_handler_an_operation(name: str) -> None:
    vendor = load_vendor(name)
    spec = load_spec(bundled_specs_dir() / vendor.spec_file, name)
    assert set(spec.operations) == set(vendor.handlers)


def test_highlevel_covers_all_70_vendor_operations() -> None:
    spec = load_spec(bundled_specs_dir() / "highlevel.yaml", "highlevel")
    assert len(spec.operations) == 70


def test_a_dangling_ref_is_refused(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        """
openapi: 3.0.3
info: {title: t, version: "1"}
paths:
  /x:
    get:
      operationId: x
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: {$ref: "#/components/schemas/Nope"}
"""
    )
    with pytest.raises(SpecError):
        load_spec(bad, "bad")


def test_an_operation_without_id_is_refused(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        """
openapi: 3.0.3
info: {title: t, version: "1"}
paths:
  /x:
    get:
      responses: {"200": {description: ok}}
"""
    )
    with pytest.raises(SpecError, match="no operationId"):
        load_spec(bad, "bad")


def test_not_openapi_is_refused(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("hello: world\n")
    with pytest.raises(SpecError, match="not a valid OpenAPI document"):
        load_spec(bad, "bad")
