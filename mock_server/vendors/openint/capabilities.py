"""What each connector's unified CRM adapter implements, read from the connector
catalogue (fixtures/openint/connectors.yaml), and the answers OpenInt gives when
an adapter or one of its operations is missing.

OpenInt resolves the adapter by the connection's connector name, then calls the
adapter's method named like the procedure (kits/vdk/adapter.ts at
openintegrations/openint@31e88320): no adapter is a 400, no method a 501, and a
method that throws a plain Error a 500 with that Error's message.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .errors import TrpcError
from .model import connector

__all__ = ["check_capability", "crm_page_size", "has_crm_adapter", "implemented"]

DEFAULT_PAGE_SIZE = 100  # hubspot and pipedrive adapters: `page_size ?? 100`


def _entry(fixtures: Mapping[str, Any], name: str) -> Mapping[str, Any]:
    return connector(fixtures, name) or {}


def has_crm_adapter(fixtures: Mapping[str, Any], name: str) -> bool:
    return bool(_entry(fixtures, name).get("crm"))


def implemented(fixtures: Mapping[str, Any], name: str) -> list[str]:
    """The unified CRM operations the connector's adapter has, in catalogue order."""
    return [str(operation) for operation in _entry(fixtures, name).get("crm") or []]


def crm_page_size(fixtures: Mapping[str, Any], name: str) -> int:
    return int(_entry(fixtures, name).get("crm_page_size") or DEFAULT_PAGE_SIZE)


def check_capability(fixtures: Mapping[str, Any], name: str, procedure: str) -> None:
    """Raise what OpenInt answers when `name`'s adapter cannot serve `procedure`."""
    offered = implemented(fixtures, name)
    if not offered:
        raise TrpcError(400, f"Adapter {name} not found")
    if procedure not in offered:
        raise TrpcError(501, f"{name} provider does not implement crm.{procedure}")
    thrown = (_entry(fixtures, name).get("crm_throws") or {}).get(procedure)
    if thrown:
        raise TrpcError(500, str(thrown))
