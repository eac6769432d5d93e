"""/__mock__/options: each served vendor's options, as declared, with the values in effect."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from flask import Blueprint, Response, jsonify

if TYPE_CHECKING:
    from ..core.vendor import VendorOption
    from ..runtime import Runtime

__all__ = ["option_routes"]


def _described(option: VendorOption, value: str) -> dict[str, Any]:
    return {
        "value": value,
        "default": option.default,
        "choices": list(option.choices),
        "pattern": option.pattern or None,
        "description": option.description,
        "evidence": option.evidence,
    }


def option_routes(control: Blueprint, runtime: Runtime) -> None:
    @control.get("/options")
    def options() -> Response:
        """Chosen at start (--vendor-option VENDOR.NAME=VALUE); a vendor with none has {}."""
        return jsonify(
            {
                "vendors": {
                    name: {
                        option.name: _described(option, loaded.options[option.name]) for option in loaded.vendor.options
                    }
                    for name, loaded in runtime.vendors.items()
                }
            }
        )
