"""Entity definitions, read from fixtures/espocrm/entities/*.yaml (data, not code).

A field expands to the JSON attributes EspoCRM shows for its type (a link field
`account` is `accountId` and `accountName`, an email field carries its
`...Data` array, and so on: FACTS.md 1).  Links say how two entities relate.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

__all__ = ["EntityDef", "FieldDef", "LinkDef", "Metadata", "attributes_of"]

# Types whose value the mock computes or keeps elsewhere: never taken from input.
COMPUTED_TYPES = frozenset({"personName", "address", "currencyConverted", "foreign", "autoincrement"})
# Where a field of each type puts its value(s), by suffix on the field name.
_SUFFIXES: dict[str, tuple[str, ...]] = {
    "currency": ("", "Currency"),
    "email": ("", "Data", "IsOptedOut", "IsInvalid"),
    "phone": ("", "Data", "IsOptedOut", "IsInvalid"),
    "link": ("Id", "Name"),
    "linkOne": ("Id", "Name"),
    "image": ("Id", "Name"),
    "linkMultiple": ("Ids", "Names"),
    "attachmentMultiple": ("Ids", "Names", "Types"),
    "linkParent": ("Id", "Type", "Name"),
    "datetimeOptional": ("", "Date"),
    "address": (),  # its five parts are fields of their own
}


def attributes_of(name: str, kind: str) -> tuple[str, ...]:
    return tuple(name + suffix for suffix in _SUFFIXES.get(kind, ("",)))


@dataclass(frozen=True)
class FieldDef:
    name: str
    type: str
    required: bool = False
    read_only: bool = False
    max_length: int | None = None
    minimum: float | None = None
    maximum: float | None = None
    options: tuple[str, ...] | None = None
    default: Any = None
    has_default: bool = False
    not_storable: bool = False  # no column of its own (Email.subject, from, to)
    # Checks switched off for this field (entityDefs suppressValidationList), e.g. Meeting
    # dateEnd's "required", which the server fills from the duration.
    suppressed: tuple[str, ...] = ()

    @property
    def attributes(self) -> tuple[str, ...]:
        return attributes_of(self.name, self.type)


@dataclass(frozen=True)
class LinkDef:
    name: str
    type: str  # belongsTo, hasMany, hasChildren, hasOne, belongsToParent
    entity: str | None
    foreign: str | None
    read_only: bool = False


@dataclass(frozen=True)
class EntityDef:
    name: str
    fields: Mapping[str, FieldDef]
    links: Mapping[str, LinkDef]
    order_by: str
    order: str
    text_filter_fields: tuple[str, ...] = ("name",)
    duplicate_check_fields: tuple[str, ...] = ()
    attribute_types: Mapping[str, str] = field(default_factory=dict)  # every attribute -> its field's type

    def attribute_field(self, attribute: str) -> FieldDef | None:
        """The field an attribute belongs to (accountId -> account)."""
        for candidate in self.fields.values():
            if attribute in candidate.attributes:
                return candidate
        return None

    def has_attribute(self, attribute: str) -> bool:
        return attribute == "id" or attribute == "deleted" or attribute in self.attribute_types


def _field(name: str, raw: Mapping[str, Any]) -> FieldDef:
    options = raw.get("options")
    return FieldDef(
        name=name,
        type=str(raw["type"]),
        required=bool(raw.get("required")),
        read_only=bool(raw.get("readOnly")) or raw["type"] in COMPUTED_TYPES,
        max_length=raw.get("maxLength"),
        minimum=raw.get("min"),
        maximum=raw.get("max"),
        options=tuple(str(option) for option in options) if isinstance(options, list) else None,
        default=raw.get("default"),
        has_default="default" in raw,
        not_storable=bool(raw.get("notStorable")),
        suppressed=tuple(str(name) for name in raw.get("suppressValidationList") or ()),
    )


def _entity(raw: Mapping[str, Any]) -> EntityDef:
    fields = {name: _field(name, spec) for name, spec in (raw.get("fields") or {}).items()}
    links = {
        name: LinkDef(name, spec["type"], spec.get("entity"), spec.get("foreign"), bool(spec.get("readOnly")))
        for name, spec in (raw.get("links") or {}).items()
    }
    attribute_types = {attribute: f.type for f in fields.values() for attribute in f.attributes}
    return EntityDef(
        name=str(raw["entity"]),
        fields=fields,
        links=links,
        order_by=str(raw.get("orderBy") or "createdAt"),
        order=str(raw.get("order") or "desc"),
        text_filter_fields=tuple(raw.get("textFilterFields") or ("name",)),
        duplicate_check_fields=tuple(raw.get("duplicateCheckFields") or ()),
        attribute_types=attribute_types,
    )


class Metadata:
    """Every entity type the mock serves, by name."""

    def __init__(self, entities: Mapping[str, Mapping[str, Any]]) -> None:
        self.entities: dict[str, EntityDef] = {}
        for raw in entities.values():
            entity = _entity(raw)
            self.entities[entity.name] = entity

    def get(self, name: str) -> EntityDef | None:
        return self.entities.get(name)

    def to_json(self) -> dict[str, Any]:
        """GET /Metadata: entityDefs and scopes as EspoCRM lays them out."""
        entity_defs: dict[str, Any] = {}
        scopes: dict[str, Any] = {}
        for name, entity in self.entities.items():
            entity_defs[name] = {
                "fields": {
                    f.name: {
                        key: value
                        for key, value in (
                            ("type", f.type),
                            ("required", f.required or None),
                            ("readOnly", f.read_only or None),
                            ("maxLength", f.max_length),
                            ("min", f.minimum),
                            ("max", f.maximum),
                            ("options", list(f.options) if f.options is not None else None),
                            ("default", f.default),
                        )
                        if value is not None
                    }
                    for f in entity.fields.values()
                },
                "links": {
                    link.name: {
                        key: value
                        for key, value in (("type", link.type), ("entity", link.entity), ("foreign", link.foreign))
                        if value is not None
                    }
                    for link in entity.links.values()
                },
                "collection": {
                    "orderBy": entity.order_by,
                    "order": entity.order,
                    "textFilterFields": list(entity.text_filter_fields),
                },
            }
            scopes[name] = {"entity": True, "object": True, "acl": True}
            if entity.duplicate_check_fields:
                scopes[name]["duplicateCheckFieldList"] = list(entity.duplicate_check_fields)
        return {"entityDefs": entity_defs, "scopes": scopes}
