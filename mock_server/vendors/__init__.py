"""The vendors crm-mock serves, by name."""

from __future__ import annotations

from collections.abc import Callable

from ..core.vendor import Vendor

__all__ = ["VENDOR_NAMES", "load_vendor"]


def _highlevel() -> Vendor:
    from .highlevel import VENDOR

    return VENDOR


def _zendesk() -> Vendor:
    from .zendesk import VENDOR

    return VENDOR


def _espocrm() -> Vendor:
    from .espocrm import VENDOR

    return VENDOR


def _openint() -> Vendor:
    from .openint import VENDOR

    return VENDOR


def _salesos() -> Vendor:
    from .salesos import VENDOR

    return VENDOR


_FACTORIES: dict[str, Callable[[], Vendor]] = {
    "highlevel": _highlevel,
    "zendesk": _zendesk,
    "espocrm": _espocrm,
    "openint": _openint,
    "salesos": _salesos,
}
VENDOR_NAMES: tuple[str, ...] = tuple(_FACTORIES)


def load_vendor(name: str) -> Vendor:
    try:
        factory = _FACTORIES[name]
    except KeyError:
        raise ValueError(f"unknown vendor {name!r}; choose from {', '.join(VENDOR_NAMES)}") from None
    return factory()
