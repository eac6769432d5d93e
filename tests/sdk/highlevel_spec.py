"""Which HighLevel operations our spec serves from which published document: the SDK
coverage tests (Python and Node) check that the SDKs reach every one they offer."""

from __future__ import annotations

from pathlib import Path

import yaml

SPEC = Path(__file__).resolve().parents[2] / "specs" / "highlevel.yaml"
# The published documents behind contacts, location custom fields, opportunities,
# users, businesses and OAuth (their x-source in specs/highlevel.yaml).
NEIGHBOUR_SOURCES = (
    "apps/contacts.json",
    "apps/locations.json",
    "apps/opportunities.json",
    "apps/users.json",
    "apps/businesses.json",
    "apps/oauth.json",
    "apps/v3/oauth-v3.json",
)


def operations_from(sources: tuple[str, ...]) -> set[str]:
    """Our spec's operationIds whose x-source names one of the published `sources`."""
    spec = yaml.safe_load(SPEC.read_text())
    return {
        operation["operationId"]
        for item in spec["paths"].values()
        for operation in item.values()
        if isinstance(operation, dict) and str(operation.get("x-source", "")).split(" @")[0] in sources
    }
